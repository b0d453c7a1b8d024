// The element splitter for files too large for one DOM, and the locator of
// JSON errors that simdjson reports without a position.
//
// Grammar walked by SplitTopLevel (whitespace allowed between tokens):
//   file    := bundle | array | object
//   bundle  := '{' (string ':' value) (',' string ':' value)* '}'   with key "objects" -> array
//   array   := '[' (value (',' value)*)? ']'    each value is one element span
//   value   := string | '{' … '}' | '[' … ']' | scalar   (balanced, strings skipped)
#include <nlohmann/json.hpp>

#include <cstring>

#include "bundle_internal.h"
#include "rampart/core/json_error.h"

namespace rampart::stix::internal {
namespace {

class Scanner {
 public:
  explicit Scanner(std::string_view text) : t_(text) {}
  size_t pos() const { return pos_; }
  bool AtEnd() { SkipWs(); return pos_ >= t_.size(); }
  char Peek() { SkipWs(); return pos_ < t_.size() ? t_[pos_] : '\0'; }
  bool Eat(char c) {
    if (Peek() != c) return false;
    ++pos_;
    return true;
  }

  // Advances over one JSON value; false (pos at the fault) if unbalanced.
  bool SkipValue(Span* span) {
    SkipWs();
    span->offset = pos_;
    if (pos_ >= t_.size()) return false;
    char c = t_[pos_];
    if (c == '"') {
      if (!SkipString()) return false;
    } else if (c == '{' || c == '[') {
      if (!SkipNested()) return false;
    } else {
      while (pos_ < t_.size() && !std::strchr(",]} \t\r\n", t_[pos_])) ++pos_;
      if (pos_ == span->offset) return false;
    }
    span->length = pos_ - span->offset;
    return true;
  }

  bool SkipString() {  // at '"'
    ++pos_;
    while (pos_ < t_.size()) {
      const char* p = static_cast<const char*>(
          std::memchr(t_.data() + pos_, '"', t_.size() - pos_));
      if (!p) break;
      size_t quote = p - t_.data();
      size_t backslashes = 0;
      while (quote - backslashes > pos_ - 1 && t_[quote - 1 - backslashes] == '\\') ++backslashes;
      pos_ = quote + 1;
      if (backslashes % 2 == 0) return true;
    }
    pos_ = t_.size();
    return false;
  }

 private:
  void SkipWs() {
    while (pos_ < t_.size() && (t_[pos_] == ' ' || t_[pos_] == '\n' || t_[pos_] == '\r' || t_[pos_] == '\t')) {
      ++pos_;
    }
  }
  bool SkipNested() {
    std::vector<char> stack;
    while (pos_ < t_.size()) {
      char c = t_[pos_];
      if (c == '"') {
        if (!SkipString()) return false;
        continue;
      }
      if (c == '{' || c == '[') {
        stack.push_back(c == '{' ? '}' : ']');
      } else if (c == '}' || c == ']') {
        if (stack.empty() || stack.back() != c) return false;
        stack.pop_back();
        if (stack.empty()) {
          ++pos_;
          return true;
        }
      }
      ++pos_;
    }
    return false;
  }

  std::string_view t_;
  size_t pos_ = 0;
};

Status Fail(SplitResult* out, size_t at, std::string_view what) {
  out->error_offset = at;
  return InvalidInput(what);
}

Status SplitArray(Scanner& s, SplitResult* out) {  // after '['
  if (s.Eat(']')) return Status();
  while (true) {
    Span span;
    if (!s.SkipValue(&span)) return Fail(out, s.pos(), "invalid JSON: unterminated or unbalanced value");
    out->elements.push_back(span);
    if (s.Eat(',')) continue;
    if (s.Eat(']')) return Status();
    return Fail(out, s.pos(), "invalid JSON: expected ',' or ']' after an array element");
  }
}

}  // namespace

Status SplitTopLevel(std::string_view text, SplitResult* out) {
  Scanner s(text);
  if (s.Eat('[')) {
    out->shape = BundleShape::kArray;
    RAMPART_RETURN_IF_ERROR(SplitArray(s, out));
  } else if (s.Peek() == '{') {
    size_t start = s.pos();
    s.Eat('{');
    bool is_bundle = false;
    while (!s.Eat('}')) {
      if (s.Peek() != '"') return Fail(out, s.pos(), "invalid JSON: expected a property name");
      size_t key_start = s.pos();
      s.SkipString();
      std::string_view key = text.substr(key_start + 1, s.pos() - key_start - 2);
      if (!s.Eat(':')) return Fail(out, s.pos(), "invalid JSON: expected ':' after a property name");
      if (key == "objects" && s.Eat('[')) {
        RAMPART_RETURN_IF_ERROR(SplitArray(s, out));
      } else {
        Span value;
        if (!s.SkipValue(&value)) return Fail(out, s.pos(), "invalid JSON: unterminated or unbalanced value");
        std::string_view raw = text.substr(value.offset, value.length);
        if (key == "type") is_bundle = raw == "\"bundle\"";
        if (key == "id") out->id = value;
        if (key == "spec_version") out->spec_version = value;
      }
      if (s.Eat(',')) continue;
      if (s.Peek() != '}') return Fail(out, s.pos(), "invalid JSON: expected ',' or '}'");
    }
    if (!is_bundle) {
      out->shape = BundleShape::kSingleObject;
      out->elements = {Span{start, s.pos() - start}};
      out->id = out->spec_version = Span{};
    }
  } else {
    return Fail(out, s.pos(), "expected a STIX bundle, an array of objects or one STIX object");
  }
  if (!s.AtEnd()) return Fail(out, s.pos(), "invalid JSON: unexpected text after the end");
  return Status();
}

namespace {

// A SAX consumer that builds nothing and remembers the first error.
struct ErrorOnly : nlohmann::json::json_sax_t {
  size_t byte = 0;
  std::string what;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::json::exception& e) override {
    byte = position;
    what = e.what();
    return false;
  }
};

}  // namespace

bool LocateJsonError(std::string_view text, size_t* offset, std::string* why) {
  ErrorOnly sax;
  bool ok = false;
  try {
    ok = nlohmann::json::sax_parse(text.begin(), text.end(), &sax);
  } catch (const std::exception& e) {
    return false;
  }
  if (ok) return false;
  // nlohmann counts the offending character as read: position 1 = first byte.
  *offset = sax.byte > 0 ? sax.byte - 1 : 0;
  // "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error while parsing …"
  std::string message = DescribeJsonError(sax.what);
  *why = std::string(message);
  return true;
}

}  // namespace rampart::stix::internal
