// The hunt's rule loading through the rule cache (cached_rules.h). Timings go
// to the -v log: keying reads every rule file, so it is worth seeing.
#include "hunt/cached_rules.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>

#include "hunt/slow_notice.h"

namespace rampart::cli {

LoadedRules LoadRules(const std::vector<std::string>& rule_paths, const std::vector<std::string>& filter_paths,
                      const detect::ParseOptions& options, const std::string& extra, const RuleCacheFlags& flags) {
  using Clock = std::chrono::steady_clock;
  auto seconds = [](Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); };
  LoadedRules out;
  const auto started = Clock::now();
  if (!flags.off && !rule_paths.empty()) {
    std::string dir = flags.dir.empty() ? detect::RuleCache::DefaultDir() : flags.dir;
    if (!dir.empty()) {
      out.cache.emplace(dir);
      out.key = detect::RuleCache::Key(rule_paths, filter_paths, options, extra);
      out.cache_on = true;
    }
  }
  const auto keyed = Clock::now();
  std::string why;
  if (out.cache_on) {
    if (auto hit = out.cache->Read(out.key, &why)) {
      out.rules = std::move(hit->rules);
      out.databases = std::move(hit->databases);
      out.hit = true;
    }
  }
  const auto read = Clock::now();
  if (!out.hit) {
    std::optional<SlowNotice> reading;
    if (!rule_paths.empty()) reading.emplace("reading Sigma rules…");
    out.rules = detect::RuleSet::Load(rule_paths, options, filter_paths);
    if (out.cache_on) out.fresh = out.rules;
  }
  if (out.cache_on) {
    spdlog::info("rule cache: {} ({}; key {:.3f} s, read {:.3f} s)", out.hit ? "hit" : why, out.cache->PathOf(out.key),
                 seconds(started, keyed), seconds(keyed, read));
  }
  return out;
}

void SaveRules(const LoadedRules& loaded, const detect::RuleSet& compiled) {
  if (!loaded.cache_on || (loaded.hit && loaded.databases.added() == 0)) return;
  const detect::RuleSet& rules = loaded.fresh ? *loaded.fresh : compiled;
  if (Status st = loaded.cache->Write(loaded.key, rules, loaded.databases); !st.ok()) {
    std::fprintf(stderr, "rampart: warning: rule cache not written: %s\n", FormatError(st).c_str());
  }
}

}  // namespace rampart::cli
