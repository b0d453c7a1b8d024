// Stage 1 of the pipeline: what the gazetteer knows, groups it does not, and
// vulnerabilities/techniques named by id.
#include <algorithm>
#include <array>
#include <cctype>

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

}  // namespace

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

  // Named groups, word by word ("Advanced Persistent Threat Group 40" -> APT40).
  std::string_view text = st->Text();
  std::vector<Word> words;
  for (size_t s = 0; s < sentences.size(); ++s) {
    words.clear();
    for (size_t i = sentences[s].begin, stop = sentences[s].end; i < stop;) {
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
      // Every pattern below opens with a capital ("UNC", "Storm-",
      // "Advanced", "<Word> Typhoon"): most words are out at once.
      char first = text[words[k].begin];
      if (first < 'A' || first > 'Z') continue;
      auto at = [&](size_t n) -> std::string_view {
        if (n >= words.size()) return "";
        return text.substr(words[n].begin, words[n].end - words[n].begin);
      };
      int used = 1;
      std::string name;
      size_t last = k;
      if (at(k) == "Advanced" && at(k + 1) == "Persistent" && at(k + 2) == "Threat") {
        size_t n = k + 3;
        if (at(n) == "Group" || at(n) == "group") ++n;
        if (AllDigits(at(n), 1, 3)) {
          name = "APT" + std::string(at(n));
          last = n;
        }
      } else {
        name = GroupName(at(k), at(k + 1), &used);
        last = k + used - 1;
      }
      if (name.empty()) continue;
      size_t begin = words[k].begin, end = words[last].end;
      if (Overlaps(*st, s, begin, end)) continue;
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
      k = last;
    }
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
