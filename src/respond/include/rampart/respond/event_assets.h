// What a log event says about the machines involved: server and client
// addresses, host names and domains, read from the fields the common log
// formats use. Feeds Observation (incident.h).
//
//   server addresses  s-ip, DestinationIp, DestAddress, dst_ip, id.resp_h,
//                     destination.ip
//   client addresses  c-ip, SourceIp, SourceAddress, IpAddress, ClientIP, src_ip,
//                     id.orig_h, source.ip
//   host names        Computer, ComputerName, Hostname, host.name, s-computername,
//                     hostname (syslog)
//   domains           cs-host (the HTTP Host header), host (Zeek http), and the
//                     domain part of a host name that has one
//
// Values that are "-" or empty are skipped; addresses are kept only if they
// parse (address.h). Thread-safety: reads `event` only.
#pragma once

#include <string>
#include <vector>

#include "rampart/detect/event.h"

namespace rampart::respond {

struct EventAssets {
  std::vector<std::string> server_addresses;
  std::vector<std::string> client_addresses;
  std::vector<std::string> hosts;
  std::vector<std::string> domains;
};

// Copies the values (the event's views die with its batch).
EventAssets ReadEventAssets(const detect::Event& event);

}  // namespace rampart::respond
