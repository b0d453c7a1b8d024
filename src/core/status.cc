#include "rampart/core/status.h"

#include <fmt/format.h>

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
  return out;
}

}  // namespace rampart
