// The STIX path <- event field table. Field names follow what the readers
// produce (event.h): W3C #Fields names, EVTX/Sysmon EventData names, Zeek
// column names, common JSON/CSV names.
#include "rampart/detect/field_map.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "absl/container/flat_hash_map.h"
#include "rampart/core/strings.h"
#include "rampart/stix/pattern.h"

namespace rampart::detect {

struct FieldMap::Impl {
  std::map<std::string, std::vector<FieldSource>> paths;
};

FieldMap::FieldMap() : impl_(std::make_unique<Impl>()) {}
FieldMap::~FieldMap() = default;
FieldMap::FieldMap(const FieldMap& other) : impl_(std::make_unique<Impl>(*other.impl_)) {}
FieldMap& FieldMap::operator=(const FieldMap& other) {
  impl_ = std::make_unique<Impl>(*other.impl_);
  return *this;
}

namespace {

bool ValueOnlyType(std::string_view type) {
  return type == "ipv4-addr" || type == "ipv6-addr" || type == "domain-name" || type == "url" ||
         type == "email-addr" || type == "mac-addr";
}

bool IsIpv4(std::string_view s) {
  int dots = 0;
  for (char c : s) {
    if (c == '.') ++dots;
    else if (c < '0' || c > '9') return false;
  }
  return dots == 3 && s.size() >= 7;
}

FieldMap BuildDefault() {
  FieldMap m;
  auto add = [&](std::string_view path, std::initializer_list<const char*> fields,
                 FieldTransform t = FieldTransform::kNone, std::string_view arg = "") {
    for (const char* f : fields) m.Add(path, FieldSource{f, t, std::string(arg)});
  };
  const auto ip_fields = {"c-ip", "s-ip", "SourceIp", "DestinationIp", "src_ip", "dst_ip", "id.orig_h", "id.resp_h",
                          "ClientIP", "IpAddress", "SourceAddress", "DestAddress", "ClientAddress", "src", "dst",
                          "remote_ip", "source.ip", "destination.ip", "client.ip", "X-Forwarded-For"};
  add("ipv4-addr:value", ip_fields, FieldTransform::kIpv4Only);
  add("ipv6-addr:value", ip_fields, FieldTransform::kIpv6Only);
  add("domain-name:value", {"query", "cs-host", "cs(Host)", "DestinationHostname", "QueryName", "host", "server_name",
                            "dns.question.name", "url.domain", "destination.domain", "Hostname"});
  m.Add("url:value", FieldSource{"cs-uri-stem", FieldTransform::kW3cUrl, ""});
  add("url:value", {"url", "c-uri", "cs-uri", "request_url", "url.full", "uri"});
  for (auto [algo, len] : {std::pair{"SHA256", "64"}, {"MD5", "32"}, {"SHA1", "40"}, {"SHA512", "128"}}) {
    std::string path = std::string("file:hashes.'") + algo + "'";
    m.Add(path, FieldSource{"Hashes", FieldTransform::kSysmonHash, algo});
    m.Add(path, FieldSource{"Hash", FieldTransform::kSysmonHash, algo});
    std::string lower = algo;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    add(path, {lower.c_str(), algo});
    m.Add(path, FieldSource{"cs-uri-query", FieldTransform::kHexInText, len});
  }
  add("file:name", {"TargetFilename", "Image", "ImageLoaded"}, FieldTransform::kBasename);
  add("file:name", {"FileName", "filename", "OriginalFileName", "file.name"});
  add("process:command_line", {"CommandLine", "process.command_line", "cmdline"});
  add("process:name", {"Image"}, FieldTransform::kBasename);
  add("process:pid", {"ProcessId", "process.pid"});
  add("process:binary_ref.name", {"Image"}, FieldTransform::kBasename);
  add("process:parent_ref.command_line", {"ParentCommandLine"});
  add("process:parent_ref.name", {"ParentImage"}, FieldTransform::kBasename);
  add("process:parent_ref.binary_ref.name", {"ParentImage"}, FieldTransform::kBasename);
  const auto users = {"cs-username", "User", "TargetUserName", "SubjectUserName", "user", "UserName", "AccountName",
                      "user.name"};
  add("user-account:user_id", users);
  add("user-account:account_login", users);
  add("email-addr:value", {"sender", "recipient", "from", "to", "mailfrom", "rcptto", "SenderAddress",
                           "RecipientAddress"});
  add("network-traffic:src_ref.value", {"c-ip", "SourceIp", "src_ip", "id.orig_h", "source.ip", "src"});
  add("network-traffic:dst_ref.value", {"s-ip", "DestinationIp", "dst_ip", "id.resp_h", "destination.ip", "dst"});
  add("network-traffic:src_port", {"SourcePort", "id.orig_p", "src_port", "c-port", "source.port"});
  add("network-traffic:dst_port", {"DestinationPort", "s-port", "id.resp_p", "dst_port", "destination.port"});
  add("network-traffic:extensions.'http-request-ext'.request_method", {"cs-method", "method", "http.request.method"});
  add("network-traffic:extensions.'http-request-ext'.request_value", {"cs-uri-stem", "uri"});
  add("network-traffic:extensions.'http-request-ext'.request_header.'User-Agent'",
      {"cs(User-Agent)", "cs-user-agent", "user_agent", "UserAgent", "user_agent.original"});
  add("windows-registry-key:key", {"TargetObject", "ObjectName"});
  add("mutex:name", {"MutexName"});
  return m;
}

}  // namespace

const FieldMap& FieldMap::Default() {
  static const FieldMap* kDefault = new FieldMap(BuildDefault());
  return *kDefault;
}

std::string FieldMap::CanonicalPath(const stix::ObjectPath& path) {
  if (path.object_type == "file" && path.steps.size() == 2 && path.steps[0].key == "hashes" &&
      path.steps[1].kind == stix::PathStep::Kind::kKey) {
    std::string algo;
    for (char c : path.steps[1].key) {
      if (c != '-' && c != '_') algo.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
    return "file:hashes." + algo;
  }
  return path.ToString();
}

void FieldMap::Add(std::string_view path, FieldSource source) {
  // Parsed through the pattern grammar so that every spelling lands on one key.
  auto parsed = stix::ParsePattern("[EXISTS " + std::string(path) + "]");
  std::string key = parsed.ok() ? CanonicalPath(parsed->root.comparison.test.path) : std::string(path);
  impl_->paths[key].push_back(std::move(source));
}

bool FieldMap::Maps(const stix::ObjectPath& path) const { return impl_->paths.count(CanonicalPath(path)) > 0; }

std::vector<std::string> FieldMap::Paths() const {
  std::vector<std::string> out;
  for (const auto& [path, sources] : impl_->paths) out.push_back(path);
  return out;
}

void FieldMap::ForEachValue(const stix::ObjectPath& path, const Event& event, std::string& scratch,
                            absl::FunctionRef<void(std::string_view, std::string_view, std::string_view)> fn) const {
  auto it = impl_->paths.find(CanonicalPath(path));
  if (it == impl_->paths.end()) return;
  const bool value_only = ValueOnlyType(path.object_type);
  const bool w3c = event.Format() == "w3c";
  for (const FieldSource& src : it->second) {
    std::string_view object = value_only ? std::string_view(src.field) : std::string_view();
    event.Values(src.field, [&](const Value& v) {
      std::string_view text = v.text;
      if (text.empty() || (w3c && text == "-")) return;
      switch (src.transform) {
        case FieldTransform::kNone: fn(src.field, text, object); return;
        case FieldTransform::kBasename: {
          size_t slash = text.find_last_of("\\/");
          fn(src.field, slash == std::string_view::npos ? text : text.substr(slash + 1), object);
          return;
        }
        case FieldTransform::kSysmonHash: {
          // "SHA1=..,MD5=..,SHA256=..,IMPHASH=.." (or a bare hash when Hash holds one algorithm)
          size_t p = 0;
          while (p < text.size()) {
            size_t comma = text.find(',', p);
            std::string_view part = text.substr(p, comma == std::string_view::npos ? std::string_view::npos : comma - p);
            p = comma == std::string_view::npos ? text.size() : comma + 1;
            size_t eq = part.find('=');
            if (eq == std::string_view::npos) continue;
            std::string_view name = part.substr(0, eq);
            if (name.size() == src.arg.size() &&
                std::equal(name.begin(), name.end(), src.arg.begin(),
                           [](char a, char b) { return std::toupper(static_cast<unsigned char>(a)) == b; })) {
              scratch.assign(part.substr(eq + 1));
              for (char& c : scratch) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
              fn(src.field, scratch, object);
            }
          }
          return;
        }
        case FieldTransform::kHexInText: {
          const size_t want = static_cast<size_t>(std::stoi(src.arg));
          size_t i = 0;
          while (i < text.size()) {
            while (i < text.size() && !std::isalnum(static_cast<unsigned char>(text[i]))) ++i;
            size_t s = i;
            while (i < text.size() && std::isalnum(static_cast<unsigned char>(text[i]))) ++i;
            if (i - s == want && std::all_of(text.begin() + s, text.begin() + i,
                                             [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); })) {
              scratch.assign(text.substr(s, want));
              for (char& c : scratch) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
              fn(src.field, scratch, object);
            }
          }
          return;
        }
        case FieldTransform::kW3cUrl: {
          scratch.assign(text);
          auto query = event.Get("cs-uri-query");
          if (query && !query->empty() && *query != "-") {
            scratch.push_back('?');
            scratch.append(*query);
          }
          fn(src.field, scratch, object);
          return;
        }
        case FieldTransform::kIpv4Only:
          if (IsIpv4(text)) fn(src.field, text, object);
          return;
        case FieldTransform::kIpv6Only:
          if (text.find(':') != std::string_view::npos) fn(src.field, text, object);
          return;
      }
    });
  }
}

}  // namespace rampart::detect
