import { describe, expect, it } from "vitest";
import { confidenceLabel, confidenceWords } from "../../src/logic/confidence";
import { parseTlp, tlpOfMarkings, tlpStyle } from "../../src/logic/tlp";
import { toCsv } from "../../src/logic/csv";
import { findAll, segments } from "../../src/logic/highlight";
import { LARGE_GRAPH_NODES, layoutFor, relationshipTypes, viewElements } from "../../src/logic/graph";
import { attributionRows } from "../../src/logic/claims";
import type { ObjectView, Relation } from "../../src/api";

describe("confidence words", () => {
  it("reads the estimative scale rampart writes", () => {
    expect(confidenceWords(70)).toBe("likely");
    expect(confidenceWords(90)).toBe("almost certainly");
    expect(confidenceWords(50)).toBe("even chance");
    expect(confidenceWords(100)).toBe("certain");
    expect(confidenceWords(0)).toBe("impossible");
    expect(confidenceWords(10)).toBe("almost certainly not");
    expect(confidenceWords(undefined)).toBe("not stated");
    expect(confidenceLabel(90)).toBe("almost certainly (90)");
  });
  it("has no gap between bands", () => {
    for (let v = 0; v <= 100; v++) expect(confidenceWords(v)).not.toBe("not stated");
  });
});

describe("TLP 2.0", () => {
  it("takes the highest marking", () => {
    expect(tlpOfMarkings(undefined)).toBe("clear");
    expect(
      tlpOfMarkings([
        "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
        "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
      ]),
    ).toBe("amber+strict");
    expect(tlpOfMarkings(["marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"])).toBe("red");
  });
  it("shows labels as TLP 2.0 prescribes", () => {
    expect(tlpStyle("amber+strict").label).toBe("TLP:AMBER+STRICT");
    expect(tlpStyle("red").colour).toBe("#FF2B2B");
    expect(parseTlp("TLP:WHITE")).toBe("clear");
    expect(parseTlp("amber+strict")).toBe("amber+strict");
    expect(parseTlp("orange")).toBeNull();
  });
});

describe("CSV", () => {
  it("quotes what RFC 4180 requires", () => {
    expect(toCsv(["sector", "incidents"], [["health", 84], ['a "b", c', 1]])).toBe(
      'sector,incidents\r\nhealth,84\r\n"a ""b"", c",1\r\n',
    );
  });
});

describe("highlight", () => {
  it("reproduces the text and drops overlaps", () => {
    const text = "HAFNIUM exploited Exchange; APT40 too.";
    const s = segments(text, [
      { start: 0, end: 7, kind: "entity" },
      { start: 3, end: 10, kind: "entity" },
      { start: 28, end: 33, kind: "entity" },
    ]);
    expect(s.map((x) => x.text).join("")).toBe(text);
    expect(s.filter((x) => x.range).map((x) => x.text)).toEqual(["HAFNIUM", "APT40"]);
  });
  it("finds whole words only", () => {
    const r = findAll("APT40 and APT400 and apt40.", [{ text: "APT40", kind: "entity" }]);
    expect(r.map((x) => x.start)).toEqual([0, 21]);
  });
});

// The shape `rampart intel get --json` and /api/v1/objects/{ref}/view write.
const rel = (
  relationship_id: string,
  relationship_type: string,
  id: string,
  type: string,
  name: string,
  claimant?: string,
  confidence?: number,
  chain: Relation[] = [],
): Relation => ({
  relationship_id,
  relationship_type,
  direction: "outgoing",
  id,
  type,
  name,
  claimed_by: claimant ? { id: `identity--${claimant}`, name: claimant } : null,
  confidence: confidence ?? null,
  chain,
});

const view: ObjectView = {
  id: "intrusion-set--1",
  type: "intrusion-set",
  name: "APT40",
  relations: {
    attributed_to: [
      rel("relationship--a", "attributed-to", "identity--hssd", "identity", "Hainan State Security Department", "Global Affairs Canada", 90, [
        rel("relationship--b", "attributed-to", "identity--mss", "identity", "Ministry of State Security", "Global Affairs Canada", 90),
      ]),
      rel("relationship--c", "attributed-to", "identity--mss", "identity", "Ministry of State Security", "UK NCSC", 70),
    ],
    techniques: [rel("relationship--d", "uses", "attack-pattern--1", "attack-pattern", "Exploit Public-Facing Application")],
  },
};

describe("graph and claims", () => {
  it("builds each node and edge once, along chains", () => {
    const known = new Set<string>();
    const first = viewElements(view, known);
    const nodes = first.filter((e) => !("source" in e.data));
    expect(nodes.map((n) => n.data.id).sort()).toEqual(
      ["attack-pattern--1", "identity--hssd", "identity--mss", "intrusion-set--1"].sort(),
    );
    expect(first.filter((e) => "source" in e.data)).toHaveLength(4);
    expect(viewElements(view, known)).toHaveLength(0);
    expect(relationshipTypes(first)).toEqual(["attributed-to", "uses"]);
  });
  it("lays out large graphs in rings by degree instead of by force", () => {
    expect(layoutFor(12).name).toBe("cose");
    expect(layoutFor(LARGE_GRAPH_NODES - 1).name).toBe("cose");
    const large = layoutFor(LARGE_GRAPH_NODES);
    expect(large.name).toBe("concentric");
    const concentric = large.concentric as (n: { degree(loops: boolean): number }) => number;
    expect(concentric({ degree: () => 498 })).toBeGreaterThan(concentric({ degree: () => 1 }));
  });
  it("keeps competing attributions side by side", () => {
    const rows = attributionRows(view);
    expect(rows.filter((r) => r.object === "Ministry of State Security").map((r) => r.claimant).sort()).toEqual([
      "Global Affairs Canada",
      "UK NCSC",
    ]);
    expect(rows.find((r) => r.claimant === "UK NCSC")?.confidence).toBe(70);
  });
});
