// The content rules of a merge (merger.h): which contribution is the base,
// and the order-independent unions of names, references and provenance.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace rampart::intel::internal {

// The ATT&CK identity (created_by_ref of every ATT&CK object).
inline constexpr std::string_view kAttackIdentityId =
    "identity--c78cb6e5-0c4b-4611-8297-d1b8b55e40b5";

// Precedence of a contribution: 0 ATT&CK, 1 other STIX producers, 2 no
// creator, 3 MISP galaxy. Lower wins the base.
int Precedence(const nlohmann::json& object);

// Merges `incoming` into `existing` under `canonical_id` (see merger.h).
nlohmann::json MergeJson(const nlohmann::json& existing, const nlohmann::json& incoming,
                         std::string_view canonical_id);

// True if the two differ at most in `modified`.
bool EqualExceptModified(const nlohmann::json& a, const nlohmann::json& b);

}  // namespace rampart::intel::internal
