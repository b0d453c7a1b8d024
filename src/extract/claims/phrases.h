// Every trigger phrase of the claim stages (claims, claimants, incidents,
// references, charges, estimative language) in one Vectorscan literal
// database: a document is scanned once, and the stages look phrases up per
// sentence instead of searching each sentence for each phrase (internal).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace rampart::extract::internal {

// Where each phrase occurs in one document: per phrase id, the byte offsets
// of its whole-word, ASCII-case-insensitive occurrences, ascending.
using PhraseHits = std::vector<std::vector<uint32_t>>;

class PhraseIndex {
 public:
  // The process-wide index over the tables of all stages (built on first
  // use; thread-safe). If Vectorscan refuses the database, ok() is false and
  // callers search the text themselves.
  static const PhraseIndex& Get();

  bool ok() const { return database_ != nullptr; }
  // The id of `phrase` (lower-case, as the stages write it); -1 if it is not
  // in the tables.
  int Id(std::string_view phrase) const;
  size_t size() const { return phrases_.size(); }
  std::string_view phrase(int id) const { return phrases_[static_cast<size_t>(id)]; }

  // Scans `text` and fills `hits` (size() lists). False if it could not
  // (no database, no scratch space, text of 4 GiB or more): the caller then
  // searches itself. Thread-safe: the scratch space is per thread.
  bool Scan(std::string_view text, PhraseHits* hits) const;

  ~PhraseIndex();

 private:
  PhraseIndex();
  struct Database;
  std::vector<std::string_view> phrases_;
  std::unique_ptr<Database> database_;
  struct Ids;
  std::unique_ptr<Ids> ids_;
  // Direct-mapped cache of the tables' addresses (filled once, read-only):
  // the stages ask for ids tens of thousands of times per document.
  struct Slot {
    const char* data = nullptr;
    size_t size = 0;
    int id = -1;
  };
  static constexpr size_t kSlots = 4096;
  std::vector<Slot> slots_;
  static size_t SlotOf(const char* data, size_t size) {
    auto v = reinterpret_cast<uintptr_t>(data);
    return ((v >> 3) ^ (v >> 13) ^ size) & (kSlots - 1);
  }
};

// The phrase tables of each stage, appended to `out` (for the index).
void AddClaimPhrases(std::vector<std::string_view>* out);
void AddClaimantPhrases(std::vector<std::string_view>* out);
void AddIncidentPhrases(std::vector<std::string_view>* out);
void AddEstimativePhrases(std::vector<std::string_view>* out);

}  // namespace rampart::extract::internal
