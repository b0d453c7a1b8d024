#include "render/graph_view.h"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <functional>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <unordered_set>

#include "render/actor_view.h"

namespace rampart::cli {
namespace {

GraphNode NodeFrom(const stix::Object& object, int depth) {
  return GraphNode{object.id, object.type, object.name, PrimaryExternalId(object), depth, false};
}

std::string NodeLabel(const GraphNode& n) {
  std::string label = n.missing ? "(not stored)" : n.name.empty() ? n.id : n.name;
  if (!n.external_id.empty() && n.external_id != label) label = n.external_id + " " + label;
  return label;
}

}  // namespace

Result<Graph> WalkGraph(store::Store& store, const stix::Object& root, int depth, size_t max_nodes) {
  Graph graph;
  graph.root = root.id;
  graph.depth = depth;
  graph.nodes.push_back(NodeFrom(root, 0));
  std::unordered_map<std::string, size_t> index = {{root.id, 0}};
  std::unordered_set<std::string> edge_ids;
  for (size_t next = 0; next < graph.nodes.size(); ++next) {
    if (graph.nodes[next].depth >= depth || graph.nodes[next].missing) continue;
    std::string id = graph.nodes[next].id;
    int node_depth = graph.nodes[next].depth;
    RAMPART_ASSIGN_OR_RETURN(std::vector<store::Edge> edges, store.Edges(id, store::Direction::kBoth));
    auto other = [&](const store::Edge& e) { return e.source_ref == id ? e.target_ref : e.source_ref; };
    std::sort(edges.begin(), edges.end(), [&](const store::Edge& a, const store::Edge& b) {
      std::string oa = other(a), ob = other(b);
      return std::tie(a.relationship_type, oa, a.relationship_id) <
             std::tie(b.relationship_type, ob, b.relationship_id);
    });
    for (const store::Edge& e : edges) {
      if (edge_ids.count(e.relationship_id)) continue;
      std::string far = other(e);
      if (!index.count(far)) {
        if (max_nodes > 0 && graph.nodes.size() >= max_nodes) continue;
        auto object = store.Get(far);
        if (object.ok()) {
          if (object->revoked) continue;
          graph.nodes.push_back(NodeFrom(*object, node_depth + 1));
        } else if (object.status().code() == absl::StatusCode::kNotFound) {
          graph.nodes.push_back(GraphNode{far, std::string(stix::TypeOfId(far)), "", "", node_depth + 1, true});
        } else {
          return object.status();
        }
        index.emplace(far, graph.nodes.size() - 1);
      }
      edge_ids.insert(e.relationship_id);
      graph.edges.push_back(GraphEdge{e.relationship_id, e.relationship_type, e.source_ref, e.target_ref});
    }
  }
  return graph;
}

std::string RenderGraphText(const Graph& graph) {
  std::unordered_map<std::string, const GraphNode*> nodes;
  for (const auto& n : graph.nodes) nodes[n.id] = &n;
  std::unordered_map<std::string, std::vector<const GraphEdge*>> adjacent;
  for (const auto& e : graph.edges) {
    adjacent[e.source_ref].push_back(&e);
    if (e.target_ref != e.source_ref) adjacent[e.target_ref].push_back(&e);
  }
  std::string out;
  const GraphNode& root = graph.nodes.front();
  out += fmt::format("{} ({}) {}\n", NodeLabel(root), root.type, root.id);
  std::unordered_set<std::string> shown = {root.id};
  std::unordered_set<const GraphEdge*> printed;
  std::function<void(const std::string&, int)> walk = [&](const std::string& id, int level) {
    for (const GraphEdge* e : adjacent[id]) {
      if (!printed.insert(e).second) continue;
      bool outgoing = e->source_ref == id;
      const GraphNode& far = *nodes[outgoing ? e->target_ref : e->source_ref];
      bool seen = !shown.insert(far.id).second;
      out += fmt::format("{}{} {} ({}){}\n", std::string(2 * level, ' '),
                         outgoing ? "-[" + e->relationship_type + "]->" : "<-[" + e->relationship_type + "]-",
                         NodeLabel(far), far.type, seen ? " (seen)" : "");
      if (!seen) walk(far.id, level + 1);
    }
  };
  walk(root.id, 1);
  return out;
}

std::string RenderGraphJson(const Graph& graph) {
  nlohmann::ordered_json j;
  j["root"] = graph.root;
  j["depth"] = graph.depth;
  j["nodes"] = nlohmann::ordered_json::array();
  for (const auto& n : graph.nodes) {
    j["nodes"].push_back({{"id", n.id}, {"type", n.type}, {"name", n.name}, {"external_id", n.external_id},
                          {"depth", n.depth}, {"missing", n.missing}});
  }
  j["edges"] = nlohmann::ordered_json::array();
  for (const auto& e : graph.edges) {
    j["edges"].push_back({{"id", e.relationship_id}, {"relationship_type", e.relationship_type},
                          {"source_ref", e.source_ref}, {"target_ref", e.target_ref}});
  }
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string DotQuote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n' || c == '\r') {
      out += ' ';
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string RenderGraphDot(const Graph& graph) {
  std::string out = "digraph rampart {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n";
  for (const auto& n : graph.nodes) {
    // The label is quoted piecewise so that "\n" stays a DOT line break.
    std::string label = DotQuote(NodeLabel(n));
    label.pop_back();
    label += "\\n(" + DotQuote(n.type).substr(1);
    label.insert(label.size() - 1, ")");
    out += fmt::format("  {} [label={}{}];\n", DotQuote(n.id), label,
                       n.id == graph.root ? ", style=bold" : n.missing ? ", style=dashed" : "");
  }
  for (const auto& e : graph.edges) {
    out += fmt::format("  {} -> {} [label={}];\n", DotQuote(e.source_ref), DotQuote(e.target_ref),
                       DotQuote(e.relationship_type));
  }
  return out + "}\n";
}

}  // namespace rampart::cli
