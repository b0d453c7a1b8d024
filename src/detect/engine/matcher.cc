// The compiled matcher at run time: classify the event, run each group whose
// logsource applies (scan each field once, then evaluate conditions over the
// leaf bits), report hits in rule order.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <typeinfo>

#include "absl/container/flat_hash_map.h"

#include "engine/compiler.h"
#include "engine/field_index.h"
#include "engine/value_match.h"
#include "rampart/core/vectorscan.h"
#include "rampart/core/strings.h"
#include "rampart/detect/flat_event.h"
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

// An event class and the groups whose logsource applies to it.
struct ClassEntry {
  EventClass ec;
  std::vector<uint32_t> groups;
};

class Scratch : public MatchScratch {
 public:
  Scratch(hs_scratch_t* hs, size_t leaves, size_t plans, size_t rules, const internal::NameTable& names)
      : hs_(hs), leaf_epoch_(leaves, 0), plan_epoch_(plans, 0), rule_epoch_(rules, 0), index_(names) {
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
      std::fill(rule_epoch_.begin(), rule_epoch_.end(), 0);
      epoch_ = 1;
    }
  }
  bool Hit(uint32_t leaf) const { return leaf_epoch_[leaf] == epoch_; }
  void Set(uint32_t leaf) {
    if (leaf_epoch_[leaf] == epoch_) return;
    leaf_epoch_[leaf] = epoch_;
    if (leaf_rule_[leaf] != Group::kNoRule) MarkRule(leaf_rule_[leaf]);
  }
  // Starts a group: NextEpoch, then its leaves' rules become candidates as
  // they hit.
  void BeginGroup(const Group& g) {
    NextEpoch();
    leaf_rule_ = g.leaf_rule.data();
    candidates_.clear();
  }
  void MarkRule(uint32_t rule) {
    if (rule_epoch_[rule] == epoch_) return;
    rule_epoch_[rule] = epoch_;
    candidates_.push_back(rule);
  }
  bool Present(int32_t plan) const { return plan_epoch_[plan] == epoch_; }
  void SetPresent(int32_t plan) { plan_epoch_[plan] = epoch_; }

  hs_scratch_t* hs_;
  pcre2_match_data* match_data_;
  std::vector<uint32_t> leaf_epoch_, plan_epoch_, rule_epoch_;
  uint32_t epoch_ = 0;
  const uint32_t* leaf_rule_ = nullptr;  // of the group being scanned
  std::vector<uint32_t> candidates_;     // its rules with a leaf hit
  std::string fold_;  // a value in lower case, for the caseless equals map
  absl::flat_hash_map<std::string, ClassEntry> classes_;  // by format, Channel, EventID
  std::string class_key_;
  std::string last_class_key_;             // the last class looked up ...
  const ClassEntry* last_class_ = nullptr;  // ... and its entry in classes_
  std::vector<Value> values_;     // a keyword plan's values
  // Prefilter state of the event being matched (epoch-stamped per event):
  // families scanned, bucket groups woken, and the values they scan.
  uint32_t event_epoch_ = 0;
  std::vector<uint32_t> family_done_, group_woken_;
  std::string all_values_;
  bool all_values_built_ = false;  // search_text_ set for this event
  std::string_view search_text_;   // Event::SearchText, or all_values_
  std::string joined_;            // ... joined by its separator
  std::vector<uint32_t> starts_;  // ... and where each starts (plus the end)
  internal::EventFieldIndex index_;
  const FlatEvent* flat_ = nullptr;  // the event being matched, if a FlatEvent (indexed)
  std::vector<std::pair<size_t, std::pair<const Group*, const CompiledRule*>>> matched_;
  std::vector<int64_t> group_runs_;  // Matcher::Activity
  int64_t events_ = 0;
};

int OnAtom(unsigned int id, unsigned long long, unsigned long long, unsigned int, void* ctx) {
  static_cast<Scratch*>(ctx)->Set(id);
  return 0;
}

// A required literal of a prefilter (pattern id = its index in the owner's
// tables) wakes its bucket groups.
struct WakeScan {
  Scratch* s;
  const Group* owner;
};

int OnWake(unsigned int id, unsigned long long, unsigned long long, unsigned int, void* ctx) {
  const auto& c = *static_cast<WakeScan*>(ctx);
  const uint32_t* groups = c.owner->prefilter_groups.data();
  for (uint32_t i = c.owner->prefilter_first[id]; i < c.owner->prefilter_first[id + 1]; ++i) {
    c.s->group_woken_[groups[i]] = c.s->event_epoch_;
  }
  return 0;
}

// All values of a keyword plan joined: value i spans [starts[i], starts[i+1] - 1).
struct JoinedScan {
  Scratch* s;
  const internal::FieldPlan* plan;
  const std::vector<uint32_t>* starts;
};

int OnJoinedLiteral(unsigned int id, unsigned long long, unsigned long long to, unsigned int, void* ctx) {
  const auto& c = *static_cast<JoinedScan*>(ctx);
  const internal::LitPattern& p = c.plan->lits[id];
  bool ok = p.mode == internal::LitMode::kContains;
  if (!ok) {
    // The value holding the match: the last one starting at or before it.
    unsigned long long from = to - p.len;
    auto it = std::upper_bound(c.starts->begin(), c.starts->end(), from);
    uint32_t start = *(it - 1);
    ok = p.mode == internal::LitMode::kStartsWith ? from == start : to + 1 == *it;
  }
  if (ok) {
    const uint32_t* leaves = c.plan->lit_leaves.data() + p.first;
    for (uint32_t i = 0; i < p.count; ++i) c.s->Set(leaves[i]);
  }
  return 0;
}

// Stops at the first match: only whether there is one matters.
int OnAny(unsigned int, unsigned long long, unsigned long long, unsigned int, void* ctx) {
  *static_cast<bool*>(ctx) = true;
  return 1;
}

struct LiteralScan {
  Scratch* s;
  const internal::FieldPlan* plan;
  unsigned long long value_len;
};

// A pure-literal match ending at `to`: startswith needs it to end at the
// literal's length, endswith at the value's end.
int OnLiteral(unsigned int id, unsigned long long, unsigned long long to, unsigned int, void* ctx) {
  const auto& c = *static_cast<LiteralScan*>(ctx);
  const internal::LitPattern& p = c.plan->lits[id];
  bool ok = p.mode == internal::LitMode::kContains || (p.mode == internal::LitMode::kStartsWith ? to == p.len : to == c.value_len);
  if (ok) {
    const uint32_t* leaves = c.plan->lit_leaves.data() + p.first;
    for (uint32_t i = 0; i < p.count; ++i) c.s->Set(leaves[i]);
  }
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
      max_rules_ = std::max(max_rules_, g->rules.size());
      for (auto& plan : g->plans) {
        if (!plan.name.empty()) plan.name_id = names_.Add(plan.name);
      }
    }
    channel_id_ = names_.Add("Channel");
    event_id_id_ = names_.Add("EventID");
    names_.Finish();
    // Which rule each leaf belongs to, and which rules hold with no leaf hit.
    Scratch none(nullptr, max_leaves_, max_plans_, max_rules_, names_);
    for (auto& g : groups_) {
      g->leaf_rule.assign(g->leaves.size(), Group::kNoRule);
      for (uint32_t r = 0; r < g->rules.size(); ++r) MarkTriggers(*g, g->rules[r].root, false, r);
      none.BeginGroup(*g);
      for (uint32_t r = 0; r < g->rules.size(); ++r) {
        if (Eval(*g, g->rules[r].root, none)) g->always_rules.push_back(r);
      }
    }
    if (verify) reference_ = std::make_unique<ReferenceEvaluator>(rules);
  }
  ~CompiledMatcher() override { hs_free_scratch(proto_); }

  std::unique_ptr<MatchScratch> NewScratch() const override {
    hs_scratch_t* hs = nullptr;
    if (proto_ && hs_clone_scratch(proto_, &hs) != HS_SUCCESS) hs = nullptr;
    return std::make_unique<Scratch>(hs, max_leaves_, max_plans_, max_rules_, names_);
  }
  const std::vector<Status>& rule_errors() const override { return errors_; }
  MatcherStats stats() const override { return stats_; }
  int64_t verify_failures() const override { return verify_failures_.load(); }
  std::vector<GroupActivity> Activity(const MatchScratch& base, int64_t* events) const override {
    const Scratch& s = static_cast<const Scratch&>(base);
    if (events) *events = s.events_;
    std::vector<GroupActivity> out;
    for (size_t gi = 0; gi < groups_.size(); ++gi) {
      const Group& g = *groups_[gi];
      GroupActivity a;
      a.logsource = g.logsource.product + "/" + g.logsource.category + "/" + g.logsource.service;
      a.bucket = g.family >= 0;
      a.runs = gi < s.group_runs_.size() ? s.group_runs_[gi] : 0;
      for (const auto& r : g.rules) a.rules.push_back(r.rule->info.title);
      a.required = g.required;
      out.push_back(std::move(a));
    }
    return out;
  }

  void Match(const Event& event, Sink& sink, MatchScratch& base) const override {
    Scratch& s = static_cast<Scratch&>(base);
    s.matched_.clear();
    s.all_values_built_ = false;
    if (s.family_done_.size() < groups_.size()) {
      s.family_done_.assign(groups_.size(), 0);
      s.group_woken_.assign(groups_.size(), 0);
      s.group_runs_.assign(groups_.size(), 0);
    }
    ++s.events_;
    if (++s.event_epoch_ == 0) {
      std::fill(s.family_done_.begin(), s.family_done_.end(), 0);
      std::fill(s.group_woken_.begin(), s.group_woken_.end(), 0);
      s.event_epoch_ = 1;
    }
    // typeid, not dynamic_cast: a failed dynamic_cast walks the class
    // hierarchy (3.5% of an IIS hunt); a class derived from FlatEvent just
    // takes the generic path.
    s.flat_ = typeid(event) == typeid(FlatEvent) ? static_cast<const FlatEvent*>(&event) : nullptr;
    if (s.flat_) s.index_.Build(*s.flat_);
    const ClassEntry& cls = Classify(event, s);
    const EventClass& ec = cls.ec;
    for (uint32_t gi : cls.groups) {
      const auto& g = groups_[gi];
      if (g->family >= 0 && !Woken(gi, *g, event, s)) continue;
      ++s.group_runs_[gi];
      s.BeginGroup(*g);
      Scan(*g, event, s);
      for (uint32_t r : g->always_rules) s.MarkRule(r);
      for (uint32_t r : s.candidates_) {
        const CompiledRule& cr = g->rules[r];
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
        s.BeginGroup(g);
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
        if (vm.kind == MatchKind::kDatePart) return internal::DatePartMatch(vm, v.text);
        return internal::FieldRefAny(vm, v.text, event);
      default: return false;
    }
  }

  // `skip_lit`: the plan's literals were already scanned over all values at
  // once; `skip_db`: its regex database cannot match any value.
  void ScanValue(const Group& g, const internal::FieldPlan& plan, const Value& v, const Event& event, Scratch& s,
                 bool skip_lit = false, bool skip_db = false) const {
    if (!v.text.empty()) {
      unsigned len = static_cast<unsigned>(v.text.size());
      if (plan.lit_db && !skip_lit) {
        LiteralScan ctx{&s, &plan, len};
        ScanBlock(plan.lit_db, v.text.data(), len, 0, s.hs_, OnLiteral, &ctx);
      }
      if (plan.db && !skip_db) ScanBlock(plan.db, v.text.data(), len, 0, s.hs_, OnAtom, &s);
      if (v.text.size() <= plan.max_equals) {
        if (!plan.equals_cased.empty()) SetAll(plan.equals_cased, v.text, s);
        if (!plan.equals_caseless.empty()) {
          s.fold_.resize(v.text.size());
          for (size_t i = 0; i < v.text.size(); ++i) {
            s.fold_[i] = static_cast<char>(internal::FoldAscii(static_cast<unsigned char>(v.text[i])));
          }
          SetAll(plan.equals_caseless, s.fold_, s);
        }
      }
    }
    for (uint32_t l : plan.value_leaves) {
      if (!s.Hit(l) && ValueLeaf(g.leaves[l], v, event, s)) s.Set(l);
    }
  }

  // Keyword plans search every value of the event: the literals in one scan
  // over the values joined by the plan's separator, the rest per value.
  void ScanKeywords(const Group& g, const internal::FieldPlan& plan, const Event& event, Scratch& s) const {
    s.values_.clear();
    if (s.flat_) {
      // Fields() without its canonical names (values are all we need).
      for (const FlatField& f : s.flat_->fields()) {
        if (!f.alias && f.value.kind != ValueKind::kNull) s.values_.push_back(f.value);
      }
    } else {
      event.Fields([&](std::string_view, const Value& v) {
        if (v.kind != ValueKind::kNull) s.values_.push_back(v);
      });
    }
    bool joined = plan.lit_db && plan.separator >= 0 && !s.values_.empty();
    bool prefilter = plan.db && plan.db_joinable && !s.values_.empty();
    if (joined || prefilter) {
      char sep = static_cast<char>(plan.separator >= 0 ? plan.separator : '\n');
      s.joined_.clear();
      s.starts_.clear();
      for (const Value& v : s.values_) {
        s.starts_.push_back(static_cast<uint32_t>(s.joined_.size()));
        s.joined_.append(v.text);
        s.joined_.push_back(sep);
      }
      s.starts_.push_back(static_cast<uint32_t>(s.joined_.size()));
    }
    if (joined) {
      JoinedScan ctx{&s, &plan, &s.starts_};
      ScanBlock(plan.lit_db, s.joined_.data(), static_cast<unsigned>(s.joined_.size()), 0, s.hs_, OnJoinedLiteral,
              &ctx);
    }
    bool skip_db = !plan.db;
    if (prefilter) {
      bool any = false;
      ScanBlock(plan.db, s.joined_.data(), static_cast<unsigned>(s.joined_.size()), 0, s.hs_, OnAny, &any);
      skip_db = !any;
    }
    bool lit_done = joined || !plan.lit_db;
    if (lit_done && skip_db && plan.max_equals == 0 && plan.value_leaves.empty()) return;
    for (const Value& v : s.values_) ScanValue(g, plan, v, event, s, joined, skip_db);
  }

  // Whether bucket group `gi` can match the event: its family's prefilter
  // (compiled.h) runs once per event over the event's SearchText or, if it
  // has none, all values joined (a match across two values only wakes a
  // bucket needlessly).
  bool Woken(uint32_t gi, const Group& g, const Event& event, Scratch& s) const {
    if (s.family_done_[g.family] != s.event_epoch_) {
      s.family_done_[g.family] = s.event_epoch_;
      if (!s.all_values_built_) {
        s.search_text_ = s.flat_ ? std::string_view() : event.SearchText();
        if (s.search_text_.empty()) {
          s.all_values_.clear();
          auto add = [&s](const Value& v) {
            if (v.kind == ValueKind::kNull) return;
            s.all_values_.append(v.text);
            s.all_values_.push_back('\n');
          };
          if (s.flat_) {
            for (const FlatField& f : s.flat_->fields()) add(f.value);
          } else {
            event.Fields([&](std::string_view, const Value& v) { add(v); });
          }
          s.search_text_ = s.all_values_;
        }
        s.all_values_built_ = true;
      }
      WakeScan ctx{&s, groups_[g.family].get()};
      ScanBlock(ctx.owner->prefilter_db, s.search_text_.data(), static_cast<unsigned>(s.search_text_.size()), 0, s.hs_,
              OnWake, &ctx);
    }
    return s.group_woken_[gi] == s.event_epoch_;
  }

  static void SetAll(const internal::EqualsMap& map, std::string_view key, Scratch& s) {
    auto it = map.find(ToAbsl(key));
    if (it == map.end()) return;
    for (uint32_t l : it->second) s.Set(l);
  }

  void Scan(const Group& g, const Event& event, Scratch& s) const {
    for (size_t p = 0; p < g.plans.size(); ++p) {
      const auto& plan = g.plans[p];
      bool present = false, null_seen = false;
      if (plan.name.empty()) {
        present = true;
        ScanKeywords(g, plan, event, s);
      } else if (s.flat_) {
        const auto& fields = s.flat_->fields();
        const auto& found = s.index_.Fields(plan.name_id);
        present = !found.empty();
        for (uint32_t i : found) {
          const Value& v = fields[i].value;
          if (v.kind == ValueKind::kNull) {
            null_seen = true;
            continue;
          }
          ScanValue(g, plan, v, event, s);
        }
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

  // The first value of `name` (Event::Get), through the index when there is one.
  std::optional<std::string_view> Get(const Event& event, int32_t id, std::string_view name, Scratch& s) const {
    if (!s.flat_) return event.Get(name);
    const auto& found = s.index_.Fields(id);
    if (found.empty()) return std::nullopt;
    return s.flat_->fields()[found.front()].value.text;
  }

  // ClassifyEvent reads the format, Channel and EventID only (logsource.h);
  // the class and the groups it selects are cached per thread by those three.
  const ClassEntry& Classify(const Event& event, Scratch& s) const {
    auto channel = Get(event, channel_id_, "Channel", s);
    auto event_id = Get(event, event_id_id_, "EventID", s);
    std::string& key = s.class_key_;
    key.assign(event.Format());
    key.push_back('\0');
    if (channel) key.append("1").append(*channel);
    key.push_back('\0');
    if (event_id) key.append("1").append(*event_id);
    // Consecutive events mostly share a class: the last one is kept aside.
    if (s.last_class_ && key == s.last_class_key_) return *s.last_class_;
    auto it = s.classes_.find(key);
    if (it != s.classes_.end()) {
      s.last_class_key_ = key;
      s.last_class_ = &it->second;
      return it->second;
    }
    if (s.classes_.size() >= 4096) s.classes_.clear();
    ClassEntry& e = s.classes_[key];
    // An insert may move the other entries: the one kept aside is this one.
    s.last_class_key_ = key;
    s.last_class_ = &e;
    e.ec = ClassifyEvent(event);
    for (uint32_t gi = 0; gi < groups_.size(); ++gi) {
      if (LogSourceApplies(groups_[gi]->logsource, e.ec)) e.groups.push_back(gi);
    }
    return e;
  }

  // Leaves whose hit can raise the rule's value (see Group::leaf_rule).
  static void MarkTriggers(Group& g, uint32_t n, bool negated, uint32_t rule) {
    const Node& node = g.nodes[n];
    if (node.op == Condition::Op::kIdentifier) {
      const CompiledItem& item = g.items[node.item];
      if (negated != item.negated) return;
      for (uint32_t l = item.first_leaf; l < item.first_leaf + item.leaf_count; ++l) g.leaf_rule[l] = rule;
      return;
    }
    for (uint32_t k = 0; k < node.kid_count; ++k) {
      MarkTriggers(g, g.kids[node.first_kid + k], negated != (node.op == Condition::Op::kNot), rule);
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
        int group = g.leaves[i].group;
        bool any = false;
        for (; i < end && g.leaves[i].group == group; ++i) any = any || s.Hit(i);
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
        for (uint32_t it : alt) internal::AppendMatched(*g.items[it].src, event, &hit);
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
  size_t max_leaves_ = 0, max_plans_ = 0, max_rules_ = 0;
  internal::NameTable names_;
  int32_t channel_id_ = -1, event_id_id_ = -1;
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
  RAMPART_ASSIGN_OR_RETURN(auto groups, internal::BuildGroups(rules, &stats, &errors, options.prefilter, options.databases));
  hs_scratch_t* proto = nullptr;
  for (const auto& g : groups) {
    for (const auto& p : g->plans) {
      for (hs_database_t* db : {p.db, p.lit_db}) {
        if (db && hs_alloc_scratch(db, &proto) != HS_SUCCESS) {
          hs_free_scratch(proto);
          return Internal("Vectorscan: cannot allocate scratch space");
        }
      }
    }
    if (g->prefilter_db && hs_alloc_scratch(g->prefilter_db, &proto) != HS_SUCCESS) {
      hs_free_scratch(proto);
      return Internal("Vectorscan: cannot allocate scratch space");
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
