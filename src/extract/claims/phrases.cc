// The phrase index. Literal mode (hs_compile_lit_multi) because the phrases
// are plain words; caseless matching is ASCII-only, as the stages' own
// lower-casing was. Word boundaries are checked on each match, with the rule
// FindWords applies (a phrase edge that is a letter or digit must not touch
// another letter or digit).
#include "claims/phrases.h"

#include <hs/hs.h>

#include <algorithm>
#include <cctype>

#include "absl/container/flat_hash_map.h"
#include "rampart/core/vectorscan.h"

namespace rampart::extract::internal {
namespace {

bool Word(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

struct ScanContext {
  std::string_view text;
  const std::vector<std::string_view>* phrases;
  std::vector<std::pair<uint32_t, uint32_t>>* raw;
};

int OnMatch(unsigned int id, unsigned long long /*from*/, unsigned long long to, unsigned int /*flags*/,
            void* context) {
  auto* c = static_cast<ScanContext*>(context);
  std::string_view phrase = (*c->phrases)[id];
  size_t end = static_cast<size_t>(to);
  size_t at = end - phrase.size();
  bool left = at == 0 || !Word(c->text[at - 1]) || !Word(phrase.front());
  bool right = end >= c->text.size() || !Word(c->text[end]) || !Word(phrase.back());
  if (left && right) c->raw->emplace_back(id, static_cast<uint32_t>(at));
  return 0;
}

struct Scratch {
  hs_scratch_t* scratch = nullptr;
  ~Scratch() {
    if (scratch) hs_free_scratch(scratch);
  }
};

}  // namespace

struct PhraseIndex::Database {
  hs_database_t* db = nullptr;
  ~Database() {
    if (db) hs_free_database(db);
  }
};

struct PhraseIndex::Ids {
  absl::flat_hash_map<std::string_view, int> by_phrase;
  // The stages pass the very string_views of their tables: their addresses
  // find the id without hashing the text.
  absl::flat_hash_map<std::pair<const char*, size_t>, int> by_address;
};

PhraseIndex::PhraseIndex() : ids_(std::make_unique<Ids>()), slots_(kSlots) {
  std::vector<std::string_view> all;
  AddClaimPhrases(&all);
  AddClaimantPhrases(&all);
  AddIncidentPhrases(&all);
  AddEstimativePhrases(&all);
  AddClausePhrases(&all);
  for (std::string_view p : all) {
    if (p.empty()) continue;
    if (auto it = ids_->by_phrase.find(p); it != ids_->by_phrase.end()) {
      ids_->by_address.emplace(std::make_pair(p.data(), p.size()), it->second);
      continue;
    }
    ids_->by_address.emplace(std::make_pair(p.data(), p.size()), static_cast<int>(phrases_.size()));
    ids_->by_phrase.emplace(p, static_cast<int>(phrases_.size()));
    phrases_.push_back(p);
  }
  for (const auto& [address, id] : ids_->by_address) {
    Slot& slot = slots_[SlotOf(address.first, address.second)];
    if (slot.data == nullptr) slot = Slot{address.first, address.second, id};
  }
  std::vector<const char*> expressions;
  std::vector<unsigned> flags, ids;
  std::vector<size_t> lengths;
  for (size_t i = 0; i < phrases_.size(); ++i) {
    expressions.push_back(phrases_[i].data());
    flags.push_back(HS_FLAG_CASELESS);
    ids.push_back(static_cast<unsigned>(i));
    lengths.push_back(phrases_[i].size());
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_compile_lit_multi(expressions.data(), flags.data(), ids.data(), lengths.data(),
                           static_cast<unsigned>(expressions.size()), HS_MODE_BLOCK, CompilePlatform(), &db,
                           &error) != HS_SUCCESS) {
    if (error) hs_free_compile_error(error);
    return;
  }
  database_ = std::make_unique<Database>();
  database_->db = db;
}

PhraseIndex::~PhraseIndex() = default;

const PhraseIndex& PhraseIndex::Get() {
  static const PhraseIndex* index = new PhraseIndex();
  return *index;
}

int PhraseIndex::Id(std::string_view phrase) const {
  const Slot& slot = slots_[SlotOf(phrase.data(), phrase.size())];
  if (slot.data == phrase.data() && slot.size == phrase.size()) return slot.id;
  // Same address and length: the same characters (the tables are constant).
  if (auto at = ids_->by_address.find(std::make_pair(phrase.data(), phrase.size())); at != ids_->by_address.end()) {
    return at->second;
  }
  auto it = ids_->by_phrase.find(phrase);
  return it == ids_->by_phrase.end() ? -1 : it->second;
}

void PhraseHits::Group(size_t phrases) {
  begin_.assign(phrases + 1, 0);
  for (const auto& [id, at] : raw_) ++begin_[id + 1];
  for (size_t i = 0; i < phrases; ++i) begin_[i + 1] += begin_[i];
  at_.resize(raw_.size());
  // begin_[id] walks forward while filling, then is restored from the
  // previous phrase's end.
  for (const auto& [id, at] : raw_) at_[begin_[id]++] = at;
  for (size_t i = phrases; i > 0; --i) begin_[i] = begin_[i - 1];
  begin_[0] = 0;
}

bool PhraseIndex::Scan(std::string_view text, PhraseHits* hits) const {
  hits->raw_.clear();
  hits->Group(phrases_.size());
  if (!ok() || text.size() >= (1ull << 32)) return false;
  if (text.empty()) return true;
  thread_local Scratch scratch;  // one database: allocated once per thread
  if (!scratch.scratch && hs_alloc_scratch(database_->db, &scratch.scratch) != HS_SUCCESS) return false;
  ScanContext context{text, &phrases_, &hits->raw_};
  // Matches arrive in end order; per phrase (one length) that is start order.
  bool scanned = ScanBlock(database_->db, text.data(), static_cast<unsigned>(text.size()), 0, scratch.scratch,
                         OnMatch, &context) == HS_SUCCESS;
  hits->Group(phrases_.size());
  return scanned;
}

}  // namespace rampart::extract::internal
