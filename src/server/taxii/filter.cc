// TAXII filter and cursor parsing; all of it is outside input.
#include "rampart/server/taxii_filter.h"

#include <algorithm>
#include <charconv>
#include <ctime>

#include <fmt/format.h>

#include "rampart/stix/object.h"

namespace rampart::server {
namespace {

std::vector<std::string> SplitComma(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

bool IsTypeName(std::string_view type) {
  if (type.size() < 3 || type.size() > 250) return false;
  for (char c : type) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return type.front() != '-' && type.back() != '-';
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

}  // namespace

std::string FormatCursor(TimestampUs added, int64_t seq) { return fmt::format("{}.{}", added, seq); }

Result<std::pair<TimestampUs, int64_t>> ParseCursor(std::string_view text) {
  size_t dot = text.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 >= text.size() || text.size() > 40) {
    return InvalidInput("bad 'next' cursor");
  }
  int64_t added = 0, seq = 0;
  auto a = std::from_chars(text.data(), text.data() + dot, added);
  auto b = std::from_chars(text.data() + dot + 1, text.data() + text.size(), seq);
  if (a.ec != std::errc() || a.ptr != text.data() + dot || b.ec != std::errc() ||
      b.ptr != text.data() + text.size() || added < 0 || seq < 0) {
    return InvalidInput("bad 'next' cursor");
  }
  return std::make_pair(added, seq);
}

std::string FormatDateAdded(TimestampUs added) {
  std::time_t seconds = static_cast<std::time_t>(added / 1000000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, added % 1000000);
}

Result<TaxiiFilter> ParseTaxiiFilter(const QueryParams& params, TaxiiEndpoint endpoint) {
  TaxiiFilter filter;
  filter.query.limit = 100;
  bool takes_id = endpoint == TaxiiEndpoint::kObjects || endpoint == TaxiiEndpoint::kManifest;
  bool takes_version = endpoint != TaxiiEndpoint::kVersions;
  for (const auto& [name, value] : params) {
    if (value.empty()) return InvalidInput(fmt::format("parameter '{}' is empty", name));
    if (name == "added_after") {
      RAMPART_ASSIGN_OR_RETURN(TimestampUs after, ParseTimestamp(value));
      filter.query.added_after = after;
    } else if (name == "limit") {
      int limit = 0;
      auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), limit);
      if (error != std::errc() || end != value.data() + value.size() || limit < 1) {
        return InvalidInput("'limit' must be a positive integer");
      }
      filter.query.limit = std::min(limit, 1000);
    } else if (name == "next") {
      RAMPART_ASSIGN_OR_RETURN(auto position, ParseCursor(value));
      filter.query.after_position = position;
    } else if (name == "match[id]" && takes_id) {
      for (const std::string& id : SplitComma(value)) {
        if (!stix::IsValidId(Trim(id))) return InvalidInput(fmt::format("match[id]: '{}' is not a STIX id", id));
        filter.query.ids.emplace_back(Trim(id));
      }
    } else if (name == "match[type]" && takes_id) {
      for (const std::string& type : SplitComma(value)) {
        if (!IsTypeName(Trim(type))) return InvalidInput(fmt::format("match[type]: '{}' is not a STIX type", type));
        filter.query.types.emplace_back(Trim(type));
      }
    } else if (name == "match[version]" && takes_version) {
      for (const std::string& raw : SplitComma(value)) {
        std::string_view version = Trim(raw);
        if (version == "last") {
          filter.query.versions.last = true;
        } else if (version == "first") {
          filter.query.versions.first = true;
        } else if (version == "all") {
          filter.query.versions.all = true;
        } else {
          Result<TimestampUs> at = ParseTimestamp(version);
          if (!at.ok()) return InvalidInput(fmt::format("match[version]: '{}' is not last, first, all or a timestamp", raw));
          filter.query.versions.modified.push_back(*at);
        }
      }
    } else if (name == "match[spec_version]") {
      for (const std::string& raw : SplitComma(value)) {
        std::string_view version = Trim(raw);
        if (version != "2.0" && version != "2.1") {
          return InvalidInput(fmt::format("match[spec_version]: '{}' is not 2.0 or 2.1", raw));
        }
        filter.spec_versions.emplace_back(version);
      }
    } else {
      return InvalidInput(fmt::format("parameter '{}' is not accepted here", name));
    }
  }
  if (endpoint == TaxiiEndpoint::kVersions) filter.query.versions.all = true;
  return filter;
}

bool AcceptsMediaType(std::string_view accept, std::string_view media_type) {
  if (Trim(accept).empty()) return true;
  size_t start = 0;
  while (start <= accept.size()) {
    size_t comma = accept.find(',', start);
    if (comma == std::string_view::npos) comma = accept.size();
    std::string_view item = Trim(accept.substr(start, comma - start));
    start = comma + 1;
    size_t semi = item.find(';');
    std::string_view type = Trim(item.substr(0, semi));
    bool version_ok = true;
    bool q_zero = false;
    while (semi != std::string_view::npos) {
      size_t next = item.find(';', semi + 1);
      std::string_view param = Trim(item.substr(semi + 1, next == std::string_view::npos ? next : next - semi - 1));
      std::string lowered(param);
      for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      lowered.erase(std::remove(lowered.begin(), lowered.end(), ' '), lowered.end());
      if (lowered.rfind("version=", 0) == 0) version_ok = lowered == "version=2.1";
      if (lowered == "q=0" || lowered == "q=0.0" || lowered == "q=0.00" || lowered == "q=0.000") q_zero = true;
      semi = next;
    }
    if (q_zero) continue;
    std::string type_lower(type);
    for (char& c : type_lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (type_lower == "*/*" || type_lower == "application/*") return true;
    if (type_lower == media_type && version_ok) return true;
  }
  return false;
}

}  // namespace rampart::server
