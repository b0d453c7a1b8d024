// The logsource mapping (docs/formats/logsource-mapping.md). Tables follow
// pySigma's Windows and Sysmon pipelines (service -> Channel, category ->
// Sysmon EventID) so SigmaHQ rules see the events their authors meant.
#include "rampart/detect/logsource.h"

#include <charconv>

namespace rampart::detect {
namespace {

constexpr const char* kSysmon = "Microsoft-Windows-Sysmon/Operational";
constexpr const char* kPowerShell = "Microsoft-Windows-PowerShell/Operational";
constexpr const char* kPowerShellCore = "PowerShellCore/Operational";
constexpr const char* kPowerShellClassic = "Windows PowerShell";

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

}  // namespace

const std::vector<WindowsChannelMapping>& WindowsChannels() {
  static const std::vector<WindowsChannelMapping> kTable = {
      {"security", "Security"},
      {"system", "System"},
      {"application", "Application"},
      {"sysmon", kSysmon},
      {"powershell", kPowerShell},
      {"powershell", kPowerShellCore},
      {"powershell-classic", kPowerShellClassic},
      {"taskscheduler", "Microsoft-Windows-TaskScheduler/Operational"},
      {"wmi", "Microsoft-Windows-WMI-Activity/Operational"},
      {"dns-server", "DNS Server"},
      {"dns-server-analytic", "Microsoft-Windows-DNS-Server/Analytical"},
      {"dns-server-audit", "Microsoft-Windows-DNS-Server/Audit"},
      {"driver-framework", "Microsoft-Windows-DriverFrameworks-UserMode/Operational"},
      {"ntlm", "Microsoft-Windows-NTLM/Operational"},
      {"dhcp", "Microsoft-Windows-DHCP-Server/Operational"},
      {"msexchange-management", "MSExchange Management"},
      {"applocker", "Microsoft-Windows-AppLocker/MSI and Script"},
      {"applocker", "Microsoft-Windows-AppLocker/EXE and DLL"},
      {"applocker", "Microsoft-Windows-AppLocker/Packaged app-Deployment"},
      {"applocker", "Microsoft-Windows-AppLocker/Packaged app-Execution"},
      {"printservice-admin", "Microsoft-Windows-PrintService/Admin"},
      {"printservice-operational", "Microsoft-Windows-PrintService/Operational"},
      {"smbclient-security", "Microsoft-Windows-SmbClient/Security"},
      {"smbclient-connectivity", "Microsoft-Windows-SmbClient/Connectivity"},
      {"smbserver-connectivity", "Microsoft-Windows-SMBServer/Connectivity"},
      {"codeintegrity-operational", "Microsoft-Windows-CodeIntegrity/Operational"},
      {"firewall-as", "Microsoft-Windows-Windows Firewall With Advanced Security/Firewall"},
      {"bits-client", "Microsoft-Windows-Bits-Client/Operational"},
      {"windefend", "Microsoft-Windows-Windows Defender/Operational"},
      {"security-mitigations", "Microsoft-Windows-Security-Mitigations/Kernel Mode"},
      {"security-mitigations", "Microsoft-Windows-Security-Mitigations/User Mode"},
      {"terminalservices-localsessionmanager", "Microsoft-Windows-TerminalServices-LocalSessionManager/Operational"},
      {"dns-client", "Microsoft-Windows-DNS Client Events/Operational"},
      {"appxdeployment-server", "Microsoft-Windows-AppXDeploymentServer/Operational"},
      {"appxpackaging-om", "Microsoft-Windows-AppxPackaging/Operational"},
      {"appmodel-runtime", "Microsoft-Windows-AppModel-Runtime/Admin"},
      {"lsa-server", "Microsoft-Windows-LSA/Operational"},
      {"ldap", "Microsoft-Windows-LDAP-Client/Debug"},
      {"openssh", "OpenSSH/Operational"},
      {"capi2", "Microsoft-Windows-CAPI2/Operational"},
      {"certificateservicesclient-lifecycle-system", "Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational"},
      {"shell-core", "Microsoft-Windows-Shell-Core/Operational"},
      {"diagnosis-scripted", "Microsoft-Windows-Diagnosis-Scripted/Operational"},
      {"microsoft-servicebus-client", "Microsoft-ServiceBus-Client"},
      {"iis-configuration", "Microsoft-IIS-Configuration/Operational"},
      {"vhdmp", "Microsoft-Windows-VHDMP-Operational"},
      {"kernel-shimengine", "Microsoft-Windows-Kernel-ShimEngine/Operational"},
      {"hyper-v-worker", "Microsoft-Windows-Hyper-V-Worker"},
      {"bitlocker", "Microsoft-Windows-BitLocker/BitLocker Management"},
      {"ntfs", "Microsoft-Windows-Ntfs/Operational"},
      {"sense", "Microsoft-Windows-SENSE/Operational"},
  };
  return kTable;
}

const std::vector<CategoryMapping>& WindowsCategories() {
  static const std::vector<CategoryMapping> kTable = {
      {"process_creation", kSysmon, {1}},
      // Without Sysmon: Security 4688, renamed by the readers (ingest's windows_fields.h).
      {"process_creation", "Security", {4688}},
      {"file_change", kSysmon, {2}},
      {"network_connection", kSysmon, {3}},
      {"sysmon_status", kSysmon, {4, 16}},
      {"process_termination", kSysmon, {5}},
      {"driver_load", kSysmon, {6}},
      {"image_load", kSysmon, {7}},
      {"create_remote_thread", kSysmon, {8}},
      {"raw_access_thread", kSysmon, {9}},
      {"process_access", kSysmon, {10}},
      {"file_event", kSysmon, {11}},
      {"registry_add", kSysmon, {12}},
      {"registry_delete", kSysmon, {12}},
      {"registry_set", kSysmon, {13}},
      {"registry_rename", kSysmon, {14}},
      {"registry_event", kSysmon, {12, 13, 14}},
      {"create_stream_hash", kSysmon, {15}},
      {"pipe_created", kSysmon, {17, 18}},
      {"wmi_event", kSysmon, {19, 20, 21}},
      {"dns_query", kSysmon, {22}},
      {"file_delete", kSysmon, {23, 26}},
      {"clipboard_capture", kSysmon, {24}},
      {"process_tampering", kSysmon, {25}},
      {"file_delete_detected", kSysmon, {26}},
      {"file_block_executable", kSysmon, {27}},
      {"file_block_shredding", kSysmon, {28}},
      {"file_executable_detected", kSysmon, {29}},
      {"sysmon_error", kSysmon, {255}},
      {"ps_module", kPowerShell, {4103}},
      {"ps_module", kPowerShellCore, {4103}},
      {"ps_script", kPowerShell, {4104}},
      {"ps_script", kPowerShellCore, {4104}},
      {"ps_classic_start", kPowerShellClassic, {400}},
      {"ps_classic_provider_start", kPowerShellClassic, {600}},
      {"ps_classic_script", kPowerShellClassic, {800}},
  };
  return kTable;
}

EventClass ClassifyEvent(const Event& event) {
  EventClass out;
  std::string_view format = event.Format();
  if (format == "w3c") {
    out.known = true;
    out.categories.push_back("webserver");
    return out;
  }
  std::optional<std::string_view> channel = event.Get("Channel");
  if (!channel) {
    if (format == "evtx") out.known = true, out.product = "windows";
    return out;
  }
  out.known = true;
  out.product = "windows";
  for (const auto& m : WindowsChannels()) {
    if (EqualsIgnoreCase(*channel, m.channel)) {
      out.service = m.service;
      break;
    }
  }
  int event_id = -1;
  if (auto id = event.Get("EventID")) std::from_chars(id->data(), id->data() + id->size(), event_id);
  for (const auto& m : WindowsCategories()) {
    if (!EqualsIgnoreCase(*channel, m.channel)) continue;
    for (int id : m.event_ids) {
      if (id == 0) break;
      if (id == event_id) out.categories.push_back(m.category);
    }
  }
  return out;
}

bool LogSourceApplies(const LogSource& ls, const EventClass& ec) {
  if (!ec.known) return true;
  if (!ls.product.empty() && ls.product != ec.product) return false;
  if (!ls.service.empty() && ls.service != ec.service) return false;
  if (!ls.category.empty()) {
    for (const auto& c : ec.categories) {
      if (c == ls.category) return true;
    }
    return false;
  }
  // A rule with only a product still needs the event to be of that product;
  // a rule with no logsource parts at all sees every event.
  return true;
}

bool LogSourceMapped(const LogSource& ls, std::string* why) {
  auto say = [&](std::string text) {
    if (why) *why = std::move(text);
    return false;
  };
  if (ls.product == "windows" || (ls.product.empty() && ls.category.empty() && !ls.service.empty())) {
    if (!ls.service.empty()) {
      bool found = false;
      for (const auto& m : WindowsChannels()) found = found || ls.service == m.service;
      if (!found) return say("windows service '" + ls.service + "' has no channel mapping");
    }
    if (!ls.category.empty()) {
      bool found = false;
      for (const auto& m : WindowsCategories()) found = found || ls.category == m.category;
      if (!found) return say("windows category '" + ls.category + "' has no event mapping");
    }
    return true;
  }
  if (ls.product.empty() && ls.category == "webserver" && ls.service.empty()) return true;
  return say("logsource " + (ls.product.empty() ? std::string("-") : ls.product) + "/" +
             (ls.category.empty() ? std::string("-") : ls.category) + "/" +
             (ls.service.empty() ? std::string("-") : ls.service) +
             " is not mapped: the rule sees only events of unknown source that carry its fields");
}

}  // namespace rampart::detect
