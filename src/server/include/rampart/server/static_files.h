// Serving the dashboard's built files (web/dist) from `rampart serve`.
//
// Thread-safety: stateless functions; every call reads the file anew (the
// files are small and the page cache keeps them), so a rebuilt dashboard is
// served without a restart.
#pragma once

#include <string>
#include <string_view>

#include "rampart/server/http.h"

namespace rampart::server {

// True for paths the dashboard owns: everything except /api/... and
// /taxii2/..., which stay with the API router (and its authentication).
bool IsStaticPath(std::string_view path);

// The file at `path` under `root` ("/" is index.html), for GET or HEAD.
// 404 for anything outside the root (".." segments, symlinks leading out,
// backslashes, NUL) or not a regular file; 405 for other methods. Sets the
// content type from the extension and Cache-Control (hashed /assets/ files:
// a year, immutable; the rest: no-cache). Never 5xx except an unreadable file.
Response ServeStatic(const std::string& root, std::string_view method, std::string_view path);

// The Content-Security-Policy of dashboard pages: scripts, styles, fonts and
// API calls from this origin only, nothing inline, no framing.
std::string_view DashboardContentSecurityPolicy();

}  // namespace rampart::server
