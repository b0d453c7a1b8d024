// Maps (method, path) to a handler. Patterns are '/'-separated segments, each
// a literal or a parameter "{name}" that matches one non-empty segment:
//   "/api/v1/objects/{ref}/versions"
// A trailing '/' is not significant ("/taxii2/" == "/taxii2"), so TAXII's
// slash-terminated URLs and REST's bare ones both match.
//
// Thread-safety: Add() before serving; Find() is const and may be called from
// every worker thread at once.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "rampart/server/http.h"

namespace rampart::server {

using PathParams = std::map<std::string, std::string, std::less<>>;

struct RouteInfo {
  std::string method;   // "GET"
  std::string pattern;  // as given to Add
  std::string summary;  // one line, for the OpenAPI document and tests
};

template <typename Handler>
class Router {
 public:
  struct Match {
    const Handler* handler = nullptr;  // null: no route
    const RouteInfo* info = nullptr;
    PathParams params;
    // When the path matched but the method did not: the methods that would
    // (for 405 and the Allow header). Empty otherwise.
    std::vector<std::string> allowed;
  };

  void Add(std::string method, std::string pattern, std::string summary, Handler handler) {
    routes_.push_back(Route{RouteInfo{std::move(method), pattern, std::move(summary)}, Split(pattern),
                            std::move(handler)});
  }

  Match Find(std::string_view method, std::string_view path) const {
    Match match;
    std::vector<std::string> segments = Split(path);
    for (const Route& route : routes_) {
      PathParams params;
      if (!MatchSegments(route.segments, segments, params)) continue;
      if (route.info.method != method) {
        match.allowed.push_back(route.info.method);
        continue;
      }
      match.handler = &route.handler;
      match.info = &route.info;
      match.params = std::move(params);
      match.allowed.clear();
      return match;
    }
    return match;
  }

  std::vector<RouteInfo> Routes() const {
    std::vector<RouteInfo> out;
    for (const Route& route : routes_) out.push_back(route.info);
    return out;
  }

  // "/a/{b}/" -> {"a", "{b}"}; empty segments are dropped.
  static std::vector<std::string> Split(std::string_view path) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= path.size()) {
      size_t end = path.find('/', start);
      if (end == std::string_view::npos) end = path.size();
      if (end > start) out.emplace_back(path.substr(start, end - start));
      start = end + 1;
    }
    return out;
  }

 private:
  struct Route {
    RouteInfo info;
    std::vector<std::string> segments;
    Handler handler;
  };

  static bool MatchSegments(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
                            PathParams& params) {
    if (pattern.size() != path.size()) return false;
    for (size_t i = 0; i < pattern.size(); ++i) {
      const std::string& p = pattern[i];
      if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
        params.emplace(p.substr(1, p.size() - 2), path[i]);
      } else if (p != path[i]) {
        return false;
      }
    }
    return true;
  }

  std::vector<Route> routes_;
};

}  // namespace rampart::server
