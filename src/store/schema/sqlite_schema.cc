#include "schema/sqlite_schema.h"

namespace rampart::store::internal {
namespace {

// Version 1. `objects` holds every version; the other tables index only the
// current version of each id (rewritten when a newer version arrives).
// Lookups join back to objects by `obj` (objects.pk) so they never scan.
constexpr std::string_view kSchemaV1 = R"sql(
CREATE TABLE schema_version (version INTEGER NOT NULL);

CREATE TABLE objects (
  pk             INTEGER PRIMARY KEY,
  id             TEXT    NOT NULL,
  version_key    INTEGER NOT NULL,
  modified       TEXT    NOT NULL,
  type           TEXT    NOT NULL,
  created        TEXT    NOT NULL,
  revoked        INTEGER NOT NULL,
  deprecated     INTEGER NOT NULL,
  name           TEXT    NOT NULL,
  created_by_ref TEXT    NOT NULL,
  spec_version   TEXT    NOT NULL,
  is_current     INTEGER NOT NULL,
  json           TEXT    NOT NULL,
  UNIQUE (id, version_key)
);
CREATE INDEX objects_current_type ON objects (type, id) WHERE is_current = 1;

CREATE TABLE names (
  norm TEXT    NOT NULL,
  type TEXT    NOT NULL,
  id   TEXT    NOT NULL,
  obj  INTEGER NOT NULL REFERENCES objects (pk),
  PRIMARY KEY (norm, type, id)
) WITHOUT ROWID;
CREATE INDEX names_obj ON names (obj);

CREATE TABLE external_ids (
  ext_norm    TEXT    NOT NULL,
  source_name TEXT    NOT NULL,
  external_id TEXT    NOT NULL,
  id          TEXT    NOT NULL,
  obj         INTEGER NOT NULL REFERENCES objects (pk),
  PRIMARY KEY (ext_norm, id, source_name)
) WITHOUT ROWID;
CREATE INDEX external_ids_obj ON external_ids (obj);

CREATE TABLE markings (
  marking_ref TEXT    NOT NULL,
  id          TEXT    NOT NULL,
  obj         INTEGER NOT NULL REFERENCES objects (pk),
  PRIMARY KEY (marking_ref, id)
) WITHOUT ROWID;
CREATE INDEX markings_obj ON markings (obj);

CREATE TABLE edges (
  rel_id         TEXT    NOT NULL PRIMARY KEY,
  rel_type       TEXT    NOT NULL,
  source_ref     TEXT    NOT NULL,
  target_ref     TEXT    NOT NULL,
  created_by_ref TEXT    NOT NULL,
  confidence     INTEGER,
  obj            INTEGER NOT NULL REFERENCES objects (pk)
) WITHOUT ROWID;
CREATE INDEX edges_source ON edges (source_ref, rel_type);
CREATE INDEX edges_target ON edges (target_ref, rel_type);

CREATE VIRTUAL TABLE search USING fts5 (
  id UNINDEXED, type UNINDEXED, name, aliases, description,
  tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO schema_version (version) VALUES (0);
)sql";

// Version 2. `contents`: which current container (report, grouping, note,
// opinion, observed-data) names which object in its object_refs, so "which
// report says this?" is one indexed lookup. Filled from the stored
// containers when an older store is opened.
constexpr std::string_view kSchemaV2 = R"sql(
CREATE TABLE contents (
  member    TEXT    NOT NULL,
  container TEXT    NOT NULL,
  obj       INTEGER NOT NULL REFERENCES objects (pk),
  PRIMARY KEY (member, container)
) WITHOUT ROWID;
CREATE INDEX contents_obj ON contents (obj);

INSERT OR IGNORE INTO contents (member, container, obj)
  SELECT r.value, o.id, o.pk FROM objects o, json_each(o.json, '$.object_refs') r
  WHERE o.is_current = 1 AND o.revoked = 0 AND r.type = 'text' AND r.value <> ''
    AND o.type IN ('report', 'grouping', 'note', 'opinion', 'observed-data');
)sql";

// Version 3. `added`: when a version was stored (microseconds since the
// epoch, UTC), for TAXII's date_added and added_after. Rows stored before
// this version get the time of the upgrade.
constexpr std::string_view kSchemaV3 = R"sql(
ALTER TABLE objects ADD COLUMN added INTEGER NOT NULL DEFAULT 0;
UPDATE objects SET added = CAST((julianday('now') - 2440587.5) * 86400000000.0 AS INTEGER);
CREATE INDEX objects_added ON objects (added, pk);
)sql";

}  // namespace

const std::vector<Migration>& SqliteMigrations() {
  static const std::vector<Migration> migrations = {{1, kSchemaV1}, {2, kSchemaV2}, {3, kSchemaV3}};
  return migrations;
}

}  // namespace rampart::store::internal
