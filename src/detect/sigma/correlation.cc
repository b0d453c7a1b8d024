// Correlation rules over hits (SIGMA.md §8): per correlation and group key,
// a sliding window of the contributing hits.
#include "rampart/detect/correlation.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>
#include <optional>
#include <functional>
#include <map>
#include <set>

namespace rampart::detect {
namespace {

// The whole text as a finite number (leading/trailing spaces allowed), else nullopt.
std::optional<double> ParseNumber(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.empty() || text.size() > 64) return std::nullopt;
  char buf[65];
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = 0;
  char* end = nullptr;
  double v = std::strtod(buf, &end);
  if (end != buf + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

}  // namespace

struct Correlator::Impl {
  struct Entry {
    int64_t time_us;
    int rule_pos;       // index into CorrelationRule::rules
    std::string value;  // value_count: the field's value
    double number = 0;  // value_sum/avg/percentile: the field's value
  };
  struct State {
    std::map<std::string, std::deque<Entry>> groups;
  };

  const RuleSet& rules;
  Sink& downstream;
  std::vector<State> states;  // per correlation
  // rule id or name -> (correlation index, position in its rules list)
  std::multimap<std::string, std::pair<size_t, int>> consumers;
  std::set<const RuleInfo*> suppressed;  // referenced only with generate: false
  int64_t* fired = nullptr;

  Impl(const RuleSet& r, Sink& d) : rules(r), downstream(d), states(r.correlations().size()) {}

  std::string FieldFor(const CorrelationRule& c, const std::string& field, const RuleInfo& rule) const {
    auto alias = c.aliases.find(field);
    if (alias == c.aliases.end()) return field;
    for (const std::string& key : {rule.name, rule.id}) {
      auto it = alias->second.find(key);
      if (!key.empty() && it != alias->second.end()) return it->second;
    }
    return field;
  }

  // value_sum / value_avg / value_percentile over the window. The percentile
  // interpolates linearly between the closest ranks (numpy's default, exact
  // where ES|QL and Elasticsearch approximate).
  static double Aggregate(const CorrelationRule& c, const std::deque<Entry>& entries) {
    if (entries.empty()) return 0;
    double sum = 0;
    for (const auto& e : entries) sum += e.number;
    if (c.type == CorrelationType::kValueSum) return sum;
    if (c.type == CorrelationType::kValueAvg) return sum / static_cast<double>(entries.size());
    std::vector<double> v;
    v.reserve(entries.size());
    for (const auto& e : entries) v.push_back(e.number);
    std::sort(v.begin(), v.end());
    double rank = (c.condition.percentile.value_or(50) / 100.0) * static_cast<double>(v.size() - 1);
    size_t lo = static_cast<size_t>(std::floor(rank));
    size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (v[hi] - v[lo]) * (rank - static_cast<double>(lo));
  }

  int64_t Count(const CorrelationRule& c, const std::deque<Entry>& entries) const {
    switch (c.type) {
      case CorrelationType::kValueSum:
      case CorrelationType::kValueAvg:
      case CorrelationType::kValuePercentile:
      case CorrelationType::kEventCount: return static_cast<int64_t>(entries.size());
      case CorrelationType::kValueCount: {
        std::set<std::string> values;
        for (const auto& e : entries) values.insert(e.value);
        return static_cast<int64_t>(values.size());
      }
      case CorrelationType::kTemporal: {
        std::set<int> seen;
        for (const auto& e : entries) seen.insert(e.rule_pos);
        return static_cast<int64_t>(seen.size());
      }
      case CorrelationType::kTemporalOrdered: {
        int next = 0;  // longest prefix of `rules` seen in order
        for (const auto& e : entries) {
          if (e.rule_pos == next) ++next;
        }
        return next;
      }
    }
    return 0;
  }

  void Feed(const Hit& hit) {
    const RuleInfo& info = *hit.rule;
    std::set<std::pair<size_t, int>> targets;
    for (const std::string& key : {info.id, info.name}) {
      if (key.empty()) continue;
      auto [lo, hi] = consumers.equal_range(key);
      for (auto it = lo; it != hi; ++it) targets.insert(it->second);
    }
    if (!suppressed.count(&info)) downstream.OnHit(hit);
    for (const auto& [ci, pos] : targets) Update(ci, pos, hit);
  }

  void Update(size_t ci, int pos, const Hit& hit) {
    const CorrelationRule& c = rules.correlations()[ci];
    const Event& event = *hit.event;
    std::vector<std::pair<std::string, std::string>> group;
    std::string key;
    for (const auto& f : c.group_by) {
      std::string value(event.Get(FieldFor(c, f, *hit.rule)).value_or(""));
      key += value;
      key += '\x1f';
      group.emplace_back(f, std::move(value));
    }
    Entry entry{event.TimeUs().value_or(0), pos, {}};
    bool aggregate = IsValueAggregate(c.type);
    if (c.type == CorrelationType::kValueCount) {
      auto v = event.Get(FieldFor(c, c.condition.field, *hit.rule));
      if (!v) return;  // no value to count
      entry.value = std::string(*v);
    } else if (aggregate) {
      auto v = event.Get(FieldFor(c, c.condition.field, *hit.rule));
      auto n = v ? ParseNumber(*v) : std::nullopt;
      if (!n) return;  // missing or not a number: does not contribute
      entry.number = *n;
    }
    auto& entries = states[ci].groups[key];
    entries.push_back(std::move(entry));
    int64_t now = entries.back().time_us;
    while (!entries.empty() && entries.front().time_us < now - c.timespan_us) entries.pop_front();
    int64_t count = Count(c, entries);
    double value = aggregate ? Aggregate(c, entries) : static_cast<double>(count);
    if (!c.condition.HoldsValue(value)) return;
    CorrelationInfo ci_info;
    ci_info.type = c.type;
    ci_info.group = group;
    ci_info.count = count;
    ci_info.value = value;
    ci_info.first_time_us = entries.front().time_us;
    ci_info.last_time_us = now;
    entries.clear();  // one alert per burst
    Hit out;
    out.rule = &c.info;
    out.event = hit.event;
    out.correlation = &ci_info;
    for (const auto& [f, v] : ci_info.group) out.matched.push_back({f, v});
    // The aggregate is reported as a matched pseudo-field, "value_sum(Bytes)".
    std::string label, shown;
    if (aggregate) {
      label = fmt::format("{}({})", CorrelationTypeName(c.type), c.condition.field);
      if (c.type == CorrelationType::kValuePercentile) {
        label = fmt::format("value_percentile({}, {})", c.condition.field, *c.condition.percentile);
      }
      shown = fmt::format("{}", value);
      out.matched.push_back({label, shown});
    }
    ++*fired;
    Feed(out);  // chains: correlations of correlations
  }
};

Correlator::Correlator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) { impl_->fired = &fired_; }
Correlator::~Correlator() = default;

Result<std::unique_ptr<Correlator>> Correlator::Create(const RuleSet& rules, Sink& downstream) {
  auto impl = std::make_unique<Impl>(rules, downstream);
  std::map<std::string, const RuleInfo*> by_key;
  std::map<std::string, size_t> correlation_by_key;
  for (const auto& r : rules.rules()) {
    if (!r.info.id.empty()) by_key[r.info.id] = &r.info;
    if (!r.info.name.empty()) by_key[r.info.name] = &r.info;
  }
  for (size_t i = 0; i < rules.correlations().size(); ++i) {
    const auto& c = rules.correlations()[i];
    if (!c.info.id.empty()) by_key[c.info.id] = &c.info, correlation_by_key[c.info.id] = i;
    if (!c.info.name.empty()) by_key[c.info.name] = &c.info, correlation_by_key[c.info.name] = i;
  }
  std::map<const RuleInfo*, bool> generate;  // any consumer with generate: true
  for (size_t i = 0; i < rules.correlations().size(); ++i) {
    const auto& c = rules.correlations()[i];
    const auto& w = c.info.where;
    for (size_t p = 0; p < c.rules.size(); ++p) {
      auto it = by_key.find(c.rules[p]);
      if (it == by_key.end()) {
        return InvalidInput(fmt::format("correlation '{}' names rule '{}', which is not loaded", c.info.title, c.rules[p]),
                            ErrorContext{w.file, w.line, w.column, -1, c.info.id});
      }
      impl->consumers.emplace(c.rules[p], std::make_pair(i, static_cast<int>(p)));
      generate[it->second] = generate[it->second] || c.generate;
    }
  }
  for (const auto& [info, gen] : generate) {
    if (!gen) impl->suppressed.insert(info);
  }
  // Cycles among correlations would recurse forever.
  std::vector<int> mark(rules.correlations().size(), 0);
  std::function<bool(size_t)> cyclic = [&](size_t i) {
    if (mark[i] == 1) return true;
    if (mark[i] == 2) return false;
    mark[i] = 1;
    for (const auto& ref : rules.correlations()[i].rules) {
      auto it = correlation_by_key.find(ref);
      if (it != correlation_by_key.end() && cyclic(it->second)) return true;
    }
    mark[i] = 2;
    return false;
  };
  for (size_t i = 0; i < rules.correlations().size(); ++i) {
    if (cyclic(i)) {
      const auto& c = rules.correlations()[i];
      return InvalidInput("correlation rules reference each other in a cycle",
                          ErrorContext{c.info.where.file, c.info.where.line, c.info.where.column, -1, c.info.id});
    }
  }
  return std::unique_ptr<Correlator>(new Correlator(std::move(impl)));
}

void Correlator::OnHit(const Hit& hit) { impl_->Feed(hit); }

}  // namespace rampart::detect
