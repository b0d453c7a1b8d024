// Internal: Sigma's names for Windows events that log under other names.
//
// Security 4688 ("A new process has been created") is Sigma's
// process_creation when Sysmon is absent (the logsource mapping classes it
// so). Its fields are renamed the way Sigma's windows-audit pipeline does,
// as aliases on the event (FlatField::alias: lookups see them, output and
// keyword searches do not, so nothing is listed twice):
//   Image            <- NewProcessName
//   ParentImage      <- ParentProcessName     (4688 version 2 and later)
//   LogonId          <- SubjectLogonId
//   User             <- TargetDomainName\TargetUserName when the new process
//                       runs as another account, else SubjectDomainName\SubjectUserName
//   IntegrityLevel   <- MandatoryLabel (S-1-16-4096 Low, -8192 Medium,
//                       -12288 High, -16384 System)
// CommandLine, SubjectUserName, TargetUserName ... keep their own names.
//
// Every Windows event (one with a Channel): a field whose name holds spaces
// (Windows Defender's "Threat Name", "Source Name", "Process Name") also
// answers to the name with the spaces removed ("ThreatName"), the names
// SigmaHQ's rules use (as Hayabusa reads them).
//
// A name the event already has is never shadowed.
#pragma once

#include "rampart/detect/flat_event.h"
#include "rampart/detect/string_arena.h"

namespace rampart::ingest::internal {

// Adds the aliases above: the despaced names to any event with a Channel,
// the process_creation names when it is Channel Security, EventID 4688. Composed values (User) are copied into `arena`,
// which must live as long as the event's other field texts.
void AddWindowsAliases(detect::FlatEvent& event, detect::StringArena& arena);

// The despaced names alone (AddWindowsAliases calls it), for readers that
// know the event is a Windows one.
void AddDespacedNames(detect::FlatEvent& event, detect::StringArena& arena);
// The process_creation names alone, for a reader that knows the channel.
void AddProcessCreationAliases(detect::FlatEvent& event, detect::StringArena& arena, std::string_view channel);

}  // namespace rampart::ingest::internal
