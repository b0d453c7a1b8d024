// Security 4688 as process_creation (windows_fields.h).
#include "readers/windows_fields.h"

#include <string>

namespace rampart::ingest::internal {
namespace {

using detect::FlatEvent;
using detect::Value;

bool Has(const FlatEvent& event, std::string_view name) {
  for (const auto& f : event.fields()) {
    if (f.name == name || f.path == name) return true;
  }
  return false;
}

void Alias(FlatEvent& event, std::string_view name, std::string_view value) {
  if (!Has(event, name)) event.Add(name, name, Value{value, detect::ValueKind::kString}, /*alias=*/true);
}

std::string_view IntegrityLevel(std::string_view label) {
  if (label == "S-1-16-0") return "Untrusted";
  if (label == "S-1-16-4096") return "Low";
  if (label == "S-1-16-8192") return "Medium";
  if (label == "S-1-16-8448") return "MediumPlus";
  if (label == "S-1-16-12288") return "High";
  if (label == "S-1-16-16384") return "System";
  return {};
}

bool Account(std::string_view user) { return !user.empty() && user != "-"; }

}  // namespace

void AddDespacedNames(FlatEvent& event, detect::StringArena& arena) {
  // Index loop: Alias() appends to the vector being walked.
  const size_t n = event.fields().size();
  for (size_t i = 0; i < n; ++i) {
    const detect::FlatField f = event.fields()[i];
    if (f.alias || f.name.find(' ') == std::string_view::npos) continue;
    std::string name;
    for (char c : f.name)
      if (c != ' ') name.push_back(c);
    if (name.empty() || Has(event, name)) continue;
    std::string_view copy = arena.Copy(name);
    event.Add(copy, copy, f.value, /*alias=*/true);
  }
}

void AddWindowsAliases(FlatEvent& event, detect::StringArena& arena) {
  auto channel = event.Get("Channel");
  if (!channel) return;
  AddDespacedNames(event, arena);
  AddProcessCreationAliases(event, arena, *channel);
}

void AddProcessCreationAliases(FlatEvent& event, detect::StringArena& arena, std::string_view channel) {
  if (!detect::EqualsIgnoreCase(channel, "Security")) return;
  if (event.Get("EventID") != std::optional<std::string_view>("4688")) return;
  // Read every source first: Add() may reallocate the field vector.
  auto image = event.Get("NewProcessName");
  auto parent = event.Get("ParentProcessName");
  auto logon = event.Get("SubjectLogonId");
  auto label = event.Get("MandatoryLabel");
  auto target_user = event.Get("TargetUserName");
  auto target_domain = event.Get("TargetDomainName");
  auto subject_user = event.Get("SubjectUserName");
  auto subject_domain = event.Get("SubjectDomainName");
  if (image) Alias(event, "Image", *image);
  if (parent) Alias(event, "ParentImage", *parent);
  if (logon) Alias(event, "LogonId", *logon);
  if (label) {
    if (std::string_view level = IntegrityLevel(*label); !level.empty()) Alias(event, "IntegrityLevel", level);
  }
  bool as_target = target_user && Account(*target_user);
  auto user = as_target ? target_user : subject_user;
  auto domain = as_target ? target_domain : subject_domain;
  if (user && Account(*user)) {
    std::string text = domain && Account(*domain) ? std::string(*domain) + "\\" + std::string(*user) : std::string(*user);
    Alias(event, "User", arena.Copy(text));
  }
}

}  // namespace rampart::ingest::internal
