// An object's page. For an intrusion set or threat actor it is the actor
// profile analysts expect: aliases, who says who is behind it and how sure
// (claims side by side), targets, techniques, software, and a graph.
import { api, type ObjectView, type Relation } from "../api";
import { h, section, table } from "../dom";
import { attributionRows, targetRows } from "../logic/claims";
import { mountGraph } from "../graph";
import { confidenceCell, objectLink, render, tlpBadge, tlpOf } from "./common";

const SECTION_TITLES: Record<string, string> = {
  attributed_to: "Attributed to",
  targets: "Targets",
  techniques: "Techniques",
  software: "Software",
  campaigns: "Campaigns",
  vulnerabilities: "Vulnerabilities",
  indicators: "Indicators",
};

export async function objectView(main: HTMLElement, params: Record<string, string>): Promise<void> {
  await render(main, params.ref, async () => {
    const view = await api.object(params.ref);
    const isActor = view.type === "intrusion-set" || view.type === "threat-actor";
    const header = h(
      "header",
      { className: "object-header" },
      h("h1", {}, view.name, " ", h("span", { className: "type" }, view.type)),
      tlpBadge(tlpOf(view.object)),
      view.external_ids?.length ? h("p", { className: "ids" }, view.external_ids.map((e) => `${e.external_id} (${e.source_name})`).join(" · ")) : null,
      view.created_by ? h("p", { className: "source" }, `Created by ${view.created_by.name || view.created_by.id}`) : null,
      view.withheld ? h("p", { className: "muted" }, `${view.withheld} relations above your clearance are not shown.`) : null,
      view.description ? h("p", { className: "description" }, view.description) : null,
    );
    const parts: (Node | string)[] = [header];
    if (view.aliases?.length) parts.push(aliasSection(view));
    if (isActor) {
      parts.push(attributionSection(view), targetSection(view));
    }
    parts.push(...relationSections(view, isActor));
    parts.push(graphSection(view));
    return parts;
  });
}

function aliasSection(view: ObjectView): HTMLElement {
  const sources = aliasSources(view.object);
  return section(
    "Aliases",
    h(
      "ul",
      { className: "aliases" },
      (view.aliases ?? []).map((a) => h("li", {}, a, sources[a]?.length ? h("span", { className: "muted" }, ` (${sources[a].join(", ")})`) : null)),
    ),
  );
}

// Which source gave which alias, where the merged object records it.
function aliasSources(object: Record<string, unknown> | undefined): Record<string, string[]> {
  const raw = object?.x_rampart_alias_sources ?? object?.x_rampart_sources;
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return {};
  const out: Record<string, string[]> = {};
  for (const [alias, value] of Object.entries(raw as Record<string, unknown>)) {
    if (Array.isArray(value)) out[alias] = value.map(String);
  }
  return out;
}

function attributionSection(view: ObjectView): HTMLElement {
  const rows = attributionRows(view);
  if (!rows.length) return section("Who is behind it", h("p", {}, "No attribution claim is known."));
  return section(
    "Who is behind it",
    table(
      ["Claim", "Claimed by", "Confidence", "When"],
      rows.map((r) => [
        h("span", { className: r.depth ? "chain" : "" }, `${r.subject} ${r.relation} `, objectLink(r.objectId, r.object)),
        r.claimant,
        confidenceCell(r.confidence),
        r.when,
      ]),
      "Competing attributions are kept side by side, each with its source.",
    ),
  );
}

function targetSection(view: ObjectView): HTMLElement {
  const rows = targetRows(view);
  return section(
    "Targeted sectors and countries",
    rows.length ? table(["Target", "Kind", "Claimed by", "When"], rows.map((r) => [r.name, r.kind, r.claimant, r.when])) : h("p", {}, "None known."),
  );
}

function relationSections(view: ObjectView, isActor: boolean): HTMLElement[] {
  const out: HTMLElement[] = [];
  for (const [key, relations] of Object.entries(view.relations ?? {})) {
    if (isActor && (key === "attributed_to" || key === "targets")) continue;
    if (!relations.length) continue;
    const title = SECTION_TITLES[key] ?? key.replace(/_/g, " ");
    out.push(section(title, key === "techniques" ? techniqueList(relations) : relationTable(relations)));
  }
  return out;
}

function relationTable(relations: Relation[]): HTMLTableElement {
  return table(
    ["Relationship", "Object", "Type", "Claimed by", "Confidence"],
    relations.map((r) => [
      r.direction === "incoming" ? `${r.relationship_type} (incoming)` : r.relationship_type,
      r.missing ? r.id : objectLink(r.id, r.name),
      r.kind ?? r.type,
      r.claimed_by?.name ?? "",
      r.confidence === undefined || r.confidence === null ? "" : confidenceCell(r.confidence),
    ]),
  );
}

// Techniques as a compact ATT&CK excerpt: one tile per technique, sub-techniques
// under their parent (T1059 → T1059.001).
function techniqueList(relations: Relation[]): HTMLElement {
  const byParent = new Map<string, Relation[]>();
  for (const r of relations) {
    const id = r.external_id ?? "";
    const parent = id.includes(".") ? id.split(".")[0] : id || r.id;
    if (!byParent.has(parent)) byParent.set(parent, []);
    byParent.get(parent)!.push(r);
  }
  const parents = [...byParent.keys()].sort();
  return h(
    "ul",
    { className: "matrix" },
    parents.map((p) =>
      h(
        "li",
        {},
        byParent
          .get(p)!
          .sort((a, b) => (a.external_id ?? "").localeCompare(b.external_id ?? ""))
          .map((r) => h("div", { className: "technique" }, h("span", { className: "tid" }, r.external_id ?? ""), " ", objectLink(r.id, r.name))),
      ),
    ),
  );
}

function graphSection(view: ObjectView): HTMLElement {
  const container = h("div", { className: "graph", id: "graph", role: "img", "aria-label": `Relationship graph of ${view.name}` });
  const controls = h("div", { className: "graph-controls" });
  const sec = section("Graph", h("p", { className: "muted" }, "Double-click (or press Enter on) a node to expand it."), controls, container);
  // After render() has put the page in the document: Cytoscape measures its container.
  setTimeout(() => mountGraph(container, controls, view), 0);
  return sec;
}
