#include <cstring>
#include <string>

#include "rampart/extract/observable.h"

namespace rampart::extract {
namespace {

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// True if `text` starts with `prefix`, ASCII case-insensitively.
bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (Lower(text[i]) != prefix[i]) return false;
  }
  return true;
}

struct Replacement {
  std::string_view from;  // lower-case
  std::string_view to;
};

// Longest first where one is a prefix of another ("[://]" before "[:]").
constexpr Replacement kBracketed[] = {
    {"[://]", "://"}, {"[dot]", "."}, {"(dot)", "."}, {"{dot}", "."}, {"[.]", "."},
    {"(.)", "."},     {"{.}", "."},   {"[at]", "@"},  {"(at)", "@"},  {"{at}", "@"},
    {"[@]", "@"},     {"(@)", "@"},   {"{@}", "@"},   {"[:]", ":"},   {"[/]", "/"},
    {"[//]", "//"},
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// "[2]" in "103.77.192.[2]19": a bracket around one to three digits that
// touches a digit or a dot on either side. A footnote mark ("evil.com[1]")
// touches neither after it, and a list index ("[1] evil.com") is its own
// token. Returns the length of the bracket, 0 if it is none.
size_t BracketedDigits(std::string_view token, size_t i) {
  char close = token[i] == '[' ? ']' : token[i] == '(' ? ')' : token[i] == '{' ? '}' : 0;
  size_t j = i + 1;
  while (j < token.size() && j - i <= 3 && IsDigit(token[j])) ++j;
  if (j == i + 1 || j >= token.size() || token[j] != close) return 0;
  auto touches = [](char c) { return IsDigit(c) || c == '.'; };
  bool before = i > 0 && touches(token[i - 1]);
  bool after = j + 1 < token.size() && touches(token[j + 1]);
  return before || after ? j + 1 - i : 0;
}

}  // namespace

bool Refang(std::string_view token, std::string* out) {
  out->clear();
  out->reserve(token.size());
  bool changed = false;
  size_t i = 0;
  // Scheme: hxxp, hxxps, hXXp, hxtp, fxp (ftp) at the start of the token.
  if (StartsWithNoCase(token, "hxxp") || StartsWithNoCase(token, "hxtp")) {
    out->append("http");
    i = 4;
    changed = true;
  } else if (StartsWithNoCase(token, "fxp://")) {
    out->append("ftp");
    i = 3;
    changed = true;
  }
  while (i < token.size()) {
    char c = token[i];
    if (c == '[' || c == '(' || c == '{') {
      bool replaced = false;
      for (const Replacement& r : kBracketed) {
        if (StartsWithNoCase(token.substr(i), r.from)) {
          out->append(r.to);
          i += r.from.size();
          replaced = changed = true;
          break;
        }
      }
      if (replaced) continue;
      if (size_t n = BracketedDigits(token, i); n > 0) {
        out->append(token.substr(i + 1, n - 2));
        i += n;
        changed = true;
        continue;
      }
    } else if (c == '\\' && i + 1 < token.size() && token[i + 1] == '.') {
      out->push_back('.');
      i += 2;
      changed = true;
      continue;
    }
    out->push_back(c);
    ++i;
  }
  return changed;
}

}  // namespace rampart::extract
