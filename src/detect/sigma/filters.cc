// Sigma filters (meta-filters, SIGMA.md §9) AND-ed into the rules they name.
// Done on the parsed form, not by rewriting condition text: `1 of them` in
// the rule was expanded when the rule was parsed, so the appended `_filt_`
// identifiers cannot leak into it; the text is rewritten only for display.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "rampart/detect/rule_set.h"
#include "sigma/internal.h"

namespace rampart::detect {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// pySigma SigmaLogSource.__contains__: every part the filter names must be
// the rule's too.
bool Covers(const LogSource& filter, const LogSource& rule) {
  auto part = [](const std::string& f, const std::string& r) { return f.empty() || Lower(f) == Lower(r); };
  return part(filter.product, rule.product) && part(filter.category, rule.category) &&
         part(filter.service, rule.service);
}

std::string LogSourceText(const LogSource& ls) {
  std::string out;
  auto add = [&](const char* key, const std::string& v) {
    if (!v.empty()) out += fmt::format("{}{}: {}", out.empty() ? "" : ", ", key, v);
  };
  add("product", ls.product), add("category", ls.category), add("service", ls.service);
  return out.empty() ? "any" : out;
}

void Offset(Condition* c, int by) {
  if (c->op == Condition::Op::kIdentifier) c->identifier += by;
  for (auto& o : c->operands) Offset(&o, by);
}

bool IdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '*'; }

// The filter's condition text with its identifiers (and `x of` patterns)
// prefixed, as pySigma renames them.
std::string RenameIdentifiers(std::string_view text, const std::string& prefix) {
  static const char* kWords[] = {"and", "or", "not", "of", "them", "all", "any", "1"};
  std::string out;
  for (size_t i = 0; i < text.size();) {
    if (!IdentChar(text[i])) {
      out += text[i++];
      continue;
    }
    size_t j = i;
    while (j < text.size() && IdentChar(text[j])) ++j;
    std::string_view token = text.substr(i, j - i);
    bool word = std::find(std::begin(kWords), std::end(kWords), token) != std::end(kWords);
    out += word ? std::string(token) : prefix + std::string(token);
    i = j;
  }
  return out;
}

size_t ValueCount(const std::vector<SearchIdentifier>& ids) {
  size_t n = 0;
  for (const auto& id : ids) {
    for (const auto& alt : id.alternatives) {
      for (const auto& item : alt) n += item.values.size();
    }
  }
  return n;
}

// The rule's condition becomes `rule and f1 and f2 ...`: one flat AND whose
// first operand is the rule's own condition, so filters do not nest the
// condition deeper each time (the evaluators recurse over it).
void Apply(const SigmaFilter& f, SigmaRule* rule) {
  std::string prefix = fmt::format("_filt_{}_", rule->filters.size());
  int offset = static_cast<int>(rule->identifiers.size());
  for (SearchIdentifier id : f.identifiers) {
    id.name = prefix + id.name;
    rule->identifiers.push_back(std::move(id));
  }
  Condition filter = f.condition;
  Offset(&filter, offset);
  if (rule->filters.empty()) {
    Condition both;
    both.op = Condition::Op::kAnd;
    both.operands.push_back(std::move(rule->condition));
    rule->condition = std::move(both);
  }
  rule->condition.operands.push_back(std::move(filter));
  rule->condition_text =
      fmt::format("({}) and ({})", rule->condition_text, RenameIdentifiers(f.condition_text, prefix));
  internal::CollectFields(rule);
  rule->filters.push_back(FilterRef{f.info.id, f.info.title, f.info.where});
}

}  // namespace

void RuleSet::ApplyFilters() {
  filter_use_.resize(filters_.size(), 0);
  for (; filters_applied_ < filters_.size(); ++filters_applied_) {
    const SigmaFilter& f = filters_[filters_applied_];
    int& used = filter_use_[filters_applied_];
    const SourceLocation& w = f.info.where;
    auto warn = [&](std::string msg) {
      warnings_.push_back(InvalidInput(fmt::format("filter '{}': {}", f.info.title, msg),
                                       ErrorContext{w.file, w.line, w.column, -1, f.info.id}));
    };
    const size_t filter_values = ValueCount(f.identifiers);
    std::set<const SigmaRule*> done;  // a rule named twice gets the filter once
    auto apply = [&](SigmaRule& r, bool named) {
      if (!done.insert(&r).second) return;
      if (!Covers(f.info.logsource, r.info.logsource)) {
        if (named) {
          warn(fmt::format("its logsource ({}) does not cover that of rule '{}' ({}): not applied",
                           LogSourceText(f.info.logsource), r.info.id.empty() ? r.info.title : r.info.id,
                           LogSourceText(r.info.logsource)));
        }
        return;
      }
      if (ValueCount(r.identifiers) + filter_values > internal::kMaxRuleValues) {
        warn(fmt::format("rule '{}' would hold more than {} detection values with it (limit per rule): not applied",
                         r.info.id.empty() ? r.info.title : r.info.id, internal::kMaxRuleValues));
        return;
      }
      Apply(f, &r);
      ++used;
    };
    if (f.rules.empty()) {
      for (auto& r : rules_) apply(r, false);
      continue;
    }
    for (const std::string& ref : f.rules) {
      bool found = false;
      for (auto& r : rules_) {
        if (r.info.id == ref || r.info.name == ref) {
          found = true;
          apply(r, true);
        }
      }
      if (found) continue;
      bool correlation = std::any_of(correlations_.begin(), correlations_.end(), [&](const CorrelationRule& c) {
        return c.info.id == ref || c.info.name == ref;
      });
      warn(correlation ? fmt::format("names correlation '{}': filters apply to detection rules only", ref)
                       : fmt::format("names rule '{}', which is not loaded", ref));
    }
  }
}

}  // namespace rampart::detect
