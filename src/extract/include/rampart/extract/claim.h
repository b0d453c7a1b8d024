// Claims: who says who did what to whom, when, and how sure -- read sentence
// by sentence from a document, plus the statistics it quotes.
//
// Extractor::Run() is the whole text pipeline after LoadDocument: sentences
// (ICU), observables, entity mentions (the Gazetteer, plus clearly named
// groups the knowledge base lacks, such as "UNC2452" or "Storm-0558"),
// incidents named in the text ("the hack of Microsoft email software" ->
// the campaign "Microsoft Exchange Server compromise"), claims and statistics.
//
// A claim is one future STIX relationship:
//   attribution  "attributed the attack to X", "blamed X for", "was carried
//                out by X", "consists of elements of X", "X were behind the
//                attack", "ties to X"  -> attributed-to / originates-from /
//                located-at, by the types the STIX 2.1 table allows
//   targeting    "targeted ... defence, biopharmaceutical ... sectors",
//                "steal information from" -> targets (identity, location,
//                vulnerability)
//   compromise   "hack of <product>", "infiltrated 400,000 servers",
//                "exploited CVE-..." -> targets (vulnerability) or
//                x-rampart-compromises (software)
//   uses         "used China Chopper", "T1190" -> uses (malware, tool,
//                attack-pattern)
//   charge       "charged four Chinese nationals affiliated with the MSS"
//                -> a campaign attributed to the charged individuals and to
//                the organisation they are affiliated with
// A claim's parties come from the clause that holds its verb (the object
// stops at "; but, while, which, said, according to"), and a verb negated
// or denied in its clause ("has not been attributed to", "no evidence
// that ... carried out", "we cannot attribute") makes a negated claim for
// attribution and overlap ("x-rampart-not-attributed-to"), and none for
// targeting, compromise or use.
// Each carries its claimant (the speaker: "GAC said", "the company said" ->
// the last company named; the agent of a passive report, "was attributed
// to X by Microsoft"; else the publication), the sentence with its
// character offsets, the years it names ("in 2017 and 2018", "between 2011
// and 2018") and a confidence from its estimative words (see Estimate()).
//
// Deterministic: the same text and gazetteer give the same result.
// Thread-safety: Run() is const and may be called from many threads.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rampart/extract/document.h"
#include "rampart/extract/entity.h"
#include "rampart/extract/observable.h"
#include "rampart/extract/sentence.h"

namespace rampart::extract {

inline constexpr size_t kPublication = static_cast<size_t>(-1);

// One entity of a document (deduplicated by stix_id).
struct Entity {
  EntityKind kind;
  std::string stix_id;
  std::string name;
  std::string code;        // as GazetteerEntry::code
  uint32_t flags = 0;      // GazetteerEntry flags; kFromStore if it exists already
  bool extracted = false;  // rampart creates it from this text (x_rampart_extracted)
  std::string description; // for extracted objects: why it exists
  std::optional<int> first_year, last_year;  // campaigns found with time bounds
  std::vector<std::string> aliases;          // surface forms seen in the text
  std::vector<std::string> names;            // those that name it (not "the attack",
                                             // "hack of X"): stored as STIX aliases
};

struct EntityMention {
  size_t begin = 0, end = 0;  // bytes in Document::text
  size_t entity = 0;          // index into Extraction::entities
  size_t sentence = 0;
};

// kStructure: what the text's own naming says about state organs ("the
// Hainan State Security Department, a provincial arm of the MSS" ->
// x-rampart-part-of; "China's MSS" -> located-at); made by the publication.
// A statement that a group is part of an organ ("APT28 is part of / a unit
// of the GRU") is a kStructure claim of its speaker.
// kRelated: groups the text says overlap ("APT41 overlaps with BARIUM", "is
// related to", "shares infrastructure with") -> related-to.
enum class ClaimKind { kAttribution, kTargeting, kCompromise, kCharge, kUses, kStructure, kRelated };
std::string_view ClaimKindName(ClaimKind kind);  // "attribution", ..., "structure", "related"

struct Claim {
  ClaimKind kind;
  std::string relationship_type;  // "attributed-to", "targets", ...
  size_t source = 0;              // index into Extraction::entities
  size_t target = 0;
  size_t claimant = kPublication; // index into entities, or kPublication
  size_t sentence = 0;
  std::string quote;              // the sentence as written
  size_t quote_begin = 0;         // character (code point) offsets in Document::text
  size_t quote_end = 0;
  std::optional<int> confidence;  // 0-100
  std::string estimative;         // the words the confidence came from ("almost certainly")
  std::optional<int> start_year, stop_year;  // inclusive years
  // A denial ("has not been attributed to X", "no evidence that X was
  // behind it"): relationship_type is then "x-rampart-not-<type>", so no
  // consumer reads it as the positive relationship.
  bool negated = false;
};

// A number the text quotes ("2,206 times", "84 incidents").
struct Statistic {
  std::string number;   // as written: "2,206", "nine"
  double value = 0;
  std::string what;     // "times", "foreign intelligence reports"
  size_t sentence = 0;
  std::string quote;
  size_t quote_begin = 0, quote_end = 0;  // character offsets
};

struct Extraction {
  std::vector<Sentence> sentences;
  std::vector<Observable> observables;
  std::vector<Entity> entities;
  std::vector<EntityMention> mentions;
  std::vector<Claim> claims;
  std::vector<Statistic> statistics;
};

// Confidence from estimative language (docs/design/extract.md has the table):
// probability words on the STIX WEP scale ("almost certainly" 90, "likely"
// 70, "even chance" 50, "unlikely" 30, "almost certainly not" 10), analytic
// confidence on the None/Low/Med/High scale ("high confidence"/"confident"
// 85, "moderate confidence" 50, "low confidence" 15), a bare "assess" 50.
// nullopt when the sentence has none. `words` receives the phrase.
std::optional<int> Estimate(std::string_view sentence, std::string* words);

// Inclusive year range a sentence names, if any.
bool FindYears(std::string_view sentence, std::optional<int>* start, std::optional<int>* stop);

namespace internal {
// For tests, on the calling thread: while set, Extractor::Run ignores its
// phrase index and every stage searches its sentences itself -- the
// reference the indexed lookups must equal, field for field.
void SetPhraseIndexDisabledForTesting(bool disabled);
// [begin, end) byte ranges of the quotations in a sentence ('"' pairs, curly
// quotes, one left open to the sentence's end).
std::vector<std::pair<size_t, size_t>> QuoteRegions(std::string_view sentence);
}  // namespace internal

class Extractor {
 public:
  // Both borrowed; they must outlive the Extractor.
  Extractor(const Gazetteer* gazetteer, const PublicSuffixList* psl)
      : gazetteer_(gazetteer), observables_(psl) {}

  Extraction Run(const Document& document) const;

 private:
  const Gazetteer* gazetteer_;
  ObservableExtractor observables_;
};

}  // namespace rampart::extract
