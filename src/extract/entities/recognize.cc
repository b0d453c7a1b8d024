// Stage 1 of the pipeline: what the gazetteer knows, groups it does not, and
// vulnerabilities/techniques named by id.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>

#include <emmintrin.h>

#include "claims/pipeline.h"

namespace rampart::extract::internal {
namespace {

size_t SentenceOf(const std::vector<Sentence>& sentences, size_t offset) {
  auto it = std::upper_bound(sentences.begin(), sentences.end(), offset,
                             [](size_t o, const Sentence& s) { return o < s.begin; });
  return it == sentences.begin() ? 0 : static_cast<size_t>(it - sentences.begin() - 1);
}

bool AllDigits(std::string_view s, size_t min, size_t max) {
  if (s.size() < min || s.size() > max) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

struct Word {
  size_t begin, end;
};

// Bytes of a group-name word: ASCII letters, digits and '-'.
constexpr std::array<bool, 256> kWordByte = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
  return t;
}();
bool IsWordByte(char c) { return kWordByte[static_cast<unsigned char>(c)]; }

// Tracking-name patterns of the vendors (Mandiant UNC/FIN/APT, Proofpoint TA,
// Microsoft Storm-/DEV- and weather names, CrowdStrike animals, CERT-UA UAC-).
std::string GroupName(std::string_view w, std::string_view next, int* words_used) {
  *words_used = 1;
  auto prefixed = [&](std::string_view prefix, size_t min, size_t max) {
    return w.starts_with(prefix) && AllDigits(w.substr(prefix.size()), min, max);
  };
  if (prefixed("UNC", 3, 5) || prefixed("FIN", 1, 3) || prefixed("TA", 3, 4) || prefixed("APT", 1, 3) ||
      prefixed("Storm-", 4, 4) || prefixed("DEV-", 4, 4) || prefixed("UAC-", 4, 4) ||
      prefixed("TAG-", 2, 3)) {
    return std::string(w);
  }
  if (w == "APT" && AllDigits(next, 1, 3)) {
    *words_used = 2;
    return "APT" + std::string(next);
  }
  static constexpr std::string_view kSuffixes[] = {"Typhoon", "Blizzard", "Sandstorm", "Sleet", "Tempest",
                                                   "Panda",   "Bear",     "Kitten",    "Chollima", "Spider"};
  if (w.size() >= 3 && std::find(std::begin(kSuffixes), std::end(kSuffixes), next) != std::end(kSuffixes) &&
      std::isupper(static_cast<unsigned char>(w[0])) &&
      std::all_of(w.begin() + 1, w.end(), [](char c) { return std::islower(static_cast<unsigned char>(c)); })) {
    *words_used = 2;
    return std::string(w) + " " + std::string(next);
  }
  return "";
}

bool Overlaps(const DocState& st, size_t sentence, size_t begin, size_t end) {
  for (size_t m : st.sentence_mentions[sentence]) {
    if (st.M(m).begin < end && begin < st.M(m).end) return true;
  }
  return false;
}

// The name the words at `k` open, if any: `at(n)` is the n-th word from k
// (n = 0 is k itself), "" past the sentence's end; `*last` gets the index
// (from k) of the name's last word.
template <typename At>
std::string GroupNameAt(At&& at, size_t* last) {
  *last = 0;
  if (at(0) == "Advanced" && at(1) == "Persistent" && at(2) == "Threat") {
    size_t n = 3;
    if (at(n) == "Group" || at(n) == "group") ++n;
    if (!AllDigits(at(n), 1, 3)) return "";
    *last = n;
    return "APT" + std::string(at(n));
  }
  int used = 1;
  std::string name = GroupName(at(0), at(1), &used);
  *last = static_cast<size_t>(used - 1);
  return name;
}

// Bits of the bytes 'A'-'Z' among the 16 at `p`.
unsigned CapitalBits(const char* p) {
  __m128i t = _mm_sub_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)), _mm_set1_epi8('A'));
  return static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(t, _mm_set1_epi8(25)), t)));
}

// Whether the word at `c` (a capital at a word start) may open a name
// GroupNameAt accepts: one of the prefixes, or a capitalised lower-case
// word of three letters or more followed by a word that may be one of the
// suffixes. Most capitals of prose fail on their first bytes, before any
// word is read.
bool MayOpenGroupName(const char* p, size_t c, size_t stop) {
  auto has = [&](std::string_view prefix) {
    return stop - c >= prefix.size() && std::memcmp(p + c, prefix.data(), prefix.size()) == 0;
  };
  switch (p[c]) {
    case 'U': if (has("UNC") || has("UAC-")) return true; break;
    case 'F': if (has("FIN")) return true; break;
    case 'T': if (has("TA")) return true; break;
    case 'A': if (has("APT") || has("Advanced")) return true; break;
    case 'S': if (has("Storm-")) return true; break;
    case 'D': if (has("DEV-")) return true; break;
    default: break;
  }
  size_t e = c + 1;
  while (e < stop && p[e] >= 'a' && p[e] <= 'z') ++e;
  if (e - c < 3 || (e < stop && IsWordByte(p[e]))) return false;
  while (e < stop && !IsWordByte(p[e])) ++e;
  if (e == stop) return false;
  switch (p[e]) {
    case 'T': case 'B': case 'S': case 'K': case 'P': case 'C': return true;
    default: return false;
  }
}

// Every tracking-name pattern opens with a capital ("UNC", "Storm-",
// "Advanced", "<Word> Typhoon"), and prose has few: the scan looks for
// capitals that start a word, 16 bytes at a time, and reads the words after
// one only when it finds one (a list of every word of every sentence was a
// tenth of the entity stage).
template <typename Take>
void ScanGroupNamesFast(std::string_view text, const Sentence& sentence, Take&& take) {
  const char* p = text.data();
  const size_t first = sentence.begin, stop = sentence.end;
  auto word_end = [&](size_t i) {
    while (i < stop && IsWordByte(p[i])) ++i;
    return i;
  };
  // The word starting at or after `i`: [begin, end), empty at the end.
  auto word_from = [&](size_t i) -> Word {
    while (i < stop && !IsWordByte(p[i])) ++i;
    return Word{i, word_end(i)};
  };
  size_t i = first;
  while (i < stop) {
    // The next capital at a word start.
    size_t c = stop;
    size_t j = i;
    while (c == stop && j < stop) {
      unsigned bits;
      size_t span = std::min<size_t>(16, stop - j);
      if (j + 16 <= text.size()) {
        bits = CapitalBits(p + j) & ((1u << span) - 1);
      } else {
        bits = 0;
        for (size_t k = 0; k < span; ++k) bits |= unsigned{p[j + k] >= 'A' && p[j + k] <= 'Z'} << k;
      }
      for (; bits != 0; bits &= bits - 1) {
        size_t at = j + static_cast<size_t>(__builtin_ctz(bits));
        if (at == first || !IsWordByte(p[at - 1])) {
          c = at;
          break;
        }
      }
      j += span;
    }
    if (c == stop) return;
    if (!MayOpenGroupName(p, c, stop)) {
      i = c + 1;  // a capital later in this word does not start a word
      continue;
    }
    // Words from c on, read as the patterns ask for them.
    std::array<Word, 5> words;  // the patterns read at most five
    size_t known = 1, read_to = word_end(c + 1);
    words[0] = Word{c, read_to};
    auto at = [&](size_t n) -> std::string_view {
      if (n >= words.size()) return "";
      for (; known <= n; ++known) {
        words[known] = word_from(read_to);
        read_to = words[known].end;
      }
      return text.substr(words[n].begin, words[n].end - words[n].begin);
    };
    size_t last = 0;
    std::string name = GroupNameAt(at, &last);
    if (!name.empty() && take(c, words[last].end, name)) {
      i = words[last].end;
    } else {
      i = words[0].end;
    }
  }
}

}  // namespace

void ScanGroupNamesByWords(std::string_view text, const Sentence& sentence, const GroupNameTake& take) {
  std::vector<Word> words;
  for (size_t i = sentence.begin, stop = sentence.end; i < stop;) {
    if (!IsWordByte(text[i])) {
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < stop && IsWordByte(text[j])) ++j;
    words.push_back(Word{i, j});
    i = j;
  }
  for (size_t k = 0; k < words.size(); ++k) {
    char first = text[words[k].begin];
    if (first < 'A' || first > 'Z') continue;
    auto at = [&](size_t n) -> std::string_view {
      if (k + n >= words.size()) return "";
      return text.substr(words[k + n].begin, words[k + n].end - words[k + n].begin);
    };
    size_t last = 0;
    std::string name = GroupNameAt(at, &last);
    if (name.empty()) continue;
    if (!take(words[k].begin, words[k + last].end, name)) continue;
    k += last;
  }
}

void ScanGroupNames(std::string_view text, const Sentence& sentence, const GroupNameTake& take) {
  ScanGroupNamesFast(text, sentence, take);
}

void RecognizeEntities(DocState* st) {
  const std::vector<Sentence>& sentences = st->out->sentences;
  // Mentions come in text order, and a document names few entries many
  // times: the entity of an entry is looked up once (AddEntity hashes and
  // compares the STIX id), the sentence found by walking forward.
  absl::flat_hash_map<uint32_t, size_t> entity_of_entry;
  size_t sentence = 0;
  for (const Mention& m : st->gazetteer->Find(st->Text(), sentences)) {
    auto [it, added] = entity_of_entry.try_emplace(m.entry, 0);
    if (added) it->second = st->AddEntity(st->gazetteer->entries()[m.entry]);
    while (sentence + 1 < sentences.size() && sentences[sentence + 1].begin <= m.begin) ++sentence;
    st->AddMention(m.begin, m.end, it->second, sentence);
  }

  // Named groups the gazetteer did not find ("Advanced Persistent Threat
  // Group 40" -> APT40, "UNC2452").
  std::string_view text = st->Text();
  for (size_t s = 0; s < sentences.size(); ++s) {
    ScanGroupNamesFast(text, sentences[s], [&](size_t begin, size_t end, const std::string& name) {
      if (Overlaps(*st, s, begin, end)) return false;
      std::vector<uint32_t> known = st->gazetteer->Lookup(name);
      size_t e;
      if (!known.empty()) {
        e = st->AddEntity(st->gazetteer->entries()[known.front()]);
      } else {
        Entity group;
        group.kind = EntityKind::kIntrusionSet;
        group.stix_id = DeterministicId("intrusion-set", name);
        group.name = name;
        group.extracted = true;
        group.description = "A group named in a report that the knowledge base did not know.";
        e = st->AddEntity(std::move(group));
      }
      st->AddMention(begin, end, e, s);
      return true;
    });
  }

  // Vulnerabilities and techniques named by id.
  for (const Observable& o : st->out->observables) {
    if (o.type != ObservableType::kCve && o.type != ObservableType::kAttackTechnique) continue;
    size_t s = SentenceOf(sentences, o.begin);
    if (Overlaps(*st, s, o.begin, o.end)) continue;
    std::vector<uint32_t> known = st->gazetteer->Lookup(o.value);
    size_t e;
    if (!known.empty()) {
      e = st->AddEntity(st->gazetteer->entries()[known.front()]);
    } else if (o.type == ObservableType::kCve) {
      Entity vuln;
      vuln.kind = EntityKind::kVulnerability;
      vuln.stix_id = DeterministicId("vulnerability", o.value);
      vuln.name = o.value;
      vuln.extracted = true;
      e = st->AddEntity(std::move(vuln));
    } else {
      continue;  // a technique id the knowledge base lacks: kept as an observable only
    }
    st->AddMention(o.begin, o.end, e, s);
  }
}

}  // namespace rampart::extract::internal
