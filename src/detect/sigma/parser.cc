// YAML documents -> SigmaRule / CorrelationRule (SIGMA.md §1, §2, §8).
// yaml-cpp exceptions stop at this file and become located errors.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <regex>

#include "sigma/internal.h"

namespace rampart::detect {
namespace {

using internal::RawValue;

struct DocError {
  std::string message;
  YAML::Mark mark;
};

// What the parse of one file knows beyond the YAML node at hand, passed
// down to every reader of a document.
struct ParseContext {
  std::string file;
  // The YAML document being parsed: yaml-cpp drops the spelling of keys it
  // reads as null ("Null:", "~:"), so keys are recovered from this text.
  std::string_view text;
  // Lines of the file before that document: each document is loaded alone
  // (SplitDocuments), so yaml-cpp's marks count from its start.
  int line_offset = 0;
  // Detection values made so far in the current document and file, against
  // internal::kMaxRuleValues and kMaxFileValues.
  size_t document_values = 0;
  size_t file_values = 0;
};

SourceLocation Where(const ParseContext& ctx, const YAML::Mark& mark) {
  SourceLocation loc;
  loc.file = ctx.file;
  if (mark.line >= 0) loc.line = mark.line + 1 + ctx.line_offset;
  if (mark.column >= 0) loc.column = mark.column + 1;
  return loc;
}

std::string Scalar(const YAML::Node& node) {
  if (!node || node.IsNull()) return "";
  if (!node.IsScalar()) throw DocError{"expected a text value", node.Mark()};
  return node.Scalar();
}

// A key as written, also when yaml-cpp read it as null.
std::string KeyText(const ParseContext& ctx, const YAML::Node& node) {
  std::string_view text = ctx.text;
  if (node && node.IsNull() && node.Mark().pos >= 0 && static_cast<size_t>(node.Mark().pos) < text.size()) {
    size_t pos = node.Mark().pos, end = pos;
    while (end < text.size() && (std::isalpha(static_cast<unsigned char>(text[end])) || text[end] == '~')) ++end;
    return std::string(text.substr(pos, end - pos));
  }
  return Scalar(node);
}

std::vector<std::string> ScalarList(const YAML::Node& node) {
  std::vector<std::string> out;
  if (!node || node.IsNull()) return out;
  if (node.IsScalar()) return {node.Scalar()};
  if (!node.IsSequence()) throw DocError{"expected a list", node.Mark()};
  for (const auto& n : node) out.push_back(Scalar(n));
  return out;
}

RawValue ToRaw(const YAML::Node& node, const ParseContext& ctx) {
  RawValue v;
  v.where = Where(ctx, node.Mark());
  if (!node || node.IsNull()) {
    v.type = RawValue::Type::kNull;
    return v;
  }
  if (!node.IsScalar()) throw DocError{"expected a value (text, number, boolean or null), found a map or list", node.Mark()};
  v.text = node.Scalar();
  if (node.Tag() != "?") return v;  // quoted: always a string
  static const std::regex kNumber(R"([-+]?([0-9]+|[0-9]*\.[0-9]+([eE][-+]?[0-9]+)?))");
  if (v.text == "~" || v.text == "null" || v.text == "Null" || v.text == "NULL") {
    v.type = RawValue::Type::kNull;
  } else if (v.text == "true" || v.text == "True" || v.text == "TRUE") {
    v.type = RawValue::Type::kBool, v.text = "true";
  } else if (v.text == "false" || v.text == "False" || v.text == "FALSE") {
    v.type = RawValue::Type::kBool, v.text = "false";
  } else if (std::regex_match(v.text, kNumber)) {
    v.type = RawValue::Type::kNumber;
  }
  return v;
}

void Check(const ParseContext& ctx, const Status& st) {
  if (!st.ok()) {
    auto at = GetContext(st);
    YAML::Mark m;
    if (at) m.line = static_cast<int>(at->line) - 1 - ctx.line_offset, m.column = static_cast<int>(at->column) - 1;
    throw DocError{std::string(st.message()), m};
  }
}

DetectionItem Item(const std::string& key, const YAML::Node& value, ParseContext& ctx,
                   const YAML::Mark& key_mark, const ParseOptions& options, bool keyword) {
  std::vector<RawValue> raws;
  if (value && value.IsSequence()) {
    for (const auto& n : value) raws.push_back(ToRaw(n, ctx));
    if (raws.empty()) throw DocError{fmt::format("'{}' has an empty value list", key), key_mark};
  } else {
    raws.push_back(ToRaw(value, ctx));
  }
  auto item = internal::BuildItem(key, raws, keyword, Where(ctx, key_mark), options);
  Check(ctx, item.status());
  ctx.document_values += item->values.size();
  ctx.file_values += item->values.size();
  if (ctx.document_values > internal::kMaxRuleValues) {
    throw DocError{fmt::format("the document expands to more than {} detection values at '{}' (limit per rule; "
                               "modifiers and YAML aliases count every value they make)",
                               internal::kMaxRuleValues, key),
                   key_mark};
  }
  if (ctx.file_values > internal::kMaxFileValues) {
    throw DocError{fmt::format("the file expands to more than {} detection values at '{}' (limit per file; "
                               "modifiers and YAML aliases count every value they make)",
                               internal::kMaxFileValues, key),
                   key_mark};
  }
  return std::move(*item);
}

std::vector<DetectionItem> MapItems(const YAML::Node& map, ParseContext& ctx, const ParseOptions& options) {
  std::vector<DetectionItem> items;
  for (const auto& kv : map) {
    std::string key = KeyText(ctx, kv.first);
    bool keyword = key.empty() || key[0] == '|';
    items.push_back(Item(key, kv.second, ctx, kv.first.Mark(), options, keyword));
  }
  if (items.empty()) throw DocError{"empty selection map", map.Mark()};
  return items;
}

SearchIdentifier Identifier(const std::string& name, const YAML::Node& node, ParseContext& ctx,
                            const ParseOptions& options) {
  SearchIdentifier id;
  id.name = name;
  id.where = Where(ctx, node.Mark());
  if (node.IsMap()) {
    id.alternatives.push_back(MapItems(node, ctx, options));
  } else if (node.IsSequence()) {
    YAML::Node keywords(YAML::NodeType::Sequence);
    for (const auto& n : node) {
      if (n.IsMap()) {
        id.alternatives.push_back(MapItems(n, ctx, options));
      } else if (n.IsScalar()) {
        keywords.push_back(n);
      } else {
        throw DocError{"a search identifier's list holds maps or keywords only", n.Mark()};
      }
    }
    if (keywords.size() > 0) id.alternatives.push_back({Item("", keywords, ctx, node.Mark(), options, true)});
    if (id.alternatives.empty()) throw DocError{fmt::format("search identifier '{}' is an empty list", name), node.Mark()};
  } else if (node.IsScalar()) {
    id.alternatives.push_back({Item("", node, ctx, node.Mark(), options, true)});
  } else {
    throw DocError{fmt::format("search identifier '{}' is empty", name), node.Mark()};
  }
  return id;
}

void ReadInfo(const YAML::Node& doc, ParseContext& ctx, RuleInfo* info) {
  info->where = Where(ctx, doc.Mark());
  info->id = Scalar(doc["id"]);
  info->name = Scalar(doc["name"]);
  info->title = Scalar(doc["title"]);
  info->status = Scalar(doc["status"]);
  info->description = Scalar(doc["description"]);
  info->author = Scalar(doc["author"]);
  info->date = Scalar(doc["date"]);
  info->modified = Scalar(doc["modified"]);
  info->tags = ScalarList(doc["tags"]);
  info->references = ScalarList(doc["references"]);
  info->falsepositives = ScalarList(doc["falsepositives"]);
  info->techniques = TechniquesFromTags(info->tags);
  if (doc["level"]) {
    auto level = ParseLevel(Scalar(doc["level"]));
    if (!level) throw DocError{fmt::format("unknown level '{}'", Scalar(doc["level"])), doc["level"].Mark()};
    info->level = *level;
  }
  if (info->title.empty()) throw DocError{"rule has no 'title'", doc.Mark()};
}

// The search identifiers of a detection (or filter) map; `condition` is
// returned, keys in `ignore` are skipped (timeframe: only meaningful with v1
// aggregations, which the condition parser rejects; rules: of a filter).
void ReadIdentifiers(const YAML::Node& det, ParseContext& ctx, const ParseOptions& options,
                     std::initializer_list<std::string_view> ignore, std::vector<SearchIdentifier>* ids,
                     std::vector<std::string>* names, YAML::Node* cond) {
  for (const auto& kv : det) {
    std::string key = KeyText(ctx, kv.first);
    if (key == "condition") {
      *cond = kv.second;
      continue;
    }
    if (std::find(ignore.begin(), ignore.end(), key) != ignore.end()) continue;
    ids->push_back(Identifier(key, kv.second, ctx, options));
    names->push_back(key);
  }
}

void ReadLogSource(const YAML::Node& doc, LogSource* out) {
  YAML::Node ls = doc["logsource"];
  if (!ls || !ls.IsMap()) throw DocError{"rule has no 'logsource' map", doc.Mark()};
  out->product = Scalar(ls["product"]);
  out->category = Scalar(ls["category"]);
  out->service = Scalar(ls["service"]);
}

SigmaFilter ParseFilter(const YAML::Node& doc, ParseContext& ctx, const ParseOptions& options) {
  SigmaFilter f;
  ReadInfo(doc, ctx, &f.info);
  ReadLogSource(doc, &f.info.logsource);
  YAML::Node body = doc["filter"];
  if (!body.IsMap()) throw DocError{"'filter' must be a map (rules, search identifiers, condition)", body.Mark()};
  YAML::Node rules = body["rules"];
  if (!rules) {
    throw DocError{"filter has no 'rules' (rule ids or names; 'any' for every rule of its logsource)", body.Mark()};
  }
  f.rules = ScalarList(rules);
  if (f.rules.size() == 1 && (f.rules[0] == "any" || f.rules[0] == "all")) f.rules.clear();
  YAML::Node cond;
  std::vector<std::string> names;
  ReadIdentifiers(body, ctx, options, {"rules"}, &f.identifiers, &names, &cond);
  if (!cond || cond.IsNull()) throw DocError{"filter has no 'condition'", body.Mark()};
  if (!cond.IsScalar()) throw DocError{"a filter's condition is one text (pySigma)", cond.Mark()};
  if (f.identifiers.empty()) throw DocError{"filter has no search identifier", body.Mark()};
  f.condition_text = cond.Scalar();
  auto c = internal::ParseCondition(f.condition_text, names);
  if (!c.ok()) {
    throw DocError{fmt::format("condition '{}': {}", f.condition_text, std::string(c.status().message())), cond.Mark()};
  }
  f.condition = std::move(*c);
  return f;
}

SigmaRule ParseRule(const YAML::Node& doc, ParseContext& ctx, const ParseOptions& options) {
  SigmaRule rule;
  ReadInfo(doc, ctx, &rule.info);
  ReadLogSource(doc, &rule.info.logsource);
  YAML::Node det = doc["detection"];
  if (!det || !det.IsMap()) throw DocError{"rule has no 'detection' map", doc.Mark()};
  YAML::Node cond;
  std::vector<std::string> names;
  ReadIdentifiers(det, ctx, options, {"timeframe"}, &rule.identifiers, &names, &cond);
  if (!cond) throw DocError{"detection has no 'condition'", det.Mark()};
  std::vector<std::string> conditions = ScalarList(cond);
  if (conditions.empty()) throw DocError{"empty condition", cond.Mark()};
  Condition any;
  any.op = Condition::Op::kOr;
  for (const auto& text : conditions) {
    auto c = internal::ParseCondition(text, names);
    if (!c.ok()) throw DocError{fmt::format("condition '{}': {}", text, std::string(c.status().message())), cond.Mark()};
    any.operands.push_back(std::move(*c));
    if (!rule.condition_text.empty()) rule.condition_text += " | or | ";
    rule.condition_text += text;
  }
  rule.condition = any.operands.size() == 1 ? std::move(any.operands[0]) : std::move(any);
  internal::CollectFields(&rule);
  return rule;
}

CorrelationRule ParseCorrelation(const YAML::Node& doc, ParseContext& ctx) {
  CorrelationRule rule;
  ReadInfo(doc, ctx, &rule.info);
  YAML::Node c = doc["correlation"];
  if (!c.IsMap()) throw DocError{"'correlation' must be a map", c.Mark()};
  std::string type = Scalar(c["type"]);
  if (type == "event_count") rule.type = CorrelationType::kEventCount;
  else if (type == "value_count") rule.type = CorrelationType::kValueCount;
  else if (type == "temporal") rule.type = CorrelationType::kTemporal;
  else if (type == "temporal_ordered") rule.type = CorrelationType::kTemporalOrdered;
  else if (type == "value_sum") rule.type = CorrelationType::kValueSum;
  else if (type == "value_avg") rule.type = CorrelationType::kValueAvg;
  else if (type == "value_percentile") rule.type = CorrelationType::kValuePercentile;
  else throw DocError{fmt::format("correlation type '{}' is not supported (event_count, value_count, temporal, "
                                  "temporal_ordered, value_sum, value_avg, value_percentile)", type),
                      c["type"] ? c["type"].Mark() : c.Mark()};
  rule.rules = ScalarList(c["rules"]);
  if (rule.rules.empty()) throw DocError{"correlation names no 'rules'", c.Mark()};
  rule.group_by = ScalarList(c["group-by"]);
  if (!c["timespan"]) throw DocError{"correlation has no 'timespan'", c.Mark()};
  auto span = ParseTimespan(Scalar(c["timespan"]));
  if (!span.ok()) throw DocError{std::string(span.status().message()), c["timespan"].Mark()};
  rule.timespan_us = *span;
  if (c["generate"]) rule.generate = Scalar(c["generate"]) == "true";
  if (YAML::Node aliases = c["aliases"]) {
    if (!aliases.IsMap()) throw DocError{"'aliases' must be a map", aliases.Mark()};
    for (const auto& a : aliases) {
      if (!a.second.IsMap()) throw DocError{"an alias maps rule names to fields", a.second.Mark()};
      for (const auto& m : a.second) rule.aliases[Scalar(a.first)][Scalar(m.first)] = Scalar(m.second);
    }
  }
  YAML::Node cond = c["condition"];
  bool temporal = rule.type == CorrelationType::kTemporal || rule.type == CorrelationType::kTemporalOrdered;
  if (!cond) {
    if (!temporal) throw DocError{"correlation has no 'condition'", c.Mark()};
    rule.condition.gte = static_cast<int64_t>(rule.rules.size());
  } else {
    if (!cond.IsMap()) throw DocError{"correlation 'condition' must be a map (gt, gte, lt, lte, eq, neq, field)", cond.Mark()};
    int bounds = 0;
    for (const auto& kv : cond) {
      std::string k = Scalar(kv.first);
      if (k == "field") {
        rule.condition.field = Scalar(kv.second);
        continue;
      }
      std::string v = Scalar(kv.second);
      if (k == "percentile") {
        char* end = nullptr;
        long p = std::strtol(v.c_str(), &end, 10);
        if (v.empty() || *end || p < 1 || p > 100) {
          throw DocError{fmt::format("'percentile' needs an integer from 1 to 100, got '{}'", v), kv.second.Mark()};
        }
        if (rule.type != CorrelationType::kValuePercentile) {
          throw DocError{"'percentile' is only meaningful for value_percentile", kv.first.Mark()};
        }
        rule.condition.percentile = static_cast<int>(p);
        continue;
      }
      char* end = nullptr;
      double n = std::strtod(v.c_str(), &end);
      if (v.empty() || *end || !std::isfinite(n)) {
        throw DocError{fmt::format("condition '{}' needs a number, got '{}'", k, v), kv.second.Mark()};
      }
      std::optional<double>* slot = k == "gt" ? &rule.condition.gt : k == "gte" ? &rule.condition.gte
                                   : k == "lt" ? &rule.condition.lt : k == "lte" ? &rule.condition.lte
                                   : k == "eq" ? &rule.condition.eq : k == "neq" ? &rule.condition.neq : nullptr;
      if (!slot) throw DocError{fmt::format("unknown correlation condition '{}'", k), kv.first.Mark()};
      *slot = n;
      ++bounds;
    }
    if (bounds == 0) throw DocError{"correlation condition has no bound", cond.Mark()};
    if ((rule.type == CorrelationType::kValueCount || IsValueAggregate(rule.type)) && rule.condition.field.empty()) {
      throw DocError{fmt::format("{} needs 'field' in its condition", CorrelationTypeName(rule.type)), cond.Mark()};
    }
    if (rule.type == CorrelationType::kValuePercentile && !rule.condition.percentile) {
      throw DocError{"value_percentile needs 'percentile' (1-100) in its condition", cond.Mark()};
    }
  }
  return rule;
}

// Why a document is not a rule: what it lacks and the keys it does have, so
// a metadata file (regression_tests_info, rule_metadata) is recognisable.
std::string NotARuleReason(const YAML::Node& doc) {
  std::string keys;
  for (const auto& kv : doc) {
    if (!kv.first.IsScalar()) continue;
    keys += keys.empty() ? "" : ", ";
    keys += kv.first.Scalar();
  }
  return fmt::format("not a Sigma rule (no 'detection', 'logsource' or 'correlation'; keys: {})",
                     keys.empty() ? "none" : keys);
}

// One YAML document of a file: its text (marker lines included) and the
// number of lines before it.
struct DocText {
  std::string_view text;
  int first_line = 0;
};

bool MarkerLine(std::string_view rest, std::string_view marker) {
  return rest.substr(0, 3) == marker &&
         (rest.size() == 3 || rest[3] == ' ' || rest[3] == '\t' || rest[3] == '\r' || rest[3] == '\n');
}

// yaml-cpp 0.7's LoadAll never ends on a document made of a stray ',' (or
// "--- ,"): the parser does not consume the token and LoadAll appends a null
// document per turn until memory runs out (yaml-cpp issue 1040, fixed
// upstream after 0.8 by PR 1319; Debian 12 ships 0.7). So documents are cut
// here and each is loaded alone with YAML::Load, which reads one document.
// A line starting with "---" starts a document and one starting with "..."
// ends one (each followed by a blank or the line end): YAML forbids both
// inside scalars, so the cut is where yaml-cpp would cut. Directives (%YAML)
// stay with the text before the "---" they precede; Sigma uses none.
std::vector<DocText> SplitDocuments(std::string_view text) {
  std::vector<DocText> out;
  size_t start = 0;
  int start_line = 0, line = 0;
  auto cut = [&](size_t end, size_t next, int next_line) {
    if (end > start) out.push_back({text.substr(start, end - start), start_line});
    start = next;
    start_line = next_line;
  };
  for (size_t pos = 0; pos < text.size(); ++line) {
    size_t nl = text.find('\n', pos);
    size_t after = nl == std::string_view::npos ? text.size() : nl + 1;
    std::string_view rest = text.substr(pos, after - pos);
    if (MarkerLine(rest, "---")) {
      cut(pos, pos, line);
    } else if (MarkerLine(rest, "...")) {
      cut(after, after, line + 1);
    }
    pos = after;
  }
  cut(text.size(), text.size(), line);
  return out;
}

// The first character of a document that is not a marker, blank or comment
// (0 if none), and its 0-based line within the document.
char FirstContent(std::string_view doc, int* line) {
  *line = 0;
  for (size_t pos = 0; pos < doc.size(); ++*line) {
    size_t nl = doc.find('\n', pos);
    std::string_view l = doc.substr(pos, (nl == std::string_view::npos ? doc.size() : nl) - pos);
    pos = nl == std::string_view::npos ? doc.size() : nl + 1;
    if (MarkerLine(l, "---")) l.remove_prefix(3);
    size_t i = l.find_first_not_of(" \t\r");
    if (i != std::string_view::npos && l[i] != '#') return l[i];
  }
  return 0;
}

}  // namespace

namespace internal {

void CollectFields(SigmaRule* rule) {
  for (const auto& id : rule->identifiers) {
    for (const auto& alt : id.alternatives) {
      for (const auto& item : alt) {
        if (!item.field.empty()) rule->fields.push_back(item.field);
        for (const auto& v : item.values) {
          if (v.kind == MatchKind::kFieldRef) rule->fields.push_back(v.ref_field);
        }
      }
    }
  }
  std::sort(rule->fields.begin(), rule->fields.end());
  rule->fields.erase(std::unique(rule->fields.begin(), rule->fields.end()), rule->fields.end());
}


}  // namespace internal

ParsedFile ParseSigmaText(std::string_view text, std::string_view file_view, const ParseOptions& options) {
  ParsedFile out;
  ParseContext ctx;
  ctx.file = std::string(file_view);
  const std::string& file = ctx.file;
  std::vector<YAML::Node> docs;
  std::vector<std::string> doc_texts;
  std::vector<int> doc_lines;
  for (const DocText& piece : SplitDocuments(text)) {
    ctx.line_offset = piece.first_line;
    std::string owned(piece.text);
    try {
      YAML::Node doc = YAML::Load(owned);
      int line = 0;
      if ((!doc || doc.IsNull()) && FirstContent(piece.text, &line) == ',') {
        out.errors.push_back(InvalidInput("YAML: unexpected ',' outside a flow sequence or map",
                                          ErrorContext{file, piece.first_line + line + 1, 0, -1, ""}));
        continue;
      }
      docs.push_back(doc);
      doc_texts.push_back(std::move(owned));
      doc_lines.push_back(piece.first_line);
    } catch (const YAML::Exception& e) {
      SourceLocation loc = Where(ctx, e.mark);
      out.errors.push_back(InvalidInput(fmt::format("YAML: {}", e.msg), ErrorContext{file, loc.line, loc.column, -1, ""}));
    } catch (const std::exception& e) {
      out.errors.push_back(InvalidInput(fmt::format("YAML: {}", e.what()),
                                        ErrorContext{file, piece.first_line + 1, 0, -1, ""}));
    }
  }
  for (size_t i = 0; i < docs.size(); ++i) {
    const YAML::Node& doc = docs[i];
    if (!doc || doc.IsNull()) continue;
    ctx.text = doc_texts[i];
    ctx.line_offset = doc_lines[i];
    ++out.documents;
    ctx.document_values = 0;
    std::string id;
    try {
      if (!doc.IsMap()) throw DocError{"a Sigma document is a map", doc.Mark()};
      if (doc["id"] && doc["id"].IsScalar()) id = doc["id"].Scalar();
      if (!doc["detection"] && !doc["logsource"] && !doc["correlation"] && !doc["filter"]) {
        SourceLocation loc = Where(ctx, doc.Mark());
        out.skipped.push_back(InvalidInput(NotARuleReason(doc), ErrorContext{file, loc.line, loc.column, -1, id}));
        continue;
      }
      if (doc["correlation"]) {
        out.correlations.push_back(ParseCorrelation(doc, ctx));
      } else if (doc["filter"] && !doc["detection"]) {
        out.filters.push_back(ParseFilter(doc, ctx, options));
      } else {
        out.rules.push_back(ParseRule(doc, ctx, options));
      }
    } catch (const DocError& e) {
      SourceLocation loc = Where(ctx, e.mark);
      out.errors.push_back(InvalidInput(e.message, ErrorContext{file, loc.line, loc.column, -1, id}));
    } catch (const YAML::Exception& e) {
      SourceLocation loc = Where(ctx, e.mark);
      out.errors.push_back(InvalidInput(fmt::format("YAML: {}", e.msg), ErrorContext{file, loc.line, loc.column, -1, id}));
    } catch (const std::exception& e) {
      SourceLocation loc = Where(ctx, doc.Mark());
      out.errors.push_back(InvalidInput(fmt::format("YAML: {}", e.what()), ErrorContext{file, loc.line, loc.column, -1, id}));
    }
  }
  return out;
}

}  // namespace rampart::detect
