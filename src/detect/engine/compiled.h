// The compiled form of a rule set (see matcher.h): logsource groups, each
// with per-field plans (one Vectorscan database of atoms plus the leaves
// that need code: PCRE2, cidr, numbers, field references, presence), items
// over leaves, and condition trees over items.
#pragma once

#include <hs/hs.h>

#include "absl/container/flat_hash_map.h"

#include <cstdint>
#include <string>
#include <vector>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "rampart/detect/sigma.h"

namespace rampart::detect::internal {

enum class LeafHow : uint8_t {
  kAtom,      // Vectorscan pattern id == leaf index
  kPcre,      // regex (or glob) Vectorscan refused
  kSlow,      // cidr, numeric, fieldref
  kAnyValue,  // "*": any non-null value
  kEmpty,     // "": an empty value
  kExists,    // presence
  kNull,      // absent or null
};

struct Leaf {
  const ValueMatcher* vm = nullptr;
  int group = 0;  // vm->group, kept here for the hot loop (ItemTrue)
  LeafHow how = LeafHow::kAtom;
  pcre2_code* pcre = nullptr;  // owned by the Group
};

// Where a pure-literal atom must sit in the value (checked on each match
// Vectorscan reports, from the match's end offset).
enum class LitMode : uint8_t { kContains, kStartsWith, kEndsWith };

// One distinct (literal, case, mode) of a plan; several leaves (rules) may
// share it. Its Vectorscan pattern id is its index in FieldPlan::lits.
struct LitPattern {
  LitMode mode = LitMode::kContains;
  uint32_t len = 0;
  uint32_t first = 0, count = 0;  // leaves in FieldPlan::lit_leaves
};

// Whole-value literals, looked up by hash instead of scanned; the key is the
// ASCII-folded literal for caseless atoms.
using EqualsMap = absl::flat_hash_map<std::string, std::vector<uint32_t>>;

struct FieldPlan {
  std::string name;  // "" = keyword plan over every value of the event
  int32_t name_id = -1;  // in the matcher's NameTable
  // String atoms that are one literal with an optional leading and/or
  // trailing '*' (nearly all of SigmaHQ): equals go to the hash maps,
  // contains/startswith/endswith to one pure-literal database.
  hs_database_t* lit_db = nullptr;
  std::vector<LitPattern> lits;
  std::vector<uint32_t> lit_leaves;
  EqualsMap equals_caseless, equals_cased;
  size_t max_equals = 0;  // longest equals literal (longer values cannot hit)
  // Keyword plans: a byte no literal of lit_db holds, so that all values of
  // an event joined by it are scanned at once with no match across values
  // (-1: none free, scan value by value).
  int separator = -1;
  // Keyword plans: every pattern of `db` is an unanchored glob, so a match in
  // some value implies a match in the joined values: one joined scan that
  // finds nothing spares the per-value scans.
  bool db_joinable = false;
  // Everything else Vectorscan takes (interior wildcards, regexes); pattern
  // id == leaf index.
  hs_database_t* db = nullptr;
  std::vector<uint32_t> value_leaves;     // kPcre, kSlow, kAnyValue, kEmpty
  std::vector<uint32_t> presence_leaves;  // kExists, kNull
  std::vector<uint32_t> atoms;            // kAtom leaves (for building the databases)
};

struct CompiledItem {
  int32_t plan = -1;
  uint32_t first_leaf = 0, leaf_count = 0;
  bool all = false, negated = false;
  const DetectionItem* src = nullptr;
};

// Condition node: kAnd/kOr/kNot over `kids`, or an item (op == kIdentifier,
// `item` = index into items).
struct Node {
  Condition::Op op = Condition::Op::kIdentifier;
  uint32_t first_kid = 0, kid_count = 0;
  uint32_t item = 0;
};

struct CompiledRule {
  size_t index = 0;  // in RuleSet::rules()
  const SigmaRule* rule = nullptr;
  uint32_t root = 0;
  std::vector<int32_t> gate_plans;  // plans of every field the rule names
  // identifiers -> alternatives -> items, and whether each identifier is
  // positive (reported in hits)
  std::vector<std::vector<std::vector<uint32_t>>> identifiers;
  std::vector<bool> positive;
};

struct Group {
  LogSource logsource;
  std::vector<FieldPlan> plans;
  std::vector<Leaf> leaves;
  std::vector<CompiledItem> items;
  std::vector<Node> nodes;
  std::vector<uint32_t> kids;
  std::vector<CompiledRule> rules;
  // Rule (index in `rules`) of each leaf: a rule none of whose leaves hit
  // has the value it has with every leaf false, known at compile time, so
  // only rules with a hit leaf (and `always_rules`, true with none) are
  // evaluated per event.
  // Only leaves that can make their rule true trigger its evaluation: a
  // condition is monotone in items under an even number of `not`s and
  // antitone in the others (and `neq` flips an item), so with every trigger
  // leaf of a rule false its value is at most its all-false value.
  // kNoRule marks a leaf that triggers nothing.
  static constexpr uint32_t kNoRule = 0xffffffffu;
  std::vector<uint32_t> leaf_rule;
  std::vector<uint32_t> always_rules;
  // Prefilter (prefilter.h). Every rule of a bucket group has a required
  // literal set; `family` is the index (in the matcher's groups) of the
  // logsource's first bucket group, whose `prefilter_db` holds every
  // bucket's distinct literals (pattern id i wakes the groups
  // prefilter_groups[prefilter_first[i] .. prefilter_first[i + 1])). A bucket
  // none of whose literals occurs in an event's values cannot match it and
  // is skipped without scanning its fields. -1: not a bucket (always run).
  int32_t family = -1;
  hs_database_t* prefilter_db = nullptr;
  std::vector<uint32_t> prefilter_first, prefilter_groups;
  std::vector<std::string> required;  // a bucket's own literals (diagnostics)

  Group() = default;
  Group(const Group&) = delete;
  Group& operator=(const Group&) = delete;
  ~Group();
};

// ASCII lower case (the fold both Sigma and Vectorscan's CASELESS use).
inline unsigned char FoldAscii(unsigned char c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

// Vectorscan regex text for a whole-value glob: anchored with ^ and \z unless
// it starts/ends with '*'; literal bytes escaped.
std::string GlobToRegex(const SigmaString& s);

}  // namespace rampart::detect::internal
