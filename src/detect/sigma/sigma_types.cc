// Small value types of sigma.h: levels, strings with wildcards, timespans.
#include <cctype>
#include <fmt/format.h>

#include "rampart/detect/sigma.h"

namespace rampart::detect {

std::string_view LevelName(Level level) {
  switch (level) {
    case Level::kInformational: return "informational";
    case Level::kLow: return "low";
    case Level::kMedium: return "medium";
    case Level::kHigh: return "high";
    case Level::kCritical: return "critical";
    case Level::kNone: break;
  }
  return "";
}

std::optional<Level> ParseLevel(std::string_view text) {
  std::string t;
  for (char c : text) t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (Level l : {Level::kInformational, Level::kLow, Level::kMedium, Level::kHigh, Level::kCritical}) {
    if (t == LevelName(l)) return l;
  }
  return std::nullopt;
}

std::string SourceLocation::ToString() const {
  std::string out = file;
  if (line > 0) out += fmt::format(":{}", line);
  if (line > 0 && column > 0) out += fmt::format(":{}", column);
  return out;
}

// pySigma SigmaString.__init__: escape mode consumes one character; a special
// character or backslash after it is literal, anything else keeps both.
SigmaString SigmaString::Parse(std::string_view raw) {
  SigmaString s;
  std::string lit;
  auto flush = [&] {
    if (!lit.empty()) s.AppendLiteral(lit);
    lit.clear();
  };
  bool escaped = false;
  for (char c : raw) {
    if (escaped) {
      if (c != '*' && c != '?' && c != '\\') lit += '\\';
      lit += c;
      escaped = false;
    } else if (c == '\\') {
      escaped = true;
    } else if (c == '*') {
      flush();
      s.AppendAnyRun();
    } else if (c == '?') {
      flush();
      s.pieces.push_back({Kind::kAnyChar, {}});
    } else {
      lit += c;
    }
  }
  if (escaped) lit += '\\';
  flush();
  return s;
}

SigmaString SigmaString::Literal(std::string_view bytes) {
  SigmaString s;
  s.AppendLiteral(bytes);
  return s;
}

void SigmaString::AppendLiteral(std::string_view bytes) {
  if (bytes.empty()) return;
  if (!pieces.empty() && pieces.back().kind == Kind::kLiteral) {
    pieces.back().text.append(bytes);
  } else {
    pieces.push_back({Kind::kLiteral, std::string(bytes)});
  }
}

void SigmaString::AppendAnyRun() {
  if (pieces.empty() || pieces.back().kind != Kind::kAnyRun) pieces.push_back({Kind::kAnyRun, {}});
}

void SigmaString::PrependAnyRun() {
  if (pieces.empty() || pieces.front().kind != Kind::kAnyRun) {
    pieces.insert(pieces.begin(), Piece{Kind::kAnyRun, {}});
  }
}

bool SigmaString::HasWildcards() const {
  for (const Piece& p : pieces) {
    if (p.kind != Kind::kLiteral) return true;
  }
  return false;
}

bool SigmaString::IsAnyRun() const { return pieces.size() == 1 && pieces[0].kind == Kind::kAnyRun; }

std::string SigmaString::LiteralText() const {
  std::string out;
  for (const Piece& p : pieces) out += p.text;
  return out;
}

std::string SigmaString::ToString() const {
  std::string out;
  for (const Piece& p : pieces) {
    if (p.kind == Kind::kAnyRun) {
      out += '*';
    } else if (p.kind == Kind::kAnyChar) {
      out += '?';
    } else {
      for (char c : p.text) {
        if (c == '*' || c == '?' || c == '\\') out += '\\';
        out += c;
      }
    }
  }
  return out;
}

Result<int64_t> ParseTimespan(std::string_view text) {
  if (text.size() < 2) return InvalidInput(fmt::format("bad timespan '{}': expected <number><s|m|h|d|w>", text));
  int64_t n = 0;
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i])) || n > 1'000'000'000) {
      return InvalidInput(fmt::format("bad timespan '{}': expected <number><s|m|h|d|w>", text));
    }
    n = n * 10 + (text[i] - '0');
  }
  int64_t unit = 0;
  switch (text.back()) {
    case 's': unit = 1; break;
    case 'm': unit = 60; break;
    case 'h': unit = 3600; break;
    case 'd': unit = 86400; break;
    case 'w': unit = 7 * 86400; break;
    case 'M': unit = 30 * 86400; break;
    case 'y': unit = 365 * 86400; break;
    default: return InvalidInput(fmt::format("bad timespan '{}': unit must be s, m, h, d, w, M or y", text));
  }
  return n * unit * 1'000'000;
}

std::vector<std::string> TechniquesFromTags(const std::vector<std::string>& tags) {
  std::vector<std::string> out;
  for (const std::string& tag : tags) {
    if (tag.size() < 9 || (tag.compare(0, 8, "attack.t") != 0 && tag.compare(0, 8, "attack.T") != 0)) continue;
    std::string id = "T" + tag.substr(8);
    bool ok = std::isdigit(static_cast<unsigned char>(id[1]));
    for (char c : id.substr(1)) ok = ok && (std::isdigit(static_cast<unsigned char>(c)) || c == '.');
    if (ok) out.push_back(id);
  }
  return out;
}

std::string_view DatePartName(DatePart part) {
  switch (part) {
    case DatePart::kMinute: return "minute";
    case DatePart::kHour: return "hour";
    case DatePart::kDay: return "day";
    case DatePart::kWeek: return "week";
    case DatePart::kMonth: return "month";
    case DatePart::kYear: return "year";
  }
  return "";
}

std::string_view CorrelationTypeName(CorrelationType type) {
  switch (type) {
    case CorrelationType::kEventCount: return "event_count";
    case CorrelationType::kValueCount: return "value_count";
    case CorrelationType::kTemporal: return "temporal";
    case CorrelationType::kTemporalOrdered: return "temporal_ordered";
    case CorrelationType::kValueSum: return "value_sum";
    case CorrelationType::kValueAvg: return "value_avg";
    case CorrelationType::kValuePercentile: return "value_percentile";
  }
  return "";
}

bool IsValueAggregate(CorrelationType type) {
  return type == CorrelationType::kValueSum || type == CorrelationType::kValueAvg ||
         type == CorrelationType::kValuePercentile;
}

bool CountCondition::HoldsValue(double n) const {
  if (gt && !(n > *gt)) return false;
  if (gte && !(n >= *gte)) return false;
  if (lt && !(n < *lt)) return false;
  if (lte && !(n <= *lte)) return false;
  if (eq && n != *eq) return false;
  if (neq && n == *neq) return false;
  return true;
}

std::string CountCondition::ToString() const {
  std::string out;
  auto add = [&](const char* op, const std::optional<double>& v) {
    if (v) out += fmt::format("{}{} {}", out.empty() ? "" : " and ", op, *v);
  };
  add("gt", gt), add("gte", gte), add("lt", lt), add("lte", lte), add("eq", eq), add("neq", neq);
  return out;
}

}  // namespace rampart::detect
