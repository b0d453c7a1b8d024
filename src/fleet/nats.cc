#include "rampart/fleet/nats.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>

namespace rampart::fleet {

Connection::~Connection() {
  jsCtx_Destroy(js_);
  natsConnection_Destroy(nc_);
}

void InitNatsLibrary() {
  static const natsStatus kOpened = nats_Open(-1);
  (void)kOpened;
}

Result<std::unique_ptr<Connection>> Connect(const std::string& url) {
  InitNatsLibrary();
  natsOptions* opts = nullptr;
  natsStatus s = natsOptions_Create(&opts);
  // A comma-separated list names the nodes of a cluster.
  std::vector<std::string> servers;
  for (size_t at = 0; at <= url.size();) {
    size_t comma = url.find(',', at);
    std::string one = url.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
    if (!one.empty()) servers.push_back(one);
    if (comma == std::string::npos) break;
    at = comma + 1;
  }
  std::vector<const char*> names;
  for (const std::string& one : servers) names.push_back(one.c_str());
  if (s == NATS_OK) s = natsOptions_SetServers(opts, names.data(), static_cast<int>(names.size()));
  // Keep trying for a while: a cluster node going away must not end a worker.
  if (s == NATS_OK) s = natsOptions_SetMaxReconnect(opts, kReconnectSeconds * 4);
  if (s == NATS_OK) s = natsOptions_SetReconnectWait(opts, 250);
  if (s == NATS_OK) s = natsOptions_SetRetryOnFailedConnect(opts, false, nullptr, nullptr);
  natsConnection* nc = nullptr;
  if (s == NATS_OK) s = natsConnection_Connect(&nc, opts);
  natsOptions_Destroy(opts);
  if (s != NATS_OK) return WithContext(NatsError(s, "connect"), {.file = url});
  jsCtx* js = nullptr;
  jsOptions jo;
  jsOptions_Init(&jo);
  jo.Wait = 10000;  // ms: a cluster electing a leader answers late
  s = natsConnection_JetStream(&js, nc, &jo);
  if (s != NATS_OK) {
    natsConnection_Destroy(nc);
    return WithContext(NatsError(s, "JetStream context"), {.file = url});
  }
  return std::unique_ptr<Connection>(new Connection(url, nc, js));
}

Status NatsError(natsStatus s, std::string_view what, jsErrCode js_code) {
  std::string text = fmt::format("NATS: {}: {}", what, natsStatus_GetText(s));
  const char* last = nats_GetLastError(nullptr);
  if (last != nullptr && *last != '\0') text += fmt::format(" ({})", last);
  if (js_code != 0) text += fmt::format(" [JetStream error {}]", static_cast<int>(js_code));
  absl::StatusCode code = absl::StatusCode::kInternal;
  if (s == NATS_TIMEOUT || s == NATS_NO_SERVER || s == NATS_CONNECTION_CLOSED || s == NATS_CONNECTION_DISCONNECTED ||
      s == NATS_NO_RESPONDERS || s == NATS_STALE_CONNECTION) {
    code = absl::StatusCode::kUnavailable;
  } else if (s == NATS_NOT_FOUND) {
    code = absl::StatusCode::kNotFound;
  } else if (js_code == JSStreamStoreFailedErr || js_code == JSStorageResourcesExceededErr ||
             js_code == JSStreamLimitsErr || js_code == JSClusterNoPeersErr) {
    // A stream at its limits (discard: new) or a cluster short of peers.
    code = absl::StatusCode::kResourceExhausted;
  }
  return MakeError(code, text);
}

Status PublishRetrying(Connection& conn, natsMsg* msg, bool* duplicate, uint64_t* retries) {
  auto delay = std::chrono::milliseconds(50);
  for (;;) {
    jsPubAck* ack = nullptr;
    jsErrCode code = static_cast<jsErrCode>(0);
    natsStatus s = js_PublishMsg(&ack, conn.js(), msg, nullptr, &code);
    if (s == NATS_OK) {
      if (duplicate != nullptr) *duplicate = ack->Duplicate;
      jsPubAck_Destroy(ack);
      return Status();
    }
    Status st = NatsError(s, std::string("publish to ") + natsMsg_GetSubject(msg), code);
    if (!IsRetryable(st)) return st;
    if (retries != nullptr) ++*retries;
    std::this_thread::sleep_for(delay);
    delay = std::min(delay * 2, std::chrono::milliseconds(2000));
  }
}

bool IsRetryable(const Status& status) {
  return status.code() == absl::StatusCode::kUnavailable || status.code() == absl::StatusCode::kResourceExhausted;
}

}  // namespace rampart::fleet
