#include "commands/fleet_flags.h"

#include <cstdlib>

namespace rampart::cli {

std::string NatsFlags::Url() const {
  if (!url.empty()) return url;
  if (const char* env = std::getenv("NATS_URL"); env != nullptr && *env != '\0') return env;
  return "nats://127.0.0.1:4222";
}

fleet::StreamLimits NatsFlags::Events() const {
  fleet::StreamLimits limits = fleet::EventStreamDefaults(events_stream);
  limits.replicas = replicas;
  return limits;
}

fleet::StreamLimits NatsFlags::Alerts() const {
  fleet::StreamLimits limits = fleet::AlertStreamDefaults(alerts_stream);
  limits.replicas = replicas;
  return limits;
}

void AddNatsFlag(CLI::App& command, NatsFlags& flags) {
  command.add_option("--nats", flags.url,
                     "NATS server URL, or several comma-separated (a cluster); default $NATS_URL, else "
                     "nats://127.0.0.1:4222");
}

void AddEventStreamFlags(CLI::App& command, NatsFlags& flags) {
  command.add_option("--stream", flags.events_stream, "Events stream name (created if missing)")->capture_default_str();
  command.add_option("--replicas", flags.replicas, "Replicas of streams this command creates (3 on a cluster)")
      ->check(CLI::Range(1, 5))
      ->capture_default_str();
}

void AddAlertStreamFlag(CLI::App& command, NatsFlags& flags) {
  command.add_option("--alerts-stream", flags.alerts_stream, "Alerts stream name (created if missing)")
      ->capture_default_str();
}

}  // namespace rampart::cli
