// Shared by the respond command groups (constituent, incident, stats).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "rampart/respond/constituent.h"
#include "rampart/store/store.h"

namespace rampart::cli {

// Opens the store named by --db / $RAMPART_DB.
Result<std::unique_ptr<store::Store>> OpenRespondStore(const Context& context);

// The constituent as JSON (its STIX identity's properties, secrets masked).
nlohmann::json ConstituentJson(const respond::Constituent& c);
// The human view of `rampart constituent show`.
std::string ConstituentText(const respond::Constituent& c);
// "a, b, c" (or "-" when empty).
std::string JoinOrDash(const std::vector<std::string>& values);

}  // namespace rampart::cli
