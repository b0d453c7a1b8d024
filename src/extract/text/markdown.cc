// Markdown to plain text, line by line: enough to keep sentences whole and
// link targets visible (they often are the indicators).
#include <string>

#include "rampart/extract/document.h"

namespace rampart::extract::text {
namespace {

// "[text](url)" -> "text (url)"; "![alt](url)" -> "alt".
std::string InlineToText(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  size_t i = 0;
  while (i < line.size()) {
    char c = line[i];
    bool image = c == '!' && i + 1 < line.size() && line[i + 1] == '[';
    if (c == '[' || image) {
      size_t open = image ? i + 1 : i;
      size_t close = line.find(']', open);
      if (close != std::string_view::npos && close + 1 < line.size() && line[close + 1] == '(') {
        size_t end = line.find(')', close);
        if (end != std::string_view::npos) {
          out.append(line.substr(open + 1, close - open - 1));
          if (!image) {
            out.append(" (");
            out.append(line.substr(close + 2, end - close - 2));
            out.push_back(')');
          }
          i = end + 1;
          continue;
        }
      }
    }
    if (c == '`') {
      ++i;
      continue;
    }
    if ((c == '*' || c == '_') && i + 1 < line.size() && line[i + 1] == c) {
      i += 2;
      continue;
    }
    out.push_back(c);
    ++i;
  }
  return out;
}

}  // namespace

std::string MarkdownToText(std::string_view markdown, std::string* title) {
  std::string out;
  if (title) title->clear();
  bool in_comment = false;
  size_t pos = 0;
  while (pos <= markdown.size()) {
    size_t eol = markdown.find('\n', pos);
    if (eol == std::string_view::npos) eol = markdown.size();
    std::string_view line = markdown.substr(pos, eol - pos);
    pos = eol + 1;
    if (in_comment) {
      size_t end = line.find("-->");
      if (end == std::string_view::npos) continue;
      line.remove_prefix(end + 3);
      in_comment = false;
    }
    size_t comment = line.find("<!--");
    if (comment != std::string_view::npos) {
      size_t end = line.find("-->", comment);
      if (end == std::string_view::npos) {
        in_comment = true;
        line = line.substr(0, comment);
      }
    }
    size_t indent = line.find_first_not_of(" \t");
    std::string_view body = indent == std::string_view::npos ? "" : line.substr(indent);
    if (body.starts_with("```") || body.starts_with("~~~")) continue;
    if (body.starts_with("#")) {
      size_t text_at = body.find_first_not_of("#");
      body = text_at == std::string_view::npos ? "" : body.substr(text_at);
      size_t lead = body.find_first_not_of(" \t");
      body = lead == std::string_view::npos ? "" : body.substr(lead);
      if (title && title->empty()) *title = InlineToText(body);
      out.append(InlineToText(body));
      out.append("\n\n");
      continue;
    }
    if (body.starts_with("- ") || body.starts_with("* ") || body.starts_with("+ ")) body.remove_prefix(2);
    if (body.starts_with("> ")) body.remove_prefix(2);
    if (body.find_first_not_of("-=*_ |:") == std::string_view::npos && !body.empty()) continue;
    if (body.empty() && out.ends_with("\n\n")) continue;
    out.append(InlineToText(body));
    out.push_back('\n');
  }
  return out;
}

}  // namespace rampart::extract::text
