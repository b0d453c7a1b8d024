// Value primitives. GlobMatch is the classic two-pointer wildcard matcher with
// backtracking to the last '*' (linear for one star, O(n*m) worst case).
#include "engine/value_match.h"

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "sigma/internal.h"

namespace rampart::detect::internal {
namespace {

inline unsigned char Fold(unsigned char c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

bool Eq(std::string_view a, std::string_view b, bool cased) {
  if (a.size() != b.size()) return false;
  if (cased) return a == b;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Fold(a[i]) != Fold(b[i])) return false;
  }
  return true;
}

size_t Find(std::string_view hay, std::string_view needle, bool cased) {
  if (needle.size() > hay.size()) return std::string_view::npos;
  for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    if (Eq(hay.substr(i, needle.size()), needle, cased)) return i;
  }
  return std::string_view::npos;
}

}  // namespace

bool GlobMatch(const SigmaString& pattern, std::string_view text, bool cased) {
  // Flatten to one token per byte: -1 = '*', -2 = '?', else the byte.
  std::vector<int> p;
  for (const auto& piece : pattern.pieces) {
    if (piece.kind == SigmaString::Kind::kAnyRun) p.push_back(-1);
    else if (piece.kind == SigmaString::Kind::kAnyChar) p.push_back(-2);
    else for (unsigned char c : piece.text) p.push_back(cased ? c : Fold(c));
  }
  size_t pi = 0, ti = 0, star = std::string::npos, mark = 0;
  while (ti < text.size()) {
    unsigned char c = cased ? text[ti] : Fold(text[ti]);
    if (pi < p.size() && (p[pi] == -2 || p[pi] == c)) {
      ++pi, ++ti;
    } else if (pi < p.size() && p[pi] == -1) {
      star = pi++;
      mark = ti;
    } else if (star != std::string::npos) {
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == -1) ++pi;
  return pi == p.size();
}

bool NumericMatch(NumericOp op, double number, std::string_view text) {
  if (text.empty() || text.size() > 64) return false;
  char buf[65];
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = 0;
  char* end = nullptr;
  double v = std::strtod(buf, &end);
  if (end == buf || *end != 0) return false;
  switch (op) {
    case NumericOp::kLt: return v < number;
    case NumericOp::kLte: return v <= number;
    case NumericOp::kGt: return v > number;
    case NumericOp::kGte: return v >= number;
    case NumericOp::kEq: return v == number;
  }
  return false;
}

namespace {

// `n` digits at `pos`, or -1.
int Digits(std::string_view s, size_t pos, size_t n) {
  if (pos + n > s.size()) return -1;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

bool Leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && Leap(y) ? 29 : kDays[m - 1];
}

// Day of the week, 1 = Monday .. 7 = Sunday (Zeller-free: days since 1970-01-01, a Thursday).
int IsoWeekday(int y, int m, int d) {
  y -= m <= 2;
  int era = (y >= 0 ? y : y - 399) / 400;
  int yoe = y - era * 400;
  int doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  long days = static_cast<long>(era) * 146097 + doe - 719468;
  long wd = (days + 3) % 7;  // 1970-01-01 was a Thursday (3 with Monday = 0)
  if (wd < 0) wd += 7;
  return static_cast<int>(wd) + 1;
}

int DayOfYear(int y, int m, int d) {
  int n = d;
  for (int i = 1; i < m; ++i) n += DaysInMonth(y, i);
  return n;
}

int IsoWeeksInYear(int y) {
  // A year has 53 ISO weeks when it starts on a Thursday, or on a Wednesday in a leap year.
  int jan1 = IsoWeekday(y, 1, 1);
  return jan1 == 4 || (jan1 == 3 && Leap(y)) ? 53 : 52;
}

int IsoWeek(int y, int m, int d) {
  int week = (DayOfYear(y, m, d) - IsoWeekday(y, m, d) + 10) / 7;
  if (week < 1) return IsoWeeksInYear(y - 1);
  if (week > IsoWeeksInYear(y)) return 1;
  return week;
}

// `HH:MM[:SS[.fraction]]` at `pos`; returns the position after it, or npos.
size_t ParseTime(std::string_view s, size_t pos, TimestampParts* t) {
  int h = Digits(s, pos, 2), mi = Digits(s, pos + 3, 2);
  if (h < 0 || mi < 0 || s[pos + 2] != ':' || h > 23 || mi > 59) return std::string_view::npos;
  t->hour = h, t->minute = mi;
  pos += 5;
  if (pos < s.size() && s[pos] == ':') {
    int sec = Digits(s, pos + 1, 2);
    if (sec < 0 || sec > 60) return std::string_view::npos;
    pos += 3;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
      size_t start = ++pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
      if (pos == start) return std::string_view::npos;
    }
  }
  return pos;
}

}  // namespace

std::optional<TimestampParts> ParseTimestampParts(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  TimestampParts t;
  size_t pos = 0;
  if (s.size() >= 5 && s[2] == ':') {  // time only
    pos = ParseTime(s, 0, &t);
    if (pos != s.size()) return std::nullopt;
    return t;
  }
  int y = Digits(s, 0, 4), m = Digits(s, 5, 2), d = Digits(s, 8, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1 || s[4] != '-' || s[7] != '-' || d > DaysInMonth(y, m)) return std::nullopt;
  t.year = y, t.month = m, t.day = d;
  pos = 10;
  if (pos == s.size()) return t;
  if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') return std::nullopt;
  pos = ParseTime(s, pos + 1, &t);
  if (pos == std::string_view::npos) return std::nullopt;
  if (pos == s.size()) return t;
  std::string_view zone = s.substr(pos);
  if (zone == "Z" || zone == "z") return t;
  if (zone[0] != '+' && zone[0] != '-') return std::nullopt;
  bool ok = (zone.size() == 3 && Digits(zone, 1, 2) >= 0) ||
            (zone.size() == 5 && Digits(zone, 1, 4) >= 0) ||
            (zone.size() == 6 && zone[3] == ':' && Digits(zone, 1, 2) >= 0 && Digits(zone, 4, 2) >= 0);
  if (!ok) return std::nullopt;
  return t;
}

int TimestampPart(const TimestampParts& t, DatePart part) {
  switch (part) {
    case DatePart::kMinute: return t.minute;
    case DatePart::kHour: return t.hour;
    case DatePart::kDay: return t.day;
    case DatePart::kWeek: return t.year < 0 ? -1 : IsoWeek(t.year, t.month, t.day);
    case DatePart::kMonth: return t.month;
    case DatePart::kYear: return t.year;
  }
  return -1;
}

bool DatePartMatch(const ValueMatcher& m, std::string_view text) {
  auto t = ParseTimestampParts(text);
  if (!t) return false;
  int v = TimestampPart(*t, m.date_part);
  if (v < 0) return false;
  switch (m.op) {
    case NumericOp::kLt: return v < m.number;
    case NumericOp::kLte: return v <= m.number;
    case NumericOp::kGt: return v > m.number;
    case NumericOp::kGte: return v >= m.number;
    case NumericOp::kEq: return v == m.number;
  }
  return false;
}

bool CidrMatch(const Cidr& cidr, std::string_view text) {
  bool v6 = false;
  auto ip = ParseIp(text, &v6);
  if (!ip || v6 != cidr.v6) return false;
  int full = cidr.prefix / 8, rest = cidr.prefix % 8;
  if (std::memcmp(ip->data(), cidr.address.data(), full) != 0) return false;
  if (rest == 0) return true;
  uint8_t mask = static_cast<uint8_t>(0xff00 >> rest);
  return ((*ip)[full] & mask) == (cidr.address[full] & mask);
}

bool FieldRefMatch(FieldRefMode mode, bool cased, std::string_view value, std::string_view other) {
  switch (mode) {
    case FieldRefMode::kEquals: return Eq(value, other, cased);
    case FieldRefMode::kStartsWith: return value.size() >= other.size() && Eq(value.substr(0, other.size()), other, cased);
    case FieldRefMode::kEndsWith:
      return value.size() >= other.size() && Eq(value.substr(value.size() - other.size()), other, cased);
    case FieldRefMode::kContains: return Find(value, other, cased) != std::string_view::npos;
  }
  return false;
}

bool FieldRefAny(const ValueMatcher& m, std::string_view value, const Event& event) {
  bool hit = false;
  event.Values(m.ref_field, [&](const Value& other) {
    if (!hit && other.kind != ValueKind::kNull) hit = FieldRefMatch(m.ref_mode, m.cased, value, other.text);
  });
  return hit;
}

void PositiveIdentifiers(const Condition& c, bool negated, std::vector<bool>* out) {
  if (c.op == Condition::Op::kIdentifier) {
    if (!negated) (*out)[c.identifier] = true;
    return;
  }
  for (const auto& o : c.operands) PositiveIdentifiers(o, negated || c.op == Condition::Op::kNot, out);
}

void AppendMatched(const DetectionItem& item, const Event& event, Hit* hit) {
  if (item.negated) return;
  if (item.field.empty()) {
    hit->matched.push_back({"", item.values.front().display});
  } else {
    hit->matched.push_back({item.field, event.Get(item.field).value_or("")});
  }
}

}  // namespace rampart::detect::internal
