#include "rampart/core/json_error.h"

namespace rampart {
namespace {

bool Consume(std::string_view& text, std::string_view prefix) {
  if (!text.starts_with(prefix)) return false;
  text.remove_prefix(prefix.size());
  return true;
}

}  // namespace

std::string DescribeJsonError(std::string_view what) {
  std::string_view text = what;
  if (Consume(text, "[json.exception.")) {
    size_t close = text.find("] ");
    text = close == std::string_view::npos ? std::string_view() : text.substr(close + 2);
  }
  // "parse error at line 3, column 5: ", "parse error at byte 12: ", "parse error: "
  if (text.starts_with("parse error")) {
    size_t colon = text.find(": ");
    if (colon != std::string_view::npos) text.remove_prefix(colon + 2);
  }
  // "syntax error while parsing object - <reason>" -> "<reason> (in a JSON object)"
  std::string context;
  if (Consume(text, "syntax error while parsing ")) {
    size_t dash = text.find(" - ");
    if (dash != std::string_view::npos) {
      std::string_view what_kind = text.substr(0, dash);
      text.remove_prefix(dash + 3);
      context = " (in a JSON ";
      context += what_kind;
      context += ")";
    }
  }
  if (text.empty()) return std::string(what);
  return std::string(text) + context;
}

}  // namespace rampart
