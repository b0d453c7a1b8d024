// The compiled form of a rule set (see matcher.h): logsource groups, each
// with per-field plans (one Vectorscan database of atoms plus the leaves
// that need code: PCRE2, cidr, numbers, field references, presence), items
// over leaves, and condition trees over items.
#pragma once

#include <hs/hs.h>

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
  LeafHow how = LeafHow::kAtom;
  pcre2_code* pcre = nullptr;  // owned by the Group
};

struct FieldPlan {
  std::string name;  // "" = keyword plan over every value of the event
  hs_database_t* db = nullptr;
  std::vector<uint32_t> value_leaves;     // kPcre, kSlow, kAnyValue, kEmpty
  std::vector<uint32_t> presence_leaves;  // kExists, kNull
  std::vector<uint32_t> atoms;            // kAtom leaves (for building db)
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

  Group() = default;
  Group(const Group&) = delete;
  Group& operator=(const Group&) = delete;
  ~Group();
};

// Vectorscan regex text for a whole-value glob: anchored with ^ and \z unless
// it starts/ends with '*'; literal bytes escaped.
std::string GlobToRegex(const SigmaString& s);

}  // namespace rampart::detect::internal
