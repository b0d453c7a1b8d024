// The comparison rules are the README's "Matching" section; the reasons for
// the less obvious ones are next to them here.
#include "score.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "rampart/core/fs.h"
#include "rampart/extract/document.h"

namespace rampart::corpus {
namespace {

using extract::Claim;
using extract::Entity;
using extract::EntityKind;
using extract::Gazetteer;

// The extractor states a denial through Claim::negated once it has one, or
// through an "x-rampart-not-" relationship type; the scorer accepts both so
// it needs no change when the extractor learns denials.
template <typename C>
bool Negated(const C& c) {
  if constexpr (requires { c.negated; }) {
    if (c.negated) return true;
  }
  return c.relationship_type.starts_with("x-rampart-not-");
}

std::string FamilyOf(const Claim& c) {
  std::string_view r = c.relationship_type;
  if (r.starts_with("x-rampart-not-")) r.remove_prefix(14);
  return RelationFamily(r);
}

bool IsStateOrgan(const Entity& e) {
  return (e.flags & (extract::kGovernment | extract::kStateActor)) && !(e.flags & extract::kCollective) &&
         (e.kind == EntityKind::kOrganization || e.kind == EntityKind::kThreatActor);
}

bool IsActor(const Entity& e) {
  return (e.kind == EntityKind::kIntrusionSet || e.kind == EntityKind::kThreatActor) && !IsStateOrgan(e);
}

// industry-sector-ov values with a suffix ("government-national",
// "infrastructure-water-treatment") count as their family.
std::string SectorFamily(std::string code) {
  for (const char* family : {"government", "telecommunications", "infrastructure", "financial-services"}) {
    if (code.starts_with(family)) return family;
  }
  return code;
}

// Expected country roles as the extraction can show them: a co-author of an
// advisory is one of its claimants, as an attributing government is.
std::string RoleBucket(const std::string& role) {
  return role == "co-author" || role == "attributing" ? "claimant" : role;
}

void Count(Tally* t, int expected, int extracted, int hit_expected, int hit_extracted) {
  t->expected += expected;
  t->extracted += extracted;
  t->hit_expected += hit_expected;
  t->hit_extracted += hit_extracted;
}

// A surface form without its possessive ("the Chinese government's role"
// names the Chinese government).
std::string_view WithoutPossessive(std::string_view name) {
  for (std::string_view suffix : {"'s", "\u2019s", "'", "\u2019"}) {
    if (name.size() > suffix.size() && name.ends_with(suffix)) return name.substr(0, name.size() - suffix.size());
  }
  return name;
}

std::string Join(const std::vector<std::string>& names) {
  return names.empty() ? "" : names.front();
}

}  // namespace

double Tally::F1() const {
  double p = Precision(), r = Recall();
  return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

void Tally::Add(const Tally& o) { Count(this, o.expected, o.extracted, o.hit_expected, o.hit_extracted); }

// "the Chinese government", "government of Iran", "Iran's government": the
// country whose government it is, as an ISO code; "" if `name` is not of
// that form or the country is unknown.
std::string Scorer::GovernmentCountry(std::string_view name) const {
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view rest;
  if (lower.ends_with(" government")) {
    rest = name.substr(0, name.size() - 11);
  } else if (lower.starts_with("government of ")) {
    rest = name.substr(14);
  } else {
    return "";
  }
  if (rest.starts_with("the ")) rest.remove_prefix(4);
  rest = WithoutPossessive(rest);
  for (uint32_t k : gazetteer_->Lookup(rest)) {
    const auto& entry = gazetteer_->entries()[k];
    if (entry.kind == EntityKind::kCountry) return entry.code;
  }
  return "";
}

bool Scorer::Same(const std::vector<std::string>& names, const Entity& e) const {
  for (const std::string& name : names) {
    if ((e.flags & extract::kGovernment) && e.kind == EntityKind::kOrganization && e.name.starts_with("Government of") &&
        !e.code.empty() && GovernmentCountry(name) == e.code) {
      return true;
    }
    std::string key = Gazetteer::NormalizeKey(name);
    if (key.empty()) continue;
    if (key == Gazetteer::NormalizeKey(e.name)) return true;
    for (const std::string& a : e.aliases) {
      if (key == Gazetteer::NormalizeKey(WithoutPossessive(a))) return true;
    }
    for (uint32_t k : gazetteer_->Lookup(name)) {
      if (gazetteer_->entries()[k].stix_id == e.stix_id) return true;
    }
  }
  return false;
}

Result<DocumentScore> Scorer::Score(const CorpusDocument& document) const {
  auto bytes = ReadFile(document.path);
  if (!bytes.ok()) return bytes.status();
  auto doc = extract::LoadDocument(*bytes, document.path);
  if (!doc.ok()) return doc.status();
  return Compare(document, extractor_.Run(*doc));
}

DocumentScore Scorer::Compare(const CorpusDocument& document, const extract::Extraction& x) const {
  DocumentScore s{document.id, document.meta.split, {}, {}, {}};
  const Expected& want = document.expected;
  auto miss = [&](const std::string& f, const std::string& what) { s.misses.push_back(f + ": " + what); };
  auto extra = [&](const std::string& f, const std::string& what) { s.extras.push_back(f + ": " + what); };

  // Observables: exact (type, value) after the extractor's normalisation.
  {
    std::set<std::pair<std::string, std::string>> got, exp;
    for (const auto& o : x.observables) got.insert({std::string(extract::ObservableTypeName(o.type)), o.value});
    for (const auto& o : want.observables) exp.insert({o.type, o.value});
    int hit = 0;
    for (const auto& o : exp) {
      if (got.contains(o)) ++hit;
      else miss("observables", o.first + " " + o.second);
    }
    for (const auto& o : got) {
      if (!exp.contains(o)) extra("observables", o.first + " " + o.second);
    }
    Count(&s.fields["observables"], int(exp.size()), int(got.size()), hit, hit);
  }

  // Actors and state organisations: an extracted entity that matches an
  // expectation of the other kind is neither right nor wrong here (which
  // list a military unit belongs to is not what this measures).
  auto names_field = [&](const std::string& field, const std::vector<ExpectedName>& exp,
                         const std::vector<ExpectedName>& other, bool (*pick)(const Entity&)) {
    Tally& t = s.fields[field];
    std::vector<const Entity*> got;
    for (const Entity& e : x.entities) {
      if (pick(e)) got.push_back(&e);
    }
    for (const ExpectedName& n : exp) {
      bool hit = std::any_of(got.begin(), got.end(), [&](const Entity* e) { return Same(n.names, *e); });
      Count(&t, 1, 0, hit, 0);
      if (!hit) miss(field, Join(n.names));
    }
    for (const Entity* e : got) {
      bool hit = std::any_of(exp.begin(), exp.end(), [&](const ExpectedName& n) { return Same(n.names, *e); });
      bool elsewhere = std::any_of(other.begin(), other.end(), [&](const ExpectedName& n) { return Same(n.names, *e); });
      if (!hit && elsewhere) continue;
      // The extractor names a speaking country's government ("the UK said"
      // -> "Government of the United Kingdom"); the expectations record
      // that as the country's claimant role, so it counts here as neither.
      if (!hit && (e->flags & extract::kGovernment) && e->name.starts_with("Government of") &&
          std::any_of(want.countries.begin(), want.countries.end(), [&](const ExpectedName& c) {
            return c.code == e->code && RoleBucket(c.role) == "claimant";
          })) {
        continue;
      }
      Count(&t, 0, 1, 0, hit);
      if (!hit) extra(field, e->name);
    }
  };
  names_field("actors", want.actors, want.organizations, IsActor);
  names_field("organizations", want.organizations, want.actors, IsStateOrgan);

  // Sectors: only those a positive targeting claim names.
  {
    std::set<std::string> got, exp;
    for (const Claim& c : x.claims) {
      const Entity& t = x.entities[c.target];
      if (FamilyOf(c) == "targets" && !Negated(c) && t.kind == EntityKind::kSector) got.insert(SectorFamily(t.code));
    }
    for (const ExpectedName& n : want.sectors) exp.insert(SectorFamily(n.code));
    int hit = 0;
    for (const auto& e : exp) {
      if (got.contains(e)) ++hit;
      else miss("sectors", e);
    }
    for (const auto& g : got) {
      if (!exp.contains(g)) extra("sectors", g);
    }
    Count(&s.fields["sectors"], int(exp.size()), int(got.size()), hit, hit);
  }

  // Countries with their role, as the claims show it.
  {
    std::set<std::pair<std::string, std::string>> got, exp;
    for (const Claim& c : x.claims) {
      if (Negated(c)) continue;
      const Entity& t = x.entities[c.target];
      if (t.kind == EntityKind::kCountry) {
        std::string family = FamilyOf(c);
        if (family == "targets") got.insert({t.code, "victim"});
        if (family == "attribution") got.insert({t.code, "sponsor"});
      }
      if (c.claimant != extract::kPublication) {
        const Entity& who = x.entities[c.claimant];
        if (who.kind == EntityKind::kCountry || (who.flags & extract::kGovernment)) {
          if (who.code.size() == 2) got.insert({who.code, "claimant"});
        }
      }
    }
    for (const ExpectedName& n : want.countries) {
      if (n.role != "mentioned") exp.insert({n.code, RoleBucket(n.role)});
    }
    int hit = 0;
    for (const auto& e : exp) {
      if (got.contains(e)) ++hit;
      else miss("countries", e.first + " " + e.second);
    }
    for (const auto& g : got) {
      if (!exp.contains(g)) extra("countries", g.first + " " + g.second);
    }
    Count(&s.fields["countries"], int(exp.size()), int(got.size()), hit, hit);
  }

  // Claims: the extractor may state one claim in several sentences; claims
  // with the same family, polarity, subject and object are one.
  {
    struct Group {
      std::vector<const Claim*> members;
    };
    std::map<std::tuple<std::string, bool, std::string, std::string>, Group> groups;
    for (const Claim& c : x.claims) {
      std::string family = FamilyOf(c);
      if (family.empty()) family = c.relationship_type;
      groups[{family, Negated(c), x.entities[c.source].stix_id, x.entities[c.target].stix_id}].members.push_back(&c);
    }
    auto matches = [&](const ExpectedClaim& e, const auto& key, const Group& g) {
      const Claim& c = *g.members.front();
      return std::get<0>(key) == RelationFamily(e.relation) && std::get<1>(key) == !e.positive &&
             Same(e.subject, x.entities[c.source]) && Same(e.object, x.entities[c.target]);
    };
    auto claimant_ok = [&](const ExpectedClaim& e, const Claim& c) {
      for (const std::string& name : e.claimant) {
        if (name == "publication" ? c.claimant == extract::kPublication
                                  : c.claimant != extract::kPublication && Same({name}, x.entities[c.claimant])) {
          return true;
        }
      }
      return false;
    };
    auto confidence_ok = [&](const ExpectedClaim& e, const Claim& c) {
      if (e.confidence_none) return !c.confidence.has_value();
      return c.confidence && *c.confidence >= e.confidence->first && *c.confidence <= e.confidence->second;
    };
    Tally& t = s.fields["claims"];
    Tally& claimant = s.fields["claimant"];
    Tally& confidence = s.fields["confidence"];
    for (const ExpectedClaim& e : want.claims) {
      std::string what = Join(e.subject) + (e.positive ? " " : " NOT ") + e.relation + " " + Join(e.object);
      std::vector<const Claim*> found;
      for (const auto& [key, g] : groups) {
        if (matches(e, key, g)) found.insert(found.end(), g.members.begin(), g.members.end());
      }
      Count(&t, 1, 0, !found.empty(), 0);
      if (found.empty()) {
        miss("claims", what);
        continue;
      }
      bool right = std::any_of(found.begin(), found.end(), [&](const Claim* c) { return claimant_ok(e, *c); });
      Count(&claimant, 1, 0, right, 0);
      if (!right) miss("claimant", what + " by " + Join(e.claimant));
      if (e.confidence || e.confidence_none) {
        bool in = std::any_of(found.begin(), found.end(), [&](const Claim* c) { return confidence_ok(e, *c); });
        Count(&confidence, 1, 0, in, 0);
        if (!in) miss("confidence", what + (e.estimative.empty() ? "" : " (" + e.estimative + ")"));
      }
    }
    for (const auto& [key, g] : groups) {
      bool hit = std::any_of(want.claims.begin(), want.claims.end(),
                             [&](const ExpectedClaim& e) { return matches(e, key, g); });
      Count(&t, 0, 1, 0, hit);
      const Claim& c = *g.members.front();
      if (!hit) {
        extra("claims", x.entities[c.source].name + (std::get<1>(key) ? " NOT " : " ") + c.relationship_type +
                            " " + x.entities[c.target].name);
      }
    }
  }
  return s;
}

}  // namespace rampart::corpus
