// The observation layer: bindings (sets of observation instances) combined
// as cti-pattern-matcher does. Every intermediate list is sorted, free of
// duplicates and capped at max_bindings, which keeps REPEATS and AND over
// many observations bounded (the reference matcher is combinatorial).
#include <algorithm>

#include "rampart/stix/pattern.h"

namespace rampart::stix {
namespace {

struct Ctx {
  std::span<const Instance> instances;
  const std::function<const std::vector<int32_t>&(int)>& leaf_hits;
  size_t max;
  bool truncated = false;
};

bool Disjoint(const Binding& a, const Binding& b) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] == b[j]) return false;
    a[i] < b[j] ? ++i : ++j;
  }
  return true;
}

Binding Union(const Binding& a, const Binding& b) {
  Binding out;
  out.reserve(a.size() + b.size());
  std::merge(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

void Normalize(std::vector<Binding>& list, Ctx& ctx) {
  std::sort(list.begin(), list.end());
  list.erase(std::unique(list.begin(), list.end()), list.end());
  if (list.size() > ctx.max) {
    list.resize(ctx.max);
    ctx.truncated = true;
  }
}

TimestampUs MaxFirst(const Binding& b, const Ctx& ctx) {
  TimestampUs t = INT64_MIN;
  for (int32_t i : b) t = std::max(t, ctx.instances[static_cast<size_t>(i)].first);
  return t;
}
TimestampUs MinLast(const Binding& b, const Ctx& ctx) {
  TimestampUs t = INT64_MAX;
  for (int32_t i : b) t = std::min(t, ctx.instances[static_cast<size_t>(i)].last);
  return t;
}

// k-combinations of pairwise disjoint bindings, depth first, capped.
void Combine(const std::vector<Binding>& in, size_t start, int64_t left, const Binding& acc,
             std::vector<Binding>& out, Ctx& ctx) {
  if (left == 0) {
    out.push_back(acc);
    return;
  }
  for (size_t i = start; i < in.size(); ++i) {
    if (out.size() >= ctx.max * 2) {
      ctx.truncated = true;
      return;
    }
    if (static_cast<int64_t>(in.size() - i) < left) return;
    if (!Disjoint(acc, in[i])) continue;
    Combine(in, i + 1, left - 1, Union(acc, in[i]), out, ctx);
  }
}

std::vector<Binding> Eval(const ObservationExpr& e, Ctx& ctx) {
  using K = ObservationExpr::Kind;
  std::vector<Binding> out;
  switch (e.kind) {
    case K::kObservation:
      for (int32_t i : ctx.leaf_hits(e.leaf)) out.push_back(Binding{i});
      break;
    case K::kOr:
      for (const auto& c : e.children) {
        auto r = Eval(c, ctx);
        out.insert(out.end(), r.begin(), r.end());
      }
      break;
    case K::kAnd:
    case K::kFollowedBy: {
      out = Eval(e.children[0], ctx);
      for (size_t c = 1; c < e.children.size() && !out.empty(); ++c) {
        auto rhs = Eval(e.children[c], ctx);
        std::vector<Binding> joined;
        for (const Binding& l : out) {
          TimestampUs l_first = e.kind == K::kFollowedBy ? MaxFirst(l, ctx) : 0;
          for (const Binding& r : rhs) {
            if (!Disjoint(l, r)) continue;
            if (e.kind == K::kFollowedBy && MinLast(r, ctx) < l_first) continue;
            joined.push_back(Union(l, r));
            if (joined.size() >= ctx.max * 2) break;
          }
          if (joined.size() >= ctx.max * 2) {
            ctx.truncated = true;
            break;
          }
        }
        out = std::move(joined);
        Normalize(out, ctx);
      }
      break;
    }
    case K::kWithin: {
      auto in = Eval(e.children[0], ctx);
      const auto window = static_cast<TimestampUs>(e.within_seconds * 1e6);
      for (auto& b : in) {
        if (MaxFirst(b, ctx) - MinLast(b, ctx) <= window) out.push_back(std::move(b));
      }
      break;
    }
    case K::kRepeats: {
      auto in = Eval(e.children[0], ctx);
      Combine(in, 0, e.repeats, Binding{}, out, ctx);
      break;
    }
    case K::kStartStop: {
      auto in = Eval(e.children[0], ctx);
      for (auto& b : in) {
        bool inside = std::all_of(b.begin(), b.end(), [&](int32_t i) {
          const Instance& inst = ctx.instances[static_cast<size_t>(i)];
          return inst.first < e.stop && inst.last >= e.start;
        });
        if (inside) out.push_back(std::move(b));
      }
      break;
    }
  }
  Normalize(out, ctx);
  return out;
}

}  // namespace

std::vector<Binding> FindBindings(const ObservationExpr& root, std::span<const Instance> instances,
                                  const std::function<const std::vector<int32_t>&(int leaf)>& leaf_hits,
                                  size_t max_bindings, bool* truncated) {
  Ctx ctx{instances, leaf_hits, std::max<size_t>(max_bindings, 1)};
  auto out = Eval(root, ctx);
  if (truncated) *truncated = ctx.truncated;
  return out;
}

}  // namespace rampart::stix
