// Flags the fleet commands share (ship, worker, fleet, alerts): the NATS
// URL and the stream names and limits, each defined once here.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "rampart/fleet/streams.h"

namespace rampart::cli {

struct NatsFlags {
  std::string url;  // --nats; default $NATS_URL, else nats://127.0.0.1:4222
  std::string events_stream = "RAMPART_EVENTS";
  std::string alerts_stream = "RAMPART_ALERTS";
  int replicas = 1;
  // The URL to connect to (flag, else $NATS_URL, else the local default).
  std::string Url() const;
  fleet::StreamLimits Events() const;
  fleet::StreamLimits Alerts() const;
};

// --nats on `command`.
void AddNatsFlag(CLI::App& command, NatsFlags& flags);
// --stream (events) and --replicas.
void AddEventStreamFlags(CLI::App& command, NatsFlags& flags);
// --alerts-stream.
void AddAlertStreamFlag(CLI::App& command, NatsFlags& flags);

}  // namespace rampart::cli
