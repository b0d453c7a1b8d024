#include "schema/postgres_schema.h"

namespace rampart::store::internal {
namespace {

// Version 1: the SQLite schema version 2, in PostgreSQL types. `objects`
// holds every version; the index tables hold only current versions and point
// back to their row by `obj`. `objects_current` makes "one current version
// per id" a constraint the server enforces, whatever the client does.
// Index rows carry no FOREIGN KEY to objects: the store writes and removes
// them with their version (by `obj`), and a foreign-key check per COPYed
// row cost more than the insert itself. `json` is compressed with lz4,
// several times faster to write than the default pglz.
// Text columns use the "C" collation: byte order, as SQLite sorts, so both
// backends list objects in the same order whatever the database's locale.
//
// `search`: one row per searchable current version. `doc` is computed by the
// server from the columns (a stored generated column, so COPY fills it);
// `*_folded` hold the text with diacritics removed when that differs from
// the original (NULL otherwise), folded by the client with ICU exactly as
// the query words are. ASCII punctuation becomes space before the parser
// sees the text, so "TEMP.Periscope" is the words temp and periscope (as
// FTS5's unicode61 splits it), not one host-name token. Weights: name A,
// aliases B, description D.
constexpr std::string_view kSchemaV1 = R"sql(
CREATE TABLE schema_version (version integer NOT NULL);
COMMENT ON TABLE schema_version IS 'rampart store';

CREATE TABLE objects (
  pk             bigint  PRIMARY KEY,
  id             text COLLATE "C"    NOT NULL,
  version_key    bigint  NOT NULL,
  modified       text COLLATE "C"    NOT NULL,
  type           text COLLATE "C"    NOT NULL,
  created        text COLLATE "C"    NOT NULL,
  revoked        boolean NOT NULL,
  deprecated     boolean NOT NULL,
  name           text COLLATE "C"    NOT NULL,
  created_by_ref text COLLATE "C"    NOT NULL,
  spec_version   text COLLATE "C"    NOT NULL,
  is_current     boolean NOT NULL,
  json           text COMPRESSION lz4 COLLATE "C" NOT NULL,
  UNIQUE (id, version_key)
);
CREATE SEQUENCE objects_pk_seq OWNED BY objects.pk;
CREATE UNIQUE INDEX objects_current ON objects (id) WHERE is_current;
CREATE INDEX objects_current_type ON objects (type, id) WHERE is_current;

CREATE TABLE names (
  norm text COLLATE "C"   NOT NULL,
  type text COLLATE "C"   NOT NULL,
  id   text COLLATE "C"   NOT NULL,
  obj  bigint NOT NULL,
  PRIMARY KEY (norm, type, id)
);
CREATE INDEX names_obj ON names (obj);

CREATE TABLE external_ids (
  ext_norm    text COLLATE "C"   NOT NULL,
  source_name text COLLATE "C"   NOT NULL,
  external_id text COLLATE "C"   NOT NULL,
  id          text COLLATE "C"   NOT NULL,
  obj         bigint NOT NULL,
  PRIMARY KEY (ext_norm, id, source_name)
);
CREATE INDEX external_ids_obj ON external_ids (obj);

CREATE TABLE markings (
  marking_ref text COLLATE "C"   NOT NULL,
  id          text COLLATE "C"   NOT NULL,
  obj         bigint NOT NULL,
  PRIMARY KEY (marking_ref, id)
);
CREATE INDEX markings_obj ON markings (obj);

CREATE TABLE edges (
  rel_id         text COLLATE "C"    NOT NULL PRIMARY KEY,
  rel_type       text COLLATE "C"    NOT NULL,
  source_ref     text COLLATE "C"    NOT NULL,
  target_ref     text COLLATE "C"    NOT NULL,
  created_by_ref text COLLATE "C"    NOT NULL,
  confidence     integer,
  obj            bigint  NOT NULL
);
CREATE INDEX edges_source ON edges (source_ref, rel_type);
CREATE INDEX edges_target ON edges (target_ref, rel_type);
CREATE INDEX edges_obj ON edges (obj);

CREATE TABLE contents (
  member    text COLLATE "C"   NOT NULL,
  container text COLLATE "C"   NOT NULL,
  obj       bigint NOT NULL,
  PRIMARY KEY (member, container)
);
CREATE INDEX contents_obj ON contents (obj);

CREATE TABLE search (
  obj                bigint NOT NULL PRIMARY KEY,
  id                 text COLLATE "C"   NOT NULL,
  type               text COLLATE "C"   NOT NULL,
  name               text COLLATE "C"   NOT NULL,
  aliases            text COLLATE "C"   NOT NULL,
  description        text COLLATE "C"   NOT NULL,
  name_folded        text,
  aliases_folded     text,
  description_folded text,
  doc tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple'::regconfig, translate(coalesce(name_folded, name), '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~',
                                                         '                                ')), 'A') ||
    setweight(to_tsvector('simple'::regconfig, translate(coalesce(aliases_folded, aliases), '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~',
                                                         '                                ')), 'B') ||
    setweight(to_tsvector('simple'::regconfig, translate(coalesce(description_folded, description), '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~',
                                                         '                                ')), 'D')) STORED
);
CREATE INDEX search_doc ON search USING gin (doc);

INSERT INTO schema_version (version) VALUES (0);
)sql";

// Version 2. `added`: when a version was written, in microseconds since the
// epoch (UTC) by the server's clock, for TAXII's date_added and added_after
// (ListAdded orders by (added, pk)). The server fills it while COPY reads
// the row, so every writer, on any machine, stamps with one clock. Rows
// stored before this version get the time of the migration, as on SQLite.
// `search.doc` again, the same words: ASCII punctuation becomes space by one
// regexp_replace instead of translate(), which on a UTF-8 database cost
// ~0.2 ms per row and was two thirds of an ATT&CK import's COPY into search.
// (PostgreSQL 15 cannot change a generated column's expression: the column
// and its index are made again.)
constexpr std::string_view kSchemaV2 = R"sql(
ALTER TABLE objects ADD COLUMN added bigint NOT NULL
  DEFAULT (floor(extract(epoch FROM clock_timestamp()) * 1000000))::bigint;
CREATE INDEX objects_added ON objects (added, pk);

ALTER TABLE search DROP COLUMN doc;
ALTER TABLE search ADD COLUMN doc tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple'::regconfig, regexp_replace(coalesce(name_folded, name), '[!-/:-@[-`{-~]', ' ', 'g')), 'A') ||
    setweight(to_tsvector('simple'::regconfig, regexp_replace(coalesce(aliases_folded, aliases), '[!-/:-@[-`{-~]', ' ', 'g')), 'B') ||
    setweight(to_tsvector('simple'::regconfig, regexp_replace(coalesce(description_folded, description), '[!-/:-@[-`{-~]', ' ', 'g')), 'D')) STORED;
CREATE INDEX search_doc ON search USING gin (doc);
)sql";

}  // namespace

const std::vector<Migration>& PostgresMigrations() {
  static const std::vector<Migration> migrations = {{1, kSchemaV1}, {2, kSchemaV2}};
  return migrations;
}

}  // namespace rampart::store::internal
