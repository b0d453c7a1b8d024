// Who makes the claims of a sentence: the speaker of its reporting verb.
#include <algorithm>

#include "claims/claimant.h"

namespace rampart::extract::internal {
namespace {

constexpr std::string_view kVerbs[] = {
    "said", "says", "say", "stated", "states", "announced", "added", "wrote", "warned", "noted",
    "alleges", "alleged", "assessed", "assesses", "assess", "believes", "believe", "concluded",
    "reported", "disclosed", "attributed", "attributes", "attribute", "blamed", "blaming", "named", "identified",
    "described", "charged", "indicted", "accused", "put out", "placing the blame", "acknowledgment",
    "acknowledged", "confirmed", "determined", "revealed", "published", "issued", "according to",
    "expressed", "decried", "condemned", "observed", "judge", "judges", "assesses with",
};

bool Eligible(const Entity& e) {
  return (e.kind == EntityKind::kOrganization) || e.kind == EntityKind::kCountry;
}

// A speaker: an organisation, or a country not used to qualify an actor
// ("The PRC state-sponsored group ... the agencies believe").
bool Speaker(const DocState& st, size_t m) {
  const Entity& e = st.E(st.M(m).entity);
  return Eligible(e) && !(e.kind == EntityKind::kCountry && ModifiesActor(st, m));
}

}  // namespace

void AddClaimantPhrases(std::vector<std::string_view>* out) {
  out->insert(out->end(), std::begin(kVerbs), std::end(kVerbs));
  out->push_back("the indictment");
}

std::vector<std::pair<size_t, size_t>> QuoteRegions(std::string_view sentence) {
  std::vector<std::pair<size_t, size_t>> out;
  QuoteRegions(sentence, &out);
  return out;
}

void QuoteRegions(std::string_view sentence, std::vector<std::pair<size_t, size_t>>* out) {
  out->clear();
  size_t open = std::string_view::npos;
  // Only '"' and the lead byte of the curly quotes can start a quote mark:
  // the next of each is found with memchr (both kept until passed), not by
  // testing every byte.
  size_t next_ascii = sentence.find('"'), next_curly = sentence.find('\xE2');
  while (true) {
    size_t i = std::min(next_ascii, next_curly);
    if (i == std::string_view::npos) break;
    char c = sentence[i];
    bool left = sentence.compare(i, 3, "\xE2\x80\x9C") == 0;
    bool right = sentence.compare(i, 3, "\xE2\x80\x9D") == 0;
    bool ascii = c == '"';
    if (left || (ascii && open == std::string_view::npos)) {
      open = i;
    } else if ((right || ascii) && open != std::string_view::npos) {
      out->emplace_back(open, i + (right ? 3 : 1));
      open = std::string_view::npos;
    }
    if (ascii) {
      next_ascii = sentence.find('"', i + 1);
    } else {
      next_curly = sentence.find('\xE2', i + 1);
    }
  }
  // A quote that runs to the end of the sentence (continued in the next one).
  if (open != std::string_view::npos) out->emplace_back(open, sentence.size());
}

bool HasQuote(std::string_view sentence) {
  return sentence.find('"') != std::string_view::npos || sentence.find("\xE2\x80\x9C") != std::string_view::npos;
}

size_t GovernmentOf(DocState* st, size_t country) {
  const Entity& c = st->E(country);
  for (std::string name : {"Government of " + c.name, "Government of the " + c.name, c.code + " government"}) {
    for (uint32_t k : st->gazetteer->Lookup(name)) {
      const GazetteerEntry& entry = st->gazetteer->entries()[k];
      if (entry.kind == EntityKind::kOrganization) return st->AddEntity(entry);
    }
  }
  Entity gov;
  gov.kind = EntityKind::kOrganization;
  gov.name = "Government of " + c.name;
  gov.stix_id = DeterministicId("identity", gov.name);
  gov.code = c.code;
  gov.flags = kGovernment;
  gov.extracted = true;
  return st->AddEntity(std::move(gov));
}

size_t FindClaimant(DocState* st, size_t s, size_t previous_quote_claimant,
                    bool* has_quote) {
  size_t base = st->out->sentences[s].begin;
  std::string_view sentence = st->SentenceText(s);
  thread_local std::vector<std::pair<size_t, size_t>> quotes;
  QuoteRegions(sentence, &quotes);
  *has_quote = !quotes.empty();
  auto in_quote = [&](size_t rel) {
    for (auto& [b, e] : quotes) {
      if (rel >= b && rel < e) return true;
    }
    return false;
  };
  size_t verb = std::string::npos;
  std::string_view verb_word;
  static const PhraseSet<std::size(kVerbs)> kVerbSet(PhraseIds(kVerbs));
  for (size_t i : SetBits(kVerbSet.Present(*st, s))) {
    std::string_view v = kVerbs[i];
    for (size_t at = st->FindId(s, kVerbSet.ids[i], v); at != std::string::npos;
         at = st->FindId(s, kVerbSet.ids[i], v, at + 1)) {
      if (in_quote(at)) continue;
      if (at < verb) {
        verb = at;
        verb_word = v;
      }
      break;
    }
  }
  const std::vector<size_t>& mentions = st->sentence_mentions[s];
  auto resolve = [&](size_t entity) {
    return st->E(entity).kind == EntityKind::kCountry ? GovernmentOf(st, entity) : entity;
  };
  if (verb != std::string::npos) {
    // A report of speech after a comma ("APT40 targeted networks in
    // Australia, the agencies of the UK and Canada said"): the speaker is in
    // the verb's own clause, not in the statement before it -- unless the
    // sentence opens with a speaker ("The FBI, CISA and NSA stated").
    size_t clause = sentence.rfind(',', verb);
    bool opens_with_speaker = false;
    for (size_t m : mentions) {
      if (in_quote(st->M(m).begin - base)) continue;
      opens_with_speaker = Speaker(*st, m);
      break;
    }
    if (clause != std::string_view::npos && !in_quote(clause) && !opens_with_speaker) {
      for (size_t m : mentions) {
        const EntityMention& mention = st->M(m);
        size_t rel = mention.begin - base;
        if (rel >= verb) break;
        if (rel > clause && !in_quote(rel) && Speaker(*st, m)) return resolve(mention.entity);
      }
    }
    for (size_t m : mentions) {
      const EntityMention& mention = st->M(m);
      size_t rel = mention.begin - base;
      if (rel >= verb) break;
      if (in_quote(rel)) continue;
      // After the actor of a statement comes its object, not its speaker
      // ("APT41 targeted Australia ..., the agencies believe").
      EntityKind kind = st->E(mention.entity).kind;
      if (IsActorKind(kind) || kind == EntityKind::kCampaign) break;
      if (!Speaker(*st, m)) continue;
      return resolve(mention.entity);
    }
    // "said GAC", "according to the NCSC".
    for (size_t m : mentions) {
      const EntityMention& mention = st->M(m);
      size_t rel = mention.begin - base;
      if (rel < verb + verb_word.size() || rel > verb + verb_word.size() + 12) continue;
      if (!in_quote(rel) && Speaker(*st, m)) return resolve(mention.entity);
    }
    // The agent of a passive report: "was attributed to HAFNIUM by
    // Microsoft", "identified by the NCSC". Organisations only: "hackers
    // backed by China" names a sponsor, not a speaker.
    std::string_view lower = st->SentenceLower(s);
    for (size_t m : mentions) {
      const EntityMention& mention = st->M(m);
      size_t rel = mention.begin - base;
      if (rel < verb + verb_word.size() || in_quote(rel)) continue;
      if (st->E(mention.entity).kind != EntityKind::kOrganization) continue;
      std::string_view head = lower.substr(0, rel);
      if (head.ends_with(" the ")) head.remove_suffix(4);
      if (head.ends_with(" by ")) return mention.entity;
    }
    // "The indictment ... alleges": whoever brought the last charges.
    size_t ind = st->Find(s, "the indictment");
    if (ind != std::string::npos && ind < verb && !st->charges.empty()) {
      return st->charge_claimants.empty() ? kPublication : st->charge_claimants.back();
    }
  }
  // A quote continued from the previous sentence keeps its speaker.
  if (verb == std::string::npos && (sentence.starts_with("\xE2\x80\x9C") || sentence.starts_with("\""))) {
    return previous_quote_claimant;
  }
  return kPublication;
}

}  // namespace rampart::extract::internal
