// A linear pre-pass over html that drops start tags once too many elements
// are open, so gumbo (whose tree building is O(open elements) per tag, and
// whose clean-up recurses) and the text walker see bounded nesting. The
// count is approximate: void elements and those HTML closes implicitly
// (p, li, td ...) are not counted, nor are self-closed tags inside svg/math;
// raw-text elements' contents and comments are skipped. A dropped start tag's text is kept; so are real pages, which
// never come near the bound, byte for byte.
#include "text/html_nesting.h"

#include <cstring>

namespace rampart::extract::text::internal {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsNameChar(char c) { return IsAlpha(c) || (c >= '0' && c <= '9') || c == '-' || c == ':'; }

bool OneOf(std::string_view name, std::initializer_list<std::string_view> names) {
  for (std::string_view n : names) {
    if (n == name) return true;
  }
  return false;
}

// Elements that never stay open (void) or that the next sibling closes.
bool Uncounted(std::string_view name) {
  return OneOf(name, {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                      "source", "track", "wbr", "keygen", "p", "li", "dt", "dd", "tr", "td", "th", "option",
                      "optgroup", "tbody", "thead", "tfoot", "colgroup", "caption", "rb", "rt", "rp", "html",
                      "head", "body"});
}

bool RawText(std::string_view name) {
  return OneOf(name, {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"});
}

// The '>' ending the tag that starts at `from`, quotes respected; npos if none.
size_t TagEnd(std::string_view html, size_t from) {
  char quote = 0;
  for (size_t i = from; i < html.size(); ++i) {
    char c = html[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return i;
    }
  }
  return std::string_view::npos;
}

// Where "</name" starts at or after `from` (any case); npos if nowhere.
size_t FindCloseTag(std::string_view html, size_t from, std::string_view name) {
  for (size_t at = html.find("</", from); at != std::string_view::npos; at = html.find("</", at + 2)) {
    if (at + 2 + name.size() > html.size()) return std::string_view::npos;
    bool same = true;
    for (size_t k = 0; k < name.size() && same; ++k) same = Lower(html[at + 2 + k]) == name[k];
    if (same) return at;
  }
  return std::string_view::npos;
}

}  // namespace

bool BoundHtmlNesting(std::string_view html, size_t max_open, std::string& out) {
  size_t open = 0, dropped = 0, copied = 0, foreign = 0;
  bool changed = false;
  std::string name;
  auto drop = [&](size_t begin, size_t end) {
    out.append(html.substr(copied, begin - copied));
    copied = end;
    changed = true;
  };
  size_t pos = 0;
  while ((pos = html.find('<', pos)) != std::string_view::npos) {
    if (html.compare(pos, 4, "<!--") == 0) {
      size_t end = html.find("-->", pos + 4);
      if (end == std::string_view::npos) break;
      pos = end + 3;
      continue;
    }
    const bool closing = pos + 1 < html.size() && html[pos + 1] == '/';
    size_t at = pos + (closing ? 2 : 1);
    if (at >= html.size() || !IsAlpha(html[at])) {
      ++pos;
      continue;
    }
    name.clear();
    while (at < html.size() && IsNameChar(html[at])) name.push_back(Lower(html[at++]));
    size_t end = TagEnd(html, at);
    if (end == std::string_view::npos) break;
    const size_t tag_begin = pos;
    pos = end + 1;
    if (Uncounted(name)) continue;
    if (RawText(name)) {
      // No children: not counted; its text is not markup.
      if (!closing) {
        size_t close = FindCloseTag(html, pos, name);
        if (close == std::string_view::npos) break;
        pos = close;  // the end tag itself is read next
      }
      continue;
    }
    // Inside svg/math "<path/>" closes itself; in html "<div/>" stays open.
    const bool self_closed = !closing && html[end - 1] == '/';
    if (name == "svg" || name == "math") {
      if (closing && foreign > 0) --foreign;
      if (!closing && !self_closed) ++foreign;
    }
    if (self_closed && foreign > 0) continue;
    if (closing) {
      if (dropped > 0) {
        --dropped;
        drop(tag_begin, pos);
      } else if (open > 0) {
        --open;
      }
    } else if (open < max_open) {
      ++open;
    } else {
      ++dropped;
      drop(tag_begin, pos);
    }
  }
  if (changed) out.append(html.substr(copied));
  return changed;
}

}  // namespace rampart::extract::text::internal
