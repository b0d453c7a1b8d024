// rampart ship, rampart worker, rampart fleet status / rules publish: the
// hunt spread over machines on NATS JetStream (docs/design/fleet.md).
// Exit status: 0 done, 2 error (a ship with unreadable files is an error,
// as in hunt).
#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "cli.h"
#include "commands/fleet_flags.h"
#include "rampart/fleet/fleet_status.h"
#include "rampart/fleet/rules.h"
#include "rampart/fleet/shipper.h"
#include "rampart/fleet/worker.h"
#include "rampart/ingest/registry.h"

namespace rampart::cli {
namespace {

struct ShipArgs {
  NatsFlags nats;
  fleet::ShipOptions options;
  int64_t batch_kib = 256;
  int64_t max_mib = 1024;
  int64_t max_msgs = 100000;
  std::vector<std::string> inputs;
};

int RunShip(ShipArgs& args) {
  if (!ingest::IsReaderName(args.options.format)) {
    return ReportError(InvalidInput(fmt::format("--format: unknown format '{}'", args.options.format)));
  }
  if (args.options.format == "evtx") {
    return ReportError(InvalidInput("--format: EVTX is not shipped (line-based text formats only); hunt it locally"));
  }
  args.options.stream = args.nats.Events();
  args.options.stream.max_bytes = args.max_mib << 20;
  args.options.stream.max_msgs = args.max_msgs;
  args.options.batch_bytes = static_cast<size_t>(args.batch_kib) << 10;
  auto conn = fleet::Connect(args.nats.Url());
  if (!conn.ok()) return ReportError(conn.status());
  auto stats = fleet::Ship(**conn, args.inputs, args.options);
  if (!stats.ok()) return ReportError(stats.status());
  for (const ingest::ReadIssue& issue : stats->issues) std::fprintf(stderr, "rampart: %s\n", issue.ToString().c_str());
  std::fprintf(stderr,
               "rampart: shipped %llu files, %llu lines, %.1f MiB in %llu batches (%llu already in the stream) "
               "in %.2f s (%llu publishes retried)\n",
               static_cast<unsigned long long>(stats->files), static_cast<unsigned long long>(stats->lines),
               static_cast<double>(stats->bytes) / (1 << 20), static_cast<unsigned long long>(stats->batches),
               static_cast<unsigned long long>(stats->duplicates), stats->seconds,
               static_cast<unsigned long long>(stats->retries));
  return stats->issues.empty() ? kExitOk : kExitError;
}

void RegisterShip(CLI::App& app, Context& context) {
  auto args = std::make_shared<ShipArgs>();
  CLI::App* ship = app.add_subcommand("ship", "Publish log files in batches to the fleet's events stream (NATS JetStream)");
  ship->fallthrough();
  AddNatsFlag(*ship, args->nats);
  AddEventStreamFlags(*ship, args->nats);
  ship->add_option("--source", args->options.source, "Name of this log source (subject token; part of every batch id)")
      ->capture_default_str();
  ship->add_option("--constituent", args->options.constituent,
                   "The logs come from this constituent's sensor (its incidents, whatever the addresses)");
  ship->add_option("--format", args->options.format, "Log format: auto|jsonl|w3c|zeek|syslog|csv")->capture_default_str();
  ship->add_option("--batch-kib", args->batch_kib, "Log bytes per batch")->check(CLI::Range(1, 768))->capture_default_str();
  ship->add_option("--max-mib", args->max_mib, "Events stream byte limit when this creates it")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 20))
      ->capture_default_str();
  ship->add_option("--max-msgs", args->max_msgs, "Events stream batch limit when this creates it")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 40))
      ->capture_default_str();
  ship->add_option("paths", args->inputs, "Log files, folders, globs, .gz")->required();
  ship->callback([args, &context] { context.exit_code = RunShip(*args); });
}

struct WorkerArgs {
  NatsFlags nats;
  std::vector<std::string> rules;
  bool rules_from_nats = false;
  fleet::WorkerOptions options;
};

int RunWorkerCommand(WorkerArgs& args) {
  if (args.rules.empty() && !args.rules_from_nats) {
    return ReportError(InvalidInput("worker: give --rules PATH or --rules-from-nats"));
  }
  std::unique_ptr<fleet::DetectionSet> set;
  if (!args.rules.empty()) {
    auto bundle = fleet::ReadRuleBundle(args.rules);
    if (!bundle.ok()) return ReportError(bundle.status());
    auto compiled = fleet::CompileBundle(*bundle);
    if (!compiled.ok()) return ReportError(compiled.status());
    set = std::move(*compiled);
  }
  args.options.events = args.nats.Events();
  args.options.alerts = args.nats.Alerts();
  args.options.rules_from_nats = args.rules_from_nats;
  auto conn = fleet::Connect(args.nats.Url());
  if (!conn.ok()) return ReportError(conn.status());
  auto stats = fleet::RunWorker(**conn, std::move(set), args.options, stderr);
  if (!stats.ok()) return ReportError(stats.status());
  std::fprintf(stderr,
               "rampart: worker: %llu batches, %llu events, %llu hits (%llu alerts already published), "
               "%llu bad records, %llu rule reloads; busy %.2f s, active %.2f s of %.2f s, %.2f s CPU; rule set %s\n",
               static_cast<unsigned long long>(stats->batches), static_cast<unsigned long long>(stats->events),
               static_cast<unsigned long long>(stats->hits), static_cast<unsigned long long>(stats->duplicate_alerts),
               static_cast<unsigned long long>(stats->bad_records),
               static_cast<unsigned long long>(stats->rule_reloads), stats->busy_seconds, stats->active_seconds, stats->seconds, stats->cpu_seconds,
               stats->version.c_str());
  return kExitOk;
}

void RegisterWorker(CLI::App& app, Context& context) {
  auto args = std::make_shared<WorkerArgs>();
  CLI::App* worker = app.add_subcommand(
      "worker", "Hunt batches from the events stream with Sigma rules and publish hits to the alerts stream");
  worker->fallthrough();
  AddNatsFlag(*worker, args->nats);
  AddEventStreamFlags(*worker, args->nats);
  AddAlertStreamFlag(*worker, args->nats);
  worker->add_option("--rules", args->rules, "Sigma rule file or folder (repeatable; folders recursive)");
  worker->add_flag("--rules-from-nats", args->rules_from_nats,
                   "Hunt with the rule set published by `rampart fleet rules publish`, and follow new versions");
  worker->add_option("--fetch", args->options.fetch, "Batches per pull request")->check(CLI::Range(1, 256))->capture_default_str();
  worker->add_option("--ack-wait", args->options.ack_wait_s, "Seconds before an unacked batch goes to another worker")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  worker->add_option("--exit-when-idle", args->options.exit_when_idle_s,
                     "Stop after this many seconds with no batch (default 0: run until killed)");
  worker->callback([args, &context] { context.exit_code = RunWorkerCommand(*args); });
}

struct FleetArgs {
  NatsFlags nats;
  bool json = false;
  std::vector<std::string> rules;
};

int RunStatus(const FleetArgs& args) {
  auto conn = fleet::Connect(args.nats.Url());
  if (!conn.ok()) return ReportError(conn.status());
  auto state = fleet::ReadFleetState(**conn, {args.nats.events_stream, args.nats.alerts_stream});
  if (!state.ok()) return ReportError(state.status());
  std::string text = args.json ? fleet::FleetStateJson(*state) + "\n" : fleet::FleetStateText(*state);
  std::fputs(text.c_str(), stdout);
  return kExitOk;
}

int RunPublish(const FleetArgs& args) {
  auto bundle = fleet::ReadRuleBundle(args.rules);
  if (!bundle.ok()) return ReportError(bundle.status());
  auto compiled = fleet::CompileBundle(*bundle);  // never publish a set workers cannot use
  if (!compiled.ok()) return ReportError(compiled.status());
  auto conn = fleet::Connect(args.nats.Url());
  if (!conn.ok()) return ReportError(conn.status());
  if (Status st = fleet::PublishRules(**conn, *bundle); !st.ok()) return ReportError(st);
  std::printf("%s\n", bundle->version.c_str());
  std::fprintf(stderr, "rampart: published rule set %s (%zu files, %zu rules)\n", bundle->version.c_str(),
               bundle->files.size(), (*compiled)->rules.rules().size());
  return kExitOk;
}

void RegisterFleet(CLI::App& app, Context& context) {
  auto args = std::make_shared<FleetArgs>();
  CLI::App* fleet_cmd = app.add_subcommand("fleet", "The hunting fleet on NATS JetStream: status, rule distribution");
  fleet_cmd->require_subcommand(1);
  CLI::App* status = fleet_cmd->add_subcommand("status", "Stream depth, consumers, pending and redelivered counts");
  status->fallthrough();
  AddNatsFlag(*status, args->nats);
  status->add_option("--stream", args->nats.events_stream, "Events stream name")->capture_default_str();
  AddAlertStreamFlag(*status, args->nats);
  status->add_flag("--json", args->json, "One JSON object");
  status->callback([args, &context] { context.exit_code = RunStatus(*args); });
  CLI::App* rules = fleet_cmd->add_subcommand("rules", "The rule set workers hunt with");
  rules->require_subcommand(1);
  CLI::App* publish =
      rules->add_subcommand("publish", "Put a Sigma rule set into the RAMPART_RULES bucket and make it current");
  publish->fallthrough();
  AddNatsFlag(*publish, args->nats);
  publish->add_option("--rules", args->rules, "Sigma rule file or folder (repeatable)")->required();
  publish->callback([args, &context] { context.exit_code = RunPublish(*args); });
}

void Register(CLI::App& app, Context& context) {
  RegisterShip(app, context);
  RegisterWorker(app, context);
  RegisterFleet(app, context);
}

const bool kRegistered = RegisterCommandGroup({"fleet", 80, &Register});

}  // namespace
}  // namespace rampart::cli
