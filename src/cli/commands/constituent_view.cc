// Rendering constituents for `rampart constituent list/show`.
#include <fmt/format.h>

#include "commands/respond_commands.h"
#include "rampart/store/open.h"

namespace rampart::cli {

Result<std::unique_ptr<store::Store>> OpenRespondStore(const Context& context) {
  return store::OpenStore(store::DefaultStoreLocation(context.global.db));
}

std::string JoinOrDash(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) out += (out.empty() ? "" : ", ") + v;
  return out.empty() ? "-" : out;
}

nlohmann::json ConstituentJson(const respond::Constituent& c) {
  nlohmann::json software = nlohmann::json::array();
  for (const respond::SoftwareItem& s : c.software) {
    software.push_back({{"vendor", s.vendor}, {"product", s.product}, {"version", s.version}, {"cpe", s.cpe}});
  }
  nlohmann::json contacts = {{"emails", c.contacts.emails}};
  // The signing secret never leaves the store through the CLI.
  if (c.contacts.webhook) contacts["webhook"] = {{"url", c.contacts.webhook->url}, {"secret", "(set)"}};
  if (c.contacts.syslog) {
    contacts["syslog"] = {{"transport", c.contacts.syslog->transport},
                          {"host", c.contacts.syslog->host},
                          {"port", c.contacts.syslog->port}};
  }
  return {{"id", c.id},           {"name", c.name},         {"description", c.description},
          {"parent", c.parent},   {"sectors", c.sectors},   {"tlp", std::string(stix::TlpName(c.clearance))},
          {"networks", c.networks}, {"domains", c.domains}, {"hosts", c.hosts},
          {"software", software}, {"contacts", contacts},   {"created", c.created},
          {"modified", c.modified}, {"revoked", c.revoked}};
}

std::string ConstituentText(const respond::Constituent& c) {
  std::string out = fmt::format("{}{}\n  id        {}\n", c.name, c.revoked ? "  (removed)" : "", c.id);
  if (!c.description.empty()) out += fmt::format("  about     {}\n", c.description);
  if (!c.parent.empty()) out += fmt::format("  parent    {}\n", c.parent);
  out += fmt::format("  sectors   {}\n  TLP       {}\n", JoinOrDash(c.sectors), stix::TlpName(c.clearance));
  out += fmt::format("  networks  {}\n  domains   {}\n  hosts     {}\n", JoinOrDash(c.networks),
                     JoinOrDash(c.domains), JoinOrDash(c.hosts));
  if (!c.software.empty()) out += "  software\n";
  for (const respond::SoftwareItem& s : c.software) {
    out += fmt::format("    {} {} {}{}\n", s.vendor, s.product, s.version, s.cpe.empty() ? "" : "  " + s.cpe);
  }
  out += fmt::format("  e-mail    {}\n", JoinOrDash(c.contacts.emails));
  if (c.contacts.webhook) out += fmt::format("  webhook   {} (signed)\n", c.contacts.webhook->url);
  if (c.contacts.syslog) {
    out += fmt::format("  syslog    {}://{}:{}\n", c.contacts.syslog->transport, c.contacts.syslog->host,
                       c.contacts.syslog->port);
  }
  out += fmt::format("  version   {} (first {})\n", c.modified, c.created);
  return out;
}

}  // namespace rampart::cli
