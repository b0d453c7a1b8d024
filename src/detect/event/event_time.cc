#include "rampart/detect/event_time.h"

#include <charconv>
#include <utility>

namespace rampart::detect {
namespace {

bool Digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

// Howard Hinnant's days_from_civil.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::optional<int64_t> ParseEpoch(std::string_view s) {
  size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  int64_t secs = 0;
  auto [p, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), secs);
  if (ec != std::errc() || p != whole.data() + whole.size() || whole.empty()) return std::nullopt;
  // Plausible epoch seconds only (1990..2100), so counters are not taken for
  // times; 13 digits in that range are milliseconds (Java, JavaScript logs).
  if (dot == std::string_view::npos && secs >= 631152000000 && secs <= 4102444800000) return secs * 1000;
  if (secs < 631152000 || secs > 4102444800) return std::nullopt;
  int64_t us = secs * 1000000;
  if (dot != std::string_view::npos) {
    int64_t frac = 0, scale = 100000;
    for (size_t i = dot + 1; i < s.size(); ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      if (scale > 0) frac += (s[i] - '0') * scale;
      scale /= 10;
    }
    us += frac;
  }
  return us;
}

// Digits from `pos` (1 to `max` of them) into `out`; advances `pos`.
bool Number(std::string_view s, size_t& pos, size_t max, int& out) {
  size_t start = pos;
  out = 0;
  while (pos < s.size() && pos - start < max && s[pos] >= '0' && s[pos] <= '9') out = out * 10 + (s[pos++] - '0');
  return pos > start;
}

bool DayExists(int y, int m, int d) {
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1 || d > kDays[m - 1]) return false;
  return m != 2 || d < 29 || (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

// "M/D/YYYY[ H:MM[:SS][ AM|PM]]" as Windows exports (Event Viewer CSV, IIS
// in US locale) write it; "D/M/YYYY" when the first number cannot be a month.
std::optional<int64_t> ParseSlashed(std::string_view s) {
  size_t pos = 0;
  int a, b, y, h = 0, mi = 0, sec = 0;
  if (!Number(s, pos, 2, a) || pos >= s.size() || s[pos++] != '/') return std::nullopt;
  if (!Number(s, pos, 2, b) || pos >= s.size() || s[pos++] != '/') return std::nullopt;
  size_t year_at = pos;
  if (!Number(s, pos, 4, y) || pos - year_at != 4) return std::nullopt;
  int mo = a, d = b;
  if (a > 12) std::swap(mo, d);
  if (!DayExists(y, mo, d)) return std::nullopt;
  if (pos < s.size()) {
    if (s[pos] != ' ' && s[pos] != 'T') return std::nullopt;
    ++pos;
    if (!Number(s, pos, 2, h) || pos >= s.size() || s[pos++] != ':' || !Digits(s, pos, 2, mi)) return std::nullopt;
    pos += 2;
    if (pos < s.size() && s[pos] == ':') {
      if (!Digits(s, pos + 1, 2, sec)) return std::nullopt;
      pos += 3;
    }
    std::string_view rest = s.substr(pos);
    if (rest == " PM" || rest == " pm") {
      if (h < 1 || h > 12) return std::nullopt;
      h = h % 12 + 12;
    } else if (rest == " AM" || rest == " am") {
      if (h < 1 || h > 12) return std::nullopt;
      h %= 12;
    } else if (!rest.empty()) {
      return std::nullopt;
    }
    if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
  }
  return CivilToUs(y, mo, d, h, mi, sec);
}

}  // namespace

int64_t CivilToUs(int year, int month, int day, int hour, int minute, int second) {
  int64_t days = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return ((days * 24 + hour) * 60 + minute) * 60'000'000LL + static_cast<int64_t>(second) * 1'000'000;
}

std::optional<int64_t> ParseEventTime(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '"')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '"')) s.remove_suffix(1);
  if (s.size() >= 8 && (s[1] == '/' || s[2] == '/')) return ParseSlashed(s);
  if (s.size() < 10) return std::nullopt;
  if (s[4] != '-') return ParseEpoch(s);
  int y, mo, d, h = 0, mi = 0, sec = 0;
  if (!Digits(s, 0, 4, y) || !Digits(s, 5, 2, mo) || s[7] != '-' || !Digits(s, 8, 2, d)) return std::nullopt;
  if (!DayExists(y, mo, d)) return std::nullopt;
  size_t pos = 10;
  int64_t frac_us = 0;
  if (pos < s.size()) {
    if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') return std::nullopt;
    if (!Digits(s, pos + 1, 2, h) || pos + 3 >= s.size() || s[pos + 3] != ':' || !Digits(s, pos + 4, 2, mi))
      return std::nullopt;
    pos += 6;
    if (pos < s.size() && s[pos] == ':') {
      if (!Digits(s, pos + 1, 2, sec)) return std::nullopt;
      pos += 3;
      if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        int64_t scale = 100000;
        ++pos;
        size_t start = pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
          if (scale > 0) frac_us += (s[pos] - '0') * scale;
          scale /= 10;
          ++pos;
        }
        if (pos == start) return std::nullopt;
      }
    }
    if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
  }
  int64_t offset_s = 0;
  if (pos < s.size()) {
    char c = s[pos];
    if (c == 'Z' || c == 'z') {
      ++pos;
    } else if (c == '+' || c == '-') {
      int oh, om = 0;
      if (!Digits(s, pos + 1, 2, oh)) return std::nullopt;
      size_t p2 = pos + 3;
      if (p2 < s.size() && s[p2] == ':') ++p2;
      if (p2 < s.size()) {
        if (!Digits(s, p2, 2, om)) return std::nullopt;
        p2 += 2;
      }
      offset_s = (oh * 3600 + om * 60) * (c == '+' ? 1 : -1);
      pos = p2;
    }
    if (pos != s.size()) return std::nullopt;
  }
  return CivilToUs(y, mo, d, h, mi, sec) + frac_us - offset_s * 1'000'000;
}

}  // namespace rampart::detect
