// Target parsing. Everything here runs on unauthenticated input, so it
// refuses rather than repairs.
#include "rampart/server/query.h"

#include <charconv>

namespace rampart::server {
namespace {

constexpr size_t kMaxTarget = 8192;

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Result<std::string> PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return InvalidInput("truncated %-escape");
      int hi = HexValue(text[i + 1]);
      int lo = HexValue(text[i + 2]);
      if (hi < 0 || lo < 0) return InvalidInput("malformed %-escape");
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    if (c == '\0') return InvalidInput("NUL byte in request target");
    out.push_back(c);
  }
  return out;
}

Result<Target> ParseTarget(std::string_view target) {
  if (target.size() > kMaxTarget) return InvalidInput("request target too long");
  if (target.empty() || target.front() != '/') return InvalidInput("request target must start with '/'");
  size_t question = target.find('?');
  std::string_view raw_path = target.substr(0, question);
  Target out;
  size_t start = 1;
  while (start < raw_path.size()) {
    size_t slash = raw_path.find('/', start);
    if (slash == std::string_view::npos) slash = raw_path.size();
    std::string_view raw_segment = raw_path.substr(start, slash - start);
    RAMPART_ASSIGN_OR_RETURN(std::string segment, PercentDecode(raw_segment, false));
    if (segment == "." || segment == "..") return InvalidInput("'.' and '..' path segments are not allowed");
    for (unsigned char c : segment) {
      if (c == '/' || c == '\\') return InvalidInput("encoded '/' or '\\' in a path segment");
      if (c < 0x20 || c == 0x7f) return InvalidInput("control character in path");
    }
    out.path += '/';
    out.path += segment;
    start = slash + 1;
  }
  if (out.path.empty() || (raw_path.size() > 1 && raw_path.back() == '/')) out.path += '/';
  if (question == std::string_view::npos) return out;
  std::string_view query = target.substr(question + 1);
  start = 0;
  while (start <= query.size()) {
    size_t amp = query.find('&', start);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view param = query.substr(start, amp - start);
    if (!param.empty()) {
      size_t eq = param.find('=');
      RAMPART_ASSIGN_OR_RETURN(std::string name, PercentDecode(param.substr(0, eq), true));
      std::string value;
      if (eq != std::string_view::npos) {
        RAMPART_ASSIGN_OR_RETURN(value, PercentDecode(param.substr(eq + 1), true));
      }
      out.params.emplace_back(std::move(name), std::move(value));
    }
    start = amp + 1;
  }
  return out;
}

Result<int> PositiveIntParam(const Request& request, std::string_view name, int default_value, int max) {
  const std::string* text = request.Param(name);
  if (text == nullptr) return default_value;
  int value = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size() || value < 1 || value > max) {
    return InvalidInput("parameter '" + std::string(name) + "' must be an integer from 1 to " +
                        std::to_string(max));
  }
  return value;
}

}  // namespace rampart::server
