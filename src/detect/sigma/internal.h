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

// Expansion limits (docs/FUZZING.md, "Sigma expansion limits"). A rule
// past one is rejected by the parser with a located error naming the limit,
// before the expansion is built: `windash` makes 5^n strings for n dashes,
// `expand` the product of its placeholders' value counts, `base64offset`
// three per value, and YAML aliases repeat lists and maps without costing
// input bytes. The largest SigmaHQ rule (driver_load_win_vuln_drivers.yml,
// 4,432 hashes) is far below them; all of SigmaHQ together holds ~47,000
// values.
//   values of one detection item, after every modifier:
inline constexpr size_t kMaxItemValues = 65536;
//   values of one rule (every item of every search identifier; filters
//   applied to it included):
inline constexpr size_t kMaxRuleValues = 65536;
//   values of every rule, filter and correlation document of one file:
inline constexpr size_t kMaxFileValues = 262144;

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
