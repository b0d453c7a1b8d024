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
