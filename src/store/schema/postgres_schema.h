// The PostgreSQL schema as an ordered list of migrations, like the SQLite
// one (sqlite_schema.h): migration N takes a store from schema_version N-1 to
// N, runs in one transaction, and is never edited once released.
// docs/formats/database.md describes the result.
#pragma once

#include <vector>

#include "schema/sqlite_schema.h"  // Migration

namespace rampart::store::internal {

// Every migration, oldest first; the last one's version is the current schema.
const std::vector<Migration>& PostgresMigrations();

// The advisory-lock key space of rampart (pg_advisory_xact_lock's first
// argument); the second is hashtext(current_schema()), so stores in
// different schemas of one database do not wait for each other.
inline constexpr int kPostgresLockSpace = 0x524D5054;  // "RMPT"

}  // namespace rampart::store::internal
