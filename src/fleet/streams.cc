#include "rampart/fleet/streams.h"

namespace rampart::fleet {

namespace {

// A partition's subjects must not overlap the default stream's.
std::string Prefix(const std::string& role, const std::string& name, const char* default_name) {
  return name == default_name ? "rampart." + role : SubjectFor("rampart.p", name) + "." + role;
}

}  // namespace

StreamLimits EventStreamDefaults(const std::string& name) {
  std::string prefix = Prefix("events", name, "RAMPART_EVENTS");
  return {.name = name, .prefix = prefix, .subjects = prefix + ".>", .max_bytes = int64_t{1} << 30, .max_msgs = 100000,
          .duplicate_window_s = 7200, .replicas = 1};
}

StreamLimits AlertStreamDefaults(const std::string& name) {
  std::string prefix = Prefix("alerts", name, "RAMPART_ALERTS");
  return {.name = name, .prefix = prefix, .subjects = prefix + ".>", .max_bytes = int64_t{256} << 20, .max_msgs = 1000000,
          .duplicate_window_s = 7200, .replicas = 1};
}

std::string SubjectFor(const std::string& prefix, const std::string& source) {
  std::string token = source.empty() ? "default" : source;
  for (char& c : token) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) c = '_';
  }
  return prefix + "." + token;
}

Status EnsureStream(Connection& conn, const StreamLimits& limits) {
  jsStreamInfo* info = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  natsStatus s = js_GetStreamInfo(&info, conn.js(), limits.name.c_str(), nullptr, &code);
  if (s == NATS_OK) {
    jsStreamInfo_Destroy(info);
    return Status();
  }
  if (s != NATS_NOT_FOUND) return NatsError(s, "stream info " + limits.name, code);
  jsStreamConfig cfg;
  jsStreamConfig_Init(&cfg);
  cfg.Name = limits.name.c_str();
  const char* subjects[] = {limits.subjects.c_str()};
  cfg.Subjects = subjects;
  cfg.SubjectsLen = 1;
  cfg.Retention = js_WorkQueuePolicy;
  cfg.Discard = js_DiscardNew;
  cfg.MaxBytes = limits.max_bytes;
  cfg.MaxMsgs = limits.max_msgs;
  cfg.Duplicates = limits.duplicate_window_s * 1000000000LL;
  cfg.Storage = js_FileStorage;
  cfg.Replicas = limits.replicas;
  code = static_cast<jsErrCode>(0);
  s = js_AddStream(&info, conn.js(), &cfg, nullptr, &code);
  if (s != NATS_OK) {
    // Created meanwhile by another shipper: fine.
    if (code == JSStreamNameExistErr) return Status();
    return NatsError(s, "create stream " + limits.name, code);
  }
  jsStreamInfo_Destroy(info);
  return Status();
}

Status EnsureConsumer(Connection& conn, const std::string& stream, const std::string& durable, int64_t ack_wait_s,
                      int64_t max_ack_pending) {
  jsConsumerInfo* info = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  natsStatus s = js_GetConsumerInfo(&info, conn.js(), stream.c_str(), durable.c_str(), nullptr, &code);
  if (s == NATS_OK) {
    jsConsumerInfo_Destroy(info);
    return Status();
  }
  if (s != NATS_NOT_FOUND) return NatsError(s, "consumer info " + stream + "/" + durable, code);
  jsConsumerConfig cfg;
  jsConsumerConfig_Init(&cfg);
  cfg.Durable = durable.c_str();
  cfg.AckPolicy = js_AckExplicit;
  cfg.AckWait = ack_wait_s * 1000000000LL;
  cfg.MaxAckPending = max_ack_pending;
  cfg.DeliverPolicy = js_DeliverAll;
  code = static_cast<jsErrCode>(0);
  s = js_AddConsumer(&info, conn.js(), stream.c_str(), &cfg, nullptr, &code);
  if (s != NATS_OK) return NatsError(s, "create consumer " + stream + "/" + durable, code);
  jsConsumerInfo_Destroy(info);
  return Status();
}

}  // namespace rampart::fleet
