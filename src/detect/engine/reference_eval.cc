// The reference evaluator: walks the parsed rule for every event, with the
// plainest code that states the semantics (GlobMatch, PCRE2 without JIT).
// The compiled Matcher must agree with it (tests, RAMPART_VERIFY).
#include <map>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "engine/value_match.h"
#include "rampart/detect/logsource.h"
#include "rampart/detect/matcher.h"

namespace rampart::detect {

using internal::CidrMatch;
using internal::FieldRefAny;
using internal::GlobMatch;
using internal::DatePartMatch;
using internal::NumericMatch;

struct ReferenceEvaluator::Impl {
  const RuleSet& rules;
  std::map<const ValueMatcher*, pcre2_code*> regexes;

  explicit Impl(const RuleSet& r) : rules(r) {
    for (const auto& rule : rules.rules()) {
      for (const auto& id : rule.identifiers) {
        for (const auto& alt : id.alternatives) {
          for (const auto& item : alt) {
            for (const auto& v : item.values) {
              if (v.kind != MatchKind::kRegex) continue;
              uint32_t flags = (v.re_ignorecase ? PCRE2_CASELESS : 0) | (v.re_multiline ? PCRE2_MULTILINE : 0) |
                               (v.re_dotall ? PCRE2_DOTALL : 0);
              int err = 0;
              PCRE2_SIZE off = 0;
              regexes[&v] = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(v.regex.data()), v.regex.size(), flags,
                                          &err, &off, nullptr);
            }
          }
        }
      }
    }
  }
  ~Impl() {
    for (auto& [k, re] : regexes) pcre2_code_free(re);
  }

  bool Search(const ValueMatcher& m, std::string_view text) const {
    pcre2_code* re = regexes.at(&m);
    if (!re) return false;
    pcre2_match_data* md = pcre2_match_data_create_from_pattern(re, nullptr);
    int rc = pcre2_match(re, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), 0, 0, md, nullptr);
    pcre2_match_data_free(md);
    return rc >= 0;
  }

  bool ValueMatches(const ValueMatcher& m, const Value& v, const Event& event) const {
    if (v.kind == ValueKind::kNull) return false;
    switch (m.kind) {
      case MatchKind::kString: return GlobMatch(m.string, v.text, m.cased);
      case MatchKind::kRegex: return Search(m, v.text);
      case MatchKind::kCidr: return CidrMatch(m.cidr, v.text);
      case MatchKind::kNumeric: return NumericMatch(m.op, m.number, v.text);
      case MatchKind::kDatePart: return DatePartMatch(m, v.text);
      case MatchKind::kFieldRef: return FieldRefAny(m, v.text, event);
      case MatchKind::kExists:
      case MatchKind::kNull: return false;
    }
    return false;
  }

  bool Item(const DetectionItem& item, const Event& event) const {
    std::vector<Value> values;
    bool present;
    if (item.field.empty()) {
      event.Fields([&](std::string_view, const Value& v) { values.push_back(v); });
      present = true;
    } else {
      present = event.Values(item.field, [&](const Value& v) { values.push_back(v); });
    }
    int groups = 0;
    for (const auto& m : item.values) groups = std::max(groups, m.group + 1);
    std::vector<bool> group_hit(groups, false);
    for (const auto& m : item.values) {
      bool hit = false;
      if (m.kind == MatchKind::kExists) {
        hit = present == m.exists_value;
      } else if (m.kind == MatchKind::kNull) {
        hit = !present;
        for (const auto& v : values) hit = hit || v.kind == ValueKind::kNull;
      } else {
        for (const auto& v : values) hit = hit || ValueMatches(m, v, event);
      }
      if (hit) group_hit[m.group] = true;
    }
    bool result = false;
    if (item.all) {
      result = groups > 0;
      for (bool g : group_hit) result = result && g;
    } else {
      for (bool g : group_hit) result = result || g;
    }
    return item.negated ? !result : result;
  }

  bool Identifier(const SearchIdentifier& id, const Event& event) const {
    for (const auto& alt : id.alternatives) {
      bool all = true;
      for (const auto& item : alt) {
        if (!Item(item, event)) {
          all = false;
          break;
        }
      }
      if (all) return true;
    }
    return false;
  }

  bool Eval(const SigmaRule& rule, const Condition& c, const Event& event) const {
    switch (c.op) {
      case Condition::Op::kIdentifier: return Identifier(rule.identifiers[c.identifier], event);
      case Condition::Op::kNot: return !Eval(rule, c.operands[0], event);
      case Condition::Op::kAnd:
        for (const auto& o : c.operands) {
          if (!Eval(rule, o, event)) return false;
        }
        return true;
      case Condition::Op::kOr:
        for (const auto& o : c.operands) {
          if (Eval(rule, o, event)) return true;
        }
        return false;
    }
    return false;
  }

  bool Sees(const SigmaRule& rule, const EventClass& ec, const Event& event) const {
    if (!LogSourceApplies(rule.info.logsource, ec)) return false;
    if (ec.known || rule.fields.empty()) return true;
    for (const auto& f : rule.fields) {
      if (event.Values(f, [](const Value&) {})) return true;
    }
    return false;
  }

  bool Matches(const SigmaRule& rule, const EventClass& ec, const Event& event) const {
    return Sees(rule, ec, event) && Eval(rule, rule.condition, event);
  }

  // The same "matched" list as the compiled matcher: true, non-negated items.
  void Report(const SigmaRule& rule, const Event& event, Sink& sink) const {
    Hit hit;
    hit.rule = &rule.info;
    hit.event = &event;
    std::vector<bool> positive(rule.identifiers.size(), false);
    internal::PositiveIdentifiers(rule.condition, false, &positive);
    for (size_t i = 0; i < rule.identifiers.size(); ++i) {
      if (!positive[i]) continue;
      for (const auto& alt : rule.identifiers[i].alternatives) {
        bool all = true;
        for (const auto& item : alt) all = all && Item(item, event);
        if (!all) continue;
        for (const auto& item : alt) internal::AppendMatched(item, event, &hit);
        break;
      }
    }
    sink.OnHit(hit);
  }
};

ReferenceEvaluator::ReferenceEvaluator(const RuleSet& rules) : impl_(std::make_unique<Impl>(rules)) {}
ReferenceEvaluator::~ReferenceEvaluator() = default;

void ReferenceEvaluator::Match(const Event& event, Sink& sink) const {
  EventClass ec = ClassifyEvent(event);
  for (const auto& rule : impl_->rules.rules()) {
    if (impl_->Matches(rule, ec, event)) impl_->Report(rule, event, sink);
  }
}

bool ReferenceEvaluator::Matches(size_t index, const Event& event) const {
  EventClass ec = ClassifyEvent(event);
  return impl_->Matches(impl_->rules.rules()[index], ec, event);
}

}  // namespace rampart::detect
