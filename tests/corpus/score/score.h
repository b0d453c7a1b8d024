// Scoring the extractor against the corpus: per document and per field,
// then per split (micro and macro), as a Markdown table and as JSON.
//
// Fields (tests/corpus/README.md "Matching" has the rules):
//   observables, actors, organizations (state organisations), sectors
//   (claimed as targeted), countries (with role), claims (subject, relation
//   family, object, polarity) -- precision / recall / F1;
//   claimant, confidence -- accuracy over the matched claims that have an
//   expectation for it.
//
// Thread-safety: a Scorer is immutable; Score() may run on many threads.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "corpus.h"
#include "rampart/extract/claim.h"

namespace rampart::corpus {

inline const std::vector<std::string> kSetFields = {"observables", "actors", "organizations",
                                                    "sectors",     "countries", "claims"};
inline const std::vector<std::string> kRatioFields = {"claimant", "confidence"};

// Set fields: expected, extracted, and the true positives counted from each
// side (an extracted item matching some expected one; an expected item
// matched by some extracted one). Ratio fields: `expected` is how many were
// judged, `hit_expected` how many were right.
struct Tally {
  int expected = 0, extracted = 0, hit_expected = 0, hit_extracted = 0;
  double Precision() const { return extracted ? double(hit_extracted) / extracted : 1.0; }
  double Recall() const { return expected ? double(hit_expected) / expected : 1.0; }
  double F1() const;
  void Add(const Tally& o);
};

struct DocumentScore {
  std::string id, split;
  std::map<std::string, Tally> fields;
  std::vector<std::string> misses;  // "field: what" expected but not found
  std::vector<std::string> extras;  // "field: what" found but not expected
};

struct FieldSummary {
  Tally micro;               // summed over documents
  double macro_p = 0, macro_r = 0, macro_f1 = 0;  // mean over documents where the field occurs
  int documents = 0;         // documents counted in the macro mean
};

struct SplitSummary {
  std::string split;  // "dev", "test" or "all"
  int documents = 0;
  std::map<std::string, FieldSummary> fields;
};

class Scorer {
 public:
  // Both borrowed; they must outlive the Scorer.
  Scorer(const extract::Gazetteer* gazetteer, const extract::PublicSuffixList* psl)
      : gazetteer_(gazetteer), extractor_(gazetteer, psl) {}

  // Loads and extracts the document, compares it with its expectations.
  // Errors: the document cannot be read or loaded.
  Result<DocumentScore> Score(const CorpusDocument& document) const;

  // The comparison alone (for tests).
  DocumentScore Compare(const CorpusDocument& document, const extract::Extraction& x) const;

 private:
  bool Same(const std::vector<std::string>& names, const extract::Entity& e) const;
  std::string GovernmentCountry(std::string_view name) const;

  const extract::Gazetteer* gazetteer_;
  extract::Extractor extractor_;
};

// Documents of `split` ("all" = every one).
SplitSummary Summarize(const std::vector<DocumentScore>& scores, const std::string& split);

std::string Markdown(const SplitSummary& summary);
nlohmann::json ToJson(const std::vector<SplitSummary>& summaries,
                      const std::vector<DocumentScore>& scores);

// The value a floor is kept for: micro F1 for set fields, accuracy
// (micro recall) for ratio fields.
double FloorValue(const FieldSummary& field, const std::string& name);

// {"split": ..., "documents": N, "fields": {name: FloorValue rounded down
// to 0.001}} -- the form of tests/corpus/floor.json.
nlohmann::json FloorJson(const SplitSummary& summary);

}  // namespace rampart::corpus
