// A minimal Event over one IIS W3C log line, for the IOC ground-truth test
// and the IOC benchmark (the ingest module's W3C reader is the real one):
// fields split on spaces, named by the last "#Fields:" header.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rampart/detect/event.h"

namespace rampart::testing {

class W3cLineEvent : public detect::Event {
 public:
  // Parses a "#Fields: a b c" header line (without the newline).
  void SetFields(std::string_view header) {
    names_.clear();
    header.remove_prefix(std::string_view("#Fields:").size());
    size_t p = 0;
    while (p < header.size()) {
      while (p < header.size() && header[p] == ' ') ++p;
      size_t e = header.find(' ', p);
      if (e == std::string_view::npos) e = header.size();
      if (e > p) names_.emplace_back(header.substr(p, e - p));
      p = e;
    }
  }
  // Points the event at `line` (a data line without the newline; must
  // outlive the next Reset).
  void Reset(std::string_view line, int64_t line_no) {
    line_no_ = line_no;
    values_.clear();
    size_t p = 0;
    while (p <= line.size()) {
      size_t e = line.find(' ', p);
      if (e == std::string_view::npos) e = line.size();
      values_.push_back(line.substr(p, e - p));
      p = e + 1;
    }
  }
  bool Values(std::string_view name, absl::FunctionRef<void(const detect::Value&)> fn) const override {
    for (size_t i = 0; i < names_.size() && i < values_.size(); ++i) {
      if (names_[i] == name) {
        fn(detect::Value{values_[i]});
        return true;
      }
    }
    return false;
  }
  void Fields(absl::FunctionRef<void(std::string_view, const detect::Value&)> fn) const override {
    for (size_t i = 0; i < names_.size() && i < values_.size(); ++i) fn(names_[i], detect::Value{values_[i]});
  }
  std::string_view Format() const override { return "w3c"; }
  std::optional<int64_t> TimeUs() const override {
    auto date = Get("date"), time = Get("time");
    if (!date || !time || date->size() != 10 || time->size() < 8) return std::nullopt;
    auto num = [](std::string_view s) {
      int v = 0;
      for (char c : s) v = v * 10 + (c - '0');
      return v;
    };
    int y = num(date->substr(0, 4)), m = num(date->substr(5, 2)), d = num(date->substr(8, 2));
    // days_from_civil (H. Hinnant)
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    int64_t days = int64_t{era} * 146097 + static_cast<int64_t>(doe) - 719468;
    int64_t secs = days * 86400 + num(time->substr(0, 2)) * 3600 + num(time->substr(3, 2)) * 60 + num(time->substr(6, 2));
    return secs * 1000000;
  }
  std::string ToJson() const override { return "{}"; }
  detect::EventSource Source() const override { return detect::EventSource{"", line_no_, 0}; }

 private:
  std::vector<std::string> names_;
  std::vector<std::string_view> values_;
  int64_t line_no_ = 0;
};

}  // namespace rampart::testing
