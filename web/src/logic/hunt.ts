// Pure helpers of the hunt page: how a job's progress and a hit's matched
// fields read, and whether a job has ended (tested in tests/unit).
import type { HuntHit, HuntJob } from "../api";

export function jobEnded(job: Pick<HuntJob, "state">): boolean {
  return job.state === "done" || job.state === "failed" || job.state === "cancelled";
}

const mib = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(1);

// "running: 41% — 8,192 records, 3.1 of 7.5 MiB, 12 hits".
export function progressText(job: HuntJob): string {
  const pct = Math.round(Math.max(0, Math.min(1, job.progress ?? 0)) * 100);
  const records = (job.records ?? 0).toLocaleString("en");
  const size = job.total_bytes ? `, ${mib(job.bytes ?? 0)} of ${mib(job.total_bytes)} MiB` : "";
  const hits = `${(job.hits ?? 0).toLocaleString("en")} ${job.hits === 1 ? "hit" : "hits"}`;
  const head = job.state === "running" || job.state === "done" ? `${job.state}: ${pct}%` : job.state;
  return `${head} — ${records} records${size}, ${hits}${job.message ? ` (${job.message})` : ""}`;
}

// "cs-uri-stem=/ecp/y.js; keyword=whoami": the fields a rule matched on.
export function matchedText(hit: HuntHit): string {
  return (hit.matched ?? []).map((m) => (m.field ? `${m.field}=${m.value}` : `keyword=${m.value}`)).join("; ");
}

// "ex.log:18857" (line) or "Security.evtx#42" (record).
export function sourceText(hit: HuntHit): string {
  const s = hit.source ?? {};
  const file = (s.file ?? "").split("/").pop() ?? "";
  if (s.line) return `${file}:${s.line}`;
  if (s.record) return `${file}#${s.record}`;
  return file;
}

// The actors a hit points at ("HAFNIUM (G0125)").
export function actorsText(hit: HuntHit): string {
  return (hit.rule?.actors ?? [])
    .map((a) => (a.name ? (a.external_id ? `${a.name} (${a.external_id})` : a.name) : a.external_id ?? ""))
    .filter((t) => t)
    .join(", ");
}
