// Attribution claims side by side: the actor page lists every claim of who
// is behind an actor (attributed-to, and the chain behind it), one row per
// claimant, none overwriting another.
import type { ObjectView, Relation } from "../api";

export interface ClaimRow {
  subject: string;
  relation: string;
  object: string;
  objectId: string;
  claimant: string;
  confidence: number | null;
  when: string;
  depth: number;  // 0 = about the actor itself, 1+ = along the chain
}

const ATTRIBUTION = new Set(["attributed-to", "located-at", "originates-from"]);

export function attributionRows(view: ObjectView): ClaimRow[] {
  const rows: ClaimRow[] = [];
  const walk = (subject: string, relations: readonly Relation[], depth: number) => {
    for (const r of relations) {
      if (!ATTRIBUTION.has(r.relationship_type) || r.direction === "incoming") continue;
      rows.push({
        subject,
        relation: r.relationship_type,
        object: r.name || r.id,
        objectId: r.id,
        claimant: r.claimed_by?.name || "unknown source",
        confidence: r.confidence ?? null,
        when: r.when ?? "",
        depth,
      });
      walk(r.name || r.id, r.chain ?? [], depth + 1);
    }
  };
  for (const relations of Object.values(view.relations ?? {})) walk(view.name, relations, 0);
  // Depth first, then by whom, so one source's chain reads together.
  return rows.sort((a, b) => a.depth - b.depth || a.object.localeCompare(b.object) || a.claimant.localeCompare(b.claimant));
}

// Targets (sectors, countries) with the claimant and period.
export function targetRows(view: ObjectView): { name: string; kind: string; claimant: string; when: string }[] {
  const out: { name: string; kind: string; claimant: string; when: string }[] = [];
  for (const relations of Object.values(view.relations ?? {})) {
    for (const r of relations) {
      if (r.relationship_type !== "targets" || r.direction === "incoming") continue;
      if (r.type !== "identity" && r.type !== "location") continue;
      out.push({ name: r.name, kind: r.kind ?? r.type, claimant: r.claimed_by?.name ?? "", when: r.when ?? "" });
    }
  }
  return out.sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
}
