// The text rendering of an ObjectView, for people: aligned tables, the
// description's first paragraph only (the JSON is store::RenderObjectJson).
#include <fmt/format.h>

#include <map>

#include "render/actor_view.h"
#include "render/table.h"

namespace rampart::cli {
namespace {

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

}  // namespace

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

}  // namespace rampart::cli
