#include "rampart/core/time.h"

#include <cctype>

#include <fmt/format.h>
#include "absl/strings/str_format.h"
#include "absl/time/time.h"

namespace rampart {
namespace {

// Days from 1970-01-01 to y-m-d (proleptic Gregorian; Howard Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

Status Expected(std::string_view text, std::string_view what) {
  return InvalidInput(fmt::format("invalid timestamp '{}': expected {}", text.substr(0, 64), what));
}

Status Impossible(std::string_view text, std::string_view why) {
  return InvalidInput(fmt::format("invalid timestamp '{}': {}", text.substr(0, 64), why));
}

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

constexpr const char* kMonthNames[] = {"January", "February", "March",     "April",   "May",      "June",
                                       "July",    "August",   "September", "October", "November", "December"};

// A date that exists in the proleptic Gregorian calendar; shifting 02-30 to
// 03-02 would silently store a different day than the one given.
Status CheckDate(std::string_view text, int y, int mo, int d) {
  if (mo < 1 || mo > 12) return Impossible(text, fmt::format("month {:02} does not exist (01-12)", mo));
  int days = DaysInMonth(y, mo);
  if (d < 1 || d > days) {
    return Impossible(text, fmt::format("day {:02} does not exist: {} {} has {} days", d, kMonthNames[mo - 1], y, days));
  }
  return absl::OkStatus();
}

}  // namespace

Result<TimestampUs> ParseTimestamp(std::string_view s) {
  int y, mo, d, h = 0, mi = 0, sec = 0;
  if (!Digits(s, 0, 4, &y) || s.size() < 10 || s[4] != '-' || !Digits(s, 5, 2, &mo) ||
      s[7] != '-' || !Digits(s, 8, 2, &d)) {
    return Expected(s, "YYYY-MM-DD");
  }
  RAMPART_RETURN_IF_ERROR(CheckDate(s, y, mo, d));
  size_t pos = 10;
  int64_t frac_us = 0;
  int64_t offset_s = 0;
  if (pos < s.size()) {
    if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') return Expected(s, "'T' after the date");
    if (!Digits(s, pos + 1, 2, &h) || s.size() < pos + 9 || s[pos + 3] != ':' ||
        !Digits(s, pos + 4, 2, &mi) || s[pos + 6] != ':' || !Digits(s, pos + 7, 2, &sec)) {
      return Expected(s, "HH:MM:SS");
    }
    if (h > 23) return Impossible(s, fmt::format("hour {:02} does not exist (00-23)", h));
    if (mi > 59) return Impossible(s, fmt::format("minute {:02} does not exist (00-59)", mi));
    if (sec > 60) return Impossible(s, fmt::format("second {:02} does not exist (00-60)", sec));
    pos += 9;
    if (pos < s.size() && s[pos] == '.') {
      ++pos;
      int64_t scale = 100000;
      size_t start = pos;
      while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
        if (scale > 0) frac_us += (s[pos] - '0') * scale;
        scale /= 10;
        ++pos;
      }
      if (pos == start) return Expected(s, "fraction digits after '.'");
    }
    if (pos >= s.size()) return Expected(s, "'Z' or a UTC offset");
    if (s[pos] == 'Z' || s[pos] == 'z') {
      ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
      int oh, om;
      if (!Digits(s, pos + 1, 2, &oh) || s.size() < pos + 6 || s[pos + 3] != ':' ||
          !Digits(s, pos + 4, 2, &om)) {
        return Expected(s, "an offset of the form +HH:MM");
      }
      if (oh > 23 || om > 59) return Impossible(s, "UTC offset out of range (-23:59 to +23:59)");
      offset_s = (oh * 3600 + om * 60) * (s[pos] == '+' ? 1 : -1);
      pos += 6;
    } else {
      return Expected(s, "'Z' or a UTC offset");
    }
    if (pos != s.size()) return Expected(s, "end of timestamp");
  }
  int64_t days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  int64_t secs = days * 86400 + h * 3600 + mi * 60 + sec - offset_s;
  return secs * 1000000 + frac_us;
}

bool IsStixTimestamp(std::string_view s) {
  if (s.size() < 20 || s.back() != 'Z' || s[10] != 'T') return false;
  if (s.size() > 20 && s[19] != '.') return false;
  if (s.size() == 21) return false;  // "." with no digits
  return ParseTimestamp(s).ok();
}

std::string FormatTimestamp(TimestampUs t) {
  absl::Time at = absl::FromUnixMicros(t);
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", at, absl::UTCTimeZone());
}

Result<TimestampUs> ParseTimeOrAgo(std::string_view text, TimestampUs now) {
  if (!text.empty() && (text.back() == 'd' || text.back() == 'h' || text.back() == 'm')) {
    int64_t n = 0;
    bool digits = text.size() > 1;
    for (char c : text.substr(0, text.size() - 1)) {
      if (!std::isdigit(static_cast<unsigned char>(c))) digits = false;
      else n = n * 10 + (c - '0');
    }
    if (digits) {
      int64_t unit = text.back() == 'd' ? 86400 : text.back() == 'h' ? 3600 : 60;
      return now - n * unit * 1000000;
    }
  }
  return ParseTimestamp(text);
}

}  // namespace rampart
