// TLP 2.0 (FIRST) as STIX marking definitions, and how a label is shown:
// the label in capitals, in its colour, on a black background.
export type TlpLevel = "clear" | "green" | "amber" | "amber+strict" | "red";

export interface TlpStyle {
  label: string;      // "TLP:AMBER+STRICT"
  colour: string;     // foreground on black (FIRST TLP 2.0 colours)
  rank: number;       // clear 0 … red 4
}

const STYLES: Record<TlpLevel, TlpStyle> = {
  clear: { label: "TLP:CLEAR", colour: "#FFFFFF", rank: 0 },
  green: { label: "TLP:GREEN", colour: "#33FF00", rank: 1 },
  amber: { label: "TLP:AMBER", colour: "#FFC000", rank: 2 },
  "amber+strict": { label: "TLP:AMBER+STRICT", colour: "#FFC000", rank: 3 },
  red: { label: "TLP:RED", colour: "#FF2B2B", rank: 4 },
};

// STIX marking-definition ids of TLP 2.0 and of TLP 1.0 (read as their 2.0 level).
const MARKING_IDS: Record<string, TlpLevel> = {
  "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487": "clear",
  "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb": "green",
  "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421": "amber",
  "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003": "amber+strict",
  "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1": "red",
  "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": "clear",
  "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": "green",
  "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": "amber",
  "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": "red",
};

export function tlpStyle(level: TlpLevel): TlpStyle {
  return STYLES[level];
}

// "amber+strict", "TLP:AMBER+STRICT", "TLP:WHITE" (1.0) → level; null if not TLP.
export function parseTlp(text: string): TlpLevel | null {
  const t = text.trim().toLowerCase().replace(/^tlp:/, "");
  if (t === "white") return "clear";
  return t in STYLES ? (t as TlpLevel) : null;
}

// The highest TLP level among an object's object_marking_refs; "clear" when
// it carries none (an unmarked object is shared as TLP:CLEAR by rampart).
export function tlpOfMarkings(refs: readonly string[] | undefined): TlpLevel {
  let best: TlpLevel = "clear";
  for (const ref of refs ?? []) {
    const level = MARKING_IDS[ref];
    if (level && STYLES[level].rank > STYLES[best].rank) best = level;
  }
  return best;
}
