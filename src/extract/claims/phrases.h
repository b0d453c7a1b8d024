// Every trigger phrase of the claim stages (claims, claimants, incidents,
// references, charges, estimative language) in one Vectorscan literal
// database: a document is scanned once, and the stages look phrases up per
// sentence instead of searching each sentence for each phrase (internal).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <string_view>
#include <vector>

namespace rampart::extract::internal {

// Where each phrase occurs in one document: per phrase id, the byte offsets
// of its whole-word, ASCII-case-insensitive occurrences, ascending. Flat
// (one array of offsets grouped by phrase) so that a scan allocates nothing
// once the buffers have grown: one vector per phrase was ~5 % of the report
// pipeline in malloc. Reuse one object across documents.
class PhraseHits {
 public:
  size_t size() const { return begin_.empty() ? 0 : begin_.size() - 1; }
  // Offsets of phrase `id` (< size()).
  std::span<const uint32_t> operator[](size_t id) const {
    return std::span<const uint32_t>(at_.data() + begin_[id], begin_[id + 1] - begin_[id]);
  }

 private:
  friend class PhraseIndex;
  std::vector<std::pair<uint32_t, uint32_t>> raw_;  // (id, offset) in scan order
  std::vector<uint32_t> begin_;                      // size() + 1 starts into at_
  std::vector<uint32_t> at_;
  // Groups raw_ by phrase (a stable counting sort keeps each phrase's order).
  void Group(size_t phrases);
};

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
void AddClausePhrases(std::vector<std::string_view>* out);

}  // namespace rampart::extract::internal
