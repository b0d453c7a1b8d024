// Text and JSON renderings of an ObjectView. Text is for people (aligned
// tables, first paragraph only); JSON is for scripts (everything, fixed key
// order so that outputs diff cleanly).
#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "render/actor_view.h"
#include "render/table.h"

namespace rampart::cli {
namespace {

using OrderedJson = nlohmann::ordered_json;

constexpr size_t kTextWidth = 100;
constexpr int kLabelWidth = 14;

std::string Confidence(const std::optional<int>& c) { return c ? std::to_string(*c) : "-"; }

std::string NameOf(const Neighbour& n) {
  std::string name = n.missing ? fmt::format("(not stored) {}", n.id) : n.name.empty() ? n.id : n.name;
  if (n.deprecated) name += " (deprecated)";
  if (n.revoked) name += " (revoked)";
  return name;
}

bool IsClaimSection(std::string_view s) {
  return s == "attributed_to" || s == "attributed_by" || s == "located_at" || s == "located_here" ||
         s == "targets" || s == "targeted_by";
}

void AddClaimRows(Table& table, const Relation& r, int level) {
  std::string prefix = level == 0 ? "" : std::string(2 * level, ' ') + "-> " + r.relationship_type + ": ";
  table.AddRow({prefix + NameOf(r.other), r.other.kind, r.claimed_by.empty() ? "-" : r.claimed_by,
                Confidence(r.confidence), r.when});
  for (const Relation& next : r.chain) AddClaimRows(table, next, level + 1);
}

Table SectionTable(std::string_view section, const std::vector<const Relation*>& entries) {
  if (IsClaimSection(section)) {
    Table table({"NAME", "KIND", "CLAIMED BY", "CONFIDENCE", "WHEN"});
    for (const Relation* r : entries) AddClaimRows(table, *r, 0);
    return table;
  }
  if (section == "related") {
    Table table({"RELATIONSHIP", "TYPE", "ID", "NAME"});
    for (const Relation* r : entries)
      table.AddRow({(r->outgoing ? "" : "<- ") + r->relationship_type, r->other.type, r->other.external_id,
                    NameOf(r->other)});
    return table;
  }
  Table table({"ID", "NAME", "TYPE"});
  for (const Relation* r : entries) table.AddRow({r->other.external_id, NameOf(r->other), r->other.type});
  return table;
}

std::string Label(std::string_view label) { return fmt::format("  {:<{}}", label, kLabelWidth); }

std::string JoinAliases(const stix::Object& object) {
  std::string out;
  for (const auto& alias : object.aliases) {
    if (alias == object.name) continue;
    if (!out.empty()) out += ", ";
    out += alias;
  }
  return out;
}

OrderedJson NeighbourJson(const Relation& r) {
  OrderedJson j;
  j["relationship_id"] = r.relationship_id;
  j["relationship_type"] = r.relationship_type;
  j["direction"] = r.outgoing ? "outgoing" : "incoming";
  j["id"] = r.other.id;
  j["type"] = r.other.type;
  j["name"] = r.other.name;
  j["external_id"] = r.other.external_id;
  j["kind"] = r.other.kind;
  j["deprecated"] = r.other.deprecated;
  j["missing"] = r.other.missing;
  j["claimed_by"] = r.claimed_by_id.empty() ? OrderedJson(nullptr)
                                             : OrderedJson{{"id", r.claimed_by_id}, {"name", r.claimed_by}};
  j["confidence"] = r.confidence ? OrderedJson(*r.confidence) : OrderedJson(nullptr);
  j["when"] = r.when;
  OrderedJson chain = OrderedJson::array();
  for (const Relation& next : r.chain) chain.push_back(NeighbourJson(next));
  j["chain"] = std::move(chain);
  return j;
}

}  // namespace

std::string FirstParagraph(std::string_view description) {
  size_t end = description.find('\n');
  std::string_view para = description.substr(0, end);
  std::string out;
  out.reserve(para.size());
  for (size_t i = 0; i < para.size();) {
    if (para.substr(i, 11) == "(Citation: ") {
      size_t close = para.find(')', i);
      if (close != std::string_view::npos) {
        i = close + 1;
        continue;
      }
    }
    if (para[i] == '[') {  // markdown link [text](url) -> text
      size_t mid = para.find("](", i);
      size_t close = mid == std::string_view::npos ? mid : para.find(')', mid);
      if (close != std::string_view::npos && para.substr(i, mid - i).find('[', 1) == std::string_view::npos) {
        out.append(para.substr(i + 1, mid - i - 1));
        i = close + 1;
        continue;
      }
    }
    out += para[i++];
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string RenderObjectText(const ObjectView& view) {
  const stix::Object& o = view.object;
  std::string out = fmt::format("{} ({})\n", o.name.empty() ? o.id : o.name, o.type);
  if (o.revoked) out += "  ** revoked **\n";
  if (o.deprecated) out += "  ** deprecated **\n";
  out += Label("id") + o.id + "\n";
  if (std::string aliases = JoinAliases(o); !aliases.empty())
    out += Label("aliases") + WrapText(aliases, kTextWidth - kLabelWidth - 2, kLabelWidth + 2) + "\n";
  if (!o.external_ids.empty()) {
    std::string ids;
    for (const auto& e : o.external_ids) {
      if (!ids.empty()) ids += ", ";
      ids += fmt::format("{} ({})", e.external_id, e.source_name);
    }
    out += Label("external ids") + WrapText(ids, kTextWidth - kLabelWidth - 2, kLabelWidth + 2) + "\n";
  }
  if (!view.created_by.empty()) out += Label("created by") + view.created_by + "\n";
  if (!o.modified.empty()) out += Label("modified") + o.modified + "\n";
  if (std::string first = FirstParagraph(o.description); !first.empty())
    out += Label("description") + WrapText(first, kTextWidth - kLabelWidth - 2, kLabelWidth + 2) + "\n";

  std::map<std::string_view, std::vector<const Relation*>> by_section;
  for (const Relation& r : view.relations) by_section[r.section].push_back(&r);
  for (std::string_view section : SectionOrder()) {
    auto it = by_section.find(section);
    if (it == by_section.end()) continue;
    out += fmt::format("\n{} ({})\n", SectionTitle(section), it->second.size());
    out += SectionTable(section, it->second).Render(2);
  }
  return out;
}

std::string RenderObjectJson(const ObjectView& view) {
  const stix::Object& o = view.object;
  OrderedJson j;
  j["id"] = o.id;
  j["type"] = o.type;
  j["name"] = o.name;
  j["aliases"] = o.aliases;
  j["description"] = o.description;
  OrderedJson ids = OrderedJson::array();
  for (const auto& e : o.external_ids) ids.push_back({{"source_name", e.source_name}, {"external_id", e.external_id}});
  j["external_ids"] = std::move(ids);
  j["created_by"] = o.created_by_ref.empty() ? OrderedJson(nullptr)
                                              : OrderedJson{{"id", o.created_by_ref}, {"name", view.created_by}};
  j["revoked"] = o.revoked;
  j["deprecated"] = o.deprecated;
  OrderedJson relations = OrderedJson::object();
  for (std::string_view section : SectionOrder()) {
    OrderedJson entries = OrderedJson::array();
    for (const Relation& r : view.relations)
      if (r.section == section) entries.push_back(NeighbourJson(r));
    if (!entries.empty()) relations[std::string(section)] = std::move(entries);
  }
  j["relations"] = std::move(relations);
  j["object"] = OrderedJson::parse(o.json, nullptr, /*allow_exceptions=*/false);
  return j.dump(2, ' ', false, OrderedJson::error_handler_t::replace) + "\n";
}

}  // namespace rampart::cli
