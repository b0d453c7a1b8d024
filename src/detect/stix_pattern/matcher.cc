// IndicatorMatcher: IOC set for plain IOC lists, an exact-equality index for
// STIX `=`/IN patterns, the other STIX patterns compiled onto event fields.
// Comparison semantics come from stix (TestScalar), the observation layer
// from stix::FindBindings, so events and observed-data agree.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <deque>
#include <set>

#include "absl/container/flat_hash_map.h"
#include "rampart/detect/stix_pattern_matcher.h"
#include "rampart/stix/pattern.h"

namespace rampart::detect {
namespace {

using K = stix::ObservationExpr::Kind;

bool NeedsSeveralEvents(const stix::ObservationExpr& e) {
  if (e.kind == K::kAnd || e.kind == K::kFollowedBy || (e.kind == K::kRepeats && e.repeats > 1)) return true;
  return std::any_of(e.children.begin(), e.children.end(), NeedsSeveralEvents);
}

void CollectPaths(const stix::ComparisonExpr& e, std::vector<const stix::ObjectPath*>& out) {
  if (e.kind == stix::ComparisonExpr::Kind::kTest) {
    out.push_back(&e.test.path);
    return;
  }
  for (const auto& c : e.children) CollectPaths(c, out);
}

// The (path, string) pairs of a pattern that is one `[...]` of non-negated
// `=` / IN tests on string constants joined by OR: such a pattern holds on
// an event exactly when one mapped value of one path equals one string byte
// for byte (TestScalar's string order), which a hash lookup decides.
bool CollectExact(const stix::ComparisonExpr& e, std::vector<std::pair<const stix::ObjectPath*, std::string>>& out) {
  if (e.kind == stix::ComparisonExpr::Kind::kAnd) return false;
  if (e.kind == stix::ComparisonExpr::Kind::kOr) {
    for (const auto& c : e.children) {
      if (!CollectExact(c, out)) return false;
    }
    return true;
  }
  const stix::Comparison& t = e.test;
  if (t.negated || (t.op != stix::CompareOp::kEqual && t.op != stix::CompareOp::kIn) || t.values.empty()) return false;
  for (const stix::Constant& c : t.values) {
    if (c.type != stix::ConstantType::kString) return false;
    out.emplace_back(&t.path, c.text);
  }
  return true;
}

// Whether a comparison expression can hold when tests on unmapped paths are
// always false (NOT EXISTS on such a path is always true).
bool CanHold(const stix::ComparisonExpr& e, const FieldMap& map) {
  switch (e.kind) {
    case stix::ComparisonExpr::Kind::kTest:
      return map.Maps(e.test.path) || (e.test.op == stix::CompareOp::kExists && e.test.negated);
    case stix::ComparisonExpr::Kind::kAnd:
      return std::all_of(e.children.begin(), e.children.end(), [&](const auto& c) { return CanHold(c, map); });
    case stix::ComparisonExpr::Kind::kOr:
      return std::any_of(e.children.begin(), e.children.end(), [&](const auto& c) { return CanHold(c, map); });
  }
  return false;
}

bool CanHold(const stix::ObservationExpr& e, const FieldMap& map) {
  switch (e.kind) {
    case K::kObservation: return CanHold(e.comparison, map);
    case K::kOr:
      return std::any_of(e.children.begin(), e.children.end(), [&](const auto& c) { return CanHold(c, map); });
    default:  // AND, FOLLOWEDBY need every side; qualifiers their one child
      return std::all_of(e.children.begin(), e.children.end(), [&](const auto& c) { return CanHold(c, map); });
  }
}

// An event value as the comparison's constants want it: numbers and
// booleans when the constant is one and the text reads as one.
stix::ObservedScalar ToScalar(std::string_view text, const stix::Comparison& test) {
  stix::ObservedScalar s{stix::ObservedScalar::Kind::kString, text};
  for (const stix::Constant& c : test.values) {
    if (c.type == stix::ConstantType::kInt || c.type == stix::ConstantType::kFloat) {
      int64_t i = 0;
      auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), i);
      if (ec == std::errc() && p == text.data() + text.size()) {
        s.kind = stix::ObservedScalar::Kind::kInt;
        s.int_value = i;
        s.number = static_cast<double>(i);
        return s;
      }
      char* end = nullptr;
      std::string copy(text);
      double d = std::strtod(copy.c_str(), &end);
      if (!copy.empty() && end == copy.c_str() + copy.size()) {
        s.kind = stix::ObservedScalar::Kind::kFloat;
        s.number = d;
      }
      return s;
    }
    if (c.type == stix::ConstantType::kBool && (text == "true" || text == "false")) {
      s.kind = stix::ObservedScalar::Kind::kBool;
      s.bool_value = text == "true";
      return s;
    }
  }
  return s;
}

struct Matched {
  std::string field, value;
};

struct Compiled {
  uint32_t indicator = 0;
  stix::Pattern pattern;
  std::optional<int64_t> window_us;  // outer WITHIN
};

struct Retained {
  TimestampUs time = 0;
  std::vector<bool> leaves;
  std::vector<Matched> matched;
};

}  // namespace

// STIX equality patterns by path: the mapped values of `path` are looked up
// in `values` (exact bytes -> indicator indexes).
struct ExactPath {
  stix::ObjectPath path;
  absl::flat_hash_map<std::string, std::vector<uint32_t>> values;
};

struct IndicatorMatcher::Impl {
  const FieldMap& map;
  IndicatorMatcherOptions options;
  std::deque<RuleInfo> rules;
  IocSet iocs;
  std::vector<ExactPath> exact;
  size_t exact_patterns = 0;
  std::vector<Compiled> stateless, stateful;
  std::vector<std::deque<Retained>> state;  // parallel to `stateful`
  TimestampUs last_time = 0;

  std::vector<std::string> EvalCmp(const stix::ComparisonExpr& e, const Event& event,
                                        std::vector<Matched>& matched) const;
  bool EvalLeaf(const stix::ComparisonExpr& e, const Event& event, std::vector<Matched>& matched) const {
    size_t mark = matched.size();
    bool ok = !EvalCmp(e, event, matched).empty();
    if (!ok) matched.resize(mark);
    return ok;
  }
  void Compile(uint32_t indicator, const IndicatorSpec& spec, std::vector<IndicatorProblem>& problems);
  bool AddExact(uint32_t indicator, const stix::Pattern& pattern);
  void LookupExact(const Event& event, absl::FunctionRef<void(uint32_t, std::string_view, std::string_view)> fn) const;
};

bool IndicatorMatcher::Impl::AddExact(uint32_t indicator, const stix::Pattern& pattern) {
  if (pattern.root.kind != K::kObservation) return false;
  std::vector<std::pair<const stix::ObjectPath*, std::string>> pairs;
  if (!CollectExact(pattern.root.comparison, pairs)) return false;
  for (const auto& [path, value] : pairs) {
    if (!map.Maps(*path)) return false;  // Compile reports it
  }
  for (auto& [path, value] : pairs) {
    const std::string key = FieldMap::CanonicalPath(*path);
    auto it = std::find_if(exact.begin(), exact.end(),
                           [&](const ExactPath& e) { return FieldMap::CanonicalPath(e.path) == key; });
    if (it == exact.end()) {
      exact.push_back({*path, {}});
      it = exact.end() - 1;
    }
    auto& tags = it->values[value];
    if (tags.empty() || tags.back() != indicator) tags.push_back(indicator);
  }
  ++exact_patterns;
  return true;
}

void IndicatorMatcher::Impl::LookupExact(const Event& event,
                                         absl::FunctionRef<void(uint32_t, std::string_view, std::string_view)> fn) const {
  std::string scratch;
  for (const ExactPath& e : exact) {
    map.ForEachValue(e.path, event, scratch, [&](std::string_view field, std::string_view value, std::string_view) {
      auto it = e.values.find(absl::string_view(value.data(), value.size()));
      if (it == e.values.end()) return;
      for (uint32_t tag : it->second) fn(tag, field, it->first);
    });
  }
}

// Object keys: "<type>" for one-per-event types, "<type>/<field>" for
// value-only types (see field_map.h), so AND needs one object.
std::vector<std::string> IndicatorMatcher::Impl::EvalCmp(const stix::ComparisonExpr& e, const Event& event,
                                                              std::vector<Matched>& matched) const {
  std::vector<std::string> keys;
  switch (e.kind) {
    case stix::ComparisonExpr::Kind::kTest: {
      const stix::Comparison& test = e.test;
      std::string scratch;
      bool any = false;
      map.ForEachValue(test.path, event, scratch, [&](std::string_view field, std::string_view value,
                                                      std::string_view object) {
        any = true;
        std::string key = test.path.object_type;
        if (!object.empty()) key.append("/").append(object);
        if (test.op == stix::CompareOp::kExists) {
          if (!test.negated) {
            keys.push_back(std::move(key));
            matched.push_back({std::string(field), std::string(value)});
          }
          return;
        }
        auto r = stix::TestScalar(test, ToScalar(value, test));
        if (r && *r != test.negated) {
          keys.push_back(std::move(key));
          matched.push_back({std::string(field), std::string(value)});
        }
      });
      if (test.op == stix::CompareOp::kExists && test.negated && !any) keys.push_back(test.path.object_type);
      break;
    }
    case stix::ComparisonExpr::Kind::kAnd: {
      bool first = true;
      for (const auto& child : e.children) {
        auto k = EvalCmp(child, event, matched);
        if (first) {
          keys = std::move(k);
          first = false;
        } else {
          std::vector<std::string> both;
          std::set_intersection(keys.begin(), keys.end(), k.begin(), k.end(), std::back_inserter(both));
          keys = std::move(both);
        }
        if (keys.empty()) return keys;
      }
      return keys;
    }
    case stix::ComparisonExpr::Kind::kOr:
      for (const auto& child : e.children) {
        auto k = EvalCmp(child, event, matched);
        keys.insert(keys.end(), k.begin(), k.end());
      }
      break;
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

void IndicatorMatcher::Impl::Compile(uint32_t indicator, const IndicatorSpec& spec,
                                     std::vector<IndicatorProblem>& problems) {
  auto version = spec.pattern_version == "2.0" ? stix::PatternVersion::k20 : stix::PatternVersion::k21;
  auto parsed = stix::ParsePattern(spec.pattern, version);
  if (!parsed.ok()) {
    problems.push_back({spec.id, fmt::format("pattern does not parse: {}", std::string(parsed.status().message()))});
    return;
  }
  std::vector<const stix::ObjectPath*> paths;
  stix::ForEachLeaf(parsed->root, [&](const stix::ObservationExpr& leaf) { CollectPaths(leaf.comparison, paths); });
  std::set<std::string> unmapped;
  size_t mapped = 0;
  for (const auto* p : paths) {
    if (map.Maps(*p)) {
      ++mapped;
    } else {
      unmapped.insert(p->ToString());
    }
  }
  std::string list;
  for (const auto& u : unmapped) list += (list.empty() ? "" : ", ") + u;
  if (mapped == 0 || !CanHold(parsed->root, map)) {
    IndicatorProblem p{spec.id, fmt::format("not huntable on these logs: {} not mapped to an event field ({})",
                                            mapped == 0 ? "no path of the pattern is" : "a path it needs is", list)};
    p.not_huntable = true;
    problems.push_back(std::move(p));
    return;
  }
  if (!unmapped.empty()) {
    problems.push_back({spec.id, fmt::format("not mapped to any event field, tests on it are false: {}", list), true});
  }
  if (unmapped.empty() && AddExact(indicator, *parsed)) return;
  Compiled c;
  c.indicator = indicator;
  if (parsed->root.kind == K::kWithin) c.window_us = static_cast<int64_t>(parsed->root.within_seconds * 1e6);
  c.pattern = *std::move(parsed);
  if (NeedsSeveralEvents(c.pattern.root)) {
    stateful.push_back(std::move(c));
    state.emplace_back();
  } else {
    stateless.push_back(std::move(c));
  }
}

namespace {
RuleInfo MakeRule(const IndicatorSpec& spec, Level level) {
  RuleInfo r;
  r.id = spec.id;
  r.title = spec.name.empty() ? spec.pattern : spec.name;
  r.description = spec.description;
  r.level = level;
  r.tags = spec.labels;
  if (spec.valid_from) r.date = FormatTimestamp(*spec.valid_from);
  return r;
}
}  // namespace

IndicatorMatcher::IndicatorMatcher(const FieldMap& field_map, IndicatorMatcherOptions options)
    : impl_(new Impl{field_map, options, {}, {}, {}, 0, {}, {}, {}, 0}) {}
IndicatorMatcher::~IndicatorMatcher() = default;

std::vector<IndicatorProblem> IndicatorMatcher::AddIocList(const IocList& list) {
  std::vector<IndicatorProblem> problems;
  const uint32_t base = static_cast<uint32_t>(impl_->rules.size());
  for (const IndicatorSpec& spec : list.indicators) impl_->rules.push_back(MakeRule(spec, impl_->options.level));
  for (const IocEntry& e : list.entries) impl_->iocs.Add(e.value, base + e.indicator);
  for (uint32_t p : list.patterns) impl_->Compile(base + p, list.indicators[p], problems);
  return problems;
}

std::vector<IndicatorProblem> IndicatorMatcher::AddIndicators(std::span<const IndicatorSpec> indicators) {
  std::vector<IndicatorProblem> problems;
  for (const IndicatorSpec& spec : indicators) {
    if (spec.revoked) {
      problems.push_back({spec.id, "revoked; skipped"});
      continue;
    }
    if (impl_->options.now && spec.valid_until && *spec.valid_until <= *impl_->options.now) {
      problems.push_back({spec.id, fmt::format("expired (valid_until {}); skipped", FormatTimestamp(*spec.valid_until))});
      continue;
    }
    const uint32_t index = static_cast<uint32_t>(impl_->rules.size());
    // An indicator that does not compile keeps its slot (indexes are tags)
    // but can never fire; the problem says why.
    impl_->rules.push_back(MakeRule(spec, impl_->options.level));
    impl_->Compile(index, spec, problems);
  }
  return problems;
}

void IndicatorMatcher::MatchStateless(const Event& event, Sink& sink) const {
  struct Item {
    uint32_t indicator;
    std::string_view field, value;
  };
  std::vector<Item> items;
  std::deque<std::vector<Matched>> storage;  // keeps pattern values alive until OnHit
  if (!impl_->iocs.empty()) {
    impl_->iocs.ScanEvent(event, [&](std::string_view field, const IocHit& hit) {
      for (size_t i = 0; i < hit.tag_count; ++i) items.push_back({hit.tags[i], field, hit.token});
    });
  }
  impl_->LookupExact(event, [&](uint32_t indicator, std::string_view field, std::string_view value) {
    items.push_back({indicator, field, value});
  });
  // Stateless: no stream clock here (that would race with MatchStateful).
  const TimestampUs t = event.TimeUs().value_or(0);
  for (const Compiled& c : impl_->stateless) {
    std::vector<Matched> matched;
    std::vector<std::vector<int32_t>> hits(static_cast<size_t>(c.pattern.leaf_count));
    bool any = false;
    stix::ForEachLeaf(c.pattern.root, [&](const stix::ObservationExpr& leaf) {
      if (impl_->EvalLeaf(leaf.comparison, event, matched)) {
        hits[static_cast<size_t>(leaf.leaf)].push_back(0);
        any = true;
      }
    });
    if (!any) continue;
    if (c.pattern.root.kind != K::kObservation) {
      stix::Instance inst{t, t};
      bool truncated = false;
      auto b = stix::FindBindings(c.pattern.root, std::span(&inst, 1),
                                  [&](int leaf) -> const std::vector<int32_t>& { return hits[static_cast<size_t>(leaf)]; },
                                  1, &truncated);
      if (b.empty()) continue;
    }
    storage.push_back(std::move(matched));
    for (const Matched& m : storage.back()) items.push_back({c.indicator, m.field, m.value});
  }
  if (items.empty()) return;
  std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.indicator < b.indicator; });
  for (size_t i = 0; i < items.size();) {
    Hit hit;
    hit.rule = &impl_->rules[items[i].indicator];
    hit.event = &event;
    size_t j = i;
    for (; j < items.size() && items[j].indicator == items[i].indicator; ++j) {
      MatchedField f{items[j].field, items[j].value};
      bool dup = std::any_of(hit.matched.begin(), hit.matched.end(),
                             [&](const MatchedField& m) { return m.field == f.field && m.value == f.value; });
      if (!dup) hit.matched.push_back(f);
    }
    sink.OnHit(hit);
    i = j;
  }
}

void IndicatorMatcher::MatchStateful(const Event& event, Sink& sink) {
  Impl& m = *impl_;
  const TimestampUs t = event.TimeUs().value_or(m.last_time);
  m.last_time = t;
  for (size_t p = 0; p < m.stateful.size(); ++p) {
    const Compiled& c = m.stateful[p];
    Retained r;
    r.time = t;
    r.leaves.assign(static_cast<size_t>(c.pattern.leaf_count), false);
    bool any = false;
    stix::ForEachLeaf(c.pattern.root, [&](const stix::ObservationExpr& leaf) {
      if (m.EvalLeaf(leaf.comparison, event, r.matched)) {
        r.leaves[static_cast<size_t>(leaf.leaf)] = true;
        any = true;
      }
    });
    if (!any) continue;
    auto& q = m.state[p];
    q.push_back(std::move(r));
    while (q.size() > m.options.max_retained) q.pop_front();
    if (c.window_us) {
      while (!q.empty() && q.front().time < t - *c.window_us) q.pop_front();
    }
    std::vector<stix::Instance> inst;
    std::vector<std::vector<int32_t>> hits(static_cast<size_t>(c.pattern.leaf_count));
    for (size_t i = 0; i < q.size(); ++i) {
      inst.push_back({q[i].time, q[i].time});
      for (size_t l = 0; l < q[i].leaves.size(); ++l) {
        if (q[i].leaves[l]) hits[l].push_back(static_cast<int32_t>(i));
      }
    }
    bool truncated = false;
    auto bindings = stix::FindBindings(
        c.pattern.root, inst, [&](int leaf) -> const std::vector<int32_t>& { return hits[static_cast<size_t>(leaf)]; },
        m.options.max_bindings, &truncated);
    const int32_t last = static_cast<int32_t>(q.size()) - 1;
    const stix::Binding* fired = nullptr;
    for (const auto& b : bindings) {
      if (!b.empty() && b.back() == last) {
        fired = &b;
        break;
      }
    }
    if (!fired) continue;
    Hit hit;
    hit.rule = &m.rules[c.indicator];
    hit.event = &event;
    for (int32_t i : *fired) {
      for (const Matched& mf : q[static_cast<size_t>(i)].matched) hit.matched.push_back({mf.field, mf.value});
    }
    sink.OnHit(hit);
    q.clear();
  }
}

size_t IndicatorMatcher::indicator_count() const { return impl_->rules.size(); }
size_t IndicatorMatcher::ioc_count() const { return impl_->iocs.size(); }
const IocSet& IndicatorMatcher::ioc_set() const { return impl_->iocs; }
size_t IndicatorMatcher::stateless_pattern_count() const { return impl_->stateless.size() + impl_->exact_patterns; }
size_t IndicatorMatcher::exact_pattern_count() const { return impl_->exact_patterns; }
size_t IndicatorMatcher::stateful_pattern_count() const { return impl_->stateful.size(); }
const RuleInfo& IndicatorMatcher::rule(size_t index) const { return impl_->rules[index]; }

}  // namespace rampart::detect
