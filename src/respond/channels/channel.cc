// Channel's shared checks, the registry of channels by name, and the
// webhook signature.
#include "rampart/respond/channel.h"

#include <sodium.h>

#include <algorithm>

#include <fmt/format.h>

#include "channels/registry.h"

namespace rampart::respond {

Status Channel::Send(const Delivery& delivery) {
  if (delivery.target.empty()) {
    return absl::InvalidArgumentError(fmt::format("delivery {}: no {} target", delivery.id, name()));
  }
  return DoSend(delivery);
}

std::vector<Status> Channel::SendMany(const std::vector<const Delivery*>& deliveries, int parallel) {
  std::vector<Status> out(deliveries.size());
  std::vector<const Delivery*> checked;
  std::vector<size_t> where;
  for (size_t i = 0; i < deliveries.size(); ++i) {
    if (deliveries[i]->target.empty()) {
      out[i] = absl::InvalidArgumentError(fmt::format("delivery {}: no {} target", deliveries[i]->id, name()));
    } else {
      checked.push_back(deliveries[i]);
      where.push_back(i);
    }
  }
  std::vector<Status> sent = DoSendMany(checked, std::max(parallel, 1));
  for (size_t i = 0; i < sent.size() && i < where.size(); ++i) out[where[i]] = std::move(sent[i]);
  return out;
}

std::vector<Status> Channel::DoSendMany(const std::vector<const Delivery*>& deliveries, int) {
  std::vector<Status> out;
  out.reserve(deliveries.size());
  for (const Delivery* d : deliveries) out.push_back(DoSend(*d));
  return out;
}

bool IsPermanent(const Status& status) {
  return absl::IsInvalidArgument(status) || absl::IsFailedPrecondition(status);
}

Result<std::unique_ptr<Channel>> MakeChannel(std::string_view name, const ChannelConfig& config) {
  for (const internal::ChannelEntry& entry : internal::Channels()) {
    if (entry.name == name) return entry.make(config);
  }
  return absl::InvalidArgumentError(fmt::format("unknown channel '{}' (known: {})", name,
                                                fmt::join(ChannelNames(), ", ")));
}

std::vector<std::string> ChannelNames() {
  std::vector<std::string> names;
  for (const internal::ChannelEntry& entry : internal::Channels()) names.emplace_back(entry.name);
  std::sort(names.begin(), names.end());
  return names;
}

std::string SignatureHeaderValue(std::string_view secret, std::string_view body) {
  if (sodium_init() < 0) return {};
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()), body.size());
  crypto_auth_hmacsha256_final(&state, mac);
  char hex[2 * sizeof mac + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return std::string("sha256=") + hex;
}

}  // namespace rampart::respond
