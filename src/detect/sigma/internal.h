// Private pieces of the Sigma parser shared by its files.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/detect/sigma.h"

namespace rampart::detect::internal {

// A scalar of a detection value list, typed as YAML wrote it.
struct RawValue {
  enum class Type : uint8_t { kString, kNumber, kBool, kNull };
  Type type = Type::kString;
  std::string text;
  SourceLocation where;
};

// Builds one detection item from its key ("field|mod|mod", "" or "|all" for
// keywords) and values. Errors carry `where` (the key's location).
Result<DetectionItem> BuildItem(std::string_view key, const std::vector<RawValue>& values,
                                bool keyword, const SourceLocation& where,
                                const ParseOptions& options);

// Parses a condition over `names` (the rule's search identifiers).
Result<Condition> ParseCondition(std::string_view text, const std::vector<std::string>& names);

// IPv4 / IPv6 text to 16 bytes (IPv4 in the first 4); nullopt if not an address.
std::optional<std::array<uint8_t, 16>> ParseIp(std::string_view text, bool* v6);
Result<Cidr> ParseCidr(std::string_view text);

std::string Base64(std::string_view bytes);

// Sets rule->fields to every field the detection reads (sorted, unique).
void CollectFields(SigmaRule* rule);

}  // namespace rampart::detect::internal
