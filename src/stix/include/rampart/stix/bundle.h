// Reading and writing STIX bundles.
//
// BundleReader reads a whole file (memory-mapped) and yields its objects in
// order, each already upgraded to STIX 2.1 (upgrade.h) when the bundle or the
// object is STIX 2.0 (a missing spec_version means 2.0). It accepts three
// shapes: a bundle {"type":"bundle","objects":[…]}, a JSON array of objects,
// and one bare object.
//
// Partial-failure policy: a file that is not JSON, or not one of the three
// shapes, fails Open() as a whole (InvalidInput with file:line:column where
// the JSON breaks). A well-formed file whose elements are bad STIX yields an
// error for each such element (file, object index and id in ErrorContext)
// and goes on with the next; importers decide whether one bad object aborts
// the import (rampart's importers do: imports are all-or-nothing).
//
// Size: files up to 512 MB are parsed in one simdjson DOM pass (ATT&CK's
// 45 MB peaks at about 200 MB RSS). Larger files, those past simdjson's 4 GB
// document limit, and files whose DOM cannot be allocated are split into
// their elements by a scanner and each element is parsed on its own, so
// memory stays proportional to the largest element. The result is the same
// either way. An element too large for simdjson (4 GB) is an element error.
//
// Objects are not validated here: call Validate() (validate.h) on each.
// A reader is move-only and not thread-safe; separate readers are independent.
#pragma once

#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/stix/object.h"

namespace rampart::stix {

enum class BundleShape { kBundle, kArray, kSingleObject };

class BundleReader {
 public:
  // Maps and parses `path`. Errors: IoError (cannot open/read), InvalidInput
  // ("enterprise.json:1204:17: invalid JSON: …", or "expected a bundle, an
  // array of objects or one STIX object").
  static Result<BundleReader> Open(const std::string& path);
  // Same over text in memory; `name` stands in for the file in messages.
  static Result<BundleReader> FromString(std::string text, std::string name = "<input>");

  BundleReader(BundleReader&&) noexcept;
  BundleReader& operator=(BundleReader&&) noexcept;
  ~BundleReader();

  BundleShape shape() const;
  // The bundle's id and declared spec_version ("" when absent or not a bundle).
  const std::string& bundle_id() const;
  const std::string& declared_spec_version() const;
  // Number of elements (objects) in the file.
  size_t size() const;

  // Calls `fn(index, object)` for every element in order, the object already
  // upgraded to 2.1 and parsed (ParseObject's rules); bad elements come as an
  // error carrying file, object_index and (if readable) object_id. Stops
  // early when `fn` returns false. May be called more than once.
  void ForEach(const std::function<bool(size_t index, Result<Object> object)>& fn) const;

  // Every object; the first element error (with its context) if any.
  Result<std::vector<Object>> ReadAll() const;

 private:
  struct Impl;
  explicit BundleReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Reads a whole file into objects: BundleReader::Open(path) then ReadAll().
Result<std::vector<Object>> ReadBundleFile(const std::string& path);

// Writes {"type":"bundle","id":"bundle--<uuid>","objects":[…]} with each
// object's minified JSON in the order given. Deterministic: the same objects
// and id give the same bytes. Writes as it goes (memory independent of the
// bundle size). The bundle id is taken as given; MakeBundleId() derives one.
class BundleWriter {
 public:
  // Writes into `out` (borrowed; must outlive the writer). REQUIRES: non-null.
  BundleWriter(std::FILE* out, std::string_view bundle_id);
  BundleWriter(std::string* out, std::string_view bundle_id);
  BundleWriter(const BundleWriter&) = delete;
  BundleWriter& operator=(const BundleWriter&) = delete;
  ~BundleWriter();  // Finishes if Finish() was not called (errors are lost).

  void Add(const Object& object) { AddJson(object.json); }
  // REQUIRES: `object_json` is one JSON object (e.g. Object::json).
  void AddJson(std::string_view object_json);
  // Closes the bundle; IoError if writing to the FILE* failed. Idempotent.
  Status Finish();

 private:
  void Write(std::string_view text);
  std::FILE* file_ = nullptr;
  std::string* string_ = nullptr;
  size_t count_ = 0;
  bool finished_ = false;
  bool failed_ = false;
};

// The whole bundle as text (BundleWriter into a string).
std::string WriteBundle(const std::vector<Object>& objects, std::string_view bundle_id);

// A deterministic bundle id: "bundle--" + UUIDv5 (rampart namespace) over the
// ids and modified stamps of `objects` in order.
std::string MakeBundleId(const std::vector<Object>& objects);

// 1-based line and column (in bytes) of byte `offset` of `text`.
struct TextPosition {
  int64_t line = 1;
  int64_t column = 1;
};
TextPosition PositionOf(std::string_view text, size_t offset);

}  // namespace rampart::stix
