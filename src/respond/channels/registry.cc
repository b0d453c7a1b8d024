#include "channels/registry.h"

namespace rampart::respond::internal {

const std::vector<ChannelEntry>& Channels() {
  static const std::vector<ChannelEntry> kChannels = {
      {"email", &MakeEmailChannel},
      {"file", &MakeFileChannel},
      {"syslog", &MakeSyslogChannel},
      {"webhook", &MakeWebhookChannel},
  };
  return kChannels;
}

}  // namespace rampart::respond::internal
