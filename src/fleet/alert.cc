#include "rampart/fleet/alert.h"

#include <nlohmann/json.hpp>

#include "rampart/fleet/nats.h"

namespace rampart::fleet {

using nlohmann::json;

std::string AlertToJson(const Alert& a) {
  json matched = json::array();
  for (const auto& [field, value] : a.matched) matched.push_back({field, value});
  json j = {{"version", a.version}, {"rule", a.rule},     {"title", a.title},   {"file", a.file},
            {"line", a.line},       {"record", a.record}, {"format", a.format}, {"layout", a.layout},
            {"text", a.text},       {"matched", matched}, {"source", a.source}, {"constituent", a.constituent},
            {"batch", a.batch},     {"index", a.index}};
  // Raw log bytes need not be UTF-8: replace rather than fail.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<Alert> AlertFromJson(std::string_view data) {
  json j = json::parse(data, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return InvalidInput("alert is not a JSON object");
  Alert a;
  try {
    a.version = j.at("version").get<std::string>();
    a.rule = j.at("rule").get<std::string>();
    a.title = j.value("title", "");
    a.file = j.at("file").get<std::string>();
    a.line = j.at("line").get<int64_t>();
    a.record = j.value("record", int64_t{0});
    a.format = j.at("format").get<std::string>();
    a.layout = j.value("layout", "");
    a.text = j.at("text").get<std::string>();
    for (const json& m : j.at("matched")) a.matched.emplace_back(m.at(0).get<std::string>(), m.at(1).get<std::string>());
    a.source = j.value("source", "");
    a.constituent = j.value("constituent", "");
    a.batch = j.at("batch").get<std::string>();
    a.index = j.at("index").get<int64_t>();
  } catch (const json::exception& e) {
    return InvalidInput(std::string("bad alert: ") + e.what());
  }
  return a;
}

Result<natsMsg*> EncodeAlert(const Alert& alert, const std::string& subject) {
  std::string data = AlertToJson(alert);
  InitNatsLibrary();
  natsMsg* msg = nullptr;
  natsStatus s = natsMsg_Create(&msg, subject.c_str(), nullptr, data.data(), static_cast<int>(data.size()));
  if (s == NATS_OK) s = natsMsgHeader_Set(msg, "Nats-Msg-Id", alert.MessageId().c_str());
  if (s != NATS_OK) {
    natsMsg_Destroy(msg);
    return NatsError(s, "build alert message");
  }
  return msg;
}

std::string LayoutBefore(std::string_view format, std::string_view text, int64_t line, int64_t& count) {
  count = 0;
  std::string out;
  const bool directives = format == "w3c" || format == "zeek", csv = format == "csv";
  if (!directives && !csv) return out;
  size_t at = 0;
  for (int64_t n = 1; n < line && at < text.size(); ++n) {
    size_t nl = text.find('\n', at);
    size_t end = nl == std::string_view::npos ? text.size() : nl;
    std::string_view l = text.substr(at, end - at);
    if ((csv && n == 1) || (directives && !l.empty() && l[0] == '#')) {
      out.append(l).push_back('\n');
      ++count;
    }
    if (csv) break;
    at = end + 1;
  }
  return out;
}

}  // namespace rampart::fleet
