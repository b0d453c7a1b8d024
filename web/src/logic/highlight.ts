// Splits a document's text into plain and highlighted segments from ranges
// (entity mentions, observables, claim quotes) given as UTF-16 offsets.
// Overlaps are resolved left to right: a range that starts inside an earlier
// one is dropped, and at one start the longer range wins, so every character
// is in at most one highlight and the text is reproduced exactly.
export interface Range {
  start: number;
  end: number;
  kind: string;   // "entity", "observable", "claim"
  ref?: string;   // the STIX id or value it links to
  title?: string;
}

export interface Segment {
  text: string;
  range: Range | null;
}

export function segments(text: string, ranges: readonly Range[]): Segment[] {
  const sorted = ranges
    .filter((r) => r.start >= 0 && r.end <= text.length && r.end > r.start)
    .slice()
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Segment[] = [];
  let at = 0;
  for (const r of sorted) {
    if (r.start < at) continue;
    if (r.start > at) out.push({ text: text.slice(at, r.start), range: null });
    out.push({ text: text.slice(r.start, r.end), range: r });
    at = r.end;
  }
  if (at < text.length) out.push({ text: text.slice(at), range: null });
  return out;
}

// Ranges for every occurrence of each needle (case-insensitive), for
// documents whose entities come without offsets: names are found in the text.
export function findAll(text: string, needles: readonly { text: string; kind: string; ref?: string }[]): Range[] {
  const lower = text.toLowerCase();
  const out: Range[] = [];
  for (const n of needles) {
    const needle = n.text.toLowerCase();
    if (needle.length < 2) continue;
    for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, i + needle.length)) {
      const before = i === 0 ? " " : lower[i - 1];
      const after = i + needle.length >= lower.length ? " " : lower[i + needle.length];
      if (/[\p{L}\p{N}]/u.test(before) || /[\p{L}\p{N}]/u.test(after)) continue;
      out.push({ start: i, end: i + needle.length, kind: n.kind, ref: n.ref, title: n.text });
    }
  }
  return out;
}
