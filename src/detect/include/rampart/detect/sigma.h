// Sigma rules as data: the parsed form of detection and correlation rule
// documents (SigmaHQ specification v2.1, digest in shared/specs/SIGMA.md).
//
// ParseSigmaText() reads one YAML text (one or more `---` documents) into
// SigmaRule / CorrelationRule / SigmaFilter values. Parsing resolves
// everything that can be resolved without an event: escapes and wildcards,
// every value modifier (contains, startswith, endswith, all, re with i/m/s,
// base64, base64offset, wide/utf16le/utf16be/utf16, windash, cidr, exists,
// expand, fieldref, lt/lte/gt/gte, the date parts minute/hour/day/week/month/
// year, cased, neq), `null`, keywords, and the condition (with `1 of`/`all of`
// patterns expanded to the identifiers they name). Filters are applied to
// rules by RuleSet (rule_set.h), not here.
//
// Failure policy: a document that cannot be used is reported as one Status
// (InvalidInput, with file:line:column of the offending YAML node and the rule
// id as object_id) in ParsedFile::errors; the other documents of the file
// are still returned. Nothing unsupported is silently dropped: an unknown
// modifier, a bad regex, an unresolved placeholder, a condition naming a
// missing identifier or an obsolete `|` aggregation all reject the rule.
//
// Values returned are plain data (no views into the input); they may be
// copied and shared between threads freely.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rampart/core/status.h"

namespace rampart::detect {

enum class Level : uint8_t { kNone, kInformational, kLow, kMedium, kHigh, kCritical };
// "informational" ... "critical"; "" for kNone.
std::string_view LevelName(Level level);
// Parses a level name (lower case as in rules; case-insensitive); nullopt if unknown.
std::optional<Level> ParseLevel(std::string_view text);

struct SourceLocation {
  std::string file;
  int line = 0;    // 1-based; 0 unknown
  int column = 0;  // 1-based; 0 unknown
  // "file:line:column" (parts that are unknown left out).
  std::string ToString() const;
};

struct LogSource {
  std::string product;   // "" = any
  std::string category;  // "" = any
  std::string service;   // "" = any
};

// Metadata shared by detection and correlation rules; what sinks print.
struct RuleInfo {
  std::string id;     // UUID as written ("" if the rule has none)
  std::string name;   // `name:` (used by correlations), may be ""
  std::string title;
  std::string status;  // stable/test/experimental/deprecated/unsupported or ""
  std::string description;
  std::string author;
  std::string date;
  std::string modified;
  Level level = Level::kNone;
  std::vector<std::string> tags;        // as written: "attack.t1190"
  std::vector<std::string> references;  // URLs
  std::vector<std::string> falsepositives;
  std::vector<std::string> techniques;  // from tags: "T1190", "T1059.001" (upper case)
  LogSource logsource;
  SourceLocation where;  // the document's first line
};

// A Sigma string after escape processing: literal runs and wildcards.
// `\*` `\?` `\\` are literal; any other backslash is kept (pySigma rules).
struct SigmaString {
  enum class Kind : uint8_t { kLiteral, kAnyRun /* * */, kAnyChar /* ? */ };
  struct Piece {
    Kind kind = Kind::kLiteral;
    std::string text;  // kLiteral only; raw bytes (may hold NULs after utf16)
  };
  std::vector<Piece> pieces;  // adjacent literals merged, runs of * collapsed

  static SigmaString Parse(std::string_view raw);       // escapes + wildcards
  static SigmaString Literal(std::string_view bytes);   // no wildcards at all
  void AppendLiteral(std::string_view bytes);
  void AppendAnyRun();
  void PrependAnyRun();
  bool HasWildcards() const;
  bool IsAnyRun() const;  // exactly "*"
  bool IsEmpty() const { return pieces.empty(); }
  std::string LiteralText() const;  // concatenated literal bytes (wildcards dropped)
  std::string ToString() const;     // back to Sigma notation (wildcards, escapes)
};

enum class MatchKind : uint8_t {
  kString,    // SigmaString, whole-value, case-insensitive unless `cased`
  kRegex,     // `re` (PCRE syntax; search semantics)
  kCidr,      // `cidr`: the value parsed as an IP address lies in the network
  kNumeric,   // `lt` `lte` `gt` `gte`: the value parsed as a number
  kExists,    // `exists`: presence of the field (`exists_value`)
  kNull,      // `null`: field absent or JSON null
  kFieldRef,  // `fieldref`: compare with another field of the same event
  kDatePart,  // `minute` `hour` `day` `week` `month` `year`: a part of the value
              // read as a timestamp (no timezone conversion), compared by `op`
};
// kEq is used by date parts only (`Time|hour: 3`).
enum class NumericOp : uint8_t { kLt, kLte, kGt, kGte, kEq };
// `day` is the day of the month, `week` the ISO 8601 week number (1-53).
enum class DatePart : uint8_t { kMinute, kHour, kDay, kWeek, kMonth, kYear };
std::string_view DatePartName(DatePart part);
enum class FieldRefMode : uint8_t { kEquals, kContains, kStartsWith, kEndsWith };

struct Cidr {
  bool v6 = false;
  std::array<uint8_t, 16> address{};  // network bytes (4 used for IPv4)
  int prefix = 0;
};

// One value of a detection item after its modifiers were applied.
struct ValueMatcher {
  MatchKind kind = MatchKind::kString;
  SigmaString string;   // kString
  bool cased = false;   // kString / kFieldRef: case-sensitive
  std::string regex;    // kRegex
  bool re_ignorecase = false, re_multiline = false, re_dotall = false;
  Cidr cidr;                         // kCidr
  NumericOp op = NumericOp::kLt;     // kNumeric, kDatePart
  double number = 0;                 // kNumeric, kDatePart
  DatePart date_part = DatePart::kMinute;  // kDatePart
  bool exists_value = true;          // kExists
  std::string ref_field;             // kFieldRef
  FieldRefMode ref_mode = FieldRefMode::kEquals;
  std::string display;  // the value as the rule wrote it, for messages and output
  // Index of the value in the rule's list this matcher came from: windash,
  // base64offset and expand turn one value into several, which are OR-ed
  // even under `all` (all groups must match, any matcher of a group).
  int group = 0;
};

// `field|mod|mod: values`. Values are OR-ed, AND-ed with `all`; `neq`
// negates the whole item (a missing field then matches). An empty field
// name is a keyword search over every value of the event.
struct DetectionItem {
  std::string field;
  std::vector<std::string> modifiers;
  std::vector<ValueMatcher> values;
  bool all = false;
  bool negated = false;
  SourceLocation where;
};

// A search identifier: OR over alternatives, each an AND of items.
struct SearchIdentifier {
  std::string name;
  std::vector<std::vector<DetectionItem>> alternatives;
  SourceLocation where;
};

// The condition after `x of` expansion; identifiers are indices into
// SigmaRule::identifiers.
struct Condition {
  enum class Op : uint8_t { kAnd, kOr, kNot, kIdentifier };
  Op op = Op::kIdentifier;
  int identifier = -1;
  std::vector<Condition> operands;
};

// A filter applied to a rule (RuleSet::ApplyFilters), for listings.
struct FilterRef {
  std::string id;
  std::string title;
  SourceLocation where;
};

struct SigmaRule {
  RuleInfo info;
  std::vector<SearchIdentifier> identifiers;
  Condition condition;
  std::string condition_text;  // as written (several joined with " | or | ")
  std::vector<std::string> fields;  // every field name the detection reads
  // Filters AND-ed into this rule, in application order. Their identifiers
  // were appended to `identifiers` as `_filt_<n>_<name>` and `condition` /
  // `condition_text` became `(rule) and (filter)`.
  std::vector<FilterRef> filters;
};

// A filter (meta-filter) document (SIGMA.md §9; pySigma `SigmaFilter`):
//
//   title: ...            id: ...            logsource: {product: windows}
//   filter:
//     rules: [rule id or name, ...]    # or `any` / `all` / [] = every rule
//     selection: {User|startswith: 'adm_'}
//     condition: not selection
//
// The filter's condition is AND-ed, as written, into the condition of every
// rule it names whose logsource the filter's covers (each of the filter's
// product/category/service is empty or equal to the rule's). As in pySigma
// an exclusion is written `condition: not selection`; a condition without
// `not` keeps only the events it matches. Not applied to correlations.
struct SigmaFilter {
  RuleInfo info;                      // title (required), id, name, logsource, where
  std::vector<std::string> rules;     // ids or names; empty = every rule
  std::vector<SearchIdentifier> identifiers;
  Condition condition;                // over `identifiers`
  std::string condition_text;
};

// value_sum / value_avg / value_percentile (Sigma 2.1) aggregate the numeric
// values of `condition.field` over the window; events whose value is missing
// or not a number do not contribute.
enum class CorrelationType : uint8_t {
  kEventCount, kValueCount, kTemporal, kTemporalOrdered, kValueSum, kValueAvg, kValuePercentile
};
std::string_view CorrelationTypeName(CorrelationType type);
// True for value_sum, value_avg and value_percentile.
bool IsValueAggregate(CorrelationType type);

// `condition:` of a correlation: every bound that is set must hold. Bounds
// are numbers (integers for counts; value_* thresholds may be fractions).
struct CountCondition {
  std::optional<double> gt, gte, lt, lte, eq, neq;
  // value_count: the field whose distinct values count; value_*: the
  // numeric field aggregated.
  std::string field;
  std::optional<int> percentile;  // value_percentile: 1..100
  bool Holds(int64_t n) const { return HoldsValue(static_cast<double>(n)); }
  bool HoldsValue(double v) const;
  std::string ToString() const;
};

struct CorrelationRule {
  RuleInfo info;
  CorrelationType type = CorrelationType::kEventCount;
  std::vector<std::string> rules;     // ids or names of rules/correlations
  std::vector<std::string> group_by;  // fields (or alias names)
  int64_t timespan_us = 0;
  CountCondition condition;
  bool generate = false;  // referenced rules also alert on their own
  // alias name -> (rule id or name -> field of that rule's events)
  std::map<std::string, std::map<std::string, std::string>> aliases;
};

struct ParseOptions {
  // Values for `expand` placeholders (%name% -> values, OR-ed). A placeholder
  // with no entry rejects the rule.
  std::map<std::string, std::vector<std::string>> placeholders;
};

struct ParsedFile {
  std::vector<SigmaRule> rules;
  std::vector<CorrelationRule> correlations;
  std::vector<SigmaFilter> filters;  // `filter:` documents (applied by RuleSet)
  std::vector<Status> errors;  // one per rejected document, with location
  int documents = 0;           // YAML documents seen
  // Documents that are not Sigma rules at all (a map with none of
  // `detection`, `logsource`, `correlation`, `filter`, e.g. the regression
  // set's info.yml metadata): neither rules nor errors. One status per
  // document, located, message "not a Sigma rule (...)" naming its keys.
  std::vector<Status> skipped;
};

// Parses every document of `text`; `file` is used in locations only.
// Never throws; YAML syntax errors come back in `errors` with line:column.
ParsedFile ParseSigmaText(std::string_view text, std::string_view file,
                          const ParseOptions& options = {});

// Parses a timespan ("5m", "1h", "30s", "2d", "1w") into microseconds.
Result<int64_t> ParseTimespan(std::string_view text);

// ATT&CK technique ids from tags ("attack.t1059.001" -> "T1059.001").
std::vector<std::string> TechniquesFromTags(const std::vector<std::string>& tags);

}  // namespace rampart::detect
