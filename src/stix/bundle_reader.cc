// BundleReader: one simdjson DOM pass for files that fit, an element
// splitter for the rest (see bundle.h for the contract).
#include <fmt/format.h>
#include <unistd.h>

#include <cstring>

#include "bundle_internal.h"
#include "object_internal.h"
#include "rampart/core/fs.h"
#include "rampart/stix/bundle.h"
#include "upgrade_internal.h"

namespace rampart::stix {
namespace internal {
namespace {
size_t dom_limit = size_t{512} << 20;
}  // namespace
void SetDomLimitForTesting(size_t bytes) { dom_limit = bytes; }
size_t DomLimit() { return dom_limit; }
}  // namespace internal

struct BundleReader::Impl {
  std::string name;
  MappedFile mapped;
  std::string owned;
  std::string_view text;
  mutable simdjson::dom::parser parser;
  bool split = false;
  std::vector<simdjson::dom::element> elements;   // DOM mode
  std::vector<internal::Span> spans;              // split mode
  BundleShape shape = BundleShape::kBundle;
  std::string bundle_id, spec_version;

  Status Load();
  Status LoadDom();
  Status LoadSplit();
  Status TakeRoot(simdjson::dom::element root);
  Result<Object> Element(size_t index) const;
  Status ErrorAt(size_t offset, std::string_view what) const {
    TextPosition at = PositionOf(text, offset);
    ErrorContext context;
    context.file = name;
    context.line = at.line;
    context.column = at.column;
    return InvalidInput(what, context);
  }
};

TextPosition PositionOf(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  TextPosition at;
  size_t line_start = 0;
  const char* p = text.data();
  const char* end = text.data() + offset;
  while (const char* nl = static_cast<const char*>(std::memchr(p, '\n', end - p))) {
    ++at.line;
    line_start = nl + 1 - text.data();
    p = nl + 1;
  }
  at.column = static_cast<int64_t>(offset - line_start) + 1;
  return at;
}

Status BundleReader::Impl::Load() {
  ErrorContext file_context;
  file_context.file = name;
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return InvalidInput("empty file: expected a STIX bundle, an array of objects or one object",
                        file_context);
  }
  if (text.size() <= internal::DomLimit()) return LoadDom();
  return LoadSplit();
}

Status BundleReader::Impl::LoadSplit() {
  split = true;
  internal::SplitResult parts;
  if (Status s = internal::SplitTopLevel(text, &parts); !s.ok()) {
    return ErrorAt(parts.error_offset, std::string(s.message()));
  }
  shape = parts.shape;
  spans = std::move(parts.elements);
  for (auto [key, target] : {std::pair{&parts.id, &bundle_id}, {&parts.spec_version, &spec_version}}) {
    if (key->length == 0) continue;
    simdjson::dom::element value;
    std::string_view str;
    if (parser.parse(text.data() + key->offset, key->length).get(value) == simdjson::SUCCESS &&
        value.get_string().get(str) == simdjson::SUCCESS) {
      target->assign(str);
    }
  }
  return Status();
}

Status BundleReader::Impl::LoadDom() {
  // A mapped file whose last page has room for simdjson's padding is parsed
  // in place; otherwise simdjson copies it into a padded buffer.
  size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  bool padded = false;
  if (!mapped.view().empty()) {
    size_t rest = text.size() % page;
    padded = rest != 0 && page - rest >= simdjson::SIMDJSON_PADDING;
  } else {
    padded = owned.capacity() - owned.size() >= simdjson::SIMDJSON_PADDING;
  }
  simdjson::dom::element root;
  auto error = parser.parse(text.data(), text.size(), !padded).get(root);
  // No room for one DOM of the whole file: parse it element by element.
  if (error == simdjson::MEMALLOC || error == simdjson::CAPACITY) return LoadSplit();
  if (error != simdjson::SUCCESS) {
    size_t offset = 0;
    std::string why;
    if (internal::LocateJsonError(text, &offset, &why)) {
      return ErrorAt(offset, fmt::format("invalid JSON: {}", why));
    }
    ErrorContext context;
    context.file = name;
    return InvalidInput(fmt::format("invalid JSON: {}", simdjson::error_message(error)), context);
  }
  return TakeRoot(root);
}

Status BundleReader::Impl::TakeRoot(simdjson::dom::element root) {
  ErrorContext context;
  context.file = name;
  simdjson::dom::array array;
  if (root.get_array().get(array) == simdjson::SUCCESS) {
    shape = BundleShape::kArray;
    for (simdjson::dom::element e : array) elements.push_back(e);
    return Status();
  }
  simdjson::dom::object object;
  std::string_view type;
  if (root.get_object().get(object) != simdjson::SUCCESS ||
      object["type"].get_string().get(type) != simdjson::SUCCESS) {
    return InvalidInput("expected a STIX bundle, an array of objects or one STIX object", context);
  }
  if (type != "bundle") {
    shape = BundleShape::kSingleObject;
    elements.push_back(root);
    return Status();
  }
  shape = BundleShape::kBundle;
  std::string_view str;
  if (object["id"].get_string().get(str) == simdjson::SUCCESS) bundle_id.assign(str);
  if (object["spec_version"].get_string().get(str) == simdjson::SUCCESS) spec_version.assign(str);
  simdjson::dom::element objects;
  if (object["objects"].get(objects) != simdjson::SUCCESS) return Status();  // optional
  if (objects.get_array().get(array) != simdjson::SUCCESS) {
    return InvalidInput("bundle property 'objects' must be a list of STIX objects", context);
  }
  for (simdjson::dom::element e : array) elements.push_back(e);
  return Status();
}

Result<Object> BundleReader::Impl::Element(size_t index) const {
  ErrorContext context;
  context.file = name;
  context.object_index = static_cast<int64_t>(index);
  simdjson::dom::element element;
  if (split) {
    const internal::Span& span = spans[index];
    auto error = parser.parse(text.data() + span.offset, span.length).get(element);
    if (error == simdjson::MEMALLOC || error == simdjson::CAPACITY) {
      return InvalidInput(fmt::format("object of {} bytes is too large to parse ({})", span.length,
                                      simdjson::error_message(error)),
                          context);
    }
    if (error != simdjson::SUCCESS) {
      size_t offset = 0;
      std::string why;
      if (internal::LocateJsonError(text.substr(span.offset, span.length), &offset, &why)) {
        return ErrorAt(span.offset + offset, fmt::format("invalid JSON: {}", why));
      }
      return InvalidInput(fmt::format("invalid JSON: {}", simdjson::error_message(error)), context);
    }
  } else {
    element = elements[index];
  }
  simdjson::dom::object object;
  if (element.get_object().get(object) != simdjson::SUCCESS) {
    return InvalidInput("a STIX object must be a JSON object", context);
  }
  std::string_view id;
  if (object["id"].get_string().get(id) == simdjson::SUCCESS) context.object_id.assign(id);
  std::string minified = simdjson::to_string(element);
  Result<Object> result;
  if (internal::NeedsUpgrade(object, spec_version == "2.0")) {
    bool reparse = false;
    Result<std::string> upgraded = internal::UpgradeElement(object, std::move(minified), &reparse);
    if (!upgraded.ok()) return WithContext(upgraded.status(), context);
    if (reparse) {
      result = ParseObject(*upgraded);
    } else {
      result = internal::ObjectFromElement(element, std::move(upgraded).value());
      if (result.ok()) result->spec_version = "2.1";
    }
  } else {
    result = internal::ObjectFromElement(element, std::move(minified));
  }
  if (!result.ok()) return WithContext(result.status(), context);
  return result;
}

BundleReader::BundleReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
BundleReader::BundleReader(BundleReader&&) noexcept = default;
BundleReader& BundleReader::operator=(BundleReader&&) noexcept = default;
BundleReader::~BundleReader() = default;

Result<BundleReader> BundleReader::Open(const std::string& path) {
  if (path == "-") {
    RAMPART_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
    return FromString(std::move(text), "-");
  }
  auto impl = std::make_unique<Impl>();
  impl->name = path;
  RAMPART_ASSIGN_OR_RETURN(impl->mapped, MappedFile::Open(path));
  impl->text = impl->mapped.view();
  RAMPART_RETURN_IF_ERROR(impl->Load());
  return BundleReader(std::move(impl));
}

Result<BundleReader> BundleReader::FromString(std::string text, std::string name) {
  auto impl = std::make_unique<Impl>();
  impl->name = std::move(name);
  impl->owned = std::move(text);
  impl->text = impl->owned;
  RAMPART_RETURN_IF_ERROR(impl->Load());
  return BundleReader(std::move(impl));
}

BundleShape BundleReader::shape() const { return impl_->shape; }
const std::string& BundleReader::bundle_id() const { return impl_->bundle_id; }
const std::string& BundleReader::declared_spec_version() const { return impl_->spec_version; }
size_t BundleReader::size() const {
  return impl_->split ? impl_->spans.size() : impl_->elements.size();
}

void BundleReader::ForEach(const std::function<bool(size_t, Result<Object>)>& fn) const {
  for (size_t i = 0, n = size(); i < n; ++i) {
    if (!fn(i, impl_->Element(i))) return;
  }
}

Result<std::vector<Object>> BundleReader::ReadAll() const {
  std::vector<Object> objects;
  objects.reserve(size());
  Status first_error;
  ForEach([&](size_t, Result<Object> object) {
    if (!object.ok()) {
      first_error = object.status();
      return false;
    }
    objects.push_back(std::move(object).value());
    return true;
  });
  if (!first_error.ok()) return first_error;
  return objects;
}

Result<std::vector<Object>> ReadBundleFile(const std::string& path) {
  RAMPART_ASSIGN_OR_RETURN(BundleReader reader, BundleReader::Open(path));
  return reader.ReadAll();
}

}  // namespace rampart::stix
