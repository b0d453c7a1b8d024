// The stages of Extractor::Run and the per-document state they share
// (internal).
#pragma once

#include <array>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "claims/phrases.h"
#include "rampart/extract/claim.h"

namespace rampart::extract::internal {

// "The U.S. charged four Chinese nationals affiliated with the MSS with a
// campaign ...": found in stage 2 (so "the hackers" can refer to them),
// turned into claims in stage 3.
struct ChargeRecord {
  size_t sentence = 0;
  size_t trigger = 0;   // byte offset of the verb in the text
  size_t actor = 0;     // the charged individuals (threat actor)
  size_t campaign = 0;  // what they are charged with
  std::optional<size_t> affiliated;  // "affiliated with the MSS"
  std::optional<size_t> country;     // "Chinese nationals"
};

// Everything the stages know about one document while it is read.
struct DocState {
  const Document* doc = nullptr;
  const Gazetteer* gazetteer = nullptr;
  Extraction* out = nullptr;
  absl::flat_hash_map<std::string, size_t> entity_by_id;
  // Per sentence: indexes into out->mentions, in text order.
  std::vector<std::vector<size_t>> sentence_mentions;
  // Product an extracted incident is about (entity index -> product entity).
  absl::flat_hash_map<size_t, size_t> event_product;
  // Incident name -> entity index ("Microsoft Exchange Server compromise").
  absl::flat_hash_map<std::string, size_t> incident_by_name;
  std::vector<ChargeRecord> charges;
  std::vector<size_t> charge_claimants;  // claimant of each charge, once stage 3 knows it
  // Entities named as victims of a targeting or compromise verb (stage 3).
  absl::flat_hash_set<size_t> victims;
  // Code point offset of each sentence's start (quotes carry character offsets).
  std::vector<size_t> sentence_chars;
  // Where the stages' trigger phrases occur (one scan of the text).
  PhraseHits phrase_hits;
  bool phrases_scanned = false;
  // Per sentence, one bit per phrase id: the phrase starts in the sentence.
  // Most lookups are of phrases a sentence lacks; the bit answers them.
  std::vector<uint64_t> phrase_present;
  size_t phrase_words = 0;  // uint64_t per sentence
  void IndexPhrasesBySentence();

  std::string_view Text() const { return doc->text; }
  std::string_view SentenceText(size_t s) const { return out->sentences[s].Of(doc->text); }
  // The text with ASCII letters lower-cased (one copy shared by the stages;
  // a per-thread buffer of Extractor::Run, valid while the state lives).
  std::string_view lower_text;
  std::string_view SentenceLower(size_t s) const { return out->sentences[s].Of(lower_text); }

  // Adds (or finds) an entity; returns its index.
  size_t AddEntity(const GazetteerEntry& entry);
  size_t AddEntity(Entity entity);
  // Records a mention and keeps sentence_mentions ordered. `names_it`: the
  // surface form is a name of the entity (a gazetteer or group-name match),
  // not a reference ("the attack") or a description ("hack of X").
  void AddMention(size_t begin, size_t end, size_t entity, size_t sentence, bool names_it = true);
  // `phrase` (lower-case) as whole words in sentence `s` at or after `from`
  // (bytes from the sentence start): its offset from the sentence start, or
  // npos. Same result as FindWords over the lower-cased sentence; answered
  // from phrase_hits when the phrase is in the index.
  size_t Find(size_t s, std::string_view phrase, size_t from = 0) const;
  // Find() with the phrase's id known (PhraseIds below): no id lookup, and a
  // phrase the sentence lacks costs one bit test.
  size_t FindId(size_t s, int id, std::string_view phrase, size_t from = 0) const;
  const Entity& E(size_t i) const { return out->entities[i]; }
  const EntityMention& M(size_t i) const { return out->mentions[i]; }
};

// Stage 1: gazetteer mentions, named groups the knowledge base lacks,
// vulnerabilities and techniques from the observables.
void RecognizeEntities(DocState* state);
// Stage 2: incidents ("hack of Microsoft email software") and anaphora ("the
// attack", "the group", "the company") as mentions of earlier entities.
void RecognizeIncidentsAndReferences(DocState* state);
// Stage 3: claims sentence by sentence.
void ExtractClaims(DocState* state);
// Stage 4: quoted numbers.
void ExtractStatistics(DocState* state);
// Last: sectors neither a claim nor a victim list names are dropped with
// their mentions (a sector word is no claim that the sector was targeted);
// indexes renumbered.
void DropUnclaimedSectors(DocState* state);

// The phrase ids of a stage's table, looked up once (static const in the
// stage): the stages test ~250 phrases per sentence.
template <typename T, size_t N, typename Phrase>
std::array<int, N> PhraseIds(const T (&table)[N], Phrase phrase) {
  std::array<int, N> ids{};
  for (size_t i = 0; i < N; ++i) ids[i] = PhraseIndex::Get().Id(phrase(table[i]));
  return ids;
}
template <size_t N>
std::array<int, N> PhraseIds(const std::string_view (&table)[N]) {
  return PhraseIds(table, [](std::string_view p) { return p; });
}

// The phrase-id bits of a table's ids (PhraseIds); ids of -1 (a phrase the
// index lacks) make the mask match everything, so nothing is skipped.
template <size_t N>
std::vector<uint64_t> PhraseMask(const std::array<int, N>& ids) {
  std::vector<uint64_t> mask((PhraseIndex::Get().size() + 63) / 64, 0);
  for (int id : ids) {
    if (id < 0) return std::vector<uint64_t>(mask.size(), ~uint64_t{0});
    mask[static_cast<size_t>(id) / 64] |= uint64_t{1} << (id % 64);
  }
  return mask;
}

// The indices of the set bits of `bits`, lowest first:
// `for (size_t i : SetBits(set.Present(st, s)))` walks a sentence's phrases.
struct SetBits {
  uint64_t bits;
  struct Iterator {
    uint64_t rest;
    size_t operator*() const { return static_cast<size_t>(__builtin_ctzll(rest)); }
    Iterator& operator++() {
      rest &= rest - 1;
      return *this;
    }
    bool operator!=(const Iterator& o) const { return rest != o.rest; }
  };
  Iterator begin() const { return {bits}; }
  Iterator end() const { return {0}; }
};

// A stage table's phrases (at most 64) for walking only those a sentence
// holds, in table order: Present() sets bit i when table[i] may occur in the
// sentence (every bit when the index is unavailable or lacks a phrase, and
// FindId then searches the text), so a stage tests its few present phrases
// instead of calling FindId for each of its table's phrases.
template <size_t N>
struct PhraseSet {
  static_assert(N <= 64, "a PhraseSet holds at most 64 phrases");
  std::array<int, N> ids{};
  std::vector<uint8_t> slot;     // per phrase id: its index in the table
  bool all = false;              // a phrase without id (or twice in the table)
  // The non-zero words of the table's phrase-id bits (PhraseMask): a
  // table's ids are mostly consecutive, one or two words of the several
  // the index has.
  std::vector<std::pair<size_t, uint64_t>> words;

  explicit PhraseSet(const std::array<int, N>& table_ids) : ids(table_ids) {
    slot.assign(PhraseIndex::Get().size(), 0xFF);
    for (size_t i = 0; i < N; ++i) {
      if (ids[i] < 0 || slot[static_cast<size_t>(ids[i])] != 0xFF) {
        all = true;
        continue;
      }
      slot[static_cast<size_t>(ids[i])] = static_cast<uint8_t>(i);
    }
    std::vector<uint64_t> mask = PhraseMask(table_ids);
    for (size_t w = 0; w < mask.size(); ++w) {
      if (mask[w] != 0) words.emplace_back(w, mask[w]);
    }
  }
  static constexpr uint64_t kAll = N == 64 ? ~uint64_t{0} : (uint64_t{1} << N) - 1;
  uint64_t Present(const DocState& st, size_t s) const {
    if (all || !st.phrases_scanned) return kAll;
    const uint64_t* present = &st.phrase_present[s * st.phrase_words];
    uint64_t bits = 0;
    for (const auto& [w, word_mask] : words) {
      if (w >= st.phrase_words) break;
      for (uint64_t x = present[w] & word_mask; x != 0; x &= x - 1) {
        bits |= uint64_t{1} << slot[w * 64 + static_cast<size_t>(__builtin_ctzll(x))];
      }
    }
    return bits;
  }
};

// Estimate() for sentence `s`, with the phrases looked up in the index.
std::optional<int> EstimateIn(const DocState& st, size_t s, std::string* words);

// ASCII classes without the locale lookups of <cctype> (the text is UTF-8;
// its non-ASCII bytes are never letters here, as in the "C" locale).
inline bool AsciiDigit(char c) { return c >= '0' && c <= '9'; }
inline bool AsciiAlnum(char c) {
  char l = static_cast<char>(c | 0x20);
  return AsciiDigit(c) || (l >= 'a' && l <= 'z');
}
inline char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

// Lower-cased ASCII copy.
std::string Lower(std::string_view s);
// `phrase` as whole words in lower-case `text` from `from`; npos if absent.
size_t FindWords(std::string_view text, std::string_view phrase, size_t from = 0);

bool IsActorKind(EntityKind kind);  // intrusion set, threat actor

// Mention `m` (a country) qualifies an actor rather than naming a party:
// "PRC state-sponsored actors", "Iranian hackers", "Chinese APT group".
// Such a country is neither a target nor a speaker.
bool ModifiesActor(const DocState& st, size_t m);

}  // namespace rampart::extract::internal
