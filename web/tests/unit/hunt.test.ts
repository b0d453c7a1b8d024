import { describe, expect, it } from "vitest";
import { actorsText, jobEnded, matchedText, progressText, sourceText } from "../../src/logic/hunt";

describe("hunt page logic", () => {
  it("tells running jobs from ended ones", () => {
    expect(jobEnded({ state: "queued" })).toBe(false);
    expect(jobEnded({ state: "running" })).toBe(false);
    for (const state of ["done", "failed", "cancelled"]) expect(jobEnded({ state })).toBe(true);
  });
  it("reads a job's progress", () => {
    expect(progressText({ id: "x", state: "running", progress: 0.414, records: 8192, bytes: 3250585, total_bytes: 7864320, hits: 12 })).toBe(
      "running: 41% — 8,192 records, 3.1 of 7.5 MiB, 12 hits",
    );
    expect(progressText({ id: "x", state: "queued" })).toBe("queued — 0 records, 0 hits");
    expect(progressText({ id: "x", state: "done", progress: 1, records: 1, hits: 1 })).toBe("done: 100% — 1 records, 1 hit");
    expect(progressText({ id: "x", state: "failed", message: "no usable rule" })).toBe("failed — 0 records, 0 hits (no usable rule)");
  });
  it("shows the matched fields, the source and the actors of a hit", () => {
    const hit = {
      matched: [
        { field: "cs-method", value: "POST" },
        { field: "", value: "whoami" },
      ],
      source: { file: "/tmp/x/ex.log", line: 18857 },
      rule: { actors: [{ external_id: "G0125", name: "HAFNIUM" }, { external_id: "G0016" }] },
    };
    expect(matchedText(hit)).toBe("cs-method=POST; keyword=whoami");
    expect(sourceText(hit)).toBe("ex.log:18857");
    expect(sourceText({ source: { file: "Security.evtx", record: 42 } })).toBe("Security.evtx#42");
    expect(actorsText(hit)).toBe("HAFNIUM (G0125), G0016");
    expect(matchedText({})).toBe("");
  });
});
