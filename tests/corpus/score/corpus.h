// The evaluation corpus (tests/corpus): public documents about state-sponsored
// intrusion sets, each with its provenance (docs/<id>.meta.yaml) and the
// expectations a reader wrote from its text (expected/<id>.yaml). The schema
// is tests/corpus/README.md.
//
// LoadCorpus() reads every document of a corpus folder. Failure is a value:
// InvalidInput naming the file and the field for a malformed meta or
// expectation file, a document without its meta or expectations, an unknown
// split, relation, role or observable type. Nothing is partially loaded.
//
// Thread-safety: plain data; LoadCorpus is stateless.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "rampart/core/status.h"

namespace rampart::corpus {

struct Meta {
  std::string url, title, publisher, published, retrieved, licence, kept, split, kind;
};

struct ExpectedObservable {
  std::string type;   // ObservableTypeName: "ipv4", "domain", "url", ...
  std::string value;  // refanged and normalised as the extractor writes it
};

// An actor, state organisation or country: the names that denote it (as
// written, then the canonical ATT&CK / galaxy name); any one matching counts.
struct ExpectedName {
  std::vector<std::string> names;
  std::string canonical;  // may be ""
  std::string code;       // country: ISO alpha-2; sector: industry-sector-ov value
  std::string role;       // country: victim | attributing | co-author | sponsor | mentioned
};

struct ExpectedClaim {
  std::vector<std::string> subject;   // acceptable names
  std::string relation;               // attributed-to, sponsored-by, part-of, ...
  std::vector<std::string> object;
  bool positive = true;
  std::vector<std::string> claimant;  // acceptable names; "publication" = the document itself
  std::string estimative;             // as written; "" if none
  std::optional<std::pair<int, int>> confidence;  // inclusive STIX 0-100 range
  bool confidence_none = false;       // "confidence: none": the text has no estimative words
};

struct Expected {
  std::vector<ExpectedObservable> observables;
  std::vector<ExpectedName> actors, organizations, sectors, countries;
  std::vector<ExpectedClaim> claims;
};

struct CorpusDocument {
  std::string id;
  std::string path;  // the document file (.txt, .html or .pdf)
  Meta meta;
  Expected expected;
};

// Every document under `dir` (dir/docs, dir/expected), sorted by id.
Result<std::vector<CorpusDocument>> LoadCorpus(const std::string& dir);

// The relation families claims are compared by (README "Matching"):
// "attribution", "part-of", "located-at", "targets", "uses", "overlaps",
// "charges", "authored-by"; "" for an unknown relation.
std::string RelationFamily(std::string_view relation);

}  // namespace rampart::corpus
