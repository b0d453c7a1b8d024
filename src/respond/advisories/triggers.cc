// What is new since the last run, and who it exposes.
#include <regex>

#include <fmt/format.h>

#include "advisories/advise_internal.h"
#include "rampart/respond/software_match.h"

namespace rampart::respond::internal {
namespace {

constexpr int64_t kSectorRecencyUs = 365LL * 24 * 3600 * 1'000'000;

nlohmann::json JsonOf(const stix::Object& o) {
  auto j = nlohmann::json::parse(o.json, nullptr, false);
  return j.is_discarded() ? nlohmann::json::object() : j;
}

bool HasAffected(const stix::Object& o) { return o.json.find("\"x_rampart_affected\"") != std::string::npos; }

// Vulnerabilities an intrusion set (or campaign, threat actor) targets.
Status AddTargetedVulnerabilities(store::Store& store, const std::string& actor, Topics& topics) {
  RAMPART_ASSIGN_OR_RETURN(auto edges, store.Edges(actor, store::Direction::kOutgoing));
  for (const auto& e : edges) {
    if ((e.relationship_type == "targets" || e.relationship_type == "exploits") &&
        stix::TypeOfId(e.target_ref) == "vulnerability") {
      auto v = store.Get(e.target_ref);
      if (v.ok() && HasAffected(*v)) topics.vulnerabilities.insert(v->id);
    }
  }
  return Status();
}

Status AddReport(store::Store& store, const stix::Object& report, const AdviseOptions& options, Topics& topics) {
  auto j = JsonOf(report);
  for (const auto& ref : j.value("object_refs", nlohmann::json::array())) {
    if (!ref.is_string()) continue;
    std::string id = ref.get<std::string>();
    std::string_view type = stix::TypeOfId(id);
    if (type == "vulnerability") {
      auto v = store.Get(id);
      if (v.ok() && HasAffected(*v)) topics.vulnerabilities.insert(id);
    } else if (type == "relationship") {
      auto r = store.Get(id);
      if (!r.ok() || r->relationship_type != "targets" || stix::TypeOfId(r->target_ref) != "identity") continue;
      auto rj = JsonOf(*r);
      if (rj.contains("stop_time")) {
        auto stop = ParseTimestamp(rj["stop_time"].get<std::string>());
        if (stop.ok() && *stop < options.now - kSectorRecencyUs) continue;  // history, not a warning
      }
      auto target = store.Get(r->target_ref);
      if (!target.ok()) continue;
      for (const auto& s : JsonOf(*target).value("sectors", nlohmann::json::array())) {
        if (s.is_string()) topics.sectors.push_back({s.get<std::string>(), r->id, r->source_ref, report.id});
      }
    }
  }
  return Status();
}

Status AddIndicator(store::Store& store, const stix::Object& indicator, Topics& topics) {
  static const std::regex kValue(R"((ipv4-addr|ipv6-addr|domain-name):value\s*=\s*'([^']+)')");
  std::string pattern = JsonOf(indicator).value("pattern", "");
  for (std::sregex_iterator it(pattern.begin(), pattern.end(), kValue), end; it != end; ++it) {
    topics.assets.push_back({indicator.id, (*it)[2].str()});
  }
  RAMPART_ASSIGN_OR_RETURN(auto edges, store.Edges(indicator.id, store::Direction::kOutgoing));
  for (const auto& e : edges) {
    if (e.relationship_type == "indicates") RAMPART_RETURN_IF_ERROR(AddTargetedVulnerabilities(store, e.target_ref, topics));
  }
  return Status();
}

}  // namespace

Result<Topics> FindTopics(store::Store& store, Outbox& outbox, const AdviseOptions& options) {
  Topics topics;
  store::ExportFilter filter;
  filter.types = {"indicator", "relationship", "report", "vulnerability"};
  filter.modified_since = options.since;
  std::vector<stix::Object> fresh;
  RAMPART_RETURN_IF_ERROR(store.Scan(filter, [&](const stix::Object& o) -> Status {
    if (o.type == "report" && o.json.find("\"x_rampart_advisory\"") != std::string::npos) return Status();
    if (o.type == "relationship" && o.relationship_type != "targets" && o.relationship_type != "exploits" &&
        o.relationship_type != "indicates") {
      return Status();
    }
    if (!options.since) {
      RAMPART_ASSIGN_OR_RETURN(auto seen, outbox.GetMeta("advised:" + o.id));
      if (seen && *seen == o.modified) return Status();
    }
    fresh.push_back(o);
    return Status();
  }));
  for (const stix::Object& o : fresh) {
    topics.seen.emplace_back(o.id, o.modified);
    topics.newest = std::max(topics.newest, o.modified);
    if (o.type == "vulnerability") {
      if (HasAffected(o)) topics.vulnerabilities.insert(o.id);
    } else if (o.type == "relationship") {
      if (o.relationship_type == "indicates") {
        RAMPART_RETURN_IF_ERROR(AddTargetedVulnerabilities(store, o.target_ref, topics));
      } else if (stix::TypeOfId(o.target_ref) == "vulnerability") {
        auto v = store.Get(o.target_ref);
        if (v.ok() && HasAffected(*v)) topics.vulnerabilities.insert(v->id);
      }
    } else if (o.type == "report") {
      RAMPART_RETURN_IF_ERROR(AddReport(store, o, options, topics));
    } else if (o.type == "indicator") {
      RAMPART_RETURN_IF_ERROR(AddIndicator(store, o, topics));
    }
  }
  return topics;
}

Result<std::map<uint32_t, std::vector<Exposure>>> FindExposures(store::Store& store, const AssetIndex& index,
                                                                const Topics& topics) {
  std::map<uint32_t, std::vector<Exposure>> out;
  for (const std::string& vid : topics.vulnerabilities) {
    RAMPART_ASSIGN_OR_RETURN(stix::Object v, store.Get(vid));
    RAMPART_ASSIGN_OR_RETURN(std::vector<AffectedProduct> affected, AffectedOf(v));
    for (const AffectedProduct& product : affected) {
      std::string key = AssetIndex::ProductKey(product.product);
      for (uint32_t c : index.BySoftware(product.product)) {
        const Constituent& constituent = index.at(c);
        for (size_t s = 0; s < constituent.software.size(); ++s) {
          const SoftwareItem& item = constituent.software[s];
          if (AssetIndex::ProductKey(item.product) != key) continue;
          Result<int> match = MatchVersion(product, item.version);
          if (!match.ok()) {
            return InvalidInput(fmt::format("constituent '{}': software[{}] ({} {}): {}", constituent.name, s,
                                            item.product, item.version, std::string(match.status().message())),
                                ErrorContext{.object_id = constituent.id});
          }
          if (*match < 0) continue;
          const VersionRange& r = product.versions.empty() ? VersionRange{} : product.versions[*match];
          out[c].push_back({"software",
                            fmt::format("{} {} is affected by {} (builds {} up to, not including, {})", item.product,
                                        item.version, v.name, r.introduced.empty() ? "from the first" : r.introduced,
                                        r.fixed.empty() ? "any fixed build" : r.fixed),
                            vid});
        }
      }
    }
  }
  for (const SectorClaim& claim : topics.sectors) {
    auto actor = store.Get(claim.actor_id);
    for (uint32_t c : index.BySector(claim.sector)) {
      out[c].push_back({"sector",
                        fmt::format("{} targets the {} sector, in which you work", actor.ok() ? actor->name : claim.actor_id,
                                    claim.sector),
                        claim.relationship_id});
    }
  }
  for (const AssetHit& hit : topics.assets) {
    auto owners = index.ByAddress(hit.value);
    std::vector<uint32_t> all(owners.begin(), owners.end());
    for (uint32_t c : index.ByDomain(hit.value)) all.push_back(c);
    for (uint32_t c : all) {
      out[c].push_back({"asset", fmt::format("indicator names {}, one of your assets", hit.value), hit.indicator_id});
    }
  }
  // One line per distinct cause and detail, in a stable order.
  for (auto& [c, list] : out) {
    std::sort(list.begin(), list.end(), [](const Exposure& a, const Exposure& b) {
      return std::tie(a.kind, a.detail, a.cause_id) < std::tie(b.kind, b.detail, b.cause_id);
    });
    list.erase(std::unique(list.begin(), list.end(),
                           [](const Exposure& a, const Exposure& b) {
                             return a.kind == b.kind && a.detail == b.detail && a.cause_id == b.cause_id;
                           }),
               list.end());
  }
  return out;
}

}  // namespace rampart::respond::internal
