// hunt --store: writing what the printer made into the knowledge base.
//
// Indicators and SCOs are Put as they are (the same content re-stored is
// unchanged). A sighting or its observed data is rampart's own aggregate of
// one (indicator, log file): hunting the file again with other options
// (--constituent, --since) can change its count, times or
// where_sighted_refs. Then it becomes a new version of the stored object
// (its `created` kept, `modified` after the stored one's); an aggregate
// whose content is what is stored writes nothing.
#pragma once

#include "rampart/stix/object.h"
#include "rampart/store/store.h"

namespace rampart::hunt {

// Puts `object` through `tx`, reading the current version from `kb`.
// Errors as Transaction::Put.
Result<store::PutOutcome> PutHuntObject(store::Store& kb, store::Transaction& tx, const stix::Object& object);

// For hits that arrive in parts (the fleet's alerts, one pull at a time):
// a sighting or observed data already stored is added to rather than
// replaced -- counts summed, first/last times widened, object and
// where-sighted refs united -- then put as PutHuntObject does. Each part
// must be stored once: the caller acknowledges a part only after its
// transaction commits. Other objects: as PutHuntObject.
Result<store::PutOutcome> PutAccumulatedHuntObject(store::Store& kb, store::Transaction& tx,
                                                   const stix::Object& object);

}  // namespace rampart::hunt
