#include "rampart/respond/event_assets.h"

#include <algorithm>
#include <span>

#include "rampart/respond/address.h"

namespace rampart::respond {
namespace {

constexpr std::string_view kServerAddressFields[] = {"s-ip",   "DestinationIp", "DestAddress",
                                                     "dst_ip", "id.resp_h",     "destination.ip"};
constexpr std::string_view kClientAddressFields[] = {"c-ip",   "SourceIp",  "SourceAddress", "IpAddress",
                                                     "ClientIP", "src_ip", "id.orig_h",     "source.ip"};
constexpr std::string_view kHostFields[] = {"Computer", "ComputerName", "Hostname",
                                            "host.name", "s-computername", "hostname"};
constexpr std::string_view kDomainFields[] = {"cs-host", "host"};

void AddUnique(std::vector<std::string>& out, std::string_view value) {
  if (std::find(out.begin(), out.end(), value) == out.end()) out.emplace_back(value);
}

bool Skip(std::string_view value) { return value.empty() || value == "-"; }

}  // namespace

EventAssets ReadEventAssets(const detect::Event& event) {
  EventAssets assets;
  auto addresses = [&](std::span<const std::string_view> fields, std::vector<std::string>& out) {
    for (std::string_view field : fields) {
      auto value = event.Get(field);
      if (value && !Skip(*value) && ParseAddress(*value)) AddUnique(out, *value);
    }
  };
  addresses(kServerAddressFields, assets.server_addresses);
  addresses(kClientAddressFields, assets.client_addresses);
  for (std::string_view field : kHostFields) {
    auto value = event.Get(field);
    if (!value || Skip(*value) || ParseAddress(*value)) continue;
    AddUnique(assets.hosts, *value);
    if (size_t dot = value->find('.'); dot != std::string_view::npos) AddUnique(assets.domains, value->substr(dot + 1));
  }
  for (std::string_view field : kDomainFields) {
    auto value = event.Get(field);
    if (!value || Skip(*value)) continue;
    std::string_view host = value->substr(0, value->find(':'));  // "mail.example.gov:443"
    if (!ParseAddress(host)) AddUnique(assets.domains, host);
  }
  return assets;
}

}  // namespace rampart::respond
