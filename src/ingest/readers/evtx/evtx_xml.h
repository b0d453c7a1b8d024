// Internal: the fields of one EVTX record from the XML libevtx renders.
//
// libevtx (20181227) gives the System values it knows directly but not the
// EventData names, so the record's XML is scanned once, in order, with a
// small purpose-built scanner (no DOM):
//   <System><X>v</X>         -> X                      (path Event.System.X)
//   <System><X a="v"/>       -> a, alias X_a           (Provider_Name, Execution ProcessID ...)
//   TimeCreated SystemTime   -> also TimeCreated;  Security UserID -> also SecurityUserID
//   <EventData><Data Name="N">v</Data> -> N           (path Event.EventData.N)
//   <EventData><Data>v</Data>          -> Data (one value per element)
//   any other leaf <L>v</L>            -> L           (path Event.UserData.E.L ...)
// Entities (&lt; &amp; &#x..; ...) are decoded into the arena; other values
// are views into `xml`.
#pragma once

#include <string_view>

#include "rampart/core/status.h"
#include "rampart/detect/flat_event.h"
#include "rampart/detect/string_arena.h"

namespace rampart::ingest::internal {

// Appends the fields of record XML `xml` to `event`. InvalidInput (with the
// byte offset) if the XML is malformed or nests elements deeper than 256;
// the fields added so far stay.
Status AppendEvtxXmlFields(std::string_view xml, detect::StringArena& arena, detect::FlatEvent& event);

}  // namespace rampart::ingest::internal
