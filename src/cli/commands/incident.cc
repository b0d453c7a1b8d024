// The `rampart incident` command group: list, show, update.
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>

#include "commands/respond_commands.h"
#include "rampart/core/clock.h"
#include "rampart/respond/incident.h"

namespace rampart::cli {
namespace {

using nlohmann::json;
using respond::Incident;

struct IncidentArgs {
  std::string id, state, constituent, sector, actor, assignee, note, by;
  bool json = false;
};

json IncidentJson(const Incident& in) {
  json notes = json::array(), history = json::array();
  for (const auto& n : in.notes) notes.push_back({{"who", n.who}, {"when", n.when}, {"text", n.text}});
  for (const auto& h : in.history) history.push_back({{"who", h.who}, {"when", h.when}, {"what", h.what}});
  return {{"id", in.id},
          {"name", in.name},
          {"state", std::string(respond::StateName(in.state))},
          {"assignee", in.assignee},
          {"constituent", in.constituent_name.empty() ? json(nullptr) : json(in.constituent_name)},
          {"constituent_ref", in.constituent_id},
          {"sectors", in.sectors},
          {"actors", in.actor_names},
          {"actor_refs", in.actor_ids},
          {"window_start", in.window_start},
          {"window_end", in.window_end},
          {"first_seen", in.first_seen},
          {"last_seen", in.last_seen},
          {"sightings", in.sighting_ids.size()},
          {"sighting_refs", in.sighting_ids},
          {"indicator_refs", in.indicator_ids},
          {"rules", in.rules},
          {"notes", notes},
          {"history", history},
          {"created", in.created},
          {"modified", in.modified}};
}

bool Matches(const Incident& in, const IncidentArgs& args) {
  auto has = [](const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
  };
  if (!args.state.empty() && respond::StateName(in.state) != args.state) return false;
  if (!args.constituent.empty()) {
    std::string name = in.constituent_name.empty() ? "unassigned" : in.constituent_name;
    if (name != args.constituent) return false;
  }
  if (!args.sector.empty() && !has(in.sectors, args.sector)) return false;
  if (!args.actor.empty() && !has(in.actor_names, args.actor) && !has(in.actor_ids, args.actor)) return false;
  return true;
}

int RunList(const Context& context, const IncidentArgs& args) {
  if (!args.state.empty() && !respond::ParseState(args.state)) {
    return ReportError(InvalidInput("--state: unknown state '" + args.state + "'"));
  }
  auto kb = OpenRespondStore(context);
  if (!kb.ok()) return ReportError(kb.status());
  auto all = respond::LoadIncidents(**kb);
  if (!all.ok()) return ReportError(all.status());
  json out = json::array();
  std::string text;
  for (const Incident& in : *all) {
    if (!Matches(in, args)) continue;
    out.push_back(IncidentJson(in));
    text += fmt::format("{}  {:<14} {}  {:<40} {:<16} {:>5} sightings  {}\n", in.id.substr(10, 8),
                        respond::StateName(in.state), in.first_seen.substr(0, 16),
                        in.constituent_name.empty() ? "(unassigned)" : in.constituent_name,
                        JoinOrDash(in.actor_names), in.sighting_ids.size(), in.assignee);
  }
  if (args.json) text = out.dump(2) + "\n";
  if (out.empty() && !args.json) text = "no incidents\n";
  std::fputs(text.c_str(), stdout);
  return kExitOk;
}

std::string IncidentText(const Incident& in) {
  std::string out = fmt::format("{}\n  id          {}\n  state       {}{}\n", in.name, in.id,
                                respond::StateName(in.state), in.assignee.empty() ? "" : "  (assignee " + in.assignee + ")");
  out += fmt::format("  constituent {}\n  sectors     {}\n  actors      {}\n",
                     in.constituent_name.empty() ? "(unassigned)" : in.constituent_name, JoinOrDash(in.sectors),
                     JoinOrDash(in.actor_names));
  out += fmt::format("  seen        {} .. {} (window {} .. {})\n", in.first_seen, in.last_seen, in.window_start,
                     in.window_end);
  out += fmt::format("  sightings   {}\n  rules       {}\n  indicators  {}\n", in.sighting_ids.size(),
                     JoinOrDash(in.rules), JoinOrDash(in.indicator_ids));
  if (!in.notes.empty()) out += "  notes\n";
  for (const auto& n : in.notes) out += fmt::format("    {}  {}: {}\n", n.when, n.who, n.text);
  out += "  history\n";
  for (const auto& h : in.history) out += fmt::format("    {}  {}: {}\n", h.when, h.who, h.what);
  return out;
}

int RunShow(const Context& context, const IncidentArgs& args) {
  auto kb = OpenRespondStore(context);
  if (!kb.ok()) return ReportError(kb.status());
  auto in = respond::FindIncident(**kb, args.id);
  if (!in.ok()) return ReportError(in.status());
  std::string text = args.json ? IncidentJson(*in).dump(2) + "\n" : IncidentText(*in);
  std::fputs(text.c_str(), stdout);
  return kExitOk;
}

int RunUpdate(const Context& context, const IncidentArgs& args) {
  respond::IncidentChange change;
  if (!args.state.empty()) {
    change.state = respond::ParseState(args.state);
    if (!change.state) return ReportError(InvalidInput("--state: unknown state '" + args.state + "'"));
  }
  if (!args.assignee.empty()) change.assignee = args.assignee;
  if (!args.note.empty()) change.note = args.note;
  std::string who = args.by;
  if (who.empty()) {
    const char* user = std::getenv("USER");
    who = user != nullptr && *user != '\0' ? user : "analyst";
  }
  auto kb = OpenRespondStore(context);
  if (!kb.ok()) return ReportError(kb.status());
  auto tx = (*kb)->Begin();
  if (!tx.ok()) return ReportError(tx.status());
  auto in = respond::UpdateIncident(**kb, **tx, args.id, change, who, SystemClock()->Now());
  if (!in.ok()) return ReportError(in.status());
  if (Status s = (*tx)->Commit(); !s.ok()) return ReportError(s);
  std::string text;
  if (args.json) {
    text = IncidentJson(*in).dump(2) + "\n";
  } else {
    for (const auto& h : in->history) {
      if (h.when == in->modified) text += fmt::format("{}: {}\n", in->id, h.what);  // this change's entries
    }
  }
  std::fputs(text.c_str(), stdout);
  return kExitOk;
}

void Register(CLI::App& app, Context& context) {
  static IncidentArgs args;
  CLI::App* group = app.add_subcommand("incident", "Incidents correlated from hunt sightings: list, show, update");
  group->require_subcommand(1);
  group->fallthrough();

  CLI::App* list = group->add_subcommand("list", "Incidents, oldest first");
  list->add_option("--state", args.state, "new, triaged, assisting, resolved, false-positive");
  list->add_option("--constituent", args.constituent, "Constituent name ('unassigned' for the queue)");
  list->add_option("--sector", args.sector, "STIX industry sector");
  list->add_option("--actor", args.actor, "Intrusion set name or id");
  list->add_flag("--json", args.json, "As a JSON array");
  list->callback([&context] { context.exit_code = RunList(context, args); });

  CLI::App* show = group->add_subcommand("show", "One incident with its notes and history");
  show->add_option("ID", args.id, "incident id, or its first 8+ characters")->required();
  show->add_flag("--json", args.json, "As JSON");
  show->callback([&context] { context.exit_code = RunShow(context, args); });

  CLI::App* update = group->add_subcommand("update", "Change state, assignee or add a note (a new version)");
  update->add_option("ID", args.id, "incident id, or its first 8+ characters")->required();
  update->add_option("--state", args.state, "new -> triaged -> assisting -> resolved | false-positive");
  update->add_option("--assignee", args.assignee, "Who works on it");
  update->add_option("--note", args.note, "A note to keep with it");
  update->add_option("--by", args.by, "Who makes the change (default: $USER)");
  update->add_flag("--json", args.json, "Print the incident as JSON");
  update->callback([&context] { context.exit_code = RunUpdate(context, args); });
}

const bool kRegistered = RegisterCommandGroup({"incident", 46, &Register});

}  // namespace
}  // namespace rampart::cli
