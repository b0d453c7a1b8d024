// Why this is sound, node by node (R(n) = the required set of node n, or
// none): a string matcher without regex semantics can only hit a value that
// contains each of its literal pieces, so its longest piece is required; an
// item is an OR of its values (with `all`, an AND of OR-groups, which needs
// at least the union as well); OR needs the union of its children's sets and
// has none if any child has none; AND needs what any one child needs (the
// most selective one is kept); NOT and negated items have none. Matching is
// ASCII-caseless at worst (`cased` only narrows it), hence folded literals.
#include "engine/prefilter.h"

#include <algorithm>

#include "engine/compiled.h"

namespace rampart::detect::internal {
namespace {

// A required literal, and whether it is a field's whole value (`cs-method:
// GET`): short whole values are categories (methods, status codes, user
// names) that most events carry, so they make a weak prefilter even where a
// substring of the same length would be rare.
struct Lit {
  std::string text;
  bool whole_value = false;
  bool operator<(const Lit& o) const { return text < o.text || (text == o.text && whole_value > o.whole_value); }
};
using Req = std::optional<std::vector<Lit>>;

Req Normalize(std::vector<Lit> lits) {
  for (auto& l : lits) {
    for (char& c : l.text) c = static_cast<char>(FoldAscii(static_cast<unsigned char>(c)));
    // Vectorscan's literal API refuses a literal that starts with NUL (it
    // takes it for an empty string); what follows is required all the same.
    l.text.erase(0, l.text.find_first_not_of('\0'));
  }
  // Sorted so that a whole-value copy of a text comes first and is kept.
  std::sort(lits.begin(), lits.end());
  lits.erase(std::unique(lits.begin(), lits.end(), [](const Lit& a, const Lit& b) { return a.text == b.text; }),
             lits.end());
  for (const auto& l : lits) {
    if (l.text.size() < kMinRequiredLiteral) return std::nullopt;
  }
  return lits;
}

// Smaller is better: a short literal hits often, many literals too; a whole
// value counts as half its length.
bool Better(const std::vector<Lit>& a, const std::vector<Lit>& b) {
  auto weakest = [](const std::vector<Lit>& v) {
    size_t m = SIZE_MAX;
    for (const auto& l : v) m = std::min(m, l.whole_value ? l.text.size() / 2 : l.text.size());
    return m;
  };
  size_t sa = std::min<size_t>(weakest(a), 8), sb = std::min<size_t>(weakest(b), 8);
  if (sa != sb) return sa > sb;
  return a.size() < b.size();
}

Req ValueReq(const ValueMatcher& vm) {
  if (vm.kind != MatchKind::kString) return std::nullopt;
  const std::string* best = nullptr;
  for (const auto& p : vm.string.pieces) {
    if (p.kind == SigmaString::Kind::kLiteral && (!best || p.text.size() > best->size())) best = &p.text;
  }
  if (!best || best->empty()) return std::nullopt;
  return std::vector<Lit>{Lit{*best, vm.string.pieces.size() == 1}};
}

Req AllOf(const std::vector<Req>& kids);

// Values OR-ed; with `all`, OR-groups of variants (same ValueMatcher::group)
// AND-ed, which need what their most selective group needs.
Req ItemReq(const DetectionItem& item) {
  if (item.negated || item.values.empty()) return std::nullopt;
  std::vector<Req> groups;
  std::vector<Lit> out;
  for (size_t i = 0; i < item.values.size(); ++i) {
    Req r = ValueReq(item.values[i]);
    if (!r) {
      if (!item.all) return std::nullopt;
      out.clear();  // this group requires nothing: skip to its end
      while (i + 1 < item.values.size() && item.values[i + 1].group == item.values[i].group) ++i;
      groups.push_back(std::nullopt);
      continue;
    }
    out.insert(out.end(), r->begin(), r->end());
    bool group_ends = !item.all || i + 1 == item.values.size() || item.values[i + 1].group != item.values[i].group;
    if (item.all && group_ends) {
      groups.push_back(Normalize(std::move(out)));
      out.clear();
    }
  }
  if (item.all) return AllOf(groups);
  return Normalize(std::move(out));
}

Req AllOf(const std::vector<Req>& kids) {
  Req best;
  for (const auto& k : kids) {
    if (k && (!best || Better(*k, *best))) best = k;
  }
  return best;
}

Req AnyOf(const std::vector<Req>& kids) {
  std::vector<Lit> out;
  for (const auto& k : kids) {
    if (!k) return std::nullopt;
    out.insert(out.end(), k->begin(), k->end());
  }
  return Normalize(std::move(out));
}

Req IdentifierReq(const SearchIdentifier& id) {
  std::vector<Req> alts;
  for (const auto& alt : id.alternatives) {
    std::vector<Req> items;
    for (const auto& item : alt) items.push_back(ItemReq(item));
    // An empty alternative holds for every event.
    alts.push_back(items.empty() ? std::nullopt : AllOf(items));
  }
  if (alts.empty()) return std::nullopt;
  return AnyOf(alts);
}

Req ConditionReq(const SigmaRule& rule, const Condition& c) {
  switch (c.op) {
    case Condition::Op::kIdentifier:
      if (c.identifier < 0 || static_cast<size_t>(c.identifier) >= rule.identifiers.size()) return std::nullopt;
      return IdentifierReq(rule.identifiers[c.identifier]);
    case Condition::Op::kNot: return std::nullopt;
    case Condition::Op::kAnd:
    case Condition::Op::kOr: {
      if (c.operands.empty()) return std::nullopt;
      std::vector<Req> kids;
      for (const auto& o : c.operands) kids.push_back(ConditionReq(rule, o));
      return c.op == Condition::Op::kAnd ? AllOf(kids) : AnyOf(kids);
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::vector<std::string>> RequiredLiterals(const SigmaRule& rule) {
  Req req = ConditionReq(rule, rule.condition);
  if (!req) return std::nullopt;
  std::vector<std::string> texts;
  for (auto& l : *req) {
    // Event::SearchText holds a '+'-decoded value (W3C user agents) in its
    // '+' form, so a literal with spaces is also required as that form.
    std::vector<std::string> forms = {l.text};
    if (l.text.find(' ') != std::string::npos) {
      std::string plus = l.text;
      std::replace(plus.begin(), plus.end(), ' ', '+');
      forms.push_back(std::move(plus));
    }
    // W3C cs-uri-query also reads as stem + '?' + query, whose '?' is a ' '
    // in the record: each '?' of a literal may be that one.
    for (size_t f = 0, n = forms.size(); f < n; ++f) {
      for (size_t q = forms[f].find('?'); q != std::string::npos; q = forms[f].find('?', q + 1)) {
        std::string spaced = forms[f];
        spaced[q] = ' ';
        forms.push_back(std::move(spaced));
      }
    }
    for (auto& form : forms) texts.push_back(std::move(form));
  }
  std::sort(texts.begin(), texts.end());
  texts.erase(std::unique(texts.begin(), texts.end()), texts.end());
  return texts;
}

}  // namespace rampart::detect::internal
