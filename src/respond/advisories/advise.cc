// Advise: new intelligence -> exposed constituents -> one advisory each,
// stored as a STIX report and queued, per contact, in TLP-filtered copies.
#include <fmt/format.h>

#include <algorithm>
#include <unordered_set>

#include "advisories/advise_internal.h"
#include "rampart/core/id.h"

namespace rampart::respond {
namespace {

using internal::Content;

struct Recipient {
  std::string channel, target, secret;
};

Result<std::vector<Recipient>> RecipientsOf(const Constituent& c) {
  std::vector<Recipient> out;
  for (const std::string& email : c.contacts.emails) out.push_back({"email", email, ""});
  if (c.contacts.webhook) {
    if (c.contacts.webhook->secret.empty()) {
      return InvalidInput(fmt::format("constituent '{}': webhook {} has no signing secret", c.name,
                                      c.contacts.webhook->url),
                          ErrorContext{.object_id = c.id});
    }
    out.push_back({"webhook", c.contacts.webhook->url, c.contacts.webhook->secret});
  }
  if (c.contacts.syslog) {
    const SyslogTarget& s = *c.contacts.syslog;
    std::string host = s.host.find(':') != std::string::npos ? "[" + s.host + "]" : s.host;
    out.push_back({"syslog", fmt::format("{}://{}:{}", s.transport, host, s.port), ""});
  }
  return out;
}

stix::Object ReportObject(const Content& content, const Constituent& c, stix::TlpLevel marking,
                          const std::vector<Exposure>& exposures, const std::string& markdown, const std::string& html,
                          const std::string& stamp) {
  std::vector<std::string> causes;
  for (const Exposure& e : exposures) causes.push_back(e.cause_id);
  std::sort(causes.begin(), causes.end());
  causes.erase(std::unique(causes.begin(), causes.end()), causes.end());
  std::string id = "report--" + UuidV5(kRampartNamespace, fmt::format("advisory:{}:{}", c.id, fmt::join(causes, ",")));
  nlohmann::json exposure_json = nlohmann::json::array();
  for (const Exposure& e : exposures) exposure_json.push_back({{"kind", e.kind}, {"detail", e.detail}, {"cause", e.cause_id}});
  nlohmann::json j = {{"type", "report"},
                      {"spec_version", "2.1"},
                      {"id", id},
                      {"created", stamp},
                      {"modified", stamp},
                      {"published", stamp},
                      {"name", content.title},
                      {"description", fmt::format("Advisory for {}.", c.name)},
                      {"report_types", {"threat-report"}},
                      {"object_refs", std::vector<std::string>(content.cited.begin(), content.cited.end())},
                      {"object_marking_refs", {std::string(stix::TlpMarkingId(marking))}},
                      {"x_rampart_advisory",
                       {{"constituent", c.id},
                        {"constituent_name", c.name},
                        {"exposures", exposure_json},
                        {"rendering", {{"markdown", markdown}, {"html", html}}}}}};
  auto object = stix::FromJson(j);
  return object.ok() ? *object : stix::Object{};
}

// The same advisory (same constituent and causes) written differently
// (another --tlp floor, richer knowledge around it) becomes a new version of
// the stored one: created kept, modified 1 ms after the stored version's.
Result<stix::Object> NextVersionIfChanged(store::Store& store, const stix::Object& report) {
  auto stored = store.Get(report.id);
  if (!stored.ok()) return report;
  auto old_json = nlohmann::json::parse(stored->json, nullptr, false);
  auto new_json = nlohmann::json::parse(report.json, nullptr, false);
  if (old_json.is_discarded() || new_json.is_discarded()) return report;
  nlohmann::json a = old_json, b = new_json;
  for (const char* k : {"created", "modified", "published"}) {
    a.erase(k);
    b.erase(k);
  }
  if (a == b) return *stored;
  auto modified = ParseTimestamp(stored->modified);
  if (!modified.ok()) return modified.status();
  new_json["created"] = old_json["created"];
  new_json["modified"] = FormatTimestamp(std::max(*modified + 1000, ParseTimestamp(report.modified).value_or(0)));
  return stix::FromJson(new_json);
}

}  // namespace

Result<AdviseResult> Advise(store::Store& store, Outbox& outbox, const AssetIndex& index, const AdviseOptions& options) {
  RAMPART_ASSIGN_OR_RETURN(internal::Topics topics, internal::FindTopics(store, outbox, options));
  RAMPART_ASSIGN_OR_RETURN(auto exposures, internal::FindExposures(store, index, topics));
  RAMPART_ASSIGN_OR_RETURN(internal::RuleTags rules, internal::LoadRuleTags(options.rule_paths));
  AdviseResult result;
  result.triggers = static_cast<int64_t>(topics.seen.size());
  std::string stamp = topics.newest.empty() ? FormatTimestamp(options.now) : topics.newest;

  for (const auto& [ci, list] : exposures) {
    const Constituent& c = index.at(ci);
    RAMPART_ASSIGN_OR_RETURN(std::vector<Recipient> recipients, RecipientsOf(c));
    RAMPART_ASSIGN_OR_RETURN(Content content, internal::BuildContent(store, c, list, rules));
    // The floor marks every item: the advisory says something about this
    // constituent's exposure, which is never clearer than the floor.
    std::vector<stix::TlpLevel> levels;
    for (auto& item : content.items) {
      if (item.tlp.level < options.floor) {
        item.tlp.level = options.floor;
        // Raised by the floor: this item is the advisory's own word to this
        // constituent, so AMBER+STRICT keeps it inside the constituent.
        item.tlp.organisation = c.name;
      }
      levels.push_back(item.tlp.level);
    }
    Advisory a;
    a.constituent = c.name;
    a.constituent_id = c.id;
    a.title = content.title;
    a.exposures = list;
    a.marking = CombinedMarking(levels, options.floor);
    CopyPlan full;
    for (size_t i = 0; i < content.items.size(); ++i) full.included.push_back(i);
    full.marking = a.marking;
    a.markdown = internal::RenderMarkdown(content, full, a.marking, c.name);
    a.html = internal::RenderHtml(content, full, a.marking, c.name);
    // Timestamps from the newest cause, so the same causes give the same object.
    std::string newest;
    for (const Exposure& e : list) {
      if (auto cause = store.Get(e.cause_id); cause.ok()) newest = std::max(newest, cause->modified);
    }
    a.report = ReportObject(content, c, a.marking, list, a.markdown, a.html, newest.empty() ? stamp : newest);
    if (a.report.id.empty()) return Internal(fmt::format("advisory for '{}' is not valid STIX", c.name));

    std::vector<TlpItem> items;
    for (const auto& item : content.items) items.push_back(item.tlp);
    for (const Recipient& r : recipients) {
      CopyPlan plan = PlanCopy(items, TlpRecipient{r.target, c.name, c.clearance}, options.floor);
      Delivery d;
      d.message_id = a.report.id;
      d.recipient = c.name;
      d.channel = r.channel;
      d.target = r.target;
      d.secret = r.secret;
      d.id = DeliveryId(d.message_id, d.channel, d.target);
      d.tlp = std::string(stix::TlpName(plan.marking));
      d.subject = fmt::format("[{}] {}", stix::TlpDisplayName(plan.marking), content.title);
      d.body_json = internal::RenderJson(content, plan, plan.marking, a.report.id, c).dump();
      d.body_text = internal::RenderMarkdown(content, plan, plan.marking, c.name);
      d.body_html = internal::RenderHtml(content, plan, plan.marking, c.name);
      a.deliveries.push_back(std::move(d));
    }
    result.advisories.push_back(std::move(a));
  }
  std::sort(result.advisories.begin(), result.advisories.end(),
            [](const Advisory& x, const Advisory& y) { return x.constituent < y.constituent; });
  if (options.dry_run) return result;

  // The reports land first; then the deliveries and the memory of what was
  // seen, together. A crash between the two re-runs to the same ids.
  RAMPART_ASSIGN_OR_RETURN(auto tx, store.Begin());
  for (Advisory& a : result.advisories) {
    RAMPART_ASSIGN_OR_RETURN(a.report, NextVersionIfChanged(store, a.report));
    RAMPART_ASSIGN_OR_RETURN(store::PutOutcome outcome, tx->Put(a.report));
    a.stored = outcome == store::PutOutcome::kInserted || outcome == store::PutOutcome::kNewVersion;
  }
  RAMPART_RETURN_IF_ERROR(tx->Commit());
  std::vector<Delivery> all;
  for (const Advisory& a : result.advisories) all.insert(all.end(), a.deliveries.begin(), a.deliveries.end());
  std::vector<std::pair<std::string, std::string>> meta;
  for (const auto& [id, modified] : topics.seen) meta.emplace_back("advised:" + id, modified);
  std::vector<std::string> new_ids;
  RAMPART_RETURN_IF_ERROR(outbox.Enqueue(all, options.now, meta, &new_ids).status());
  // Only deliveries not already in the outbox count as queued now (a new
  // version of an advisory keeps its delivery ids).
  std::unordered_set<std::string> fresh(new_ids.begin(), new_ids.end());
  for (Advisory& a : result.advisories) {
    a.queued = static_cast<int>(std::count_if(a.deliveries.begin(), a.deliveries.end(),
                                              [&](const Delivery& d) { return fresh.count(d.id) > 0; }));
  }
  return result;
}

}  // namespace rampart::respond
