// Extractor::Run: the stages in order, over one document.
#include <algorithm>
#include <cctype>
#include <span>

#include "claims/pipeline.h"

namespace rampart::extract {
namespace internal {

std::string Lower(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = AsciiLower(c);
  return r;
}

size_t FindWords(std::string_view text, std::string_view phrase, size_t from) {
  auto word = [](char c) { return AsciiAlnum(c) != 0; };
  while (true) {
    size_t at = text.find(phrase, from);
    if (at == std::string_view::npos) return at;
    size_t end = at + phrase.size();
    bool left = at == 0 || !word(text[at - 1]) || !word(phrase.front());
    bool right = end >= text.size() || !word(text[end]) || !word(phrase.back());
    if (left && right) return at;
    from = at + 1;
  }
}

bool IsActorKind(EntityKind kind) {
  return kind == EntityKind::kIntrusionSet || kind == EntityKind::kThreatActor;
}

size_t DocState::AddEntity(const GazetteerEntry& entry) {
  // One probe that also inserts; the Entity is built in place (a temporary
  // moved into the vector cost a move and a destruction of five strings).
  auto [it, added] = entity_by_id.try_emplace(entry.stix_id, out->entities.size());
  if (!added) return it->second;
  Entity& e = out->entities.emplace_back();
  e.kind = entry.kind;
  e.stix_id = entry.stix_id;
  e.name = entry.name;
  e.code = entry.code;
  e.flags = entry.flags;
  return it->second;
}

size_t DocState::AddEntity(Entity entity) {
  auto [it, added] = entity_by_id.try_emplace(entity.stix_id, out->entities.size());
  if (added) out->entities.push_back(std::move(entity));
  return it->second;
}

size_t DocState::Find(size_t s, std::string_view phrase, size_t from) const {
  return FindId(s, phrases_scanned ? PhraseIndex::Get().Id(phrase) : -1, phrase, from);
}

size_t DocState::FindId(size_t s, int id, std::string_view phrase, size_t from) const {
  if (id < 0 || !phrases_scanned) return FindWords(SentenceLower(s), phrase, from);
  size_t bit = static_cast<size_t>(id);
  if (!(phrase_present[s * phrase_words + bit / 64] >> (bit % 64) & 1)) return std::string_view::npos;
  const Sentence& sentence = out->sentences[s];
  std::span<const uint32_t> list = phrase_hits[bit];
  auto it = std::lower_bound(list.begin(), list.end(), sentence.begin + from);
  if (it == list.end() || *it + phrase.size() > sentence.end) return std::string_view::npos;
  return *it - sentence.begin;
}

namespace {
thread_local bool phrase_index_disabled = false;
}  // namespace

void SetPhraseIndexDisabledForTesting(bool disabled) { phrase_index_disabled = disabled; }

void DocState::IndexPhrasesBySentence() {
  if (phrase_index_disabled) {
    phrases_scanned = false;
    return;
  }
  const std::vector<Sentence>& sentences = out->sentences;
  phrase_words = (phrase_hits.size() + 63) / 64;
  phrase_present.assign(sentences.size() * phrase_words, 0);
  for (size_t id = 0; id < phrase_hits.size(); ++id) {
    for (uint32_t at : phrase_hits[id]) {
      auto it = std::upper_bound(sentences.begin(), sentences.end(), static_cast<size_t>(at),
                                 [](size_t o, const Sentence& x) { return o < x.begin; });
      if (it == sentences.begin()) continue;
      size_t s = static_cast<size_t>(it - sentences.begin() - 1);
      if (at >= sentences[s].end) continue;
      phrase_present[s * phrase_words + id / 64] |= uint64_t{1} << (id % 64);
    }
  }
}

void DocState::AddMention(size_t begin, size_t end, size_t entity, size_t sentence, bool names_it) {
  size_t index = out->mentions.size();
  out->mentions.push_back(EntityMention{begin, end, entity, sentence});
  auto& list = sentence_mentions[sentence];
  // Most mentions come in text order: appended without a search.
  if (list.empty() || out->mentions[list.back()].begin <= begin) {
    list.push_back(index);
  } else {
    auto at = std::upper_bound(list.begin(), list.end(), begin,
                               [&](size_t b, size_t m) { return b < out->mentions[m].begin; });
    list.insert(at, index);
  }
  std::string_view surface = std::string_view(doc->text).substr(begin, end - begin);
  // A charge's campaign may be implied without a word of its own: an empty
  // span is a position, not a name.
  if (surface.empty()) return;
  Entity& e = out->entities[entity];
  // Room for a few surface forms at once: growing 1, 2, 4 reallocated and
  // moved the strings each time.
  auto& aliases = e.aliases;
  if (std::find(aliases.begin(), aliases.end(), surface) == aliases.end()) {
    if (aliases.empty()) aliases.reserve(4);
    aliases.emplace_back(surface);
  }
  if (!names_it) return;
  auto& names = e.names;
  if (std::find(names.begin(), names.end(), surface) == names.end()) {
    if (names.empty()) names.reserve(4);
    names.emplace_back(surface);
  }
}

void DropUnclaimedSectors(DocState* st) {
  // A sector word is an entity of the report only where a claim or a victim
  // list makes it a target ("the energy sector is a priority" is none).
  Extraction* x = st->out;
  std::vector<bool> keep(x->entities.size(), true);
  for (size_t i = 0; i < x->entities.size(); ++i) {
    keep[i] = x->entities[i].kind != EntityKind::kSector || st->victims.contains(i);
  }
  for (const Claim& c : x->claims) {
    keep[c.source] = keep[c.target] = true;
    if (c.claimant != kPublication) keep[c.claimant] = true;
  }
  if (std::all_of(keep.begin(), keep.end(), [](bool k) { return k; })) return;
  std::vector<size_t> index(x->entities.size());
  size_t next = 0;
  for (size_t i = 0; i < x->entities.size(); ++i) {
    index[i] = next;
    if (keep[i]) {
      if (next != i) x->entities[next] = std::move(x->entities[i]);
      ++next;
    }
  }
  x->entities.resize(next);
  std::erase_if(x->mentions, [&](const EntityMention& m) { return !keep[m.entity]; });
  for (EntityMention& m : x->mentions) m.entity = index[m.entity];
  for (Claim& c : x->claims) {
    c.source = index[c.source];
    c.target = index[c.target];
    if (c.claimant != kPublication) c.claimant = index[c.claimant];
  }
}

}  // namespace internal

std::string_view ClaimKindName(ClaimKind kind) {
  switch (kind) {
    case ClaimKind::kAttribution: return "attribution";
    case ClaimKind::kTargeting: return "targeting";
    case ClaimKind::kCompromise: return "compromise";
    case ClaimKind::kCharge: return "charge";
    case ClaimKind::kUses: return "uses";
    case ClaimKind::kStructure: return "structure";
    case ClaimKind::kRelated: return "related";
  }
  return "claim";
}

Extraction Extractor::Run(const Document& document) const {
  Extraction out;
  out.sentences = SplitSentences(document.text);
  out.observables = observables_.Extract(document.text);
  // Room for as many entities and mentions as the previous document of this
  // thread had: Entity is large, and each reallocation moved all of them.
  thread_local size_t entity_hint = 32, mention_hint = 64;
  out.entities.reserve(entity_hint);
  out.mentions.reserve(mention_hint);
  internal::DocState state;
  state.entity_by_id.reserve(entity_hint);
  state.doc = &document;
  state.gazetteer = gazetteer_;
  state.out = &out;
  // Reused across documents: a fresh copy per document is a large block
  // malloc has to find each time.
  thread_local std::string lower;
  lower.assign(document.text);
  {
    // Eight bytes at a time: a byte of 'A'..'Z' (high bit clear, its low
    // seven bits in 0x41..0x5A) gains 0x20; the additions cannot carry
    // into the next byte. A byte loop was 5 instructions a byte.
    constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x80 * kOnes, kLow7 = 0x7F * kOnes;
    char* p = lower.data();
    size_t n = lower.size(), i = 0;
    for (; i + 8 <= n; i += 8) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      uint64_t low7 = w & kLow7;
      uint64_t upper = (low7 + (0x80 - 'A') * kOnes) & ~(low7 + (0x80 - 'Z' - 1) * kOnes) & ~w & kHigh;
      w |= upper >> 2;
      std::memcpy(p + i, &w, 8);
    }
    for (; i < n; ++i) p[i] = internal::AsciiLower(p[i]);
  }
  state.lower_text = lower;
  // The per-document index buffers keep their capacity from the previous
  // document of this thread (moved in here, moved back at the end).
  struct Buffers {
    internal::PhraseHits phrase_hits;
    std::vector<uint64_t> phrase_present;
    std::vector<std::vector<size_t>> sentence_mentions;
    std::vector<size_t> sentence_chars;
  };
  thread_local Buffers buffers;
  state.phrase_hits = std::move(buffers.phrase_hits);
  state.phrase_present = std::move(buffers.phrase_present);
  state.sentence_mentions = std::move(buffers.sentence_mentions);
  state.sentence_chars = std::move(buffers.sentence_chars);
  for (auto& list : state.sentence_mentions) list.clear();
  state.sentence_chars.clear();
  state.sentence_mentions.resize(out.sentences.size());
  // One pass for the character offsets of all sentences, not one per quote.
  state.sentence_chars.reserve(out.sentences.size());
  size_t chars = 0, at = 0;
  for (const Sentence& sentence : out.sentences) {
    chars += CharOffset(std::string_view(document.text).substr(at, sentence.begin - at), sentence.begin - at);
    at = sentence.begin;
    state.sentence_chars.push_back(chars);
  }
  state.phrases_scanned = internal::PhraseIndex::Get().Scan(document.text, &state.phrase_hits);
  if (state.phrases_scanned) state.IndexPhrasesBySentence();
  internal::RecognizeEntities(&state);
  internal::RecognizeIncidentsAndReferences(&state);
  internal::ExtractClaims(&state);
  internal::ExtractStatistics(&state);
  internal::DropUnclaimedSectors(&state);
  std::sort(out.mentions.begin(), out.mentions.end(),
            [](const EntityMention& a, const EntityMention& b) { return a.begin < b.begin; });
  entity_hint = std::max<size_t>(32, out.entities.size());
  mention_hint = std::max<size_t>(64, out.mentions.size());
  buffers.phrase_hits = std::move(state.phrase_hits);
  buffers.phrase_present = std::move(state.phrase_present);
  buffers.sentence_mentions = std::move(state.sentence_mentions);
  buffers.sentence_chars = std::move(state.sentence_chars);
  return out;
}

}  // namespace rampart::extract
