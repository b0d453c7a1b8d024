// rampart alerts consume: hits from the fleet's alerts stream become
// sightings and incidents in the knowledge base, through the code
// `rampart hunt --store` uses (HitPrinter makes the STIX objects,
// IncidentCollector correlates), so they correlate identically.
//
// Per pull (up to --fetch alerts): every alert's record is parsed again with
// its reader, the hits go through the printer and collector, everything is
// put in one transaction with the incidents, the transaction commits, and
// only then are the alerts acked. Sightings are rampart's aggregates per
// (indicator, log file), as `hunt --store` makes them: each pull adds its
// hits to the stored aggregate (PutAccumulatedHuntObject). Alerts are
// de-duplicated by JetStream (message ids from batch and hit), and a pull is
// acked only after it committed.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <thread>

#include "cli.h"
#include "commands/fleet_flags.h"
#include "rampart/hunt/annotations.h"
#include "rampart/hunt/hit_printer.h"
#include "rampart/hunt/incidents.h"
#include "rampart/hunt/store_hits.h"
#include "rampart/fleet/alert.h"
#include "rampart/fleet/batch.h"
#include "rampart/fleet/rules.h"
#include "rampart/store/open.h"

namespace rampart::cli {
namespace {

using namespace rampart::hunt;  // NOLINT: the engine alerts are stored through

using Clock = std::chrono::steady_clock;

struct AlertsArgs {
  NatsFlags nats;
  std::vector<std::string> rules;
  bool rules_from_nats = false;
  std::string output = "none";
  int fetch = 256;
  double exit_when_idle_s = 0;
  IncidentFlags incidents;
};

// A rule set the alerts name, with what the printer needs for it.
struct LoadedRules {
  detect::RuleSet rules;
  std::map<std::string, const detect::RuleInfo*> by_key;  // rule id (title if none)
  Annotations annotations;
  std::vector<std::pair<std::string, std::string>> texts;  // rule file -> YAML, for the Sigma indicators
};

class RuleCache {
 public:
  RuleCache(const AlertsArgs& args, store::Store& kb) : args_(args), kb_(kb) {}

  // The rules of `version`: from the bucket with --rules-from-nats, else the
  // --rules files (a version mismatch is reported once).
  Result<const LoadedRules*> For(fleet::Connection& conn, const std::string& version) {
    const std::string key = args_.rules_from_nats ? version : "";
    if (auto it = cache_.find(key); it != cache_.end()) return Check(it->second.get(), version);
    fleet::RuleBundle bundle;
    if (args_.rules_from_nats) {
      RAMPART_ASSIGN_OR_RETURN(bundle, fleet::FetchRules(conn, version));
    } else {
      RAMPART_ASSIGN_OR_RETURN(bundle, fleet::ReadRuleBundle(args_.rules));
    }
    auto loaded = std::make_unique<LoadedRules>();
    for (const fleet::RuleFile& f : bundle.files) {
      loaded->rules.AddText(f.text, f.path);
      loaded->texts.emplace_back(f.path, f.text);
    }
    loaded->rules.ApplyFilters();
    for (const detect::SigmaRule& r : loaded->rules.rules()) {
      loaded->by_key.emplace(r.info.id.empty() ? r.info.title : r.info.id, &r.info);
    }
    loaded->annotations = Annotations::Build(loaded->rules, &kb_);
    local_version_ = bundle.version;
    auto& slot = cache_[key];
    slot = std::move(loaded);
    return Check(slot.get(), version);
  }

 private:
  const LoadedRules* Check(const LoadedRules* loaded, const std::string& version) {
    if (!args_.rules_from_nats && version != local_version_ && warned_.emplace(version, true).second) {
      std::fprintf(stderr, "rampart: warning: alerts found with rule set %s are stored with --rules (rule set %s)\n",
                   version.c_str(), local_version_.c_str());
    }
    return loaded;
  }
  const AlertsArgs& args_;
  store::Store& kb_;
  std::map<std::string, std::unique_ptr<LoadedRules>> cache_;
  std::map<std::string, bool> warned_;
  std::string local_version_;
};

struct ConsumeStats {
  uint64_t alerts = 0, stored = 0, skipped = 0;
};

// Stores one group of alerts (one rule set, one constituent) in one transaction.
Status StoreGroup(const std::vector<const fleet::Alert*>& group, const LoadedRules& rules, HuntOutput format,
                  std::FILE* out, store::Store& kb, const IncidentFlags& flags, ConsumeStats& stats) {
  HuntedIndicators hunted(&kb);
  for (const auto& [file, text] : rules.texts) hunted.AddRuleText(file, text);
  HitPrinter printer(format, out, rules.annotations, true, &hunted);
  IncidentCollector collector(printer, rules.annotations);
  for (const fleet::Alert* a : group) {
    auto rule = rules.by_key.find(a->rule);
    if (rule == rules.by_key.end()) {
      std::fprintf(stderr, "rampart: warning: alert %s: rule %s is not in the rule set; skipped\n",
                   a->MessageId().c_str(), a->rule.c_str());
      ++stats.skipped;
      continue;
    }
    fleet::BatchMessage record;
    record.id = a->MessageId();
    record.file = a->file;
    record.format = a->format;
    record.first_line = a->line;
    record.header_lines = static_cast<int64_t>(std::count(a->layout.begin(), a->layout.end(), '\n'));
    record.text = a->layout + a->text + "\n";
    std::vector<detect::MatchedField> matched;
    for (const auto& [field, value] : a->matched) matched.push_back({field, value});
    int events = 0;
    std::vector<ingest::ReadIssue> issues;
    Status read = fleet::ForEachEvent(record, [&](const detect::Event& event) {
      if (events++ > 0) return;  // one record per alert
      detect::Hit hit;
      hit.rule = rule->second;
      hit.event = &event;
      hit.matched = matched;
      collector.OnHit(hit);
    }, issues);
    if (!read.ok() || events != 1) {
      std::fprintf(stderr, "rampart: warning: alert %s: its record does not read back (%s); skipped\n",
                   a->MessageId().c_str(), read.ok() ? "no event" : FormatError(read).c_str());
      ++stats.skipped;
    }
  }
  RAMPART_RETURN_IF_ERROR(NameWhereSighted(printer, collector, kb, flags));
  printer.CompleteSightings();
  std::fflush(out);
  if (printer.stored_objects().empty()) return Status();
  RAMPART_ASSIGN_OR_RETURN(auto txn, kb.Begin());
  for (const stix::Object& object : printer.stored_objects()) {
    RAMPART_RETURN_IF_ERROR(PutAccumulatedHuntObject(kb, *txn, object).status());
  }
  RAMPART_RETURN_IF_ERROR(collector.StoreIncidents(kb, *txn, printer.stored_objects(), flags, stderr).status());
  RAMPART_RETURN_IF_ERROR(txn->Commit());
  stats.stored += printer.hits();
  return Status();
}

int RunConsume(const AlertsArgs& args, Context& context) {
  if (args.rules.empty() && !args.rules_from_nats) {
    return ReportError(InvalidInput("alerts consume: give --rules PATH or --rules-from-nats"));
  }
  HuntOutput format = HuntOutput::kJsonl;
  std::FILE* out = stdout;
  if (args.output == "table") {
    format = HuntOutput::kTable;
  } else if (args.output == "none") {
    out = std::fopen("/dev/null", "w");
  } else if (args.output != "jsonl") {
    return ReportError(InvalidInput("--output: expected none, jsonl or table, got '" + args.output + "'"));
  }
  std::string location = store::DefaultStoreLocation(context.global.db);
  auto kb = store::OpenStore(location);
  if (!kb.ok()) return ReportError(kb.status());
  auto conn = fleet::Connect(args.nats.Url());
  if (!conn.ok()) return ReportError(conn.status());
  fleet::StreamLimits alerts = args.nats.Alerts();
  Status st = fleet::EnsureStream(**conn, alerts);
  if (st.ok()) st = fleet::EnsureConsumer(**conn, alerts.name, fleet::kAlertConsumer, 60, 10000);
  if (!st.ok()) return ReportError(st);
  jsSubOptions so;
  jsSubOptions_Init(&so);
  so.Stream = alerts.name.c_str();
  so.Consumer = fleet::kAlertConsumer;
  natsSubscription* sub = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  natsStatus s = js_PullSubscribe(&sub, (*conn)->js(), alerts.subjects.c_str(), fleet::kAlertConsumer, nullptr, &so, &code);
  if (s != NATS_OK) return ReportError(fleet::NatsError(s, "pull subscribe " + alerts.name, code));
  std::unique_ptr<natsSubscription, void (*)(natsSubscription*)> sub_owner(sub, natsSubscription_Destroy);

  RuleCache cache(args, **kb);
  ConsumeStats stats;
  auto last_work = Clock::now();
  for (;;) {
    natsMsgList list{};
    code = static_cast<jsErrCode>(0);
    s = natsSubscription_Fetch(&list, sub, args.fetch, 1000, &code);
    if (s == NATS_TIMEOUT || (s == NATS_OK && list.Count == 0)) {
      natsMsgList_Destroy(&list);
      if (args.exit_when_idle_s > 0 &&
          std::chrono::duration<double>(Clock::now() - last_work).count() > args.exit_when_idle_s) {
        break;
      }
      continue;
    }
    if (s != NATS_OK) {
      std::fprintf(stderr, "rampart: alerts: %s (retrying)\n", FormatError(fleet::NatsError(s, "fetch", code)).c_str());
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      continue;
    }
    // Decode, then group by (rule set, constituent) in arrival order.
    std::vector<fleet::Alert> decoded;
    decoded.reserve(static_cast<size_t>(list.Count));
    std::vector<natsMsg*> good;
    for (int i = 0; i < list.Count; ++i) {
      auto a = fleet::AlertFromJson(std::string_view(natsMsg_GetData(list.Msgs[i]),
                                                     static_cast<size_t>(natsMsg_GetDataLength(list.Msgs[i]))));
      if (!a.ok()) {
        std::fprintf(stderr, "rampart: warning: alert dropped: %s\n", FormatError(a.status()).c_str());
        natsMsg_Term(list.Msgs[i], nullptr);
        continue;
      }
      decoded.push_back(std::move(*a));
      good.push_back(list.Msgs[i]);
    }
    std::vector<std::pair<std::string, std::string>> keys;
    std::map<std::pair<std::string, std::string>, std::vector<const fleet::Alert*>> groups;
    for (const fleet::Alert& a : decoded) {
      auto key = std::make_pair(a.version, a.constituent);
      if (groups.find(key) == groups.end()) keys.push_back(key);
      groups[key].push_back(&a);
    }
    for (const auto& key : keys) {
      auto rules = cache.For(**conn, key.first);
      if (!rules.ok()) return ReportError(rules.status());  // nothing acked: redelivered later
      IncidentFlags flags = args.incidents;
      if (flags.constituent.empty()) flags.constituent = key.second;
      Status stored = StoreGroup(groups[key], **rules, format, out, **kb, flags, stats);
      if (!stored.ok()) return ReportError(stored);
    }
    for (natsMsg* m : good) {
      if (natsMsg_AckSync(m, nullptr, &code) != NATS_OK) {
        std::fprintf(stderr, "rampart: warning: ack failed (the alert will come again and change nothing)\n");
      }
    }
    stats.alerts += good.size();
    natsMsgList_Destroy(&list);
    last_work = Clock::now();
  }
  std::fprintf(stderr, "rampart: alerts: %llu consumed, %llu stored as sightings, %llu skipped, in %s\n",
               static_cast<unsigned long long>(stats.alerts), static_cast<unsigned long long>(stats.stored),
               static_cast<unsigned long long>(stats.skipped), location.c_str());
  if (out != stdout) std::fclose(out);
  return kExitOk;
}

void Register(CLI::App& app, Context& context) {
  auto args = std::make_shared<AlertsArgs>();
  CLI::App* alerts = app.add_subcommand("alerts", "Hits of the hunting fleet");
  alerts->require_subcommand(1);
  CLI::App* consume = alerts->add_subcommand(
      "consume", "Store hits from the alerts stream as sightings and incidents (as hunt --store), then ack them");
  consume->fallthrough();
  AddNatsFlag(*consume, args->nats);
  AddAlertStreamFlag(*consume, args->nats);
  consume->add_option("--rules", args->rules, "The Sigma rules the workers hunt with (file or folder, repeatable)");
  consume->add_flag("--rules-from-nats", args->rules_from_nats,
                    "Use the rule set each alert names, from the RAMPART_RULES bucket");
  consume->add_option("--output", args->output, "Also print each hit: none|jsonl|table (as hunt)")->capture_default_str();
  consume->add_option("--fetch", args->fetch, "Alerts per pull (and per store transaction)")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  consume->add_option("--exit-when-idle", args->exit_when_idle_s,
                      "Stop after this many seconds with no alert (default 0: run until killed)");
  consume->add_option("--incident-window", args->incidents.window,
                      "Sightings of one constituent and actor within this span form one incident (e.g. 24h, 7d)")
      ->capture_default_str();
  consume->callback([args, &context] { context.exit_code = RunConsume(*args, context); });
}

const bool kRegistered = RegisterCommandGroup({"alerts", 81, &Register});

}  // namespace
}  // namespace rampart::cli
