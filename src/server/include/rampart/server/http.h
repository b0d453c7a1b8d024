// The HTTP request and response as rampart's handlers see them: plain values,
// independent of the Boost.Beast glue that reads and writes them (only
// http/http_server.cc knows Beast), so routes, auth and their tests need no
// sockets.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace rampart::server {

// Query parameters in the order given; a name may repeat. Values are
// percent-decoded ('+' is a space).
using QueryParams = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;   // "GET", "POST", ... as sent
  std::string target;   // the raw request target ("/taxii2/?a=b")
  std::string path;     // decoded path, no query (see ParseTarget)
  QueryParams query;
  // Header names lower-cased; values as sent.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string remote;   // "127.0.0.1:53412"

  // The first header named `name` (lower-case), "" if absent.
  std::string_view Header(std::string_view name) const;
  // The first query parameter named `name`; nullptr if absent.
  const std::string* Param(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string content_type = "application/json";

  // Replaces a header of that name (case-insensitive) or appends it.
  void SetHeader(std::string_view name, std::string_view value);
  std::string_view Header(std::string_view name) const;
};

// A JSON body with `status`.
Response JsonResponse(int status, const nlohmann::json& body);

// The REST API's error shape: {"error": {"status": 404, "message": "..."}}.
Response ApiError(int status, std::string_view message);

// The reason phrase for `status` ("Not Found"); "" for an unknown code.
std::string_view StatusReason(int status);

}  // namespace rampart::server
