#include "rampart/hunt/observed_scos.h"

#include <set>

#include "rampart/detect/ioc_set.h"
#include "rampart/respond/event_assets.h"
#include "rampart/stix/sco_id.h"

namespace rampart::hunt {
namespace {

using nlohmann::json;

class ScoList {
 public:
  void Add(json sco) {
    auto id = stix::MakeScoId(sco);
    if (!id.ok() || !id->deterministic || !seen_.insert(id->id).second) return;
    sco["id"] = id->id;
    sco["spec_version"] = "2.1";
    out_.push_back(std::move(sco));
  }
  void AddValue(std::string_view type, std::string_view value) {
    if (!value.empty()) Add({{"type", std::string(type)}, {"value", std::string(value)}});
  }
  std::vector<json> Take() { return std::move(out_); }

 private:
  std::set<std::string> seen_;
  std::vector<json> out_;
};

void AddIoc(ScoList& scos, std::string_view text) {
  auto ioc = detect::ClassifyIoc(text);
  if (!ioc) return;
  using detect::IocType;
  switch (ioc->type) {
    case IocType::kIpv4: scos.AddValue("ipv4-addr", ioc->value); break;
    case IocType::kIpv6: scos.AddValue("ipv6-addr", ioc->value); break;
    case IocType::kDomain: scos.AddValue("domain-name", ioc->value); break;
    case IocType::kEmail: scos.AddValue("email-addr", ioc->value); break;
    case IocType::kUrl:
      if (text.find("://") != std::string_view::npos) scos.AddValue("url", text);
      break;
    case IocType::kMd5: scos.Add({{"type", "file"}, {"hashes", {{"MD5", ioc->value}}}}); break;
    case IocType::kSha1: scos.Add({{"type", "file"}, {"hashes", {{"SHA-1", ioc->value}}}}); break;
    case IocType::kSha256: scos.Add({{"type", "file"}, {"hashes", {{"SHA-256", ioc->value}}}}); break;
    case IocType::kSha512: scos.Add({{"type", "file"}, {"hashes", {{"SHA-512", ioc->value}}}}); break;
    case IocType::kCidr4:
    case IocType::kCidr6: break;
  }
}

bool IsFileField(std::string_view field) {
  for (std::string_view f : {"Image", "ParentImage", "TargetFilename", "ImageLoaded", "NewProcessName",
                             "ParentProcessName", "OriginalFileName"}) {
    if (field == f) return true;
  }
  return false;
}

bool IsUserField(std::string_view field) {
  for (std::string_view f : {"User", "TargetUserName", "SubjectUserName", "cs-username", "AccountName"}) {
    if (field == f) return true;
  }
  return false;
}

std::string_view BaseName(std::string_view path) {
  size_t slash = path.find_last_of("\\/");
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::vector<json> ObservedScos(const detect::Hit& hit) {
  ScoList scos;
  for (const detect::MatchedField& m : hit.matched) AddIoc(scos, m.value.empty() ? m.field : m.value);
  respond::EventAssets assets = respond::ReadEventAssets(*hit.event);
  for (const auto* list : {&assets.client_addresses, &assets.server_addresses}) {
    for (const std::string& a : *list) AddIoc(scos, a);
  }
  for (const std::string& d : assets.domains) AddIoc(scos, d);
  for (const std::string& h : assets.hosts) {
    if (h.find('.') != std::string::npos) AddIoc(scos, h);
  }
  hit.event->Fields([&](std::string_view field, const detect::Value& value) {
    if (value.text.empty() || value.text == "-") return;
    if (IsFileField(field)) {
      std::string_view name = BaseName(value.text);
      if (!name.empty()) scos.Add({{"type", "file"}, {"name", std::string(name)}});
    } else if (IsUserField(field)) {
      scos.Add({{"type", "user-account"}, {"account_login", std::string(value.text)}});
    }
  });
  return scos.Take();
}

}  // namespace rampart::hunt
