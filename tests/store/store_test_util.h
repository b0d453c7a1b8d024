// Small hand-written STIX 2.1 objects for the store tests, and a fresh
// in-memory store per test.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "rampart/stix/object.h"
#include "rampart/store/store.h"

namespace rampart::store::testing {

inline constexpr const char* kTlpClear = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487";
inline constexpr const char* kTlpGreen = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";
inline constexpr const char* kTlpAmber = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421";
inline constexpr const char* kTlpRed = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1";

// "<type>--00000000-0000-4000-8000-<n as 12 digits>": a valid, readable id.
std::string Id(const std::string& type, int n);

// A STIX 2.1 SDO of `type` with the common properties filled in; `extra`
// is merged over them (set "modified", "aliases", "revoked" ... there).
nlohmann::json Sdo(const std::string& type, int n, const std::string& name, nlohmann::json extra = {});
// intrusion-set, malware (is_family true), attack-pattern, identity.
nlohmann::json IntrusionSet(int n, const std::string& name, nlohmann::json extra = {});
nlohmann::json Malware(int n, const std::string& name, nlohmann::json extra = {});
nlohmann::json AttackPattern(int n, const std::string& name, nlohmann::json extra = {});
nlohmann::json Relationship(int n, const std::string& type, const std::string& source, const std::string& target,
                            nlohmann::json extra = {});

// Parses `value` into an Object (fails the test on error).
stix::Object Obj(const nlohmann::json& value);

// A fresh private in-memory store.
std::unique_ptr<Store> MemoryStore();

// Puts every object in one transaction and commits; fails the test on error.
void PutAll(Store& store, const std::vector<nlohmann::json>& objects);

// The ids of `objects`, in order.
std::vector<std::string> Ids(const std::vector<stix::Object>& objects);

// The number of current objects (sum of CountByType).
int64_t CountAll(Store& store);

}  // namespace rampart::store::testing
