// Which event fields carry which STIX object path: the bridge between STIX
// patterns ("[ipv4-addr:value = '...']") and log records (c-ip, SourceIp,
// id.orig_h ...). The default table is documented, with its reasons, in
// docs/design/indicators.md; callers may add their own mappings.
//
// Object identity. Inside one `[...]`, AND needs both tests to hold on the
// same object. In an event, every field mapped to a *value-only* type
// (ipv4-addr, ipv6-addr, domain-name, url, email-addr, mac-addr) is its own
// object (c-ip and s-ip are two ipv4-addr objects); all fields of any other
// type (file, process, network-traffic, user-account ...) describe one
// object of that type per event. `object` in the callback says which.
//
// Thread-safety: a FieldMap is immutable once built; Default() is built once
// (thread-safe static) and may be shared by every thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "rampart/detect/event.h"
#include "rampart/stix/pattern_ast.h"

namespace rampart::detect {

// How a field's text becomes the path's value.
enum class FieldTransform : uint8_t {
  kNone,
  kBasename,       // "C:\\Windows\\cmd.exe" -> "cmd.exe" (file:name <- Image)
  kSysmonHash,     // "SHA1=..,MD5=..,SHA256=.." -> the value of `arg` (upper-case algorithm)
  kHexInText,      // every hex run of `arg` digits inside the text (hashes in cs-uri-query)
  kW3cUrl,         // cs-uri-stem + '?' + cs-uri-query (when the query is not '-')
  kIpv4Only,       // the value if it is an IPv4 address
  kIpv6Only,       // the value if it is an IPv6 address
};

struct FieldSource {
  std::string field;  // event field name (Event::Values lookup)
  FieldTransform transform = FieldTransform::kNone;
  std::string arg;    // kSysmonHash: "SHA256"; kHexInText: "64"
};

class FieldMap {
 public:
  FieldMap();
  ~FieldMap();
  FieldMap(const FieldMap&);
  FieldMap& operator=(const FieldMap&);

  // The built-in table (see docs/design/indicators.md).
  static const FieldMap& Default();

  // Maps `path` (pattern syntax, e.g. "file:hashes.'SHA-256'") to `source`.
  // Paths are compared in canonical form (CanonicalPath), so
  // file:hashes.'SHA-256', file:hashes.SHA256 and file:hashes.'sha-256'
  // are one path.
  void Add(std::string_view path, FieldSource source);

  // "file:hashes.SHA256" for any spelling of the hash algorithm; otherwise
  // ObjectPath::ToString().
  static std::string CanonicalPath(const stix::ObjectPath& path);

  // True if some field is mapped to `path`.
  bool Maps(const stix::ObjectPath& path) const;

  // Calls `fn` for every value of `path` present in `event`: the field it
  // came from, the value text (a view into the event, or into `scratch`
  // for built values, valid until the next call) and the object it belongs
  // to (see above). W3C's "-" (no value) is skipped.
  void ForEachValue(const stix::ObjectPath& path, const Event& event, std::string& scratch,
                    absl::FunctionRef<void(std::string_view field, std::string_view value, std::string_view object)> fn) const;

  // Every mapped path, sorted (for documentation and `rules check`).
  std::vector<std::string> Paths() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rampart::detect
