#include <algorithm>

#include <nlohmann/json.hpp>

#include "rampart/respond/constituent.h"
#include "rampart/stix/object.h"

namespace rampart::respond {
namespace {

using nlohmann::json;

json SoftwareJson(const SoftwareItem& item) {
  json out = {{"vendor", item.vendor}, {"product", item.product}, {"version", item.version}};
  if (!item.cpe.empty()) out["cpe"] = item.cpe;
  return out;
}

json ContactsJson(const Contacts& contacts) {
  json out = json::object();
  out["emails"] = contacts.emails;
  if (contacts.webhook) out["webhook"] = {{"url", contacts.webhook->url}, {"secret", contacts.webhook->secret}};
  if (contacts.syslog) {
    out["syslog"] = {{"transport", contacts.syslog->transport},
                     {"host", contacts.syslog->host},
                     {"port", contacts.syslog->port}};
  }
  return out;
}

// Reads `key` of `object` into `out` when present; a mistyped value is an
// error naming the property (a store written by another tool must not crash us).
template <typename T>
Status Read(const json& object, const char* key, T& out) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return Status();
  try {
    out = it->get<T>();
  } catch (const json::exception&) {
    return InvalidInput(std::string("property '") + key + "' has the wrong type");
  }
  return Status();
}

Status ReadContacts(const json& value, Contacts& contacts) {
  if (!value.is_object()) return InvalidInput("x_rampart_contacts is not an object");
  RAMPART_RETURN_IF_ERROR(Read(value, "emails", contacts.emails));
  if (auto hook = value.find("webhook"); hook != value.end() && hook->is_object()) {
    Webhook webhook;
    RAMPART_RETURN_IF_ERROR(Read(*hook, "url", webhook.url));
    RAMPART_RETURN_IF_ERROR(Read(*hook, "secret", webhook.secret));
    contacts.webhook = webhook;
  }
  if (auto sys = value.find("syslog"); sys != value.end() && sys->is_object()) {
    SyslogTarget target;
    RAMPART_RETURN_IF_ERROR(Read(*sys, "transport", target.transport));
    RAMPART_RETURN_IF_ERROR(Read(*sys, "host", target.host));
    RAMPART_RETURN_IF_ERROR(Read(*sys, "port", target.port));
    contacts.syslog = target;
  }
  return Status();
}

Result<Constituent> FromJsonValue(const json& j) {
  Constituent c;
  RAMPART_RETURN_IF_ERROR(Read(j, "name", c.name));
  RAMPART_RETURN_IF_ERROR(Read(j, "description", c.description));
  RAMPART_RETURN_IF_ERROR(Read(j, "sectors", c.sectors));
  RAMPART_RETURN_IF_ERROR(Read(j, "x_rampart_networks", c.networks));
  RAMPART_RETURN_IF_ERROR(Read(j, "x_rampart_domains", c.domains));
  RAMPART_RETURN_IF_ERROR(Read(j, "x_rampart_hosts", c.hosts));
  RAMPART_RETURN_IF_ERROR(Read(j, "x_rampart_parent", c.parent));
  if (auto sw = j.find("x_rampart_software"); sw != j.end() && sw->is_array()) {
    for (const json& item : *sw) {
      SoftwareItem s;
      RAMPART_RETURN_IF_ERROR(Read(item, "vendor", s.vendor));
      RAMPART_RETURN_IF_ERROR(Read(item, "product", s.product));
      RAMPART_RETURN_IF_ERROR(Read(item, "version", s.version));
      RAMPART_RETURN_IF_ERROR(Read(item, "cpe", s.cpe));
      c.software.push_back(std::move(s));
    }
  }
  if (auto contacts = j.find("x_rampart_contacts"); contacts != j.end()) {
    RAMPART_RETURN_IF_ERROR(ReadContacts(*contacts, c.contacts));
  }
  std::string tlp = "clear";
  RAMPART_RETURN_IF_ERROR(Read(j, "x_rampart_tlp_clearance", tlp));
  auto level = stix::ParseTlpLevel(tlp);
  if (!level) return InvalidInput("x_rampart_tlp_clearance: unknown TLP '" + tlp + "'");
  c.clearance = *level;
  return c;
}

}  // namespace

stix::Object ToStix(const Constituent& c, TimestampUs modified, std::string_view created) {
  std::string modified_text = FormatTimestamp(modified);
  json j = {{"type", "identity"},
            {"spec_version", "2.1"},
            {"id", ConstituentId(c.name)},
            {"created", created.empty() ? modified_text : std::string(created)},
            {"modified", modified_text},
            {"name", c.name},
            {"identity_class", "organization"}};
  if (!c.description.empty()) j["description"] = c.description;
  if (!c.sectors.empty()) j["sectors"] = c.sectors;
  if (!c.contacts.emails.empty()) {
    std::string joined;
    for (const std::string& email : c.contacts.emails) joined += (joined.empty() ? "" : ", ") + email;
    j["contact_information"] = joined;
  }
  if (c.revoked) j["revoked"] = true;
  j["x_rampart_constituent"] = true;
  j["x_rampart_networks"] = c.networks;
  j["x_rampart_domains"] = c.domains;
  j["x_rampart_hosts"] = c.hosts;
  json software = json::array();
  for (const SoftwareItem& item : c.software) software.push_back(SoftwareJson(item));
  j["x_rampart_software"] = std::move(software);
  j["x_rampart_contacts"] = ContactsJson(c.contacts);
  j["x_rampart_tlp_clearance"] = std::string(stix::TlpName(c.clearance));
  if (!c.parent.empty()) j["x_rampart_parent"] = c.parent;
  // STIX forbids empty lists: an empty one is left out (here and in contacts).
  for (auto it = j.begin(); it != j.end();) {
    it = it->is_array() && it->empty() ? j.erase(it) : std::next(it);
  }
  if (c.contacts.emails.empty()) j["x_rampart_contacts"].erase("emails");
  // Built from known-good values: FromJson cannot fail here.
  return *stix::FromJson(j);
}

bool IsConstituent(const stix::Object& object) {
  if (object.type != "identity") return false;
  // Cheap pre-check before parsing the JSON (LoadConstituents scans every identity).
  if (object.json.find("\"x_rampart_constituent\":true") == std::string::npos) return false;
  return true;
}

Result<Constituent> FromStix(const stix::Object& object) {
  if (!IsConstituent(object)) {
    return InvalidInput("not a constituent (an identity with x_rampart_constituent)", {.object_id = object.id});
  }
  json j = json::parse(object.json, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return InvalidInput("object JSON does not parse", {.object_id = object.id});
  auto c = FromJsonValue(j);
  if (!c.ok()) return WithContext(c.status(), {.object_id = object.id});
  c->id = object.id;
  c->created = object.created;
  c->modified = object.modified;
  c->revoked = object.revoked;
  return c;
}

Result<std::vector<Constituent>> LoadConstituents(store::Store& store, bool include_revoked) {
  std::vector<Constituent> out;
  store::ExportFilter filter;
  filter.types = {"identity"};
  filter.include_revoked = include_revoked;
  RAMPART_RETURN_IF_ERROR(store.Scan(filter, [&](const stix::Object& object) -> Status {
    if (!IsConstituent(object)) return Status();
    RAMPART_ASSIGN_OR_RETURN(Constituent c, FromStix(object));
    out.push_back(std::move(c));
    return Status();
  }));
  std::sort(out.begin(), out.end(), [](const Constituent& a, const Constituent& b) { return a.name < b.name; });
  return out;
}

Result<Constituent> FindConstituent(store::Store& store, std::string_view name_or_id) {
  std::string id = stix::IsValidId(name_or_id) ? std::string(name_or_id) : ConstituentId(name_or_id);
  auto object = store.Get(id);
  if (!object.ok() || !IsConstituent(*object)) {
    return NotFound("no constituent named '" + std::string(name_or_id) + "'");
  }
  return FromStix(*object);
}

namespace {

Result<store::PutOutcome> PutVersion(store::Store& store, store::Transaction& tx, const Constituent& c,
                                     TimestampUs modified) {
  std::string created;
  auto current = store.Get(ConstituentId(c.name));
  if (current.ok() && IsConstituent(*current)) {
    if (current->revoked) {
      return MakeError(absl::StatusCode::kFailedPrecondition,
                       "constituent '" + c.name + "' was removed (revoked); STIX forbids new versions "
                       "of a revoked object: give it another name", {.object_id = current->id});
    }
    auto previous = FromStix(*current);
    if (previous.ok() && previous->SameContent(c)) return store::PutOutcome::kUnchanged;
    created = current->created;
    if (auto last = ParseTimestamp(current->modified); last.ok() && *last >= modified) {
      modified = *last + 1000;  // STIX timestamps keep milliseconds
    }
  }
  return tx.Put(ToStix(c, modified, created));
}

}  // namespace

Result<store::PutOutcome> PutConstituent(store::Store& store, store::Transaction& tx, const Constituent& c,
                                         TimestampUs modified) {
  Constituent live = c;
  live.revoked = false;
  return PutVersion(store, tx, live, modified);
}

Result<store::PutOutcome> RevokeConstituent(store::Store& store, store::Transaction& tx,
                                            std::string_view name_or_id, TimestampUs modified) {
  RAMPART_ASSIGN_OR_RETURN(Constituent c, FindConstituent(store, name_or_id));
  if (c.revoked) return store::PutOutcome::kUnchanged;
  c.revoked = true;
  return PutVersion(store, tx, c, modified);
}

}  // namespace rampart::respond
