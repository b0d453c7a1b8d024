// Stage 3: claims, sentence by sentence, from trigger phrases around the
// entity mentions. The relationship type follows from the kinds on both ends
// and the STIX 2.1 table (spec digest §1.8); a pair the table does not allow
// yields no claim.
#include <algorithm>
#include <array>
#include <initializer_list>

#include "claims/claimant.h"
#include "claims/clause.h"
#include "claims/pipeline.h"

namespace rampart::extract::internal {
namespace {

enum class Side { kAfter, kBefore };
struct Trigger {
  std::string_view phrase;
  Side attributee;
};

constexpr Trigger kAttribution[] = {
    {"attributed", Side::kAfter}, {"attributes", Side::kAfter}, {"attribute", Side::kAfter},
    {"blaming", Side::kAfter}, {"blamed", Side::kAfter}, {"placing the blame on", Side::kAfter},
    {"put the blame on", Side::kAfter}, {"named as responsible", Side::kAfter},
    {"carried out by", Side::kAfter}, {"conducted by", Side::kAfter}, {"perpetrated by", Side::kAfter},
    {"orchestrated by", Side::kAfter}, {"sponsored by", Side::kAfter}, {"backed by", Side::kAfter},
    {"consists of elements of", Side::kAfter}, {"composed of elements of", Side::kAfter},
    {"affiliated with", Side::kAfter}, {"linked to", Side::kAfter}, {"tied to", Side::kAfter},
    {"ties to", Side::kAfter}, {"on behalf of", Side::kAfter}, {"working for", Side::kAfter},
    {"operated by", Side::kAfter}, {"associated with", Side::kAfter}, {"emanating from", Side::kAfter},
    {"originating from", Side::kAfter}, {"operating out of", Side::kAfter}, {"part of", Side::kAfter},
    {"were behind", Side::kBefore}, {"was behind", Side::kBefore}, {"is behind", Side::kBefore},
    {"are behind", Side::kBefore}, {"be behind", Side::kBefore}, {"been behind", Side::kBefore}, {"in fact behind", Side::kBefore}, {"responsible for", Side::kBefore}, {"responsible", Side::kBefore},
    {"organized the", Side::kBefore}, {"orchestrated the", Side::kBefore},
    // A group's sponsor as a government states it: "X is a unit of / an arm
    // of / controlled by / acts at the behest of the MSS".
    {"unit of", Side::kAfter}, {"arm of", Side::kAfter}, {"element of", Side::kAfter},
    {"component of", Side::kAfter}, {"controlled by", Side::kAfter}, {"directed by", Side::kAfter},
    {"run by", Side::kAfter}, {"tasked by", Side::kAfter}, {"at the behest of", Side::kAfter},
    {"under the direction of", Side::kAfter}, {"the work of", Side::kAfter}, {"undertaken by", Side::kAfter},
    {"launched by", Side::kAfter}, {"executed by", Side::kAfter}, {"attributable", Side::kAfter},
    {"attributing", Side::kAfter},
};

// Between groups: "APT41 overlaps with BARIUM", "is related to", "shares
// infrastructure with" -> related-to.
constexpr std::string_view kRelated[] = {
    "overlaps with", "overlap with", "overlapping with", "overlaps", "related to", "shares infrastructure with",
    "share infrastructure with", "shared infrastructure with", "shares code with", "share code with",
    "linked to", "tied to", "associated with", "connected to", "connections to", "links to",
};

constexpr std::string_view kTargeting[] = {
    "targeted", "targeting", "targets", "steal information from", "stole information from",
    "steal data from", "stole data from", "secure data from", "hack into computer systems of",
    "hack into", "hacked into", "aimed at", "spied on", "victims include", "victims included",
    "compromised networks of", "hack", "hacked", "hacking", "attacked", "attacking", "attacks against",
    "attacks on", "attack on", "attack against", "spying on", "focused on", "focuses on", "intrusions into",
    "campaign against", "campaigns against", "operations against", "victimized", "victims in", "preyed on",
};

constexpr std::string_view kCompromise[] = {
    "hack of", "hack on", "hacking of", "compromise of", "compromising of", "compromised",
    "infiltrated", "exploited", "exploiting", "exploit", "exploits", "breach of", "breached",
};

constexpr std::string_view kUses[] = {"used", "uses", "using", "deployed", "deploying", "leveraged",
                                      "leveraging", "employed", "installed", "dropped"};

bool IsOrgan(const Entity& e);

bool IsSubjectKind(EntityKind k) {
  return k == EntityKind::kCampaign || k == EntityKind::kIntrusionSet || k == EntityKind::kThreatActor ||
         k == EntityKind::kMalware;
}

// The STIX relationship type for a claim between two kinds; "" if none fits.
std::string_view RelationshipType(ClaimKind kind, EntityKind src, EntityKind tgt) {
  using K = EntityKind;
  switch (kind) {
    case ClaimKind::kAttribution:
    case ClaimKind::kCharge:
      if (src == K::kCampaign && (tgt == K::kIntrusionSet || tgt == K::kThreatActor)) return "attributed-to";
      if (src == K::kCampaign && tgt == K::kCountry) return "originates-from";
      if (src == K::kIntrusionSet && tgt == K::kThreatActor) return "attributed-to";
      if (src == K::kIntrusionSet && tgt == K::kCountry) return "originates-from";
      if (src == K::kThreatActor && tgt == K::kCountry) return "located-at";
      if (src == K::kThreatActor && tgt == K::kOrganization) return "attributed-to";
      if (src == K::kMalware && (tgt == K::kIntrusionSet || tgt == K::kThreatActor)) return "authored-by";
      if (src == K::kMalware && tgt == K::kCountry) return "originates-from";
      return "";
    case ClaimKind::kTargeting:
      if (!IsSubjectKind(src)) return "";
      if (tgt == K::kSector || tgt == K::kOrganization || tgt == K::kCountry) return "targets";
      if (tgt == K::kVulnerability && src != K::kMalware) return "targets";
      return "";
    case ClaimKind::kUses:
      if (!IsSubjectKind(src)) return "";
      if (tgt == K::kMalware || tgt == K::kTool || tgt == K::kAttackPattern) return "uses";
      return "";
    case ClaimKind::kStructure:
      if (src == K::kThreatActor && tgt == K::kCountry) return "located-at";
      if ((src == K::kThreatActor || src == K::kOrganization || src == K::kIntrusionSet) &&
          (tgt == K::kThreatActor || tgt == K::kOrganization)) {
        return "x-rampart-part-of";
      }
      return "";
    case ClaimKind::kRelated:
      if ((src == K::kIntrusionSet || src == K::kMalware) && (tgt == K::kIntrusionSet || tgt == K::kMalware)) {
        return "related-to";
      }
      return "";
    case ClaimKind::kCompromise:
      if (!IsSubjectKind(src)) return "";
      if (tgt == K::kVulnerability) return src == K::kMalware ? "exploits" : "targets";
      if (tgt == K::kProduct) return "x-rampart-compromises";
      if (tgt == K::kOrganization) return "targets";
      return "";
  }
  return "";
}

// "x-rampart-not-<type>" for the types a denial can negate (static
// strings: the writer keeps views of them).
std::string_view NegatedType(std::string_view type) {
  static constexpr std::string_view kNegated[] = {
      "x-rampart-not-attributed-to", "x-rampart-not-originates-from", "x-rampart-not-located-at",
      "x-rampart-not-authored-by", "x-rampart-not-related-to"};
  for (std::string_view n : kNegated) {
    if (n.substr(14) == type) return n;
  }
  return "";
}

// What the stages know of the sentence at hand. `plain`: a statement of the
// publication itself (no confidence). `parties`: the sentence's mentions
// that are not Nested (below), in text order, found once per sentence.
struct SentenceInfo {
  size_t index;
  size_t base;
  size_t claimant;
  bool plain = false;
  const std::vector<size_t>* parties = nullptr;
  ClauseCues cues;  // which clause words the sentence may hold
  // The group or activity the previous two sentences were about (their
  // last one named): the subject of a targeting verb whose sentence names
  // none ("These analysts linked it to a wider campaign targeting ...").
  std::optional<size_t> topic;
};

class ClaimWriter {
 public:
  explicit ClaimWriter(DocState* st) : st_(st) {}

  void Add(ClaimKind kind, size_t src, size_t tgt, const SentenceInfo& info, bool negated = false) {
    if (src == tgt) return;
    std::string_view type = RelationshipType(kind, st_->E(src).kind, st_->E(tgt).kind);
    if (type.empty()) return;
    if (negated) type = NegatedType(type);
    if (type.empty()) return;
    if (info.claimant != kPublication && (tgt == info.claimant || src == info.claimant)) return;
    // The numbers first: most keys differ in them, and they compare cheaply.
    auto key = std::make_tuple(src, tgt, info.claimant, type);
    if (std::find(seen_.begin(), seen_.end(), key) != seen_.end()) return;
    seen_.push_back(key);
    const Extras& x = ExtrasOf(info.index);
    Claim& c = st_->out->claims.emplace_back();  // built in place
    c.kind = kind;
    c.relationship_type = std::string(type);
    c.negated = negated;
    c.source = src;
    c.target = tgt;
    c.claimant = info.claimant;
    c.sentence = info.index;
    const Sentence& sentence = st_->out->sentences[info.index];
    c.quote = std::string(sentence.Of(st_->Text()));
    c.quote_begin = st_->sentence_chars[info.index];
    c.quote_end = c.quote_begin + x.quote_chars;
    if (!info.plain) {
      c.confidence = x.confidence;
      c.estimative = x.estimative;
    }
    // Years date an activity, not where someone lives ("nationals of the
    // PRC ... between 2011 and 2018").
    if (kind != ClaimKind::kAttribution && kind != ClaimKind::kStructure && type != "located-at") {
      c.start_year = x.start_year;
      c.stop_year = x.stop_year;
    }
  }

 private:
  // What a claim takes from its sentence besides the parties, worked out on
  // the sentence's first claim: most sentences with mentions make none.
  struct Extras {
    size_t sentence = std::string::npos;
    std::optional<int> confidence;
    std::string estimative;
    std::optional<int> start_year, stop_year;
    size_t quote_chars = 0;
  };
  const Extras& ExtrasOf(size_t s) {
    if (extras_.sentence == s) return extras_;
    extras_.sentence = s;
    extras_.estimative.clear();
    extras_.confidence = EstimateIn(*st_, s, &extras_.estimative);
    std::string_view text = st_->SentenceText(s);
    extras_.start_year.reset();
    extras_.stop_year.reset();
    FindYears(text, &extras_.start_year, &extras_.stop_year);
    extras_.quote_chars = CharOffset(text, text.size());
    return extras_;
  }

  DocState* st_;
  std::vector<std::tuple<size_t, size_t, size_t, std::string_view>> seen_;
  Extras extras_;
};

// Mention `m` lies inside a longer mention of another entity: a part of a
// name ("MSS" in the charged "four MSS hackers"), not a party to a claim.
bool Nested(const DocState& st, size_t sentence, size_t m) {
  const EntityMention& x = st.M(m);
  for (size_t o : st.sentence_mentions[sentence]) {
    const EntityMention& y = st.M(o);
    if (y.begin > x.begin) break;  // the list is in text order: none after can hold x
    if (o != m && y.entity != x.entity && y.begin <= x.begin && x.end <= y.end && y.end - y.begin > x.end - x.begin) {
      return true;
    }
  }
  return false;
}

// The result buffers of After and Before: one each, reused (a caller is done
// with one result before it asks for the next of the same function).
thread_local std::vector<size_t> after_buffer, before_buffer;

// Parties of the sentence whose start is after `from` (relative offsets).
const std::vector<size_t>& After(const DocState& st, const SentenceInfo& info, size_t from, size_t limit) {
  std::vector<size_t>& out = after_buffer;
  out.clear();
  for (size_t m : *info.parties) {
    size_t rel = st.M(m).begin - info.base;
    if (rel >= from && rel < from + limit) out.push_back(m);
  }
  return out;
}

const std::vector<size_t>& Before(const DocState& st, const SentenceInfo& info, size_t until) {
  std::vector<size_t>& out = before_buffer;
  out.clear();
  for (size_t m : *info.parties) {
    if (st.M(m).begin - info.base < until) out.push_back(m);
  }
  return out;
}

void Attribution(DocState* st, const SentenceInfo& info, ClaimWriter* w) {
  static const PhraseSet<std::size(kAttribution)> kSet(
      PhraseIds(kAttribution, [](const Trigger& t) { return t.phrase; }));
  for (size_t i : SetBits(kSet.Present(*st, info.index))) {
    const Trigger& t = kAttribution[i];
    for (size_t at = st->FindId(info.index, kSet.ids[i], t.phrase); at != std::string::npos;
         at = st->FindId(info.index, kSet.ids[i], t.phrase, at + 1)) {
      size_t end = at + t.phrase.size();
      std::string_view lower = st->SentenceLower(info.index);
      bool negated = Negated(lower, at, info.cues);
      std::optional<size_t> attributee, subject;
      if (t.attributee == Side::kAfter) {
        size_t from = end;
        if (t.phrase.starts_with("attribut")) {
          size_t to = st->Find(info.index, "to", end);
          if (to == std::string::npos) continue;
          from = to + 2;
        }
        std::optional<size_t> country;
        for (size_t m : After(*st, info, from, std::min<size_t>(150, ObjectEnd(lower, from, info.cues) - from))) {
          const Entity& e = st->E(st->M(m).entity);
          if (IsActorKind(e.kind) && !attributee) attributee = st->M(m).entity;
          // "linked to South Korea's academic sector": a possessive, not
          // the attributee.
          bool possessive = lower.compare(st->M(m).end - info.base, 2, "'s") == 0 ||
                            lower.compare(st->M(m).end - info.base, 4, "\xE2\x80\x99s") == 0;
          if (e.kind == EntityKind::kCountry && !country && !possessive) country = st->M(m).entity;
        }
        if (!attributee) attributee = country;
        if (!attributee) continue;
        const auto& before = Before(*st, info, at);
        for (auto it = before.rbegin(); it != before.rend(); ++it) {
          size_t e = st->M(*it).entity;
          if (IsSubjectKind(st->E(e).kind) && e != *attributee) {
            subject = e;
            break;
          }
        }
        if (!subject) {
          for (size_t m : After(*st, info, end, std::string::npos / 2)) {
            if (st->E(st->M(m).entity).kind == EntityKind::kCampaign) {
              subject = st->M(m).entity;
              break;
            }
          }
        }
      } else {
        const auto& before = Before(*st, info, at);
        std::optional<size_t> country;
        for (auto it = before.rbegin(); it != before.rend(); ++it) {
          const Entity& e = st->E(st->M(*it).entity);
          if (IsActorKind(e.kind) && !attributee) attributee = st->M(*it).entity;
          if (e.kind == EntityKind::kCountry && !country) country = st->M(*it).entity;
        }
        if (!attributee) attributee = country;
        if (!attributee) continue;
        // What they were behind: an activity, or a piece of malware ("the
        // GRU was almost certainly responsible for the BadRabbit
        // ransomware").
        for (size_t m : After(*st, info, end > 4 ? end - 4 : 0, 60)) {
          EntityKind k = st->E(st->M(m).entity).kind;
          if (k == EntityKind::kCampaign || k == EntityKind::kMalware) {
            subject = st->M(m).entity;
            break;
          }
        }
      }
      if (!subject || !attributee) continue;
      // "APT28 is part of / a unit of the GRU": membership of an organ, as
      // the text says it (x-rampart-part-of), not a sponsor.
      bool membership = t.phrase == "part of" || t.phrase == "unit of" || t.phrase == "element of" ||
                        t.phrase == "component of" || t.phrase == "arm of";
      if (membership && IsOrgan(st->E(*attributee)) && st->E(*subject).kind != EntityKind::kCampaign &&
          st->E(*subject).kind != EntityKind::kMalware && !negated) {
        w->Add(ClaimKind::kStructure, *subject, *attributee, info);
      } else {
        w->Add(ClaimKind::kAttribution, *subject, *attributee, info, negated);
      }
    }
  }
}

void Targeting(DocState* st, const SentenceInfo& info, ClaimWriter* w) {
  static const PhraseSet<std::size(kTargeting)> kSet(PhraseIds(kTargeting));
  for (size_t i : SetBits(kSet.Present(*st, info.index))) {
    std::string_view phrase = kTargeting[i];
    size_t at = st->FindId(info.index, kSet.ids[i], phrase);
    if (at == std::string::npos) continue;
    std::string_view lower = st->SentenceLower(info.index);
    if (Negated(lower, at, info.cues)) continue;
    size_t from = at + phrase.size();
    auto add_targets = [&](size_t source, const std::vector<size_t>& candidates) {
      for (size_t m : candidates) {
        size_t e = st->M(m).entity;
        const Entity& entity = st->E(e);
        if (entity.flags & kCollective || e == source) continue;
        // "used by other PRC state-sponsored actors": an actor's origin.
        if (entity.kind == EntityKind::kCountry && ModifiesActor(*st, m)) continue;
        w->Add(ClaimKind::kTargeting, source, e, info);
      }
    };
    if (lower.compare(from, 4, " by ") == 0) {
      // Passive: "The businesses believed to be targeted by the hackers
      // include educational institutions ...": the agent after "by", the
      // victims in the rest of the clause.
      std::optional<size_t> agent;
      for (size_t m : After(*st, info, from, 40)) {
        if (IsSubjectKind(st->E(st->M(m).entity).kind)) {
          agent = st->M(m).entity;
          break;
        }
      }
      if (!agent) continue;
      std::vector<size_t> victims = Before(*st, info, at);
      const auto& rest = After(*st, info, from, ObjectEnd(lower, from, info.cues) - from);
      victims.insert(victims.end(), rest.begin(), rest.end());
      add_targets(*agent, victims);
      continue;
    }
    std::optional<size_t> source;
    const auto& before = Before(*st, info, at);
    for (auto it = before.rbegin(); it != before.rend(); ++it) {
      size_t e = st->M(*it).entity;
      if (IsSubjectKind(st->E(e).kind)) {
        source = e;
        break;
      }
    }
    // No subject named: the topic, unless someone else is named before the
    // verb ("a cyberattack by China that sought to secure data from ...").
    if (!source && before.empty()) source = info.topic;
    if (!source) continue;
    add_targets(*source, After(*st, info, from, ObjectEnd(lower, from, info.cues) - from));
  }
}

void Compromise(DocState* st, const SentenceInfo& info, ClaimWriter* w) {
  static const PhraseSet<std::size(kCompromise)> kSet(PhraseIds(kCompromise));
  for (size_t i : SetBits(kSet.Present(*st, info.index))) {
    std::string_view phrase = kCompromise[i];
    for (size_t at = st->FindId(info.index, kSet.ids[i], phrase); at != std::string::npos;
         at = st->FindId(info.index, kSet.ids[i], phrase, at + 1)) {
      if (Negated(st->SentenceLower(info.index), at, info.cues)) continue;
      std::optional<size_t> source;
      for (size_t m : st->sentence_mentions[info.index]) {
        size_t rel = st->M(m).begin - info.base;
        size_t e = st->M(m).entity;
        if (rel <= at + 1 && IsSubjectKind(st->E(e).kind)) source = e;  // the last one before
      }
      if (!source) continue;
      std::optional<size_t> target;
      for (size_t m : After(*st, info, at + phrase.size(), 80)) {
        EntityKind k = st->E(st->M(m).entity).kind;
        if (k == EntityKind::kProduct || k == EntityKind::kVulnerability) {
          target = st->M(m).entity;
          w->Add(ClaimKind::kCompromise, *source, *target, info);
        }
      }
      if (!target) {
        auto product = st->event_product.find(*source);
        if (product != st->event_product.end()) {
          w->Add(ClaimKind::kCompromise, *source, product->second, info);
        }
      }
    }
  }
}

// Sectors named as victims: in the object of a targeting or compromise
// verb ("targeted trade secrets in aviation, defense ... industries",
// "compromises of government agencies, critical infrastructure"), or before
// its passive ("government networks were compromised"), whoever the
// subject is. They stay entities of the report without a claim of their
// own (DropUnclaimedSectors).
void MarkVictimSectors(DocState* st, const SentenceInfo& info) {
  bool any = false;
  for (size_t m : *info.parties) any = any || st->E(st->M(m).entity).kind == EntityKind::kSector;
  if (!any) return;
  static const PhraseSet<std::size(kTargeting)> kTargetSet(PhraseIds(kTargeting));
  static const PhraseSet<std::size(kCompromise)> kCompromiseSet(PhraseIds(kCompromise));
  std::string_view lower = st->SentenceLower(info.index);
  auto mark = [&](size_t at, std::string_view phrase) {
    if (Negated(lower, at, info.cues)) return;
    size_t from = at + phrase.size(), to = ObjectEnd(lower, from, info.cues);
    std::string_view head = lower.substr(0, at);
    bool passive = head.ends_with("were ") || head.ends_with("was ") || head.ends_with("been ") ||
                   head.ends_with("are ") || head.ends_with("is ") || head.ends_with("being ");
    for (size_t m : *info.parties) {
      size_t rel = st->M(m).begin - info.base;
      if ((rel >= from && rel < to) || (passive && rel < at)) st->victims.insert(st->M(m).entity);
    }
  };
  for (size_t i : SetBits(kTargetSet.Present(*st, info.index))) {
    size_t at = st->FindId(info.index, kTargetSet.ids[i], kTargeting[i]);
    if (at != std::string::npos) mark(at, kTargeting[i]);
  }
  for (size_t i : SetBits(kCompromiseSet.Present(*st, info.index))) {
    size_t at = st->FindId(info.index, kCompromiseSet.ids[i], kCompromise[i]);
    if (at != std::string::npos) mark(at, kCompromise[i]);
  }
}

// Groups said to overlap: the nearest group before the verb, and the groups
// of the verb's object.
void Related(DocState* st, const SentenceInfo& info, ClaimWriter* w) {
  static const PhraseSet<std::size(kRelated)> kSet(PhraseIds(kRelated));
  uint64_t present = kSet.Present(*st, info.index);
  if (present == 0) return;
  // Every verb of the sentence, in order ("A overlaps with B, and C shares
  // infrastructure with D"): a verb's object stops at the next verb's
  // subject. Where two phrases start together the longer is the verb.
  std::vector<std::pair<size_t, size_t>> verbs;  // (offset, length)
  for (size_t i : SetBits(present)) {
    for (size_t at = st->FindId(info.index, kSet.ids[i], kRelated[i]); at != std::string::npos;
         at = st->FindId(info.index, kSet.ids[i], kRelated[i], at + 1)) {
      verbs.emplace_back(at, kRelated[i].size());
    }
  }
  std::sort(verbs.begin(), verbs.end(), [](auto a, auto b) { return a.first < b.first || (a.first == b.first && a.second > b.second); });
  std::string_view lower = st->SentenceLower(info.index);
  auto group = [&](size_t e) {
    EntityKind k = st->E(e).kind;
    return k == EntityKind::kIntrusionSet || k == EntityKind::kMalware;
  };
  for (size_t v = 0; v < verbs.size(); ++v) {
    auto [at, length] = verbs[v];
    if (v > 0 && verbs[v - 1].first == at) continue;
    bool negated = Negated(lower, at, info.cues);
    std::optional<size_t> source;
    const auto& before = Before(*st, info, at);
    for (auto it = before.rbegin(); it != before.rend(); ++it) {
      if (group(st->M(*it).entity)) {
        source = st->M(*it).entity;
        break;
      }
    }
    if (!source) continue;
    size_t from = at + length, to = ObjectEnd(lower, from, info.cues);
    size_t next = v + 1;
    while (next < verbs.size() && verbs[next].first < from) ++next;
    if (next < verbs.size()) to = std::min(to, verbs[next].first);
    std::vector<size_t> objects;
    for (size_t m : After(*st, info, from, to - from)) {
      if (group(st->M(m).entity) && st->E(st->M(m).entity).kind == EntityKind::kIntrusionSet) objects.push_back(m);
    }
    // The last group before the next verb is that verb's subject.
    if (next < verbs.size() && !objects.empty()) objects.pop_back();
    for (size_t m : objects) {
      if (st->M(m).entity != *source) w->Add(ClaimKind::kRelated, *source, st->M(m).entity, info, negated);
    }
  }
}

// A sponsor named in the actor's noun phrase: "Chinese state-sponsored
// actors known as APT40", "Iranian government-sponsored APT actors, known
// as MuddyWater", "APT40, a Chinese state-backed group", "Russian APT28".
// The country is the actor's origin, as the sentence's speaker says.
bool SponsorWord(std::string_view w) {
  static constexpr std::string_view kWords[] = {
      "state-sponsored", "government-sponsored", "state-backed", "government-backed", "state-linked",
      "government-linked", "state-affiliated", "government-affiliated", "nation-state", "sponsored", "backed",
      "linked", "affiliated", "state-directed", "state-run"};
  return std::find(std::begin(kWords), std::end(kWords), w) != std::end(kWords);
}

bool ActorNoun(std::string_view w) {
  static constexpr std::string_view kWords[] = {
      "hacking", "hackers", "hacker", "group", "threat", "actor", "actors", "apt", "cyber", "espionage",
      "advanced", "persistent", "(apt)", "state", "military", "intelligence", "cyberespionage"};
  return std::find(std::begin(kWords), std::end(kWords), w) != std::end(kWords);
}

}  // namespace

bool ModifiesActor(const DocState& st, size_t m) {
  const EntityMention& mention = st.M(m);
  std::string_view lower = st.lower_text;
  size_t i = mention.end;
  if (i < lower.size() && (lower[i] == '-' || lower[i] == ' ')) ++i;
  size_t j = i;
  while (j < lower.size() && (AsciiAlnum(lower[j]) || lower[j] == '-')) ++j;
  std::string_view word = lower.substr(i, j - i);
  return SponsorWord(word) || (ActorNoun(word) && word != "military" && word != "intelligence");
}

namespace {

void Sponsor(DocState* st, const SentenceInfo& info, ClaimWriter* w) {
  const std::vector<size_t>& ms = *info.parties;
  std::string_view lower = st->SentenceLower(info.index);
  auto is_actor = [&](size_t m) {
    const Entity& e = st->E(st->M(m).entity);
    return IsActorKind(e.kind) && !IsOrgan(e);
  };
  for (size_t k = 0; k < ms.size(); ++k) {
    const EntityMention& c = st->M(ms[k]);
    const Entity& country = st->E(c.entity);
    if (country.kind != EntityKind::kCountry) continue;
    size_t rel_end = c.end - info.base;
    // The words after the country: a sponsor word, or actor nouns only.
    size_t i = rel_end;
    if (i < lower.size() && (lower[i] == '-' || lower[i] == ' ')) ++i;
    size_t j = i;
    while (j < lower.size() && (AsciiAlnum(lower[j]) || lower[j] == '-')) ++j;
    bool sponsored = SponsorWord(lower.substr(i, j - i));
    // "North Korean threat group", "Iranian hacking group": the country
    // qualifies a group, whose name may follow ("known as X").
    bool group_noun = ActorNoun(lower.substr(i, j - i));
    std::optional<size_t> actor;
    if (k + 1 < ms.size() && is_actor(ms[k + 1])) {
      size_t next = st->M(ms[k + 1]).begin - info.base;
      std::string_view gap = next > rel_end ? lower.substr(rel_end, next - rel_end) : std::string_view();
      bool naming = gap.find("known as ") != std::string_view::npos || gap.find("tracked as ") != std::string_view::npos ||
                    gap.find("dubbed ") != std::string_view::npos || gap.find("called ") != std::string_view::npos;
      if ((sponsored || (group_noun && naming)) && next > rel_end && next - rel_end <= 120 &&
          ObjectEnd(lower, rel_end, info.cues) > next) {
        actor = st->M(ms[k + 1]).entity;
      } else if (!sponsored && next > rel_end && next - rel_end <= 40) {
        // "Russian APT28", "North Korean hacking group Lazarus Group".
        bool nouns = true;
        size_t words = 0;
        for (size_t a = rel_end; a < next && nouns;) {
          while (a < next && lower[a] == ' ') ++a;
          size_t b = a;
          while (b < next && lower[b] != ' ') ++b;
          if (b > a) nouns = ActorNoun(lower.substr(a, b - a)) && ++words <= 4;
          a = b;
        }
        if (nouns) actor = st->M(ms[k + 1]).entity;
      }
    }
    if (!actor && (sponsored || group_noun) && k > 0 && is_actor(ms[k - 1]) && st->M(ms[k - 1]).end <= c.begin) {
      // "APT40, a Chinese state-sponsored group", "Kimsuky, another
      // suspected North Korean threat group".
      const EntityMention& prev = st->M(ms[k - 1]);
      std::string_view gap = lower.substr(prev.end - info.base, c.begin - prev.end);
      static constexpr std::string_view kLinks[] = {"a", "an", "the", "another", "suspected", "alleged", "likely",
                                                    "is", "are", "was", "reportedly", "believed", "to", "be"};
      bool links = gap.starts_with(", ") || gap.starts_with(" is ") || gap.starts_with(" was ");
      for (size_t a = 0; links && a < gap.size();) {
        while (a < gap.size() && (gap[a] == ' ' || gap[a] == ',')) ++a;
        size_t b = a;
        while (b < gap.size() && gap[b] != ' ' && gap[b] != ',') ++b;
        if (b > a) links = std::find(std::begin(kLinks), std::end(kLinks), gap.substr(a, b - a)) != std::end(kLinks);
        a = b;
      }
      if (links && gap.size() <= 40) actor = prev.entity;
    }
    if (actor) w->Add(ClaimKind::kAttribution, *actor, c.entity, info);
  }
}

// "the actor is likely Russian in origin": the subject before the country.
void Origin(DocState* st, const SentenceInfo& info, ClaimWriter* w) {
  static constexpr std::string_view kInOrigin[] = {"in origin"};
  static const PhraseSet<1> kSet(PhraseIds(kInOrigin));
  if (kSet.Present(*st, info.index) == 0) return;
  size_t at = st->FindId(info.index, kSet.ids[0], kInOrigin[0]);
  if (at == std::string::npos) return;
  const std::vector<size_t>& before = Before(*st, info, at);
  if (before.empty()) return;
  const EntityMention& country = st->M(before.back());
  if (st->E(country.entity).kind != EntityKind::kCountry || info.base + at - country.end > 1) return;
  for (auto it = before.rbegin() + 1; it != before.rend(); ++it) {
    size_t e = st->M(*it).entity;
    if (IsSubjectKind(st->E(e).kind)) {
      w->Add(ClaimKind::kAttribution, e, country.entity, info);
      return;
    }
  }
}

void Uses(DocState* st, const SentenceInfo& info, ClaimWriter* w) {
  static const PhraseSet<std::size(kUses)> kSet(PhraseIds(kUses));
  for (size_t i : SetBits(kSet.Present(*st, info.index))) {
    std::string_view phrase = kUses[i];
    size_t at = st->FindId(info.index, kSet.ids[i], phrase);
    if (at == std::string::npos || Negated(st->SentenceLower(info.index), at, info.cues)) continue;
    std::optional<size_t> source;
    for (size_t m : Before(*st, info, at)) {
      size_t e = st->M(m).entity;
      if (IsSubjectKind(st->E(e).kind)) source = e;
    }
    if (!source) continue;
    for (size_t m : After(*st, info, at + phrase.size(), 200)) {
      size_t e = st->M(m).entity;
      EntityKind k = st->E(e).kind;
      if (k != EntityKind::kMalware && k != EntityKind::kTool && k != EntityKind::kAttackPattern) continue;
      if (e != *source) w->Add(ClaimKind::kUses, *source, e, info);
    }
  }
}

bool IsOrgan(const Entity& e) {
  return (e.kind == EntityKind::kThreatActor && (e.flags & kStateActor)) ||
         (e.kind == EntityKind::kOrganization && (e.flags & kGovernment) && !(e.flags & kCollective));
}

bool OneOf(std::string_view w, std::initializer_list<std::string_view> words) {
  return std::find(words.begin(), words.end(), w) != words.end();
}
template <size_t N>
bool OneOf(std::string_view w, const std::string_view (&words)[N]) {
  return std::find(std::begin(words), std::end(words), w) != std::end(words);
}

// The words of a gap: how many, and the first few (PartOfGap reads at most
// six; it needs no allocation per pair of mentions).
class GapWordList {
 public:
  size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  std::string_view operator[](size_t i) const { return kept_[i]; }  // i < kKept
  void push_back(std::string_view w) {
    if (count_ < kKept) kept_[count_] = w;
    ++count_;
  }

 private:
  static constexpr size_t kKept = 8;
  std::array<std::string_view, kKept> kept_;
  size_t count_ = 0;
};

// Words of `gap` (lower-case), split at spaces and commas, a parenthesised
// abbreviation dropped ("(hssd)").
GapWordList GapWords(std::string_view gap) {
  GapWordList words;
  size_t i = 0;
  while (i < gap.size()) {
    if (gap[i] == ' ' || gap[i] == ',' || gap[i] == ')') {  // ")": the rest of "(HSSD)"
      ++i;
      continue;
    }
    if (gap[i] == '(') {
      size_t close = gap.find(')', i);
      if (close == std::string_view::npos) break;
      i = close + 1;
      continue;
    }
    size_t j = i;
    while (j < gap.size() && gap[j] != ' ' && gap[j] != ',') ++j;
    words.push_back(gap.substr(i, j - i));
    i = j;
  }
  return words;
}

// "A, a provincial arm of the B", "A (HSSD), part of B", "A within the B",
// "A's regional B office": A is part of B.
bool PartOfGap(std::string_view gap, std::string_view after_b) {
  static constexpr std::string_view kAdjectives[] = {
      "provincial", "regional", "local", "municipal", "foreign", "domestic", "military", "specific"};
  static constexpr std::string_view kUnits[] = {
      "arm", "branch", "office", "bureau", "unit", "division", "component", "element", "elements",
      "department", "subordinate", "part", "section", "directorate"};
  if (gap.starts_with("'s ") || gap.starts_with("\xE2\x80\x99s ")) {
    // "A's regional B office": the office is B's, and A's.
    GapWordList words = GapWords(gap.substr(gap.find(' ')));
    if (words.size() > 1 || (words.size() == 1 && !OneOf(words[0], kAdjectives))) return false;
    GapWordList next = GapWords(after_b.substr(0, std::min<size_t>(after_b.size(), 12)));
    return !next.empty() && OneOf(next[0], {"office", "bureau", "branch", "unit", "department"});
  }
  GapWordList words = GapWords(gap);
  size_t i = 0;
  if (i < words.size() && OneOf(words[i], {"is", "was", "are", "were"})) ++i;
  if (i < words.size() && OneOf(words[i], {"a", "an", "the"})) ++i;
  if (i < words.size() && OneOf(words[i], kAdjectives)) ++i;
  bool unit = i < words.size() && OneOf(words[i], kUnits);
  if (unit) ++i;
  if (i >= words.size() || !OneOf(words[i], unit ? std::initializer_list<std::string_view>{"of", "within", "in"}
                                                 : std::initializer_list<std::string_view>{"within"})) {
    return false;
  }
  ++i;
  if (i < words.size() && words[i] == "the") ++i;
  return i == words.size();
}

// What the text's naming says about state organs: their parent organ and
// their country. Claims of the publication, without confidence.
void Structure(DocState* st, const SentenceInfo& info, ClaimWriter* w) {
  const std::vector<size_t>& ms = st->sentence_mentions[info.index];
  std::string_view lower = st->lower_text;
  SentenceInfo plain = info;
  plain.claimant = kPublication;
  plain.plain = true;
  for (size_t m : ms) {
    // An organ named with its country in the name as written ("the Russian
    // Federal Security Service", "Russian military intelligence").
    const EntityMention& o = st->M(m);
    const Entity& organ = st->E(o.entity);
    if (organ.kind != EntityKind::kThreatActor || !(organ.flags & kStateActor) || organ.code.size() != 2) continue;
    std::string_view surface = st->Text().substr(o.begin, o.end - o.begin);
    size_t space = surface.find(' ');
    if (space == std::string_view::npos) continue;
    for (uint32_t k : st->gazetteer->Lookup(surface.substr(0, space))) {
      const GazetteerEntry& entry = st->gazetteer->entries()[k];
      if (entry.kind == EntityKind::kCountry && entry.code == organ.code) {
        w->Add(ClaimKind::kStructure, o.entity, st->AddEntity(entry), plain);
        break;
      }
    }
  }
  for (size_t i = 0; i + 1 < ms.size(); ++i) {
    const EntityMention& a = st->M(ms[i]);
    const EntityMention& b = st->M(ms[i + 1]);
    if (b.begin < a.end || b.begin - a.end > 60 || a.entity == b.entity) continue;
    const Entity& ea = st->E(a.entity);
    const Entity& eb = st->E(b.entity);
    std::string_view gap = lower.substr(a.end, b.begin - a.end);
    if (eb.kind == EntityKind::kCountry && ea.kind == EntityKind::kThreatActor && (ea.flags & kStateActor)) {
      // "the Reconnaissance General Bureau -- North Korea's primary
      // military intelligence organization": an appositive naming its
      // country.
      std::string_view after = lower.substr(b.end, 3);
      bool apposition = gap == ", " || gap == ", the " || gap == " \xE2\x80\x94 " || gap == " - " ||
                        gap == " -- " || gap == " (";
      if (apposition && (after.starts_with("'s ") || after.starts_with("\xE2\x80\x99"))) {
        w->Add(ClaimKind::kStructure, a.entity, b.entity, plain);
      }
      continue;
    }
    if (ea.kind == EntityKind::kCountry && eb.kind == EntityKind::kThreatActor && (eb.flags & kStateActor)) {
      // "China's MSS", "the Chinese Ministry of State Security".
      std::string_view surface = st->Text().substr(a.begin, a.end - a.begin);
      bool possessive = gap == "'s " || gap == "\xE2\x80\x99s ";
      bool demonym = gap == " " && surface != ea.name;
      if (possessive || demonym) w->Add(ClaimKind::kStructure, b.entity, a.entity, plain);
      continue;
    }
    if (IsOrgan(ea) && IsOrgan(eb) && PartOfGap(gap, lower.substr(b.end, info.base + st->SentenceText(info.index).size() - b.end))) {
      w->Add(ClaimKind::kStructure, a.entity, b.entity, plain);
    }
  }
}

}  // namespace

void AddClaimPhrases(std::vector<std::string_view>* out) {
  for (const Trigger& t : kAttribution) out->push_back(t.phrase);
  out->insert(out->end(), std::begin(kTargeting), std::end(kTargeting));
  out->insert(out->end(), std::begin(kCompromise), std::end(kCompromise));
  out->insert(out->end(), std::begin(kUses), std::end(kUses));
  out->insert(out->end(), std::begin(kRelated), std::end(kRelated));
  out->push_back("to");
  out->push_back("in origin");
}

void ExtractClaims(DocState* st) {
  // Room for as many claims as the thread's previous document made: a Claim
  // holds four strings, and each reallocation moved all of them.
  thread_local size_t claim_hint = 16;
  st->out->claims.reserve(claim_hint);
  ClaimWriter writer(st);
  size_t quote_claimant = kPublication;
  std::vector<size_t> parties;
  std::optional<size_t> topic;
  size_t topic_sentence = 0;
  for (size_t s = 0; s < st->out->sentences.size(); ++s) {
    SentenceInfo info;
    info.index = s;
    info.base = st->out->sentences[s].begin;
    // Every stage below needs a mention in the sentence (a claim's source;
    // a charge adds its own): most sentences of a report have none. Their
    // speaker only matters when they quote (a quote carries its speaker to
    // the next sentence), and without mentions finding it changes nothing.
    bool no_mentions = st->sentence_mentions[s].empty();
    if (no_mentions && !HasQuote(st->SentenceText(s))) continue;
    bool has_quote = false;
    info.claimant = FindClaimant(st, s, quote_claimant, &has_quote);
    if (has_quote) quote_claimant = info.claimant;
    if (no_mentions) continue;
    parties.clear();
    for (size_t m : st->sentence_mentions[s]) {
      if (!Nested(*st, s, m)) parties.push_back(m);
    }
    info.parties = &parties;
    info.cues = CuesOf(*st, s);
    if (topic && s - topic_sentence <= 2) info.topic = topic;
    for (const ChargeRecord& charge : st->charges) {
      if (charge.sentence != s) continue;
      st->charge_claimants.push_back(info.claimant);
      SentenceInfo charge_info = info;
      writer.Add(ClaimKind::kCharge, charge.campaign, charge.actor, charge_info);
      if (charge.affiliated) writer.Add(ClaimKind::kCharge, charge.campaign, *charge.affiliated, charge_info);
      if (charge.country) writer.Add(ClaimKind::kCharge, charge.actor, *charge.country, charge_info);
    }
    Attribution(st, info, &writer);
    Targeting(st, info, &writer);
    Compromise(st, info, &writer);
    Uses(st, info, &writer);
    Related(st, info, &writer);
    Sponsor(st, info, &writer);
    MarkVictimSectors(st, info);
    Origin(st, info, &writer);
    Structure(st, info, &writer);
    for (size_t m : parties) {
      const Entity& e = st->E(st->M(m).entity);
      if (e.kind == EntityKind::kIntrusionSet || e.kind == EntityKind::kCampaign ||
          (e.kind == EntityKind::kThreatActor && !IsOrgan(e))) {
        topic = st->M(m).entity;
        topic_sentence = s;
      }
    }
  }
  claim_hint = std::max<size_t>(16, st->out->claims.size());
}

}  // namespace rampart::extract::internal
