// The `rampart constituent` command group: import, add, list, show, remove.
// Every write is one transaction: an invalid file or flag changes nothing.
#include <fmt/format.h>

#include <cstdio>

#include "commands/respond_commands.h"
#include "rampart/core/clock.h"

namespace rampart::cli {
namespace {

using respond::Constituent;

struct ConstituentArgs {
  std::string file, name, tlp = "green", parent, description, webhook, webhook_secret, syslog, sector;
  std::vector<std::string> sectors, networks, domains, hosts, software, emails;
  bool json = false;
};

// Warnings for networks the new constituents share with each other or with
// stored ones (other names): reported, both kept.
void WarnOverlaps(store::Store& kb, const std::vector<Constituent>& incoming) {
  std::vector<Constituent> all = incoming;
  if (auto stored = respond::LoadConstituents(kb); stored.ok()) {
    for (Constituent& c : *stored) {
      bool replaced = false;
      for (const Constituent& n : incoming) replaced = replaced || n.name == c.name;
      if (!replaced) all.push_back(std::move(c));
    }
  }
  for (const std::string& w : respond::OverlappingNetworks(all)) std::fprintf(stderr, "rampart: warning: %s\n", w.c_str());
}

int Write(const Context& context, const std::vector<Constituent>& list, bool must_be_new) {
  auto kb = OpenRespondStore(context);
  if (!kb.ok()) return ReportError(kb.status());
  WarnOverlaps(**kb, list);
  auto tx = (*kb)->Begin();
  if (!tx.ok()) return ReportError(tx.status());
  int counts[4] = {0, 0, 0, 0};
  TimestampUs now = SystemClock()->Now();
  for (const Constituent& c : list) {
    if (must_be_new && respond::FindConstituent(**kb, c.name).ok()) {
      return ReportError(MakeError(absl::StatusCode::kAlreadyExists,
                                   "constituent '" + c.name + "' exists (change it with `constituent import`)"));
    }
    auto put = respond::PutConstituent(**kb, **tx, c, now);
    if (!put.ok()) return ReportError(put.status());  // rolls back
    ++counts[static_cast<int>(*put)];
  }
  if (Status s = (*tx)->Commit(); !s.ok()) return ReportError(s);
  std::fprintf(stderr, "rampart: %zu constituents: %d new, %d changed, %d unchanged\n", list.size(), counts[0],
               counts[1] + counts[2], counts[3]);
  return kExitOk;
}

int RunImport(const Context& context, const ConstituentArgs& args) {
  auto loaded = respond::LoadConstituentsYaml(args.file);
  if (!loaded.ok()) return ReportError(loaded.status());
  return Write(context, loaded->constituents, false);
}

Result<respond::SoftwareItem> ParseSoftware(const std::string& spec) {
  // VENDOR:PRODUCT:VERSION[:CPE...] (the CPE keeps its own colons)
  std::vector<std::string> parts;
  size_t start = 0;
  for (int i = 0; i < 3; ++i) {
    size_t colon = spec.find(':', start);
    parts.push_back(spec.substr(start, colon == std::string::npos ? std::string::npos : colon - start));
    if (colon == std::string::npos) break;
    start = colon + 1;
    if (i == 2) parts.push_back(spec.substr(start));
  }
  if (parts.size() < 3) return InvalidInput("--software '" + spec + "': expected VENDOR:PRODUCT:VERSION[:CPE]");
  respond::SoftwareItem item{parts[0], parts[1], parts[2], parts.size() > 3 ? parts[3] : ""};
  return item;
}

int RunAdd(const Context& context, const ConstituentArgs& args) {
  Constituent c;
  c.name = args.name;
  c.description = args.description;
  c.parent = args.parent;
  c.sectors = args.sectors;
  c.networks = args.networks;
  c.domains = args.domains;
  c.hosts = args.hosts;
  c.contacts.emails = args.emails;
  auto tlp = stix::ParseTlpLevel(args.tlp);
  if (!tlp) return ReportError(InvalidInput("--tlp: unknown TLP '" + args.tlp + "'"));
  c.clearance = *tlp;
  for (const std::string& spec : args.software) {
    auto item = ParseSoftware(spec);
    if (!item.ok()) return ReportError(item.status());
    c.software.push_back(*item);
  }
  if (!args.webhook.empty() || !args.webhook_secret.empty()) c.contacts.webhook = {args.webhook, args.webhook_secret};
  if (!args.syslog.empty()) {
    // transport://host:port
    std::string spec = args.syslog;
    respond::SyslogTarget target;
    if (size_t p = spec.find("://"); p != std::string::npos) {
      target.transport = spec.substr(0, p);
      spec = spec.substr(p + 3);
    }
    size_t colon = spec.rfind(':');
    size_t bracket = spec.rfind(']');
    if (colon != std::string::npos && (bracket == std::string::npos || bracket < colon) &&
        (bracket != std::string::npos || spec.find(':') == colon)) {
      target.port = std::atoi(spec.substr(colon + 1).c_str());
      spec = spec.substr(0, colon);
    }
    target.host = spec;
    c.contacts.syslog = target;
  }
  if (Status s = respond::Canonicalize(c); !s.ok()) return ReportError(s);
  return Write(context, {c}, true);
}

int RunList(const Context& context, const ConstituentArgs& args) {
  auto kb = OpenRespondStore(context);
  if (!kb.ok()) return ReportError(kb.status());
  auto list = respond::LoadConstituents(**kb);
  if (!list.ok()) return ReportError(list.status());
  nlohmann::json out = nlohmann::json::array();
  std::string text;
  for (const Constituent& c : *list) {
    if (!args.sector.empty() && std::find(c.sectors.begin(), c.sectors.end(), args.sector) == c.sectors.end()) continue;
    out.push_back(ConstituentJson(c));
    text += fmt::format("{:<48} {:<12} {:<36} {} networks, {} domains, {} software\n", c.name,
                        stix::TlpName(c.clearance), JoinOrDash(c.sectors), c.networks.size(), c.domains.size(),
                        c.software.size());
  }
  if (args.json) text = out.dump(2) + "\n";
  if (out.empty() && !args.json) text = "no constituents (import some: rampart constituent import FILE.yaml)\n";
  std::fputs(text.c_str(), stdout);
  return kExitOk;
}

int RunShow(const Context& context, const ConstituentArgs& args) {
  auto kb = OpenRespondStore(context);
  if (!kb.ok()) return ReportError(kb.status());
  auto c = respond::FindConstituent(**kb, args.name);
  if (!c.ok()) return ReportError(c.status());
  std::string text = args.json ? ConstituentJson(*c).dump(2) + "\n" : ConstituentText(*c);
  std::fputs(text.c_str(), stdout);
  return kExitOk;
}

int RunRemove(const Context& context, const ConstituentArgs& args) {
  auto kb = OpenRespondStore(context);
  if (!kb.ok()) return ReportError(kb.status());
  auto tx = (*kb)->Begin();
  if (!tx.ok()) return ReportError(tx.status());
  auto put = respond::RevokeConstituent(**kb, **tx, args.name, SystemClock()->Now());
  if (!put.ok()) return ReportError(put.status());
  if (Status s = (*tx)->Commit(); !s.ok()) return ReportError(s);
  if (args.json) {
    std::fputs((nlohmann::json{{"name", args.name}, {"revoked", true},
                               {"changed", *put != store::PutOutcome::kUnchanged}}.dump() + "\n").c_str(), stdout);
  } else {
    std::fprintf(stderr, "rampart: %s %s (revoked; its history is kept)\n", args.name.c_str(),
                 *put == store::PutOutcome::kUnchanged ? "was already removed" : "removed");
  }
  return kExitOk;
}

void Register(CLI::App& app, Context& context) {
  static ConstituentArgs args;
  CLI::App* group = app.add_subcommand("constituent", "The organisations the centre protects: assets, contacts, TLP");
  group->require_subcommand(1);
  group->fallthrough();

  CLI::App* import = group->add_subcommand("import", "Add or update constituents from a YAML file (all or nothing)");
  import->add_option("FILE", args.file, "constituents YAML (see examples/constituents.yaml)")->required();
  import->callback([&context] { context.exit_code = RunImport(context, args); });

  CLI::App* add = group->add_subcommand("add", "Add one constituent");
  add->add_option("NAME", args.name, "Its name (unique)")->required();
  add->add_option("--sector", args.sectors, "STIX industry sector (repeatable)");
  add->add_option("--network", args.networks, "CIDR, v4 or v6 (repeatable)");
  add->add_option("--domain", args.domains, "Domain it owns (repeatable)");
  add->add_option("--host", args.hosts, "Host name (repeatable)");
  add->add_option("--software", args.software, "VENDOR:PRODUCT:VERSION[:CPE] (repeatable)");
  add->add_option("--email", args.emails, "Contact e-mail address (repeatable)");
  add->add_option("--webhook", args.webhook, "Webhook URL (needs --webhook-secret)");
  add->add_option("--webhook-secret", args.webhook_secret, "Webhook signing secret");
  add->add_option("--syslog", args.syslog, "Syslog target: udp://HOST:PORT or tcp://HOST:PORT");
  add->add_option("--tlp", args.tlp, "TLP clearance: clear, green, amber, amber+strict, red")->capture_default_str();
  add->add_option("--parent", args.parent, "Parent organisation");
  add->add_option("--description", args.description, "What it is");
  add->callback([&context] { context.exit_code = RunAdd(context, args); });

  CLI::App* list = group->add_subcommand("list", "Current constituents, by name");
  list->add_option("--sector", args.sector, "Only this sector");
  list->add_flag("--json", args.json, "As a JSON array");
  list->callback([&context] { context.exit_code = RunList(context, args); });

  CLI::App* show = group->add_subcommand("show", "One constituent");
  show->add_option("NAME", args.name, "Name or identity id")->required();
  show->add_flag("--json", args.json, "As JSON");
  show->callback([&context] { context.exit_code = RunShow(context, args); });

  CLI::App* remove = group->add_subcommand("remove", "Revoke a constituent (a new, revoked version; history kept)");
  remove->add_option("NAME", args.name, "Name or identity id")->required();
  remove->add_flag("--json", args.json, "Print the outcome as JSON");
  remove->callback([&context] { context.exit_code = RunRemove(context, args); });
}

const bool kRegistered = RegisterCommandGroup({"constituent", 45, &Register});

}  // namespace
}  // namespace rampart::cli
