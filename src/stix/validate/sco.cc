// Cyber-observable rules (digest §1.4 SCO table) and the hashes dictionary.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "rampart/stix/upgrade.h"
#include "rampart/stix/vocab.h"
#include "validate/checker.h"

namespace rampart::stix::internal {
namespace {

size_t HexLengthOf(std::string_view algorithm) {
  if (algorithm == "MD5") return 32;
  if (algorithm == "SHA-1") return 40;
  if (algorithm == "SHA-256" || algorithm == "SHA3-256") return 64;
  if (algorithm == "SHA-512" || algorithm == "SHA3-512") return 128;
  return 0;
}

Status CheckHashes(const Checker& c, std::string_view property) {
  simdjson::dom::element e;
  if (c.raw()[property].get(e) != simdjson::SUCCESS) return Status();
  simdjson::dom::object hashes;
  if (e.get_object().get(hashes) != simdjson::SUCCESS || hashes.size() == 0) {
    return c.Fail(property, "must be a non-empty dictionary of algorithm -> hash");
  }
  for (auto field : hashes) {
    std::string_view name = field.key, value;
    if (field.value.get_string().get(value) != simdjson::SUCCESS) {
      return c.Fail(property, fmt::format("value of '{}' must be a string", name));
    }
    if (!InVocab(HashingAlgorithmOv(), name)) {
      std::string canonical = NormalizeHashName(name);
      if (canonical != name && InVocab(HashingAlgorithmOv(), canonical)) {
        return c.Fail(property, fmt::format("key '{}' must be spelled '{}'", name, canonical));
      }
      bool form = name.size() >= 3 && name.size() <= 250 &&
                  std::all_of(name.begin(), name.end(), [](char ch) {
                    return std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_';
                  });
      if (!form) return c.Fail(property, fmt::format("key '{}' is not a hash algorithm name", name));
      continue;
    }
    size_t hex = HexLengthOf(name);
    if (hex != 0 && (value.size() != hex || !std::all_of(value.begin(), value.end(), [](char ch) {
                       return std::isxdigit(static_cast<unsigned char>(ch));
                     }))) {
      return c.Fail(property, fmt::format("{} must be {} hex digits, got \"{}\"", name, hex, value));
    }
  }
  return Status();
}

bool HasBeyondCommon(const Checker& c) {
  for (auto field : c.raw()) {
    std::string_view k = field.key;
    if (k != "type" && k != "id" && k != "spec_version" && k != "object_marking_refs" &&
        k != "granular_markings" && k != "defanged" && k != "extensions") {
      return true;
    }
  }
  return c.Has("extensions");
}

}  // namespace

Status CheckSco(const Checker& c) {
  std::string_view t = c.type();
  RAMPART_RETURN_IF_ERROR(CheckHashes(c, "hashes"));
  if (t == "domain-name" || t == "email-addr" || t == "ipv4-addr" || t == "ipv6-addr" ||
      t == "mac-addr" || t == "url") {
    return c.RequireString("value");
  }
  if (t == "artifact") {
    bool payload = c.Has("payload_bin"), url = c.Has("url");
    if (payload == url) return c.Fail("payload_bin", "or 'url' is required, and only one of them");
    if (url && !c.Has("hashes")) return c.Fail("hashes", "is required when 'url' is present");
    if (c.Has("decryption_key") && !c.Has("encryption_algorithm")) {
      return c.Fail("decryption_key", "is only allowed with 'encryption_algorithm'");
    }
    return c.OptionalEnum("encryption_algorithm", EncryptionAlgorithmEnum());
  }
  if (t == "autonomous-system") return c.RequireInteger("number", 0, INT64_MAX);
  if (t == "directory") return c.RequireString("path");
  if (t == "mutex" || t == "software") return c.RequireString("name");
  if (t == "email-message") {
    RAMPART_RETURN_IF_ERROR(c.RequireBool("is_multipart"));
    bool multipart = false;
    IgnoreError(c.raw()["is_multipart"].get_bool().get(multipart));
    if (multipart && c.Has("body")) return c.Fail("body", "is only allowed when 'is_multipart' is false");
    if (!multipart && c.Has("body_multipart")) {
      return c.Fail("body_multipart", "is only allowed when 'is_multipart' is true");
    }
    return c.OptionalRef("from_ref", {"email-addr"});
  }
  if (t == "file") {
    RAMPART_RETURN_IF_ERROR(c.RequireOneOf({"hashes", "name"}));
    return c.OptionalString("name");
  }
  if (t == "network-traffic") {
    RAMPART_RETURN_IF_ERROR(c.RequireStringList("protocols"));
    RAMPART_RETURN_IF_ERROR(c.RequireOneOf({"src_ref", "dst_ref"}));
    RAMPART_RETURN_IF_ERROR(c.OptionalInteger("src_port", 0, 65535));
    return c.OptionalInteger("dst_port", 0, 65535);
  }
  if (t == "process" || t == "user-account" || t == "windows-registry-key" || t == "x509-certificate") {
    if (!HasBeyondCommon(c)) return c.Fail("type", "needs at least one property besides the common ones");
  }
  return Status();
}

}  // namespace rampart::stix::internal
