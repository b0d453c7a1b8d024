// The channels, by name. A new channel is a folder under channels/, one line
// in registry.cc and one in CMakeLists.txt. (An explicit table rather than
// static self-registration: the static library's linker would drop
// registrar objects that nothing references.)
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "rampart/respond/channel.h"

namespace rampart::respond::internal {

struct ChannelEntry {
  std::string_view name;
  std::unique_ptr<Channel> (*make)(const ChannelConfig&);
};
const std::vector<ChannelEntry>& Channels();

std::unique_ptr<Channel> MakeWebhookChannel(const ChannelConfig& config);
std::unique_ptr<Channel> MakeEmailChannel(const ChannelConfig& config);
std::unique_ptr<Channel> MakeSyslogChannel(const ChannelConfig& config);
std::unique_ptr<Channel> MakeFileChannel(const ChannelConfig& config);

}  // namespace rampart::respond::internal
