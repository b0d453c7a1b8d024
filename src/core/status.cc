#include "rampart/core/status.h"

#include <fmt/format.h>

#include "rampart/core/escape.h"
#include "rampart/core/strings.h"

#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"

namespace rampart {
namespace {

// Payload type URL; the value is "key=value" lines (values never hold '\n').
constexpr std::string_view kContextUrl = "rampart/error-context";

std::string Encode(const ErrorContext& c) {
  auto clean = [](std::string_view s) {
    std::string out(s);
    for (char& ch : out) if (ch == '\n') ch = ' ';
    return out;
  };
  return fmt::format("file={}\nline={}\ncolumn={}\nindex={}\nid={}", clean(c.file), c.line, c.column,
                     c.object_index, clean(c.object_id));
}

ErrorContext Decode(std::string_view text) {
  ErrorContext c;
  for (absl::string_view line_absl : absl::StrSplit(ToAbsl(text), '\n')) {
    std::string_view line = ToStd(line_absl);
    auto eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view key = line.substr(0, eq), value = line.substr(eq + 1);
    if (key == "file") c.file = std::string(value);
    else if (key == "line") (void)absl::SimpleAtoi(ToAbsl(value), &c.line);
    else if (key == "column") (void)absl::SimpleAtoi(ToAbsl(value), &c.column);
    else if (key == "index") (void)absl::SimpleAtoi(ToAbsl(value), &c.object_index);
    else if (key == "id") c.object_id = std::string(value);
  }
  return c;
}

}  // namespace

Status MakeError(absl::StatusCode code, std::string_view message, const ErrorContext& context) {
  Status status(code, ToAbsl(message));
  if (!context.file.empty() || context.line > 0 || context.object_index >= 0 ||
      !context.object_id.empty()) {
    status.SetPayload(ToAbsl(kContextUrl), absl::Cord(Encode(context)));
  }
  return status;
}

Status InvalidInput(std::string_view m, const ErrorContext& c) {
  return MakeError(absl::StatusCode::kInvalidArgument, m, c);
}
Status NotFound(std::string_view m, const ErrorContext& c) {
  return MakeError(absl::StatusCode::kNotFound, m, c);
}
Status IoError(std::string_view m, const ErrorContext& c) {
  return MakeError(absl::StatusCode::kUnavailable, m, c);
}
Status Internal(std::string_view m, const ErrorContext& c) {
  return MakeError(absl::StatusCode::kInternal, m, c);
}

std::optional<ErrorContext> GetContext(const Status& status) {
  auto payload = status.GetPayload(ToAbsl(kContextUrl));
  if (!payload) return std::nullopt;
  return Decode(std::string(*payload));
}

Status WithContext(Status status, const ErrorContext& context) {
  if (status.ok()) return status;
  ErrorContext merged = GetContext(status).value_or(ErrorContext{});
  if (merged.file.empty()) merged.file = context.file;
  if (merged.line == 0) merged.line = context.line;
  if (merged.column == 0) merged.column = context.column;
  if (merged.object_index < 0) merged.object_index = context.object_index;
  if (merged.object_id.empty()) merged.object_id = context.object_id;
  return MakeError(status.code(), ToStd(status.message()), merged);
}

std::string FormatError(const Status& status) {
  if (status.ok()) return "ok";
  std::string out;
  if (auto c = GetContext(status)) {
    if (!c->file.empty()) {
      out += c->file;
      if (c->line > 0) out += fmt::format(":{}", c->line);
      if (c->line > 0 && c->column > 0) out += fmt::format(":{}", c->column);
      out += ": ";
    }
    if (c->object_index >= 0 && !c->object_id.empty()) {
      out += fmt::format("object {} ({}): ", c->object_index, c->object_id);
    } else if (c->object_index >= 0) {
      out += fmt::format("object {}: ", c->object_index);
    } else if (!c->object_id.empty()) {
      out += fmt::format("object {}: ", c->object_id);
    }
  }
  out += ToStd(status.message());
  return EscapeControlBytes(out);
}

namespace {
// Length of the well-formed UTF-8 sequence at s[i] (>= 2 bytes), 0 if none.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
  if (n == 0 || c > 0xF4 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  unsigned char d = byte(i + 1);
  if ((c == 0xE0 && d < 0xA0) || (c == 0xED && d > 0x9F) || (c == 0xF0 && d < 0x90) || (c == 0xF4 && d > 0x8F)) {
    return 0;  // overlong, surrogate, above U+10FFFF
  }
  return n;
}
}  // namespace

std::string EscapeControlBytes(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      if (size_t n = Utf8SequenceLength(text, i); n > 0) {
        out.append(text.substr(i, n));
        i += n;
        continue;
      }
    } else if (c >= 0x20 && c != 0x7F) {
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    if (c == '\t') out.push_back('\t');
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else out += fmt::format("\\x{:02x}", c);
    ++i;
  }
  return out;
}

}  // namespace rampart
