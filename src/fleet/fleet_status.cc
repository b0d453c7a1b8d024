#include "rampart/fleet/fleet_status.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "rampart/fleet/rules.h"

namespace rampart::fleet {

Result<FleetState> ReadFleetState(Connection& conn, const std::vector<std::string>& stream_names) {
  FleetState state;
  for (const std::string& name : stream_names) {
    StreamState st;
    st.name = name;
    jsStreamInfo* info = nullptr;
    jsErrCode code = static_cast<jsErrCode>(0);
    natsStatus s = js_GetStreamInfo(&info, conn.js(), name.c_str(), nullptr, &code);
    if (s == NATS_NOT_FOUND) {
      state.streams.push_back(std::move(st));
      continue;
    }
    if (s != NATS_OK) return NatsError(s, "stream info " + name, code);
    st.exists = true;
    st.messages = info->State.Msgs;
    st.bytes = info->State.Bytes;
    st.first_seq = info->State.FirstSeq;
    st.last_seq = info->State.LastSeq;
    st.max_bytes = info->Config->MaxBytes;
    st.max_msgs = info->Config->MaxMsgs;
    st.replicas = info->Config->Replicas;
    jsStreamInfo_Destroy(info);
    jsConsumerInfoList* list = nullptr;
    s = js_Consumers(&list, conn.js(), name.c_str(), nullptr, &code);
    if (s == NATS_OK) {
      for (int i = 0; i < list->Count; ++i) {
        const jsConsumerInfo* c = list->List[i];
        st.consumers.push_back({c->Name, c->NumPending, c->NumAckPending, c->NumRedelivered, c->NumWaiting});
      }
      jsConsumerInfoList_Destroy(list);
    } else if (s != NATS_NOT_FOUND) {
      return NatsError(s, "consumers of " + name, code);
    }
    state.streams.push_back(std::move(st));
  }
  auto version = CurrentRulesVersion(conn);
  if (version.ok()) state.rules_version = *version;
  return state;
}

std::string FleetStateJson(const FleetState& state) {
  nlohmann::json streams = nlohmann::json::array();
  for (const StreamState& s : state.streams) {
    nlohmann::json consumers = nlohmann::json::array();
    for (const ConsumerState& c : s.consumers) {
      consumers.push_back({{"name", c.name},
                           {"pending", c.pending},
                           {"ack_pending", c.ack_pending},
                           {"redelivered", c.redelivered},
                           {"waiting", c.waiting}});
    }
    streams.push_back({{"name", s.name},         {"exists", s.exists},         {"messages", s.messages},
                       {"bytes", s.bytes},       {"first_seq", s.first_seq},   {"last_seq", s.last_seq},
                       {"max_bytes", s.max_bytes}, {"max_msgs", s.max_msgs},   {"replicas", s.replicas},
                       {"consumers", consumers}});
  }
  nlohmann::json j = {{"streams", streams}, {"rules_version", state.rules_version}};
  return j.dump(2);
}

std::string FleetStateText(const FleetState& state) {
  std::string out;
  for (const StreamState& s : state.streams) {
    if (!s.exists) {
      out += fmt::format("{}: not created yet\n", s.name);
      continue;
    }
    out += fmt::format("{}: {} messages, {} bytes (limits {} messages, {} bytes; replicas {})\n", s.name, s.messages,
                       s.bytes, s.max_msgs, s.max_bytes, s.replicas);
    for (const ConsumerState& c : s.consumers) {
      out += fmt::format("  consumer {}: {} pending, {} ack pending, {} redelivered, {} waiting pulls\n", c.name,
                         c.pending, c.ack_pending, c.redelivered, c.waiting);
    }
  }
  out += fmt::format("rules: {}\n", state.rules_version.empty() ? "none published" : state.rules_version);
  return out;
}

}  // namespace rampart::fleet
