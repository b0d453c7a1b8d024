// Graph elements for Cytoscape from an object view (the relations the REST
// object route returns), merged into what is already drawn so that
// "expand a node" adds only what is new.
import type { ObjectView, Relation } from "../api";

export interface GraphNode {
  data: { id: string; label: string; type: string };
}
export interface GraphEdge {
  data: { id: string; source: string; target: string; label: string };
}

export function viewElements(view: ObjectView, known: Set<string> = new Set()): (GraphNode | GraphEdge)[] {
  const out: (GraphNode | GraphEdge)[] = [];
  const addNode = (id: string, label: string, type: string) => {
    if (known.has(id)) return;
    known.add(id);
    out.push({ data: { id, label: label || id, type } });
  };
  const addRelation = (from: string, r: Relation) => {
    if (r.missing) return;
    addNode(r.id, r.name, r.type);
    const edgeId = r.relationship_id || `${from}>${r.relationship_type}>${r.id}`;
    if (known.has(edgeId)) return;
    known.add(edgeId);
    const [source, target] = r.direction === "incoming" ? [r.id, from] : [from, r.id];
    out.push({ data: { id: edgeId, source, target, label: r.relationship_type } });
    for (const c of r.chain ?? []) addRelation(r.id, c);
  };
  addNode(view.id, view.name, view.type);
  for (const relations of Object.values(view.relations ?? {})) {
    for (const r of relations) addRelation(view.id, r);
  }
  return out;
}

// Relationship types present, for the filter checkboxes, in a stable order.
export function relationshipTypes(elements: readonly (GraphNode | GraphEdge)[]): string[] {
  const types = new Set<string>();
  for (const e of elements) if ("source" in e.data) types.add(e.data.label);
  return [...types].sort();
}

// Above this many nodes the force-directed layout (cose, quadratic in the
// nodes per iteration) takes seconds; concentric rings by degree take
// milliseconds and still put the hubs in the middle.
export const LARGE_GRAPH_NODES = 200;

export interface LayoutChoice {
  name: "cose" | "concentric";
  [option: string]: unknown;
}

export function layoutFor(nodeCount: number): LayoutChoice {
  if (nodeCount < LARGE_GRAPH_NODES) {
    return { name: "cose", animate: false, nodeDimensionsIncludeLabels: false, numIter: 600 };
  }
  return {
    name: "concentric",
    animate: false,
    concentric: (node: { degree(includeLoops: boolean): number }) => node.degree(false),
    levelWidth: () => 1,
    minNodeSpacing: 4,
  };
}
