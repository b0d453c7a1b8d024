// The relationship graph around one object, walked breadth-first, and its
// three renderings (`rampart intel graph --format text|json|dot`).
//
// Nodes are objects, edges are current non-revoked relationships in either
// direction. Depth 0 is the root alone; depth 1 adds its direct neighbours,
// and so on. Every node and edge appears once; order is deterministic (BFS
// order, each node's edges sorted by relationship type, then the other end).
#pragma once

#include <string>
#include <vector>

#include "rampart/core/status.h"
#include "rampart/stix/object.h"
#include "rampart/store/store.h"

namespace rampart::cli {

struct GraphNode {
  std::string id;
  std::string type;
  std::string name;         // "" if not stored
  std::string external_id;  // see PrimaryExternalId
  int depth = 0;
  bool missing = false;     // referenced by a relationship but not stored
};

struct GraphEdge {
  std::string relationship_id;
  std::string relationship_type;
  std::string source_ref;
  std::string target_ref;
};

struct Graph {
  std::string root;
  int depth = 0;
  std::vector<GraphNode> nodes;  // nodes[0] is the root
  std::vector<GraphEdge> edges;
};

// Walks from `root` to `depth` (>= 0). `max_nodes` > 0 stops adding nodes
// beyond that many (edges to them are then left out); 0 = no limit.
// Errors come from the store only.
Result<Graph> WalkGraph(store::Store& store, const stix::Object& root, int depth, size_t max_nodes = 0);

// An indented tree: each node under the node that reached it first; an edge
// to a node already shown elsewhere is printed once more, marked "(seen)".
std::string RenderGraphText(const Graph& graph);

// {"root", "depth", "nodes": [...], "edges": [...]}, pretty-printed.
std::string RenderGraphJson(const Graph& graph);

// Graphviz DOT; every id and label is a quoted, escaped string.
std::string RenderGraphDot(const Graph& graph);

// `text` as a DOT double-quoted string, quotes included.
std::string DotQuote(std::string_view text);

}  // namespace rampart::cli
