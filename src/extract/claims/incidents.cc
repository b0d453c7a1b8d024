// Stage 2: incidents named after what was hit ("the hack of Microsoft email
// software" -> "Microsoft Exchange Server compromise") and references back to
// earlier entities ("the attack", "the group", "the company").
#include <algorithm>
#include <cctype>
#include <optional>

#include "claims/pipeline.h"

namespace rampart::extract::internal {
namespace {

constexpr std::string_view kIncidentNouns[] = {"hack", "hacking", "compromise", "breach", "attack",
                                               "cyberattack", "cyber attack", "intrusion", "exploitation"};

// References back to an earlier entity of the carried kind.
struct Ref {
  std::string_view phrase;
  int what;  // 0 event, 1 group, 2 actor, 3 company, 4 department
};
constexpr Ref kRefs[] = {
    {"the attack", 0}, {"the hack", 0}, {"the compromise", 0}, {"the breach", 0},
    {"the intrusion", 0}, {"the intrusions", 0}, {"the cyberattack", 0}, {"the operation", 0},
    {"the incident", 0}, {"this attack", 0}, {"the campaign", 0},
    {"the group", 1}, {"this group", 1}, {"the hackers", 2}, {"the attackers", 2},
    {"the actors", 2}, {"the threat actor", 2}, {"the threat actors", 2}, {"the actor", 2},
    {"cyber group", 1}, {"hacking group", 1}, {"threat group", 1}, {"espionage group", 1}, {"apt group", 1},
    {"this actor", 2}, {"these actors", 2}, {"the cyber actors", 2}, {"the operators", 2},
    {"the company", 3}, {"the firm", 3}, {"the department", 4}, {"the agency", 4},
    {"the ministry", 4},
};

constexpr std::string_view kChargeVerbs[] = {"charged", "indicted", "indictment of", "charges against", "accused"};

struct Carry {
  std::optional<size_t> event, intrusion_set, actor, company, department;
};

void Update(const DocState& st, size_t entity, Carry* c) {
  const Entity& e = st.E(entity);
  if (e.kind == EntityKind::kCampaign) c->event = entity;
  if (e.kind == EntityKind::kIntrusionSet) c->intrusion_set = c->actor = entity;
  if (e.kind == EntityKind::kThreatActor && !(e.flags & kStateActor)) c->actor = entity;
  if (e.kind == EntityKind::kOrganization && (e.flags & kCompany)) c->company = entity;
  if (e.kind == EntityKind::kOrganization && (e.flags & kGovernment) && !(e.flags & kCollective)) {
    c->department = entity;
  }
}

size_t NewIncident(DocState* st, size_t target, EntityKind kind, const std::string& target_name,
                   const std::string& name);

// The incident an entity names: a product's compromise, or a company's.
size_t IncidentFor(DocState* st, size_t target, const Carry& carry) {
  // Copies: AddEntity below may grow the entity vector and move the target.
  struct {
    EntityKind kind;
    std::string name;
  } t{st->E(target).kind, st->E(target).name};
  std::string name;
  if (t.kind == EntityKind::kProduct) {
    name = t.name + " compromise";
  } else {
    // A company: the incident of one of its products. "The Microsoft attack"
    // in an article about the hack of Microsoft Exchange is that hack, even
    // where the company is named before the product (the text's incidents
    // are found in order, its products all at once in stage 1).
    for (const auto& [event, product] : st->event_product) {
      if (st->E(product).code == t.name) return event;
    }
    std::optional<size_t> product;
    for (const EntityMention& mention : st->out->mentions) {
      const Entity& e = st->E(mention.entity);
      if (e.kind == EntityKind::kProduct && !e.code.empty() && e.code == t.name) {
        product = mention.entity;
        break;
      }
    }
    if (product) return IncidentFor(st, *product, carry);
    name = t.name + " compromise";
  }
  // Named once per document: the lookup and the id (a SHA-1) are not redone
  // for every "the attack".
  if (auto it = st->incident_by_name.find(name); it != st->incident_by_name.end()) return it->second;
  size_t e = NewIncident(st, target, t.kind, t.name, name);
  st->incident_by_name.emplace(name, e);
  return e;
}

size_t NewIncident(DocState* st, size_t target, EntityKind kind, const std::string& target_name,
                   const std::string& name) {
  std::vector<uint32_t> known = st->gazetteer->Lookup(name);
  for (uint32_t k : known) {
    const GazetteerEntry& entry = st->gazetteer->entries()[k];
    if (entry.kind != EntityKind::kCampaign) continue;
    size_t e = st->AddEntity(entry);
    if (kind == EntityKind::kProduct) st->event_product.emplace(e, target);
    return e;
  }
  Entity event;
  event.kind = EntityKind::kCampaign;
  event.stix_id = DeterministicId("campaign", name);
  event.name = name;
  event.extracted = true;
  event.description = "An incident named in a report by what was compromised (" + target_name + ").";
  size_t e = st->AddEntity(std::move(event));
  if (kind == EntityKind::kProduct) st->event_product.emplace(e, target);
  return e;
}

constexpr std::string_view kNumbers[] = {"two", "three", "four", "five", "six", "seven", "eight", "nine",
                                          "ten", "eleven", "twelve", "several", "dozens of", "a dozen"};
constexpr std::string_view kPeople[] = {"nationals", "individuals", "hackers", "officers", "officials",
                                        "men", "people", "citizens", "residents", "defendants", "members", "operatives"};

bool IsDigits(std::string_view w) {
  return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "charged four Chinese nationals affiliated with the Ministry of State
// Security with a campaign ..." -> entities and a ChargeRecord.
void FindCharges(DocState* st, size_t s, std::string_view sentence, std::string_view lower) {
  size_t base = st->out->sentences[s].begin;
  static const PhraseSet<std::size(kChargeVerbs)> kVerbSet(PhraseIds(kChargeVerbs));
  for (size_t i : SetBits(kVerbSet.Present(*st, s))) {
    std::string_view verb = kChargeVerbs[i];
    size_t at = st->FindId(s, kVerbSet.ids[i], verb);
    if (at == std::string::npos) continue;
    size_t from = at + verb.size() + 1;
    // The number, within a few words of the verb.
    size_t num_at = std::string::npos, num_end = 0;
    for (size_t p = from; p < lower.size() && p < from + 40; ++p) {
      // Numbers (words or digits) start with a letter or digit at a word start.
      if (!AsciiAlnum(lower[p]) || (p > 0 && AsciiAlnum(lower[p - 1]))) continue;
      for (std::string_view n : kNumbers) {
        if (lower.compare(p, n.size(), n) == 0 && st->Find(s, n, p) == p) {
          num_at = p;
          num_end = p + n.size();
          break;
        }
      }
      if (num_at == std::string::npos && AsciiDigit(lower[p])) {
        size_t q = p;
        while (q < lower.size() && AsciiDigit(lower[q])) ++q;
        if (IsDigits(lower.substr(p, q - p)) && q - p <= 3) {
          num_at = p;
          num_end = q;
        }
      }
      if (num_at != std::string::npos) break;
    }
    if (num_at == std::string::npos) continue;
    // The people noun within three words.
    size_t noun_end = std::string::npos;
    for (std::string_view noun : kPeople) {
      size_t n = st->Find(s, noun, num_end);
      if (n == std::string::npos) continue;
      std::string_view gap = std::string_view(lower).substr(num_end, n - num_end);
      if (std::count(gap.begin(), gap.end(), ' ') > 3) continue;
      noun_end = std::min(noun_end, n + noun.size());
    }
    if (noun_end == std::string::npos) continue;
    ChargeRecord record;
    record.sentence = s;
    record.trigger = base + at;
    // "nationals and residents of the People's Republic of China": a second
    // people noun and the country belong to who was charged.
    constexpr std::string_view kAnd = " and ";
    for (std::string_view noun : kPeople) {
      size_t size = kAnd.size() + noun.size();
      if (lower.compare(noun_end, kAnd.size(), kAnd) == 0 && lower.compare(noun_end + kAnd.size(), noun.size(), noun) == 0 &&
          (noun_end + size == lower.size() || !AsciiAlnum(lower[noun_end + size]))) {
        noun_end += size;
        break;
      }
    }
    for (std::string_view of : {" of the ", " of "}) {
      if (lower.compare(noun_end, of.size(), of) != 0) continue;
      for (size_t m : st->sentence_mentions[s]) {
        const EntityMention& mention = st->M(m);
        if (mention.begin - base != noun_end + of.size()) continue;
        if (st->E(mention.entity).kind != EntityKind::kCountry) continue;
        record.country = mention.entity;
        noun_end = mention.end - base;
        break;
      }
      break;
    }
    size_t phrase_end = noun_end;
    for (size_t m : st->sentence_mentions[s]) {
      const EntityMention& mention = st->M(m);
      size_t rel = mention.begin - base;
      const Entity& e = st->E(mention.entity);
      if (rel >= num_at && rel < noun_end && e.kind == EntityKind::kCountry && !record.country) {
        record.country = mention.entity;
      }
      if (rel >= noun_end && rel <= noun_end + 30 && IsActorKind(e.kind) && !record.affiliated) {
        std::string_view link = std::string_view(lower).substr(noun_end, rel - noun_end);
        if (link.find("affiliated with") != std::string::npos || link.find("working for") != std::string::npos ||
            link.find("of the") != std::string::npos || link.find("from the") != std::string::npos ||
            link.find("officers of") != std::string::npos) {
          record.affiliated = mention.entity;
          phrase_end = mention.end - base;
        }
      }
    }
    std::string phrase(sentence.substr(num_at, phrase_end - num_at));
    phrase[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(phrase[0])));
    std::optional<int> first, last;
    FindYears(sentence, &first, &last);
    Entity actor;
    actor.kind = EntityKind::kThreatActor;
    actor.name = phrase;
    actor.stix_id = DeterministicId("threat-actor", phrase);
    actor.extracted = true;
    actor.flags |= kDescriptiveName;
    actor.description = "Individuals charged, as a report quotes: \"" + std::string(sentence) + "\"";
    if (record.country) actor.code = st->E(*record.country).code;
    record.actor = st->AddEntity(std::move(actor));
    st->AddMention(base + num_at, base + phrase_end, record.actor, s, /*names_it=*/false);
    Entity campaign;
    campaign.kind = EntityKind::kCampaign;
    campaign.name = "Campaign of " + std::string(sentence.substr(num_at, phrase_end - num_at));
    if (first) campaign.name += " (" + std::to_string(*first) + (last && *last != *first ? "-" + std::to_string(*last) : "") + ")";
    campaign.stix_id = DeterministicId("campaign", campaign.name);
    campaign.extracted = true;
    campaign.flags |= kDescriptiveName;
    campaign.first_year = first;
    campaign.last_year = last;
    campaign.description = "The activity individuals were charged with, as a report quotes: \"" +
                           std::string(sentence) + "\"";
    record.campaign = st->AddEntity(std::move(campaign));
    size_t word = st->Find(s, "campaign", phrase_end);
    if (word == std::string::npos) word = st->Find(s, "conspiracy", phrase_end);
    // Without a word of its own ("charges against four MSS hackers who
    // targeted ..."), the activity is implied by the charge verb and placed
    // there, before the people: what they did afterwards is theirs.
    size_t cbegin = word != std::string::npos ? word : at;
    size_t cend = word != std::string::npos ? word + 8 : at;
    st->AddMention(base + cbegin, base + cend, record.campaign, s, /*names_it=*/false);
    st->charges.push_back(record);
    return;
  }
}

bool IsIncidentTarget(const Entity& e) {
  return e.kind == EntityKind::kProduct || (e.kind == EntityKind::kOrganization && (e.flags & kCompany));
}

}  // namespace

void AddIncidentPhrases(std::vector<std::string_view>* out) {
  out->insert(out->end(), std::begin(kIncidentNouns), std::end(kIncidentNouns));
  out->insert(out->end(), std::begin(kNumbers), std::end(kNumbers));
  out->insert(out->end(), std::begin(kPeople), std::end(kPeople));
  out->insert(out->end(), std::begin(kChargeVerbs), std::end(kChargeVerbs));
  for (const Ref& ref : kRefs) out->push_back(ref.phrase);
  out->push_back("campaign");
  out->push_back("conspiracy");
}

void RecognizeIncidentsAndReferences(DocState* st) {
  Carry carry;
  // Per-sentence lists, their capacity kept across sentences.
  std::vector<size_t> mentions, ordered;
  std::vector<std::pair<size_t, const Ref*>> found;
  for (size_t s = 0; s < st->out->sentences.size(); ++s) {
    std::string_view sentence = st->SentenceText(s);
    size_t base = st->out->sentences[s].begin;
    std::string_view lower = st->SentenceLower(s);
    // The mentions before this sentence's incidents (a copy: AddMention
    // below inserts into the sentence's list), in a buffer kept across
    // sentences.
    mentions.assign(st->sentence_mentions[s].begin(), st->sentence_mentions[s].end());
    // Pattern A: "<noun> of|on|against <... up to 40 bytes> <product|company>".
    static const PhraseSet<std::size(kIncidentNouns)> kNounSet(PhraseIds(kIncidentNouns));
    const uint64_t nouns = kNounSet.Present(*st, s);
    for (size_t i : SetBits(nouns)) {
      std::string_view noun = kIncidentNouns[i];
      for (size_t at = st->FindId(s, kNounSet.ids[i], noun); at != std::string::npos;
           at = st->FindId(s, kNounSet.ids[i], noun, at + 1)) {
        size_t after = at + noun.size();
        for (std::string_view prep : {" of ", " on ", " against ", " targeting "}) {
          if (lower.compare(after, prep.size(), prep) != 0) continue;
          for (size_t m : mentions) {
            const EntityMention& mention = st->M(m);
            size_t rel = mention.begin - base;
            if (rel < after || rel > after + prep.size() + 40) continue;
            if (!IsIncidentTarget(st->E(mention.entity))) continue;
            size_t event = IncidentFor(st, mention.entity, carry);
            st->AddMention(base + at, mention.end, event, s, /*names_it=*/false);
            carry.event = event;
            break;
          }
        }
      }
    }
    // Pattern B: "<product|company> [word] <noun>" ("the Microsoft hack").
    for (size_t m : mentions) {
      const EntityMention& mention = st->M(m);
      if (!IsIncidentTarget(st->E(mention.entity))) continue;
      size_t rel = mention.end - base;
      for (size_t i : SetBits(nouns)) {
        std::string_view noun = kIncidentNouns[i];
        size_t at = st->FindId(s, kNounSet.ids[i], noun, rel);
        if (at == std::string::npos || at > rel + 12) continue;
        // At most one word between.
        std::string_view gap = std::string_view(lower).substr(rel, at - rel);
        size_t spaces = std::count(gap.begin(), gap.end(), ' ');
        if (spaces < 1 || spaces > 2) continue;
        size_t event = IncidentFor(st, mention.entity, carry);
        st->AddMention(mention.begin, base + at + noun.size(), event, s, /*names_it=*/false);
        carry.event = event;
        break;
      }
    }
    FindCharges(st, s, sentence, lower);
    // References back. Walk the sentence's phrases in text order with the
    // carried state updated by every mention before them.
    found.clear();
    static const PhraseSet<std::size(kRefs)> kRefSet(PhraseIds(kRefs, [](const Ref& r) { return r.phrase; }));
    for (size_t i : SetBits(kRefSet.Present(*st, s))) {
      const Ref& ref = kRefs[i];
      for (size_t at = st->FindId(s, kRefSet.ids[i], ref.phrase); at != std::string::npos;
           at = st->FindId(s, kRefSet.ids[i], ref.phrase, at + 1)) {
        found.emplace_back(at, &ref);
      }
    }
    std::sort(found.begin(), found.end());
    ordered.assign(st->sentence_mentions[s].begin(), st->sentence_mentions[s].end());
    size_t next = 0;
    for (auto& [at, ref] : found) {
      while (next < ordered.size() && st->M(ordered[next]).begin < base + at) {
        Update(*st, st->M(ordered[next]).entity, &carry);
        ++next;
      }
      // "The Department of Justice" names an entity; "the department" in it
      // is no reference: any overlap with a mention disqualifies.
      // "the cyber group APT41": a description of the name that follows,
      // not a reference back.
      bool covered = false;
      size_t end = base + at + ref->phrase.size();
      for (size_t m : ordered) {
        const EntityMention& mention = st->M(m);
        covered = covered || (mention.begin < end && base + at < mention.end);
        covered = covered || (mention.begin >= end && mention.begin <= end + 1 && IsActorKind(st->E(mention.entity).kind));
        // "the hacking group known as Lazarus Group".
        if (!covered && mention.begin > end && mention.begin <= end + 16 && IsActorKind(st->E(mention.entity).kind)) {
          std::string_view between = st->lower_text.substr(end, mention.begin - end);
          for (std::string_view naming : {" known as ", " tracked as ", " dubbed ", " called ", " named "}) {
            covered = covered || between == naming || between == std::string(naming) + "the ";
          }
        }
      }
      if (covered) continue;
      std::optional<size_t> target = ref->what == 0   ? carry.event
                                     : ref->what == 1 ? carry.intrusion_set
                                     : ref->what == 2 ? carry.actor
                                     : ref->what == 3 ? carry.company
                                                      : carry.department;
      if (target) st->AddMention(base + at, base + at + ref->phrase.size(), *target, s, /*names_it=*/false);
    }
    for (; next < ordered.size(); ++next) Update(*st, st->M(ordered[next]).entity, &carry);
  }
}

}  // namespace rampart::extract::internal
