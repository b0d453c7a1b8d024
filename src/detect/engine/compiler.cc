// Building the compiled form: groups by logsource, leaves per field, one
// Vectorscan database per field; what Vectorscan refuses goes to PCRE2 JIT.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "engine/compiled.h"
#include "engine/compiler.h"
#include "engine/hs_cached.h"
#include "engine/prefilter.h"
#include "engine/value_match.h"
#include "rampart/core/vectorscan.h"

namespace rampart::detect::internal {
namespace {

// Buckets of prefiltered rules per logsource: about kRulesPerBucket rules
// each, at most kMaxBuckets. Logsources with more than kPrefilterMaxRules
// rules are not prefiltered: on the Windows regression events (every one
// written to fire) process_creation's ~1,300 rules woke so many buckets
// that scanning the same fields once per bucket cost more than it saved
// (0.6-0.67x; docs/benchmarks/detect.md).
constexpr size_t kRulesPerBucket = 8;
constexpr size_t kMaxBuckets = 256;
constexpr size_t kPrefilterMaxRules = 200;

unsigned HsFlags(const ValueMatcher& vm) {
  unsigned flags = HS_FLAG_SINGLEMATCH;
  if (vm.kind == MatchKind::kString) {
    flags |= HS_FLAG_DOTALL;
    if (!vm.cased) flags |= HS_FLAG_CASELESS;
  } else {
    if (vm.re_ignorecase) flags |= HS_FLAG_CASELESS;
    if (vm.re_multiline) flags |= HS_FLAG_MULTILINE;
    if (vm.re_dotall) flags |= HS_FLAG_DOTALL;
  }
  return flags;
}

std::string Expression(const ValueMatcher& vm) {
  return vm.kind == MatchKind::kString ? GlobToRegex(vm.string) : vm.regex;
}

Status ToPcre(Leaf& leaf) {
  const ValueMatcher& vm = *leaf.vm;
  uint32_t flags = 0;
  if (vm.kind == MatchKind::kString) {
    flags = PCRE2_DOTALL | (vm.cased ? 0 : PCRE2_CASELESS);
  } else {
    flags = (vm.re_ignorecase ? PCRE2_CASELESS : 0) | (vm.re_multiline ? PCRE2_MULTILINE : 0) |
            (vm.re_dotall ? PCRE2_DOTALL : 0);
  }
  std::string expr = Expression(vm);
  int err = 0;
  PCRE2_SIZE off = 0;
  leaf.pcre = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(expr.data()), expr.size(), flags, &err, &off, nullptr);
  if (!leaf.pcre) {
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(err, msg, sizeof msg);
    return InvalidInput(fmt::format("regex '{}': {} at offset {}", expr, reinterpret_cast<char*>(msg), off));
  }
  pcre2_jit_compile(leaf.pcre, PCRE2_JIT_COMPLETE);  // falls back to the interpreter if JIT is unavailable
  leaf.how = LeafHow::kPcre;
  return absl::OkStatus();
}

class GroupBuilder {
 public:
  GroupBuilder(Group& g, DatabaseCache* cache) : g_(g), cache_(cache) {}

  int32_t Plan(const std::string& field) {
    auto it = plan_index_.find(field);
    if (it != plan_index_.end()) return it->second;
    g_.plans.push_back(FieldPlan{});
    g_.plans.back().name = field;
    return plan_index_[field] = static_cast<int32_t>(g_.plans.size() - 1);
  }

  Status AddRule(size_t index, const SigmaRule& rule, MatcherStats* stats) {
    CompiledRule cr;
    cr.index = index;
    cr.rule = &rule;
    for (const auto& f : rule.fields) cr.gate_plans.push_back(Plan(Key(f)));
    for (const auto& id : rule.identifiers) {
      cr.identifiers.emplace_back();
      for (const auto& alt : id.alternatives) {
        cr.identifiers.back().emplace_back();
        for (const auto& item : alt) {
          RAMPART_ASSIGN_OR_RETURN(uint32_t it, AddItem(item, stats));
          cr.identifiers.back().back().push_back(it);
        }
      }
    }
    cr.positive.assign(rule.identifiers.size(), false);
    PositiveIdentifiers(rule.condition, false, &cr.positive);
    cr.root = AddCondition(rule.condition, cr);
    g_.rules.push_back(std::move(cr));
    return absl::OkStatus();
  }

 private:
  // Field lookups are case-insensitive in the end (event.h); one plan per
  // spelling keeps the exact-case-first rule of the event intact.
  static std::string Key(const std::string& f) { return f; }

  Result<uint32_t> AddItem(const DetectionItem& item, MatcherStats* stats) {
    CompiledItem ci;
    ci.plan = Plan(Key(item.field));
    ci.all = item.all;
    ci.negated = item.negated;
    ci.src = &item;
    ci.first_leaf = static_cast<uint32_t>(g_.leaves.size());
    FieldPlan& plan = g_.plans[ci.plan];
    for (const auto& vm : item.values) {
      Leaf leaf;
      leaf.vm = &vm;
      leaf.group = vm.group;
      uint32_t id = static_cast<uint32_t>(g_.leaves.size());
      switch (vm.kind) {
        case MatchKind::kString:
          if (vm.string.IsAnyRun()) leaf.how = LeafHow::kAnyValue;
          else if (vm.string.IsEmpty()) leaf.how = LeafHow::kEmpty;
          else leaf.how = LeafHow::kAtom;
          break;
        case MatchKind::kRegex:
          if (VectorscanTakesCached(vm.regex, HsFlags(vm), cache_)) {
            leaf.how = LeafHow::kAtom;
            ++stats->vectorscan_regexes;
          } else {
            RAMPART_RETURN_IF_ERROR(ToPcre(leaf));
          }
          break;
        case MatchKind::kCidr:
        case MatchKind::kNumeric:
        case MatchKind::kFieldRef:
        case MatchKind::kDatePart: leaf.how = LeafHow::kSlow; break;
        case MatchKind::kExists: leaf.how = LeafHow::kExists; break;
        case MatchKind::kNull: leaf.how = LeafHow::kNull; break;
      }
      if (leaf.how == LeafHow::kAtom) {
        plan.atoms.push_back(id);
      } else if (leaf.how == LeafHow::kExists || leaf.how == LeafHow::kNull) {
        plan.presence_leaves.push_back(id);
      } else {
        plan.value_leaves.push_back(id);
      }
      g_.leaves.push_back(leaf);
    }
    ci.leaf_count = static_cast<uint32_t>(g_.leaves.size()) - ci.first_leaf;
    g_.items.push_back(ci);
    return static_cast<uint32_t>(g_.items.size() - 1);
  }

  uint32_t NewNode(Condition::Op op, const std::vector<uint32_t>& kids) {
    Node n;
    n.op = op;
    n.first_kid = static_cast<uint32_t>(g_.kids.size());
    n.kid_count = static_cast<uint32_t>(kids.size());
    g_.kids.insert(g_.kids.end(), kids.begin(), kids.end());
    g_.nodes.push_back(n);
    return static_cast<uint32_t>(g_.nodes.size() - 1);
  }

  uint32_t AddCondition(const Condition& c, const CompiledRule& cr) {
    if (c.op == Condition::Op::kIdentifier) {
      std::vector<uint32_t> alts;
      for (const auto& alt : cr.identifiers[c.identifier]) {
        std::vector<uint32_t> items;
        for (uint32_t it : alt) {
          Node n;
          n.op = Condition::Op::kIdentifier;
          n.item = it;
          g_.nodes.push_back(n);
          items.push_back(static_cast<uint32_t>(g_.nodes.size() - 1));
        }
        alts.push_back(NewNode(Condition::Op::kAnd, items));
      }
      return NewNode(Condition::Op::kOr, alts);
    }
    std::vector<uint32_t> kids;
    for (const auto& o : c.operands) kids.push_back(AddCondition(o, cr));
    return NewNode(c.op, kids);
  }

  Group& g_;
  DatabaseCache* cache_;
  std::map<std::string, int32_t> plan_index_;
};

// A string atom that is one literal with an optional '*' on either side:
// its literal text and where it must sit. False for anything else.
bool AsLiteral(const ValueMatcher& vm, std::string* text, int* mode) {
  if (vm.kind != MatchKind::kString) return false;
  const auto& p = vm.string.pieces;
  size_t b = 0, e = p.size();
  bool lead = b < e && p[b].kind == SigmaString::Kind::kAnyRun;
  if (lead) ++b;
  bool trail = e > b && p[e - 1].kind == SigmaString::Kind::kAnyRun;
  if (trail) --e;
  if (e != b + 1 || p[b].kind != SigmaString::Kind::kLiteral || p[b].text.empty()) return false;
  *text = p[b].text;
  // 0 equals, else 1 + LitMode.
  *mode = lead && trail ? 1 + static_cast<int>(LitMode::kContains)
          : trail       ? 1 + static_cast<int>(LitMode::kStartsWith)
          : lead        ? 1 + static_cast<int>(LitMode::kEndsWith)
                        : 0;
  return true;
}

// Equals atoms into the hash maps, other literals (deduplicated) into one
// pure-literal database. Removes them from plan.atoms.
Status BuildLiterals(Group& g, FieldPlan& plan, MatcherStats* stats, DatabaseCache* cache) {
  std::map<std::tuple<std::string, bool, int>, std::vector<uint32_t>> lits;
  std::vector<uint32_t> rest;
  for (uint32_t id : plan.atoms) {
    const ValueMatcher& vm = *g.leaves[id].vm;
    std::string text;
    int mode = 0;
    // A literal starting with NUL (UTF-16BE) is refused by Vectorscan's
    // literal API (taken for an empty string): it goes to the regex database.
    if (!AsLiteral(vm, &text, &mode) || (mode != 0 && text[0] == '\0')) {
      rest.push_back(id);
      continue;
    }
    ++stats->atoms;
    if (!vm.cased) {
      for (char& c : text) c = static_cast<char>(FoldAscii(static_cast<unsigned char>(c)));
    }
    if (mode == 0) {
      plan.max_equals = std::max(plan.max_equals, text.size());
      (vm.cased ? plan.equals_cased : plan.equals_caseless)[text].push_back(id);
      continue;
    }
    lits[{text, vm.cased, mode - 1}].push_back(id);
  }
  plan.atoms = std::move(rest);
  if (lits.empty()) return absl::OkStatus();
  std::vector<const char*> ptrs;
  std::vector<size_t> lens;
  std::vector<unsigned> flags, ids;
  for (const auto& [key, leaves] : lits) {
    const auto& [text, cased, mode] = key;
    LitPattern lp;
    lp.mode = static_cast<LitMode>(mode);
    lp.len = static_cast<uint32_t>(text.size());
    lp.first = static_cast<uint32_t>(plan.lit_leaves.size());
    lp.count = static_cast<uint32_t>(leaves.size());
    plan.lit_leaves.insert(plan.lit_leaves.end(), leaves.begin(), leaves.end());
    ids.push_back(static_cast<unsigned>(plan.lits.size()));
    plan.lits.push_back(lp);
    ptrs.push_back(text.data());
    lens.push_back(text.size());
    // One report is enough for contains; the others need every occurrence.
    flags.push_back((cased ? 0 : HS_FLAG_CASELESS) | (lp.mode == LitMode::kContains ? HS_FLAG_SINGLEMATCH : 0));
  }
  if (plan.name.empty()) {
    bool used[256] = {};
    for (const auto& [key, leaves] : lits) {
      for (unsigned char c : std::get<0>(key)) used[c] = used[FoldAscii(c)] = true;
    }
    for (int c : {'\n', '\0', '\x01', '\x1f', '\x7f', '\xff'}) {
      if (!used[static_cast<unsigned char>(c)]) {
        plan.separator = static_cast<unsigned char>(c);
        break;
      }
    }
  }
  HsCompileCall call{true, ptrs.data(), lens.data(), flags.data(), ids.data(), static_cast<unsigned>(ptrs.size())};
  int bad = -1;
  std::string msg;
  if (!HsCompileCached(call, cache, &plan.lit_db, &bad, &msg)) {
    return Internal(fmt::format("Vectorscan cannot compile the literals of field '{}': {}", plan.name, msg));
  }
  ++stats->databases;
  return absl::OkStatus();
}

// Compiles the atoms of one plan: literals first (BuildLiterals), the rest
// into one regex database; patterns Vectorscan refuses move to PCRE2.
Status BuildDatabase(Group& g, FieldPlan& plan, MatcherStats* stats, DatabaseCache* cache) {
  RAMPART_RETURN_IF_ERROR(BuildLiterals(g, plan, stats, cache));
  while (!plan.atoms.empty()) {
    std::vector<std::string> exprs;
    std::vector<const char*> ptrs;
    std::vector<unsigned> flags, ids;
    for (uint32_t id : plan.atoms) {
      exprs.push_back(Expression(*g.leaves[id].vm));
      flags.push_back(HsFlags(*g.leaves[id].vm));
      ids.push_back(id);
    }
    for (const auto& e : exprs) ptrs.push_back(e.c_str());
    HsCompileCall call{false, ptrs.data(), nullptr, flags.data(), ids.data(), static_cast<unsigned>(ptrs.size())};
    int bad = -1;
    std::string msg;
    if (HsCompileCached(call, cache, &plan.db, &bad, &msg)) {
      ++stats->databases;
      plan.db_joinable = plan.name.empty();
      for (uint32_t id : plan.atoms) {
        const ValueMatcher& vm = *g.leaves[id].vm;
        const auto& p = vm.string.pieces;
        bool unanchored = vm.kind == MatchKind::kString && p.size() >= 2 &&
                          p.front().kind == SigmaString::Kind::kAnyRun && p.back().kind == SigmaString::Kind::kAnyRun;
        plan.db_joinable = plan.db_joinable && unanchored;
      }
      for (uint32_t id : plan.atoms) stats->atoms += g.leaves[id].vm->kind == MatchKind::kString;
      return absl::OkStatus();
    }
    if (bad < 0) return Internal(fmt::format("Vectorscan cannot compile field '{}': {}", plan.name, msg));
    uint32_t id = plan.atoms[bad];
    if (g.leaves[id].vm->kind == MatchKind::kRegex) --stats->vectorscan_regexes;
    RAMPART_RETURN_IF_ERROR(ToPcre(g.leaves[id]));
    plan.atoms.erase(plan.atoms.begin() + bad);
    plan.value_leaves.push_back(id);
  }
  return absl::OkStatus();
}

// One caseless pure-literal database over the distinct required literals
// of a logsource's buckets, each reported once per scan. (One id per
// literal: many literals sharing an id made Vectorscan's compile take
// minutes.)
Status BuildPrefilter(Group& owner, const std::map<std::string, std::set<uint32_t>>& literals, MatcherStats* stats,
                      DatabaseCache* cache) {
  std::vector<const char*> ptrs;
  std::vector<size_t> lens;
  std::vector<unsigned> flags(literals.size(), HS_FLAG_CASELESS | HS_FLAG_SINGLEMATCH), ids;
  for (const auto& [lit, group_set] : literals) {
    ids.push_back(static_cast<unsigned>(ptrs.size()));
    ptrs.push_back(lit.data());
    lens.push_back(lit.size());
    owner.prefilter_first.push_back(static_cast<uint32_t>(owner.prefilter_groups.size()));
    owner.prefilter_groups.insert(owner.prefilter_groups.end(), group_set.begin(), group_set.end());
  }
  owner.prefilter_first.push_back(static_cast<uint32_t>(owner.prefilter_groups.size()));
  HsCompileCall call{true, ptrs.data(), lens.data(), flags.data(), ids.data(), static_cast<unsigned>(ptrs.size())};
  int bad = -1;
  std::string msg;
  if (!HsCompileCached(call, cache, &owner.prefilter_db, &bad, &msg)) {
    return Internal(fmt::format("Vectorscan cannot compile a prefilter of {} literals: {}", literals.size(), msg));
  }
  ++stats->databases;
  return absl::OkStatus();
}

}  // namespace

std::string GlobToRegex(const SigmaString& s) {
  std::string re;
  size_t begin = 0, end = s.pieces.size();
  if (begin < end && s.pieces[begin].kind == SigmaString::Kind::kAnyRun) ++begin;
  else re += '^';
  bool anchored_end = !(end > begin && s.pieces[end - 1].kind == SigmaString::Kind::kAnyRun);
  if (!anchored_end) --end;
  for (size_t i = begin; i < end; ++i) {
    const auto& p = s.pieces[i];
    if (p.kind == SigmaString::Kind::kAnyRun) {
      re += ".*";
    } else if (p.kind == SigmaString::Kind::kAnyChar) {
      re += '.';
    } else {
      for (unsigned char c : p.text) {
        if (std::isalnum(c)) re += static_cast<char>(c);
        else re += fmt::format("\\x{:02x}", c);
      }
    }
  }
  if (anchored_end) re += "\\z";
  return re;
}

Group::~Group() {
  hs_free_database(prefilter_db);
  for (auto& p : plans) {
    hs_free_database(p.db);
    hs_free_database(p.lit_db);
  }
  for (auto& l : leaves) pcre2_code_free(l.pcre);
}

Result<std::vector<std::unique_ptr<Group>>> BuildGroups(const RuleSet& rules, MatcherStats* stats,
                                                        std::vector<Status>* rule_errors, bool prefilter,
                                                        DatabaseCache* cache) {
  // Per logsource: the rules without a required literal set (prefilter.h)
  // form one group; the others are spread over buckets, each its own group,
  // rules that share a literal in the same bucket (so that one literal
  // wakes few buckets). One prefilter database per logsource reports which
  // buckets an event can match.
  struct Pending {
    size_t index;
    std::optional<std::vector<std::string>> req;
  };
  std::vector<std::vector<Pending>> by_source;
  std::map<std::tuple<std::string, std::string, std::string>, size_t> source_index;
  for (size_t i = 0; i < rules.rules().size(); ++i) {
    const LogSource& ls = rules.rules()[i].info.logsource;
    auto [it, added] = source_index.emplace(std::make_tuple(ls.product, ls.category, ls.service), by_source.size());
    if (added) by_source.emplace_back();
    by_source[it->second].push_back({i, prefilter ? RequiredLiterals(rules.rules()[i]) : std::nullopt});
  }
  std::vector<std::unique_ptr<Group>> groups;
  auto add_group = [&](const std::vector<Pending>& members) -> Status {
    groups.push_back(std::make_unique<Group>());
    Group& g = *groups.back();
    g.logsource = rules.rules()[members.front().index].info.logsource;
    // One builder per group, so that every rule of it shares its per-field
    // plans (one database per field, not per rule).
    GroupBuilder builder(g, cache);
    for (const Pending& p : members) {
      const SigmaRule& rule = rules.rules()[p.index];
      Status st = builder.AddRule(p.index, rule, stats);
      if (!st.ok()) {
        const auto& w = rule.info.where;
        rule_errors->push_back(WithContext(st, ErrorContext{w.file, w.line, w.column, -1, rule.info.id}));
        continue;
      }
      ++stats->rules;
    }
    for (auto& plan : g.plans) RAMPART_RETURN_IF_ERROR(BuildDatabase(g, plan, stats, cache));
    for (const auto& leaf : g.leaves) {
      if (leaf.how == LeafHow::kPcre) ++stats->pcre_regexes;
      else if (leaf.how != LeafHow::kAtom) ++stats->other_leaves;
    }
    return absl::OkStatus();
  };
  for (const auto& members : by_source) {
    std::vector<Pending> plain, filtered;
    for (const Pending& p : members) (p.req && members.size() <= kPrefilterMaxRules ? filtered : plain).push_back(p);
    if (!plain.empty()) RAMPART_RETURN_IF_ERROR(add_group(plain));
    if (filtered.empty()) continue;
    size_t buckets = std::min(kMaxBuckets, (filtered.size() + kRulesPerBucket - 1) / kRulesPerBucket);
    std::map<std::string, size_t> bucket_of;
    std::vector<std::vector<Pending>> bucket(buckets);
    std::vector<std::set<std::string>> literals(buckets);
    size_t next = 0;
    for (const Pending& p : filtered) {
      size_t b = SIZE_MAX;
      for (const auto& lit : *p.req) {
        auto it = bucket_of.find(lit);
        if (it != bucket_of.end()) {
          b = it->second;
          break;
        }
      }
      if (b == SIZE_MAX) b = next++ % buckets;
      for (const auto& lit : *p.req) {
        bucket_of.emplace(lit, b);
        literals[b].insert(lit);
      }
      bucket[b].push_back(p);
    }
    int32_t owner = -1;
    std::map<std::string, std::set<uint32_t>> groups_of;  // literal -> bucket group indices
    for (size_t b = 0; b < buckets; ++b) {
      if (bucket[b].empty()) continue;
      RAMPART_RETURN_IF_ERROR(add_group(bucket[b]));
      uint32_t gi = static_cast<uint32_t>(groups.size() - 1);
      if (owner < 0) owner = static_cast<int32_t>(gi);
      groups.back()->family = owner;
      for (const auto& lit : literals[b]) groups_of[lit].insert(gi);
      groups.back()->required.assign(literals[b].begin(), literals[b].end());
    }
    RAMPART_RETURN_IF_ERROR(BuildPrefilter(*groups[owner], groups_of, stats, cache));
  }
  stats->groups = static_cast<int>(groups.size());
  return groups;
}

}  // namespace rampart::detect::internal
