// The constituents YAML reader. yaml-cpp exceptions stop here and become
// InvalidInput with the file and line. Field checks live in Canonicalize;
// this reader remembers the line of every field it reads so that an error
// found there still names the line.
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "rampart/respond/constituent.h"

namespace rampart::respond {
namespace {

class Reader {
 public:
  explicit Reader(std::string_view file) : file_(file) {}

  Result<LoadedConstituents> Read(const YAML::Node& root);

 private:
  Status Error(const YAML::Node& node, std::string_view message) const {
    return InvalidInput(prefix_ + std::string(message), {.file = file_, .line = node.Mark().line + 1});
  }
  Status ReadEntry(const YAML::Node& node, Constituent& c);
  Status ReadScalar(const YAML::Node& node, std::string_view field, std::string& out);
  Status ReadList(const YAML::Node& node, std::string_view field, std::vector<std::string>& out);
  Status ReadSoftware(const YAML::Node& node, std::vector<SoftwareItem>& out);
  Status ReadContacts(const YAML::Node& node, Contacts& out);
  Status CheckKeys(const YAML::Node& node, std::string_view where, std::initializer_list<std::string_view> keys);

  std::string file_;
  std::string prefix_;                // "constituents[2] (Name): "
  std::map<std::string, int> lines_;  // field path -> line, for the current entry
};

Status Reader::CheckKeys(const YAML::Node& node, std::string_view where,
                         std::initializer_list<std::string_view> keys) {
  if (!node.IsMap()) return Error(node, std::string(where) + ": expected a mapping");
  for (const auto& pair : node) {
    std::string key = pair.first.as<std::string>("");
    bool known = false;
    for (std::string_view k : keys) known = known || key == k;
    if (!known) return Error(pair.first, std::string(where) + (where.empty() ? "" : ".") + key + ": unknown field");
  }
  return Status();
}

Status Reader::ReadScalar(const YAML::Node& node, std::string_view field, std::string& out) {
  if (!node) return Status();
  if (!node.IsScalar()) return Error(node, std::string(field) + ": expected a single value");
  lines_[std::string(field)] = node.Mark().line + 1;
  out = node.Scalar();
  return Status();
}

Status Reader::ReadList(const YAML::Node& node, std::string_view field, std::vector<std::string>& out) {
  if (!node) return Status();
  if (node.IsScalar()) {
    lines_[std::string(field) + "[0]"] = node.Mark().line + 1;
    out.push_back(node.Scalar());
    return Status();
  }
  if (!node.IsSequence()) return Error(node, std::string(field) + ": expected a list");
  for (size_t i = 0; i < node.size(); ++i) {
    std::string path = std::string(field) + "[" + std::to_string(i) + "]";
    if (!node[i].IsScalar()) return Error(node[i], path + ": expected a single value");
    lines_[path] = node[i].Mark().line + 1;
    out.push_back(node[i].Scalar());
  }
  return Status();
}

Status Reader::ReadSoftware(const YAML::Node& node, std::vector<SoftwareItem>& out) {
  if (!node) return Status();
  if (!node.IsSequence()) return Error(node, "software: expected a list");
  for (size_t i = 0; i < node.size(); ++i) {
    std::string path = "software[" + std::to_string(i) + "]";
    RAMPART_RETURN_IF_ERROR(CheckKeys(node[i], path, {"vendor", "product", "version", "cpe"}));
    lines_[path] = node[i].Mark().line + 1;
    SoftwareItem item;
    RAMPART_RETURN_IF_ERROR(ReadScalar(node[i]["vendor"], path + ".vendor", item.vendor));
    RAMPART_RETURN_IF_ERROR(ReadScalar(node[i]["product"], path + ".product", item.product));
    RAMPART_RETURN_IF_ERROR(ReadScalar(node[i]["version"], path + ".version", item.version));
    RAMPART_RETURN_IF_ERROR(ReadScalar(node[i]["cpe"], path + ".cpe", item.cpe));
    out.push_back(std::move(item));
  }
  return Status();
}

Status Reader::ReadContacts(const YAML::Node& node, Contacts& out) {
  if (!node) return Status();
  RAMPART_RETURN_IF_ERROR(CheckKeys(node, "contacts", {"email", "emails", "webhook", "syslog"}));
  lines_["contacts"] = node.Mark().line + 1;
  RAMPART_RETURN_IF_ERROR(ReadList(node["email"], "contacts.email", out.emails));
  RAMPART_RETURN_IF_ERROR(ReadList(node["emails"], "contacts.email", out.emails));
  if (YAML::Node hook = node["webhook"]) {
    RAMPART_RETURN_IF_ERROR(CheckKeys(hook, "contacts.webhook", {"url", "secret"}));
    Webhook webhook;
    RAMPART_RETURN_IF_ERROR(ReadScalar(hook["url"], "contacts.webhook.url", webhook.url));
    RAMPART_RETURN_IF_ERROR(ReadScalar(hook["secret"], "contacts.webhook.secret", webhook.secret));
    lines_.emplace("contacts.webhook.secret", hook.Mark().line + 1);
    out.webhook = std::move(webhook);
  }
  if (YAML::Node sys = node["syslog"]) {
    RAMPART_RETURN_IF_ERROR(CheckKeys(sys, "contacts.syslog", {"transport", "host", "port"}));
    SyslogTarget target;
    std::string port = "514";
    RAMPART_RETURN_IF_ERROR(ReadScalar(sys["transport"], "contacts.syslog.transport", target.transport));
    RAMPART_RETURN_IF_ERROR(ReadScalar(sys["host"], "contacts.syslog.host", target.host));
    RAMPART_RETURN_IF_ERROR(ReadScalar(sys["port"], "contacts.syslog.port", port));
    lines_.emplace("contacts.syslog.host", sys.Mark().line + 1);
    try {
      size_t used = 0;
      target.port = std::stoi(port, &used);
      if (used != port.size()) throw std::invalid_argument(port);
    } catch (const std::exception&) {
      return Error(sys["port"], "contacts.syslog.port: '" + port + "' is not a number");
    }
    out.syslog = std::move(target);
  }
  return Status();
}

Status Reader::ReadEntry(const YAML::Node& node, Constituent& c) {
  RAMPART_RETURN_IF_ERROR(CheckKeys(node, "", {"name", "description", "parent", "sectors", "tlp", "networks",
                                               "domains", "hosts", "software", "contacts"}));
  RAMPART_RETURN_IF_ERROR(ReadScalar(node["name"], "name", c.name));
  RAMPART_RETURN_IF_ERROR(ReadScalar(node["description"], "description", c.description));
  RAMPART_RETURN_IF_ERROR(ReadScalar(node["parent"], "parent", c.parent));
  RAMPART_RETURN_IF_ERROR(ReadList(node["sectors"], "sectors", c.sectors));
  RAMPART_RETURN_IF_ERROR(ReadList(node["networks"], "networks", c.networks));
  RAMPART_RETURN_IF_ERROR(ReadList(node["domains"], "domains", c.domains));
  RAMPART_RETURN_IF_ERROR(ReadList(node["hosts"], "hosts", c.hosts));
  RAMPART_RETURN_IF_ERROR(ReadSoftware(node["software"], c.software));
  RAMPART_RETURN_IF_ERROR(ReadContacts(node["contacts"], c.contacts));
  std::string tlp;
  RAMPART_RETURN_IF_ERROR(ReadScalar(node["tlp"], "tlp", tlp));
  if (tlp.empty()) return Error(node, "tlp: missing (clear, green, amber, amber+strict or red)");
  auto level = stix::ParseTlpLevel(tlp);
  if (!level) return Error(node["tlp"], "tlp: unknown TLP '" + tlp + "' (clear, green, amber, amber+strict or red)");
  c.clearance = *level;
  if (c.name.empty()) return Error(node, "name: missing");
  return Status();
}

Result<LoadedConstituents> Reader::Read(const YAML::Node& root) {
  YAML::Node list = root;
  if (root.IsMap()) {
    RAMPART_RETURN_IF_ERROR(CheckKeys(root, "", {"constituents"}));
    list = root["constituents"];
  }
  if (!list || !list.IsSequence()) return Error(root, "expected a list of constituents (or 'constituents:' with one)");
  LoadedConstituents out;
  std::set<std::string> names;
  for (size_t i = 0; i < list.size(); ++i) {
    const YAML::Node entry = list[i];
    prefix_ = "constituents[" + std::to_string(i) + "]: ";
    if (entry.IsMap() && entry["name"] && entry["name"].IsScalar()) {
      prefix_ = "constituents[" + std::to_string(i) + "] (" + entry["name"].Scalar() + "): ";
    }
    lines_.clear();
    Constituent c;
    RAMPART_RETURN_IF_ERROR(ReadEntry(entry, c));
    if (Status st = Canonicalize(c); !st.ok()) {
      std::string message(st.message());
      std::string field = message.substr(0, message.find(':'));
      auto line = lines_.find(field);
      int64_t at = line != lines_.end() ? line->second : entry.Mark().line + 1;
      return InvalidInput(prefix_ + message, {.file = file_, .line = at});
    }
    if (!names.insert(c.name).second) return Error(entry["name"], "name: '" + c.name + "' is defined twice");
    out.constituents.push_back(std::move(c));
  }
  for (std::string& warning : OverlappingNetworks(out.constituents)) {
    out.warnings.push_back({file_ + ": " + warning});
  }
  return out;
}

}  // namespace

Result<LoadedConstituents> ParseConstituentsYaml(std::string_view text, std::string_view file_name) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return InvalidInput("YAML: " + e.msg, {.file = std::string(file_name),
                                          .line = e.mark.line + 1,
                                          .column = e.mark.column + 1});
  }
  try {
    return Reader(file_name).Read(root);
  } catch (const YAML::Exception& e) {
    return InvalidInput("YAML: " + e.msg, {.file = std::string(file_name), .line = e.mark.line + 1});
  }
}

Result<LoadedConstituents> LoadConstituentsYaml(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError("cannot read constituents file", {.file = path});
  std::ostringstream text;
  text << in.rdbuf();
  return ParseConstituentsYaml(text.str(), path);
}

}  // namespace rampart::respond
