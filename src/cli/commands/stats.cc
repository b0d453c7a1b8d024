// `rampart stats`: incidents, assists, advisories, recipients reached and
// deliveries, in total or by sector, constituent, actor, month or state.
#include <fmt/format.h>

#include <cstdio>

#include "commands/respond_commands.h"
#include "rampart/core/clock.h"
#include "rampart/respond/stats.h"
#include "rampart/store/open.h"

namespace rampart::cli {
namespace {

using nlohmann::json;

struct StatsArgs {
  std::string from, to, by, format = "table";
};

constexpr const char* kStates[] = {"pending", "sent", "failed", "dead"};

json RowJson(const respond::StatsRow& r) {
  json deliveries = json::object();
  for (const char* s : kStates) deliveries[s] = r.deliveries.count(s) ? r.deliveries.at(s) : 0;
  return {{"key", r.key},           {"incidents", r.incidents},
          {"assists", r.assists},   {"advisories", r.advisories},
          {"recipients_reached", r.recipients_reached}, {"deliveries", deliveries}};
}

std::vector<std::string> Cells(const respond::StatsRow& r) {
  std::vector<std::string> cells = {r.key, std::to_string(r.incidents), std::to_string(r.assists),
                                    std::to_string(r.advisories), std::to_string(r.recipients_reached)};
  for (const char* s : kStates) cells.push_back(std::to_string(r.deliveries.count(s) ? r.deliveries.at(s) : 0));
  return cells;
}

std::string Csv(const std::string& cell) {
  if (cell.find_first_of(",\"\n") == std::string::npos) return cell;
  std::string out = "\"";
  for (char c : cell) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

int RunStats(const Context& context, const StatsArgs& args) {
  respond::StatsOptions options;
  auto by = respond::ParseStatsBy(args.by);
  if (!by) return ReportError(InvalidInput("--by: expected sector, constituent, actor, month or state"));
  options.by = *by;
  TimestampUs now = SystemClock()->Now();
  if (!args.from.empty()) {
    auto t = ParseTimeOrAgo(args.from, now);
    if (!t.ok()) return ReportError(t.status());
    options.from = *t;
  }
  if (!args.to.empty()) {
    auto t = ParseTimeOrAgo(args.to, now);
    if (!t.ok()) return ReportError(t.status());
    options.to = *t;
  }
  std::string location = store::DefaultStoreLocation(context.global.db);
  auto kb = store::OpenStore(location);
  if (!kb.ok()) return ReportError(kb.status());
  std::string outbox = location.rfind("sqlite:", 0) == 0 ? location.substr(7) : location;
  auto deliveries = respond::ReadOutboxDeliveries(outbox + ".outbox");
  if (!deliveries.ok()) return ReportError(deliveries.status());
  auto stats = respond::ComputeStats(**kb, *deliveries, options);
  if (!stats.ok()) return ReportError(stats.status());

  std::vector<std::string> header = {args.by.empty() ? "" : args.by, "incidents", "assists", "advisories",
                                     "recipients", "pending", "sent", "failed", "dead"};
  std::string out;
  if (args.format == "json") {
    json rows = json::array();
    for (const auto& r : stats->rows) rows.push_back(RowJson(r));
    out = json{{"by", args.by}, {"from", args.from}, {"to", args.to}, {"rows", rows}, {"total", RowJson(stats->total)}}
              .dump(2) + "\n";
  } else if (args.format == "csv") {
    header[0] = args.by.empty() ? "key" : args.by;
    for (size_t i = 0; i < header.size(); ++i) out += (i ? "," : "") + header[i];
    out += "\n";
    auto line = [&](const respond::StatsRow& r) {
      auto cells = Cells(r);
      for (size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + Csv(cells[i]);
      out += "\n";
    };
    for (const auto& r : stats->rows) line(r);
    line(stats->total);
  } else {
    std::vector<std::vector<std::string>> table = {header};
    for (const auto& r : stats->rows) table.push_back(Cells(r));
    table.push_back(Cells(stats->total));
    std::vector<size_t> width(header.size(), 0);
    for (const auto& row : table)
      for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
    for (const auto& row : table) {
      std::string line = fmt::format("{:<{}}", row[0], width[0]);
      for (size_t i = 1; i < row.size(); ++i) line += fmt::format("  {:>{}}", row[i], width[i]);
      out += line + "\n";
    }
  }
  std::fputs(out.c_str(), stdout);
  return kExitOk;
}

void Register(CLI::App& app, Context& context) {
  static StatsArgs args;
  CLI::App* stats = app.add_subcommand(
      "stats", "Incidents, assists, advisories issued, recipients reached, deliveries by state");
  stats->add_option("--from", args.from, "From this time (RFC 3339, date, or 30d/12h ago)");
  stats->add_option("--to", args.to, "Up to this time");
  stats->add_option("--by", args.by, "Break down by sector, constituent, actor, month or state")
      ->check(CLI::IsMember({"sector", "constituent", "actor", "month", "state"}));
  stats->add_option("--format", args.format, "table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();
  stats->callback([&context] { context.exit_code = RunStats(context, args); });
}

const bool kRegistered = RegisterCommandGroup({"stats", 48, &Register});

}  // namespace
}  // namespace rampart::cli
