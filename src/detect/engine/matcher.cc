// The compiled matcher at run time: classify the event, run each group whose
// logsource applies (scan each field once, then evaluate conditions over the
// leaf bits), report hits in rule order.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <mutex>

#include "engine/compiler.h"
#include "engine/value_match.h"
#include "rampart/detect/logsource.h"
#include "rampart/detect/matcher.h"

namespace rampart::detect {
namespace {

using internal::CompiledItem;
using internal::CompiledRule;
using internal::Group;
using internal::Leaf;
using internal::LeafHow;
using internal::Node;

class Scratch : public MatchScratch {
 public:
  Scratch(hs_scratch_t* hs, size_t leaves, size_t plans) : hs_(hs), leaf_epoch_(leaves, 0), plan_epoch_(plans, 0) {
    match_data_ = pcre2_match_data_create(1, nullptr);
  }
  ~Scratch() override {
    hs_free_scratch(hs_);
    pcre2_match_data_free(match_data_);
  }
  void NextEpoch() {
    if (++epoch_ == 0) {
      std::fill(leaf_epoch_.begin(), leaf_epoch_.end(), 0);
      std::fill(plan_epoch_.begin(), plan_epoch_.end(), 0);
      epoch_ = 1;
    }
  }
  bool Hit(uint32_t leaf) const { return leaf_epoch_[leaf] == epoch_; }
  void Set(uint32_t leaf) { leaf_epoch_[leaf] = epoch_; }
  bool Present(int32_t plan) const { return plan_epoch_[plan] == epoch_; }
  void SetPresent(int32_t plan) { plan_epoch_[plan] = epoch_; }

  hs_scratch_t* hs_;
  pcre2_match_data* match_data_;
  std::vector<uint32_t> leaf_epoch_, plan_epoch_;
  uint32_t epoch_ = 0;
  std::vector<std::pair<size_t, std::pair<const Group*, const CompiledRule*>>> matched_;
};

int OnAtom(unsigned int id, unsigned long long, unsigned long long, unsigned int, void* ctx) {
  static_cast<Scratch*>(ctx)->Set(id);
  return 0;
}

class CompiledMatcher : public Matcher {
 public:
  CompiledMatcher(const RuleSet& rules, std::vector<std::unique_ptr<Group>> groups, MatcherStats stats,
                  std::vector<Status> errors, hs_scratch_t* proto, bool verify)
      : rules_(rules), groups_(std::move(groups)), stats_(stats), errors_(std::move(errors)), proto_(proto) {
    for (const auto& g : groups_) {
      max_leaves_ = std::max(max_leaves_, g->leaves.size());
      max_plans_ = std::max(max_plans_, g->plans.size());
    }
    if (verify) reference_ = std::make_unique<ReferenceEvaluator>(rules);
  }
  ~CompiledMatcher() override { hs_free_scratch(proto_); }

  std::unique_ptr<MatchScratch> NewScratch() const override {
    hs_scratch_t* hs = nullptr;
    if (proto_ && hs_clone_scratch(proto_, &hs) != HS_SUCCESS) hs = nullptr;
    return std::make_unique<Scratch>(hs, max_leaves_, max_plans_);
  }
  const std::vector<Status>& rule_errors() const override { return errors_; }
  MatcherStats stats() const override { return stats_; }
  int64_t verify_failures() const override { return verify_failures_.load(); }

  void Match(const Event& event, Sink& sink, MatchScratch& base) const override {
    Scratch& s = static_cast<Scratch&>(base);
    s.matched_.clear();
    EventClass ec = ClassifyEvent(event);
    for (const auto& g : groups_) {
      if (!LogSourceApplies(g->logsource, ec)) continue;
      s.NextEpoch();
      Scan(*g, event, s);
      for (const auto& cr : g->rules) {
        if (!Gate(cr, ec, s)) continue;
        if (Eval(*g, cr.root, s)) s.matched_.push_back({cr.index, {g.get(), &cr}});
      }
    }
    std::sort(s.matched_.begin(), s.matched_.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    if (reference_) Verify(event, s);
    // Report; item results are recomputed per group, so re-scan each group
    // whose rules hit (hits are rare; this keeps the hot path lean).
    const Group* scanned = nullptr;
    for (const auto& [index, where] : s.matched_) {
      const Group& g = *where.first;
      if (scanned != &g) {
        s.NextEpoch();
        Scan(g, event, s);
        scanned = &g;
      }
      Report(g, *where.second, event, s, sink);
    }
  }

 protected:
  std::unique_ptr<MatchScratch> AcquireScratch() const override {
    {
      std::lock_guard<std::mutex> lock(pool_mu_);
      if (!pool_.empty()) {
        auto s = std::move(pool_.back());
        pool_.pop_back();
        return s;
      }
    }
    return NewScratch();
  }
  void ReleaseScratch(std::unique_ptr<MatchScratch> scratch) const override {
    std::lock_guard<std::mutex> lock(pool_mu_);
    pool_.push_back(std::move(scratch));
  }

 private:
  bool ValueLeaf(const Leaf& leaf, const Value& v, const Event& event, Scratch& s) const {
    const ValueMatcher& vm = *leaf.vm;
    switch (leaf.how) {
      case LeafHow::kAnyValue: return true;
      case LeafHow::kEmpty: return v.text.empty();
      case LeafHow::kPcre:
        return pcre2_match(leaf.pcre, reinterpret_cast<PCRE2_SPTR>(v.text.data()), v.text.size(), 0, 0,
                           s.match_data_, nullptr) >= 0;
      case LeafHow::kSlow:
        if (vm.kind == MatchKind::kCidr) return internal::CidrMatch(vm.cidr, v.text);
        if (vm.kind == MatchKind::kNumeric) return internal::NumericMatch(vm.op, vm.number, v.text);
        return internal::FieldRefAny(vm, v.text, event);
      default: return false;
    }
  }

  void ScanValue(const Group& g, const internal::FieldPlan& plan, const Value& v, const Event& event,
                 Scratch& s) const {
    if (plan.db && !v.text.empty()) {
      hs_scan(plan.db, v.text.data(), static_cast<unsigned>(v.text.size()), 0, s.hs_, OnAtom, &s);
    }
    for (uint32_t l : plan.value_leaves) {
      if (!s.Hit(l) && ValueLeaf(g.leaves[l], v, event, s)) s.Set(l);
    }
  }

  void Scan(const Group& g, const Event& event, Scratch& s) const {
    for (size_t p = 0; p < g.plans.size(); ++p) {
      const auto& plan = g.plans[p];
      bool present = false, null_seen = false;
      if (plan.name.empty()) {
        present = true;
        event.Fields([&](std::string_view, const Value& v) {
          if (v.kind != ValueKind::kNull) ScanValue(g, plan, v, event, s);
        });
      } else {
        present = event.Values(plan.name, [&](const Value& v) {
          if (v.kind == ValueKind::kNull) {
            null_seen = true;
            return;
          }
          ScanValue(g, plan, v, event, s);
        });
      }
      if (present) s.SetPresent(static_cast<int32_t>(p));
      for (uint32_t l : plan.presence_leaves) {
        const ValueMatcher& vm = *g.leaves[l].vm;
        bool hit = vm.kind == MatchKind::kExists ? present == vm.exists_value : (!present || null_seen);
        if (hit) s.Set(l);
      }
    }
  }

  static bool Gate(const CompiledRule& cr, const EventClass& ec, const Scratch& s) {
    if (ec.known || cr.gate_plans.empty()) return true;
    for (int32_t p : cr.gate_plans) {
      if (s.Present(p)) return true;
    }
    return false;
  }

  static bool ItemTrue(const Group& g, const CompiledItem& it, const Scratch& s) {
    bool result;
    uint32_t i = it.first_leaf, end = it.first_leaf + it.leaf_count;
    if (!it.all) {
      result = false;
      for (; i < end && !result; ++i) result = s.Hit(i);
    } else {
      result = i < end;
      while (i < end && result) {
        int group = g.leaves[i].vm->group;
        bool any = false;
        for (; i < end && g.leaves[i].vm->group == group; ++i) any = any || s.Hit(i);
        result = any;
      }
    }
    return it.negated ? !result : result;
  }

  static bool Eval(const Group& g, uint32_t n, const Scratch& s) {
    const Node& node = g.nodes[n];
    const uint32_t* kids = g.kids.data() + node.first_kid;
    switch (node.op) {
      case Condition::Op::kIdentifier: return ItemTrue(g, g.items[node.item], s);
      case Condition::Op::kNot: return !Eval(g, kids[0], s);
      case Condition::Op::kAnd:
        for (uint32_t k = 0; k < node.kid_count; ++k) {
          if (!Eval(g, kids[k], s)) return false;
        }
        return true;
      case Condition::Op::kOr:
        for (uint32_t k = 0; k < node.kid_count; ++k) {
          if (Eval(g, kids[k], s)) return true;
        }
        return false;
    }
    return false;
  }

  static void Report(const Group& g, const CompiledRule& cr, const Event& event, const Scratch& s, Sink& sink) {
    Hit hit;
    hit.rule = &cr.rule->info;
    hit.event = &event;
    for (size_t i = 0; i < cr.identifiers.size(); ++i) {
      if (!cr.positive[i]) continue;
      for (const auto& alt : cr.identifiers[i]) {
        bool all = true;
        for (uint32_t it : alt) all = all && ItemTrue(g, g.items[it], s);
        if (!all) continue;
        for (uint32_t it : alt) {
          const DetectionItem& item = *g.items[it].src;
          if (item.negated) continue;
          if (item.field.empty()) {
            hit.matched.push_back({"", item.values.front().display});
          } else {
            hit.matched.push_back({item.field, event.Get(item.field).value_or("")});
          }
        }
        break;
      }
    }
    sink.OnHit(hit);
  }

  void Verify(const Event& event, const Scratch& s) const {
    size_t next = 0;
    for (size_t i = 0; i < rules_.rules().size(); ++i) {
      bool compiled = next < s.matched_.size() && s.matched_[next].first == i;
      if (compiled) ++next;
      bool reference = reference_->Matches(i, event);
      if (compiled != reference) {
        ++verify_failures_;
        spdlog::error("RAMPART_VERIFY: rule {} ({}) {} by the compiled matcher but {} by the reference evaluator",
                      rules_.rules()[i].info.id, rules_.rules()[i].info.title, compiled ? "matched" : "not matched",
                      reference ? "matched" : "not matched");
      }
    }
  }

  const RuleSet& rules_;
  std::vector<std::unique_ptr<Group>> groups_;
  MatcherStats stats_;
  std::vector<Status> errors_;
  hs_scratch_t* proto_;
  size_t max_leaves_ = 0, max_plans_ = 0;
  std::unique_ptr<ReferenceEvaluator> reference_;
  mutable std::atomic<int64_t> verify_failures_{0};
  mutable std::mutex pool_mu_;
  mutable std::vector<std::unique_ptr<MatchScratch>> pool_;
};

}  // namespace

void Matcher::Match(const Event& event, Sink& sink) const {
  std::unique_ptr<MatchScratch> scratch = AcquireScratch();
  Match(event, sink, *scratch);
  ReleaseScratch(std::move(scratch));
}

Result<std::unique_ptr<Matcher>> Matcher::Compile(const RuleSet& rules, const CompileOptions& options) {
  MatcherStats stats;
  std::vector<Status> errors;
  RAMPART_ASSIGN_OR_RETURN(auto groups, internal::BuildGroups(rules, &stats, &errors));
  hs_scratch_t* proto = nullptr;
  for (const auto& g : groups) {
    for (const auto& p : g->plans) {
      if (p.db && hs_alloc_scratch(p.db, &proto) != HS_SUCCESS) {
        hs_free_scratch(proto);
        return Internal("Vectorscan: cannot allocate scratch space");
      }
    }
  }
  bool verify = options.verify;
  if (options.verify_from_env) {
    const char* env = std::getenv("RAMPART_VERIFY");
    if (env && *env && std::string_view(env) != "0") verify = true;
  }
  return std::unique_ptr<Matcher>(
      new CompiledMatcher(rules, std::move(groups), stats, std::move(errors), proto, verify));
}

}  // namespace rampart::detect
