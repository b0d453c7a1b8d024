// Evaluation over observed-data, following cti-pattern-matcher: each bracket
// yields, per observation, the set of root objects that satisfy it (AND
// intersects, OR unites); observations whose set is non-empty satisfy the
// leaf; the observation layer (bindings.cc) combines leaves.
#include <algorithm>
#include <set>

#include "rampart/stix/pattern.h"

namespace rampart::stix {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Collects the JSON values reached by `path` from `value`, following
// `_ref`/`_refs` ids through `objects` when further keys follow.
void Walk(const nlohmann::json& value, const ObjectPath& path, size_t step, bool from_ref,
          const nlohmann::json& objects, std::vector<const nlohmann::json*>& out, int depth) {
  if (depth > 64) return;  // reference cycles
  if (step == path.steps.size()) {
    out.push_back(&value);
    return;
  }
  const PathStep& s = path.steps[step];
  switch (s.kind) {
    case PathStep::Kind::kKey: {
      const nlohmann::json* obj = &value;
      if (from_ref && value.is_string()) {
        auto it = objects.find(value.get_ref<const std::string&>());
        if (it == objects.end()) return;
        obj = &*it;
      }
      if (!obj->is_object()) return;
      auto it = obj->find(s.key);
      if (it == obj->end()) return;
      Walk(*it, path, step + 1, EndsWith(s.key, "_ref") || EndsWith(s.key, "_refs"), objects, out, depth + 1);
      return;
    }
    case PathStep::Kind::kIndex: {
      if (!value.is_array()) return;
      int64_t n = static_cast<int64_t>(value.size());
      int64_t i = s.index < 0 ? n + s.index : s.index;
      if (i < 0 || i >= n) return;
      Walk(value[static_cast<size_t>(i)], path, step + 1, from_ref, objects, out, depth + 1);
      return;
    }
    case PathStep::Kind::kAnyIndex:
      if (!value.is_array()) return;
      for (const auto& element : value) Walk(element, path, step + 1, from_ref, objects, out, depth + 1);
      return;
  }
}

std::optional<ObservedScalar> ToScalar(const nlohmann::json& v) {
  ObservedScalar s;
  if (v.is_string()) {
    s.kind = ObservedScalar::Kind::kString;
    s.text = v.get_ref<const std::string&>();
  } else if (v.is_number_integer()) {
    s.kind = ObservedScalar::Kind::kInt;
    s.int_value = v.is_number_unsigned() ? static_cast<int64_t>(v.get<uint64_t>()) : v.get<int64_t>();
    s.number = static_cast<double>(s.int_value);
  } else if (v.is_number_float()) {
    s.kind = ObservedScalar::Kind::kFloat;
    s.number = v.get<double>();
  } else if (v.is_boolean()) {
    s.kind = ObservedScalar::Kind::kBool;
    s.bool_value = v.get<bool>();
  } else {
    return std::nullopt;
  }
  return s;
}

bool TestObject(const Comparison& test, const nlohmann::json& root, const nlohmann::json& objects) {
  std::vector<const nlohmann::json*> found;
  Walk(root, test.path, 0, false, objects, found, 0);
  if (test.op == CompareOp::kExists) return found.empty() == test.negated;
  std::vector<ObservedScalar> scalars;
  for (const nlohmann::json* v : found) {
    if (auto s = ToScalar(*v)) scalars.push_back(*s);
  }
  return TestValues(test, scalars);
}

using RootSet = std::set<std::string>;

RootSet EvalComparison(const ComparisonExpr& expr, const Observation& obs) {
  RootSet out;
  switch (expr.kind) {
    case ComparisonExpr::Kind::kTest:
      for (const auto& [key, object] : obs.objects.items()) {
        if (!object.is_object()) continue;
        auto type = object.find("type");
        if (type == object.end() || !type->is_string() || *type != expr.test.path.object_type) continue;
        if (TestObject(expr.test, object, obs.objects)) out.insert(key);
      }
      return out;
    case ComparisonExpr::Kind::kAnd: {
      bool first = true;
      for (const auto& child : expr.children) {
        RootSet r = EvalComparison(child, obs);
        if (first) {
          out = std::move(r);
          first = false;
        } else {
          RootSet both;
          std::set_intersection(out.begin(), out.end(), r.begin(), r.end(), std::inserter(both, both.end()));
          out = std::move(both);
        }
        if (out.empty()) return out;
      }
      return out;
    }
    case ComparisonExpr::Kind::kOr:
      for (const auto& child : expr.children) out.merge(EvalComparison(child, obs));
      return out;
  }
  return out;
}

}  // namespace

MatchResult Evaluate(const Pattern& pattern, std::span<const Observation> observations, size_t max_bindings) {
  std::vector<Instance> instances;
  std::vector<int32_t> first_instance;  // per observation
  for (const Observation& obs : observations) {
    first_instance.push_back(static_cast<int32_t>(instances.size()));
    int64_t copies = std::clamp<int64_t>(obs.number_observed, 1, 100000);
    for (int64_t k = 0; k < copies; ++k) instances.push_back(Instance{obs.first_observed, obs.last_observed});
  }
  std::vector<std::vector<int32_t>> hits(static_cast<size_t>(pattern.leaf_count));
  ForEachLeaf(pattern.root, [&](const ObservationExpr& leaf) {
    auto& list = hits[static_cast<size_t>(leaf.leaf)];
    for (size_t o = 0; o < observations.size(); ++o) {
      if (EvalComparison(leaf.comparison, observations[o]).empty()) continue;
      int64_t copies = std::clamp<int64_t>(observations[o].number_observed, 1, 100000);
      for (int64_t k = 0; k < copies; ++k) list.push_back(first_instance[o] + static_cast<int32_t>(k));
    }
  });
  MatchResult result;
  result.bindings = FindBindings(pattern.root, instances,
                                 [&](int leaf) -> const std::vector<int32_t>& { return hits[static_cast<size_t>(leaf)]; },
                                 max_bindings, &result.truncated);
  result.matched = !result.bindings.empty();
  return result;
}

bool Matches(const Pattern& pattern, std::span<const Observation> observations) {
  return Evaluate(pattern, observations).matched;
}

}  // namespace rampart::stix
