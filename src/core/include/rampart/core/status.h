// Errors are values with context.
//
// rampart's Status and Result<T> are absl::Status and absl::StatusOr<T>:
// success costs nothing, failure carries a code and a message. An error that
// came from outside input also carries *where*: the file, line, column and,
// for STIX data, the object index and id. That context travels as absl::Status
// payloads so it survives being passed up unchanged, and FormatError() renders
// it in the one form every command prints:
//
//   enterprise.json:1204:17: object 52 (intrusion-set--7113...): missing 'name'
//
// Exceptions from nlohmann-json, yaml-cpp and Boost never cross a module
// boundary: adapters catch them and return one of these values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace rampart {

using Status = absl::Status;
template <typename T>
using Result = absl::StatusOr<T>;

// Where an error was found. Every member is optional; unset ones are omitted
// from the rendered message.
struct ErrorContext {
  std::string file;               // path as the user gave it, or "-" for stdin
  int64_t line = 0;               // 1-based; 0 = unknown
  int64_t column = 0;             // 1-based; 0 = unknown
  int64_t object_index = -1;      // 0-based index in a bundle/array; -1 = unknown
  std::string object_id;          // STIX id, rule id, record id ...
};

// Builds an error of `code` with `message` and `context`.
Status MakeError(absl::StatusCode code, std::string_view message, const ErrorContext& context = {});

// Shorthands for the codes rampart uses. InvalidInput = bad outside input
// (exit 2 in the CLI); NotFound = lookup failed (exit 1); Internal = a bug or
// an environment failure (I/O, database).
Status InvalidInput(std::string_view message, const ErrorContext& context = {});
Status NotFound(std::string_view message, const ErrorContext& context = {});
Status IoError(std::string_view message, const ErrorContext& context = {});
Status Internal(std::string_view message, const ErrorContext& context = {});

// Returns the context attached by MakeError (or WithContext), if any.
std::optional<ErrorContext> GetContext(const Status& status);

// Returns `status` with missing context members filled from `context`
// (members already set win: the innermost knowledge is the most precise).
// OK passes through unchanged.
Status WithContext(Status status, const ErrorContext& context);

// "file:line:column: object N (id): message" with absent parts left out.
std::string FormatError(const Status& status);

}  // namespace rampart

// Early-return helpers, as in Abseil-based code bases.
#define RAMPART_RETURN_IF_ERROR(expr)          \
  do {                                         \
    ::rampart::Status _st = (expr);            \
    if (!_st.ok()) return _st;                 \
  } while (0)

#define RAMPART_CONCAT_INNER(a, b) a##b
#define RAMPART_CONCAT(a, b) RAMPART_CONCAT_INNER(a, b)
#define RAMPART_ASSIGN_OR_RETURN(lhs, expr) \
  RAMPART_ASSIGN_OR_RETURN_IMPL(RAMPART_CONCAT(_result_, __LINE__), lhs, expr)
#define RAMPART_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return tmp.status();                 \
  lhs = std::move(tmp).value()
