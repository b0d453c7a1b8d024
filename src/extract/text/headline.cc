// The headline of a plain-text article: the first line of headline shape
// after the masthead, bylines and dates that newspapers and wire copy put
// above it.
#include <array>
#include <cctype>
#include <string>
#include <vector>

#include "rampart/extract/document.h"

namespace rampart::extract::text {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string_view> Words(std::string_view line) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) words.push_back(line.substr(start, i - start));
  }
  return words;
}

bool HasWord(const std::string& lower, std::string_view word) {
  for (size_t at = lower.find(word); at != std::string::npos; at = lower.find(word, at + 1)) {
    bool start = at == 0 || !std::isalpha(static_cast<unsigned char>(lower[at - 1]));
    size_t end = at + word.size();
    bool finish = end >= lower.size() || !std::isalpha(static_cast<unsigned char>(lower[end]));
    if (start && finish) return true;
  }
  return false;
}

constexpr std::array<std::string_view, 19> kDateWords = {
    "january", "february", "march",  "april",   "may",      "june",   "july",
    "august",  "september", "october", "november", "december", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday"};

// "Tuesday, July 20, 2021", "2021-07-20", "20 Jul 2021 10:00 UTC": only
// date words, numbers and punctuation.
bool IsDateLine(const std::vector<std::string_view>& words) {
  bool date_word = false, number = false;
  for (std::string_view w : words) {
    std::string lower = Lower(w);
    while (!lower.empty() && std::ispunct(static_cast<unsigned char>(lower.back()))) lower.pop_back();
    if (lower.empty()) continue;
    if (std::isdigit(static_cast<unsigned char>(lower[0]))) {
      number = true;
      continue;
    }
    bool known = lower == "utc" || lower == "gmt" || lower == "am" || lower == "pm" || lower == "updated" ||
                 lower == "published" || lower == "posted";
    for (std::string_view d : kDateWords) {
      if (lower == d || (lower.size() >= 3 && d.starts_with(lower))) known = date_word = true;
    }
    if (!known) return false;
  }
  return number || date_word;
}

// "National Post (National Edition)", "The Daily Telegraph", "Reuters".
bool IsMasthead(const std::string& lower, size_t words) {
  if (words > 6) return false;
  if (HasWord(lower, "edition") || HasWord(lower, "issue") || HasWord(lower, "vol")) return true;
  for (std::string_view paper : {"post", "times", "news", "journal", "gazette", "herald", "tribune", "daily",
                                 "weekly", "magazine", "press", "chronicle", "telegraph", "guardian"}) {
    if (HasWord(lower, paper) && words <= 4) return true;
  }
  return false;
}

// "By Jane Doe", "Jane Doe, Staff Reporter", "Written by ...".
bool IsByline(const std::string& lower, size_t words) {
  if (words > 10) return false;
  return lower.starts_with("by ") || lower.starts_with("written by") || lower.starts_with("posted by") ||
         HasWord(lower, "reporter") || HasWord(lower, "correspondent") || HasWord(lower, "staff writer") ||
         HasWord(lower, "editor");
}

}  // namespace

std::string HeadlineOf(std::string_view text, std::string_view publication) {
  size_t pos = 0;
  for (int lines = 0; pos < text.size() && lines < 20;) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    if (line.empty()) continue;
    ++lines;
    std::vector<std::string_view> words = Words(line);
    std::string lower = Lower(line);
    if (!publication.empty() && lower.find(Lower(publication)) != std::string::npos) continue;
    if (words.size() < 3 || words.size() > 25 || line.size() > 200) continue;
    if (line.back() == ':' || lower.find("://") != std::string::npos || lower.find('@') != std::string::npos) continue;
    if (lower.starts_with("copyright") || lower.find("\xC2\xA9") != std::string::npos) continue;
    if (IsDateLine(words) || IsMasthead(lower, words.size()) || IsByline(lower, words.size())) continue;
    return std::string(line);
  }
  return "";
}

}  // namespace rampart::extract::text
