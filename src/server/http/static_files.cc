// The dashboard's built files (web/dist), served without authentication: the
// sign-in page must load before anyone has signed in, and nothing in it is
// data (every piece of data comes from the API, which checks the caller).
//
// Paths are resolved inside the root only: a segment that is empty, "." or
// "..", or holds a backslash or NUL, is 404; so is anything that resolves
// (through symlinks too) outside the root. Vite names assets by content hash,
// so /assets/ files are cached for a year and index.html is revalidated.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "rampart/server/http.h"
#include "rampart/server/static_files.h"

namespace rampart::server {
namespace {

std::string_view ContentType(const std::filesystem::path& file) {
  std::string ext = file.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

bool SafeRelative(std::string_view path) {
  if (path.find('\\') != std::string_view::npos || path.find('\0') != std::string_view::npos) return false;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == "..") return false;
    start = end + 1;
  }
  return true;
}

}  // namespace

bool IsStaticPath(std::string_view path) {
  return !(path.rfind("/api/", 0) == 0 || path == "/api" || path.rfind("/taxii2", 0) == 0);
}

Response ServeStatic(const std::string& root, std::string_view method, std::string_view path) {
  Response response;
  response.content_type = "text/plain; charset=utf-8";
  if (method != "GET" && method != "HEAD") {
    response.status = 405;
    response.SetHeader("Allow", "GET, HEAD");
    response.body = "method not allowed\n";
    return response;
  }
  std::string_view relative = path.substr(path.empty() || path[0] != '/' ? 0 : 1);
  if (relative.empty()) relative = "index.html";
  std::error_code error;
  std::filesystem::path base = std::filesystem::canonical(root, error);
  if (error || !SafeRelative(relative)) {
    response.status = 404;
    response.body = "not found\n";
    return response;
  }
  std::filesystem::path file = std::filesystem::weakly_canonical(base / std::string(relative), error);
  auto [root_end, unused] = std::mismatch(base.begin(), base.end(), file.begin(), file.end());
  if (error || root_end != base.end() || !std::filesystem::is_regular_file(file, error)) {
    response.status = 404;
    response.body = "not found\n";
    return response;
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream body;
  body << in.rdbuf();
  if (!in.good() && !in.eof()) {
    response.status = 500;
    response.body = "cannot read file\n";
    return response;
  }
  response.status = 200;
  response.content_type = std::string(ContentType(file));
  if (method == "GET") response.body = std::move(body).str();
  bool hashed = relative.rfind("assets/", 0) == 0;
  response.SetHeader("Cache-Control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
  return response;
}

std::string_view DashboardContentSecurityPolicy() {
  return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
         "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
}

}  // namespace rampart::server
