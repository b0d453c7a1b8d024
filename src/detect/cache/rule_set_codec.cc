// RuleSet <-> bytes (RuleSetCodec in rule_cache.h). Every field of the parsed
// rules is written in declaration order; the reader checks enum ranges,
// counts against the bytes left and the condition depth, so damaged input
// fails instead of building a rule set that was never parsed.
#include "rampart/detect/rule_cache.h"

#include "cache/codec.h"

namespace rampart::detect {

using internal::ByteReader;
using internal::ByteWriter;

namespace {

constexpr int kMaxConditionDepth = 2000;

void Put(ByteWriter& w, const SourceLocation& s) {
  w.Str(s.file);
  w.I64(s.line);
  w.I64(s.column);
}
void Get(ByteReader& r, SourceLocation& s) {
  s.file = r.Str();
  s.line = r.I32();
  s.column = r.I32();
}

void Put(ByteWriter& w, const RuleInfo& i) {
  for (const std::string* s : {&i.id, &i.name, &i.title, &i.status, &i.description, &i.author, &i.date, &i.modified}) {
    w.Str(*s);
  }
  w.U8(static_cast<uint8_t>(i.level));
  for (const auto* v : {&i.tags, &i.references, &i.falsepositives, &i.techniques}) w.Strs(*v);
  w.Str(i.logsource.product);
  w.Str(i.logsource.category);
  w.Str(i.logsource.service);
  Put(w, i.where);
}
void Get(ByteReader& r, RuleInfo& i) {
  for (std::string* s : {&i.id, &i.name, &i.title, &i.status, &i.description, &i.author, &i.date, &i.modified}) {
    *s = r.Str();
  }
  i.level = r.Enum<Level>(static_cast<uint8_t>(Level::kCritical));
  for (auto* v : {&i.tags, &i.references, &i.falsepositives, &i.techniques}) *v = r.Strs();
  i.logsource.product = r.Str();
  i.logsource.category = r.Str();
  i.logsource.service = r.Str();
  Get(r, i.where);
}

void Put(ByteWriter& w, const ValueMatcher& v) {
  w.U8(static_cast<uint8_t>(v.kind));
  w.U64(v.string.pieces.size());
  for (const auto& p : v.string.pieces) {
    w.U8(static_cast<uint8_t>(p.kind));
    w.Str(p.text);
  }
  w.Bool(v.cased);
  w.Str(v.regex);
  w.Bool(v.re_ignorecase);
  w.Bool(v.re_multiline);
  w.Bool(v.re_dotall);
  w.Bool(v.cidr.v6);
  w.Str(std::string_view(reinterpret_cast<const char*>(v.cidr.address.data()), v.cidr.address.size()));
  w.I64(v.cidr.prefix);
  w.U8(static_cast<uint8_t>(v.op));
  w.F64(v.number);
  w.U8(static_cast<uint8_t>(v.date_part));
  w.Bool(v.exists_value);
  w.Str(v.ref_field);
  w.U8(static_cast<uint8_t>(v.ref_mode));
  w.Str(v.display);
  w.I64(v.group);
}
void Get(ByteReader& r, ValueMatcher& v) {
  v.kind = r.Enum<MatchKind>(static_cast<uint8_t>(MatchKind::kDatePart));
  v.string.pieces.resize(r.Count(9));
  for (auto& p : v.string.pieces) {
    p.kind = r.Enum<SigmaString::Kind>(static_cast<uint8_t>(SigmaString::Kind::kAnyChar));
    p.text = r.Str();
  }
  v.cased = r.Bool();
  v.regex = r.Str();
  v.re_ignorecase = r.Bool();
  v.re_multiline = r.Bool();
  v.re_dotall = r.Bool();
  v.cidr.v6 = r.Bool();
  std::string_view address = r.View();
  if (address.size() != v.cidr.address.size()) r.Fail();
  else std::memcpy(v.cidr.address.data(), address.data(), address.size());
  v.cidr.prefix = r.I32();
  if (v.cidr.prefix < 0 || v.cidr.prefix > 128) r.Fail();
  v.op = r.Enum<NumericOp>(static_cast<uint8_t>(NumericOp::kEq));
  v.number = r.F64();
  v.date_part = r.Enum<DatePart>(static_cast<uint8_t>(DatePart::kYear));
  v.exists_value = r.Bool();
  v.ref_field = r.Str();
  v.ref_mode = r.Enum<FieldRefMode>(static_cast<uint8_t>(FieldRefMode::kEndsWith));
  v.display = r.Str();
  v.group = r.I32();
}

void Put(ByteWriter& w, const DetectionItem& d) {
  w.Str(d.field);
  w.Strs(d.modifiers);
  w.U64(d.values.size());
  for (const auto& v : d.values) Put(w, v);
  w.Bool(d.all);
  w.Bool(d.negated);
  Put(w, d.where);
}
void Get(ByteReader& r, DetectionItem& d) {
  d.field = r.Str();
  d.modifiers = r.Strs();
  d.values.resize(r.Count(64));
  for (auto& v : d.values) Get(r, v);
  d.all = r.Bool();
  d.negated = r.Bool();
  Get(r, d.where);
}

void Put(ByteWriter& w, const std::vector<SearchIdentifier>& ids) {
  w.U64(ids.size());
  for (const auto& id : ids) {
    w.Str(id.name);
    w.U64(id.alternatives.size());
    for (const auto& alt : id.alternatives) {
      w.U64(alt.size());
      for (const auto& item : alt) Put(w, item);
    }
    Put(w, id.where);
  }
}
void Get(ByteReader& r, std::vector<SearchIdentifier>& ids) {
  ids.resize(r.Count(32));
  for (auto& id : ids) {
    id.name = r.Str();
    id.alternatives.resize(r.Count(8));
    for (auto& alt : id.alternatives) {
      alt.resize(r.Count(40));
      for (auto& item : alt) Get(r, item);
    }
    Get(r, id.where);
  }
}

void Put(ByteWriter& w, const Condition& c) {
  w.U8(static_cast<uint8_t>(c.op));
  w.I64(c.identifier);
  w.U64(c.operands.size());
  for (const auto& o : c.operands) Put(w, o);
}
// `identifiers`: the rule's count; an identifier node must name one of them.
void Get(ByteReader& r, Condition& c, size_t identifiers, int depth) {
  if (depth > kMaxConditionDepth) return r.Fail();
  c.op = r.Enum<Condition::Op>(static_cast<uint8_t>(Condition::Op::kIdentifier));
  c.identifier = r.I32();
  if (c.op == Condition::Op::kIdentifier && (c.identifier < 0 || static_cast<size_t>(c.identifier) >= identifiers)) {
    return r.Fail();
  }
  c.operands.resize(r.Count(17));
  // The shapes the parser builds: an identifier is a leaf, `not` has one
  // operand, and/or at least one.
  const size_t n = c.operands.size();
  if (c.op == Condition::Op::kIdentifier ? n != 0 : c.op == Condition::Op::kNot ? n != 1 : n == 0) return r.Fail();
  for (auto& o : c.operands) {
    if (!r.ok()) return;
    Get(r, o, identifiers, depth + 1);
  }
}

void Put(ByteWriter& w, const Status& s) {
  w.U8(static_cast<uint8_t>(s.code()));
  w.Str(std::string_view(s.message().data(), s.message().size()));
  auto context = GetContext(s);
  w.Bool(context.has_value());
  if (!context) return;
  w.Str(context->file);
  w.I64(context->line);
  w.I64(context->column);
  w.I64(context->object_index);
  w.Str(context->object_id);
}
Status GetStatus(ByteReader& r) {
  auto code = static_cast<absl::StatusCode>(r.Enum<uint8_t>(16));
  std::string message = r.Str();
  ErrorContext context;
  if (r.Bool()) {
    context.file = r.Str();
    context.line = r.I64();
    context.column = r.I64();
    context.object_index = r.I64();
    context.object_id = r.Str();
  }
  if (!r.ok() || code == absl::StatusCode::kOk) {
    r.Fail();
    return Status();
  }
  return MakeError(code, message, context);
}
void Put(ByteWriter& w, const std::vector<Status>& v) {
  w.U64(v.size());
  for (const auto& s : v) Put(w, s);
}
void Get(ByteReader& r, std::vector<Status>& v) {
  v.resize(r.Count(10));
  for (auto& s : v) s = GetStatus(r);
}

void Put(ByteWriter& w, const SigmaRule& rule) {
  Put(w, rule.info);
  Put(w, rule.identifiers);
  Put(w, rule.condition);
  w.Str(rule.condition_text);
  w.Strs(rule.fields);
  w.U64(rule.filters.size());
  for (const auto& f : rule.filters) {
    w.Str(f.id);
    w.Str(f.title);
    Put(w, f.where);
  }
}
void Get(ByteReader& r, SigmaRule& rule) {
  Get(r, rule.info);
  Get(r, rule.identifiers);
  Get(r, rule.condition, rule.identifiers.size(), 0);
  rule.condition_text = r.Str();
  rule.fields = r.Strs();
  rule.filters.resize(r.Count(40));
  for (auto& f : rule.filters) {
    f.id = r.Str();
    f.title = r.Str();
    Get(r, f.where);
  }
}

void Put(ByteWriter& w, const std::optional<double>& v) {
  w.Bool(v.has_value());
  w.F64(v.value_or(0));
}
void Get(ByteReader& r, std::optional<double>& v) {
  bool has = r.Bool();
  double x = r.F64();
  v = has ? std::optional<double>(x) : std::nullopt;
}

void Put(ByteWriter& w, const CorrelationRule& c) {
  Put(w, c.info);
  w.U8(static_cast<uint8_t>(c.type));
  w.Strs(c.rules);
  w.Strs(c.group_by);
  w.I64(c.timespan_us);
  for (const auto* b : {&c.condition.gt, &c.condition.gte, &c.condition.lt, &c.condition.lte, &c.condition.eq,
                        &c.condition.neq}) {
    Put(w, *b);
  }
  w.Str(c.condition.field);
  w.Bool(c.condition.percentile.has_value());
  w.I64(c.condition.percentile.value_or(0));
  w.Bool(c.generate);
  w.U64(c.aliases.size());
  for (const auto& [alias, by_rule] : c.aliases) {
    w.Str(alias);
    w.U64(by_rule.size());
    for (const auto& [rule, field] : by_rule) {
      w.Str(rule);
      w.Str(field);
    }
  }
}
void Get(ByteReader& r, CorrelationRule& c) {
  Get(r, c.info);
  c.type = r.Enum<CorrelationType>(static_cast<uint8_t>(CorrelationType::kValuePercentile));
  c.rules = r.Strs();
  c.group_by = r.Strs();
  c.timespan_us = r.I64();
  for (auto* b : {&c.condition.gt, &c.condition.gte, &c.condition.lt, &c.condition.lte, &c.condition.eq,
                  &c.condition.neq}) {
    Get(r, *b);
  }
  c.condition.field = r.Str();
  bool has_percentile = r.Bool();
  int percentile = r.I32();
  if (has_percentile) c.condition.percentile = percentile;
  c.generate = r.Bool();
  size_t aliases = r.Count(16);
  for (size_t i = 0; i < aliases && r.ok(); ++i) {
    auto& by_rule = c.aliases[r.Str()];
    size_t n = r.Count(16);
    for (size_t j = 0; j < n && r.ok(); ++j) {
      std::string rule = r.Str();
      by_rule[rule] = r.Str();
    }
  }
}

void Put(ByteWriter& w, const SigmaFilter& f) {
  Put(w, f.info);
  w.Strs(f.rules);
  Put(w, f.identifiers);
  Put(w, f.condition);
  w.Str(f.condition_text);
}
void Get(ByteReader& r, SigmaFilter& f) {
  Get(r, f.info);
  f.rules = r.Strs();
  Get(r, f.identifiers);
  Get(r, f.condition, f.identifiers.size(), 0);
  f.condition_text = r.Str();
}

}  // namespace

std::string RuleSetCodec::Encode(const RuleSet& set) {
  ByteWriter w;
  w.U64(set.rules_.size());
  for (const auto& rule : set.rules_) Put(w, rule);
  w.U64(set.correlations_.size());
  for (const auto& c : set.correlations_) Put(w, c);
  w.U64(set.filters_.size());
  for (const auto& f : set.filters_) Put(w, f);
  w.U64(set.filter_use_.size());
  for (int n : set.filter_use_) w.I64(n);
  w.U64(set.filters_applied_);
  Put(w, set.warnings_);
  Put(w, set.errors_);
  Put(w, set.skipped_);
  w.I64(set.files_);
  return std::move(w.bytes());
}

Result<RuleSet> RuleSetCodec::Decode(std::string_view bytes) {
  ByteReader r(bytes);
  RuleSet set;
  set.rules_.resize(r.Count(200));
  for (auto& rule : set.rules_) {
    if (!r.ok()) break;
    Get(r, rule);
  }
  set.correlations_.resize(r.Count(200));
  for (auto& c : set.correlations_) {
    if (!r.ok()) break;
    Get(r, c);
  }
  set.filters_.resize(r.Count(200));
  for (auto& f : set.filters_) {
    if (!r.ok()) break;
    Get(r, f);
  }
  set.filter_use_.resize(r.Count(8));
  for (int& n : set.filter_use_) n = r.I32();
  set.filters_applied_ = r.U64();
  if (set.filters_applied_ > set.filters_.size()) r.Fail();
  Get(r, set.warnings_);
  Get(r, set.errors_);
  Get(r, set.skipped_);
  set.files_ = r.I32();
  if (!r.done()) return InvalidInput("damaged rule set");
  return set;
}

}  // namespace rampart::detect
