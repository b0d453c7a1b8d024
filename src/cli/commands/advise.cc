// `rampart advise [--since TIME] [--dry-run] [--json] [--tlp LEVEL] [--rules PATH]`.
#include <fmt/format.h>

#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "rampart/core/clock.h"
#include "rampart/respond/advisory.h"
#include "rampart/respond/constituent.h"
#include "rampart/respond/tlp_policy.h"
#include "rampart/store/open.h"

namespace rampart::cli {
namespace {

struct AdviseArgs {
  std::string since;
  bool dry_run = false;
  bool json = false;
  bool show = false;
  std::string tlp = "green";
  std::vector<std::string> rules;
  std::string constituents;
};

int RunAdvise(const Context& context, const AdviseArgs& args) {
  respond::AdviseOptions options;
  options.now = SystemClock()->Now();
  options.dry_run = args.dry_run;
  options.rule_paths = args.rules;
  auto floor = respond::ParseTlpOrError(args.tlp, "--tlp");
  if (!floor.ok()) return ReportError(floor.status());
  options.floor = *floor;
  if (!args.since.empty()) {
    auto since = ParseTimeOrAgo(args.since, options.now);
    if (!since.ok()) return ReportError(since.status());
    options.since = *since;
  }
  std::string location = store::DefaultStoreLocation(context.global.db);
  auto store = store::OpenStore(location);
  if (!store.ok()) return ReportError(store.status());
  auto outbox = respond::Outbox::Open(respond::OutboxPathForStore(location));
  if (!outbox.ok()) return ReportError(outbox.status());
  std::vector<respond::Constituent> list;
  if (!args.constituents.empty()) {
    auto loaded = respond::LoadConstituentsYaml(args.constituents);
    if (!loaded.ok()) return ReportError(loaded.status());
    for (const auto& w : loaded->warnings) std::fprintf(stderr, "rampart: warning: %s\n", w.message.c_str());
    list = std::move(loaded->constituents);
  } else {
    auto stored = respond::LoadConstituents(**store);
    if (!stored.ok()) return ReportError(stored.status());
    list = std::move(*stored);
  }
  respond::AssetIndex index(std::move(list));
  auto result = respond::Advise(**store, **outbox, index, options);
  if (!result.ok()) return ReportError(result.status());

  if (args.json) {
    nlohmann::json out = {{"triggers", result->triggers}, {"dry_run", args.dry_run}, {"advisories", nlohmann::json::array()}};
    for (const auto& a : result->advisories) {
      nlohmann::json exposures = nlohmann::json::array();
      for (const auto& e : a.exposures) exposures.push_back({{"kind", e.kind}, {"detail", e.detail}, {"cause", e.cause_id}});
      nlohmann::json deliveries = nlohmann::json::array();
      for (const auto& d : a.deliveries) {
        deliveries.push_back({{"id", d.id}, {"channel", d.channel}, {"target", d.target}, {"tlp", d.tlp}});
      }
      out["advisories"].push_back({{"id", a.report.id}, {"constituent", a.constituent}, {"title", a.title},
                                   {"tlp", stix::TlpName(a.marking)}, {"exposures", exposures},
                                   {"stored", a.stored}, {"deliveries", deliveries}, {"markdown", a.markdown}});
    }
    std::printf("%s\n", out.dump(2).c_str());
    return kExitOk;
  }
  for (const auto& a : result->advisories) {
    std::printf("%s  %-16s  %s%s\n", a.report.id.c_str(), stix::TlpDisplayName(a.marking).c_str(), a.title.c_str(),
                a.stored || args.dry_run ? "" : "  (already issued)");
    for (const auto& e : a.exposures) std::printf("    %s: %s\n", e.kind.c_str(), e.detail.c_str());
    if (args.show) std::printf("\n%s\n", a.markdown.c_str());
  }
  size_t deliveries = 0;
  for (const auto& a : result->advisories) deliveries += a.deliveries.size();
  std::printf("%zu advisories, %zu deliveries %s (%lld new objects considered)\n", result->advisories.size(), deliveries,
              args.dry_run ? "would be queued" : "queued", static_cast<long long>(result->triggers));
  return kExitOk;
}

void RegisterAdvise(CLI::App& app, Context& context) {
  static AdviseArgs args;
  CLI::App* advise = app.add_subcommand(
      "advise", "Write TLP-marked advisories for the constituents exposed to new intelligence and queue them");
  advise->add_option("--since", args.since,
                     "Consider intelligence modified since TIME (RFC 3339, YYYY-MM-DD or 30d); default: what no run saw");
  advise->add_flag("--dry-run", args.dry_run, "Print the advisories; store and queue nothing");
  advise->add_flag("--json", args.json, "Print the advisories as JSON (with their Markdown)");
  advise->add_flag("--show", args.show, "Print each advisory's Markdown");
  advise->add_option("--tlp", args.tlp, "Lowest marking of an advisory (default green)");
  advise->add_option("--rules", args.rules, "Sigma rules to suggest for hunting (files or folders, repeatable)");
  advise->add_option("--constituents", args.constituents,
                     "Advise the constituents of this YAML file instead of the stored ones");
  advise->fallthrough();
  advise->callback([&context] { context.exit_code = RunAdvise(context, args); });
}

const bool kRegistered = RegisterCommandGroup({"advise", 60, &RegisterAdvise});

}  // namespace
}  // namespace rampart::cli
