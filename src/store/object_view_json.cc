// The JSON rendering of an ObjectView (`intel get --json`, the REST view
// route): everything, in a fixed key order so that outputs diff cleanly.
#include <nlohmann/json.hpp>

#include "rampart/store/object_view.h"

namespace rampart::store {
namespace {

using OrderedJson = nlohmann::ordered_json;

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

}  // namespace rampart::store
