// Hunt: upload a log, choose the rule set, watch the job's progress, browse
// the hits with their matched fields.
import { api, type HuntJob } from "../api";
import { errorBox, h, section, table } from "../dom";
import { render } from "./common";

export async function huntView(main: HTMLElement): Promise<void> {
  await render(main, "Hunt", async () => {
    const input = h("input", { type: "file", id: "hunt-file" });
    const rules = h("select", { id: "hunt-rules" }, h("option", { value: "sigma" }, "All Sigma rules"), h("option", { value: "intel" }, "Knowledge-base indicators"), h("option", { value: "sigma,intel" }, "Both"));
    const status = h("p", { id: "hunt-status", "aria-live": "polite" });
    const results = h("div", { id: "hunt-results" });
    const form = h(
      "form",
      { className: "hunt" },
      h("label", { for: "hunt-file" }, "Log file (IIS/W3C, EVTX, JSON lines, CSV, syslog, Zeek; .gz accepted)"),
      input,
      h("label", { for: "hunt-rules" }, "Hunt with"),
      rules,
      h("button", { type: "submit" }, "Hunt"),
      status,
    );
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const file = input.files?.[0];
      if (!file) return;
      results.replaceChildren();
      try {
        let job: HuntJob = await api.startHunt(file, rules.value);
        while (job.state === "queued" || job.state === "running") {
          status.textContent = `Hunting ${file.name}: ${job.records ?? 0} records, ${job.hits ?? 0} hits${job.progress !== undefined ? `, ${Math.round(job.progress * 100)}%` : ""}`;
          await new Promise((r) => setTimeout(r, 500));
          job = await api.hunt(job.id);
        }
        if (job.state !== "done") throw new Error(job.error ?? `hunt ${job.state}`);
        status.textContent = `Done: ${job.records ?? 0} records, ${job.hits ?? 0} hits.`;
        const hits = await api.huntHits(job.id);
        results.append(hitTable(hits));
      } catch (err) {
        status.textContent = "";
        results.append(errorBox((err as Error).message));
      }
    });
    return [h("h1", {}, "Hunt"), form, section("Hits", results)];
  });
}

function hitTable(hits: Record<string, unknown>[]): HTMLElement {
  const text = (v: unknown) => (typeof v === "string" ? v : v === undefined ? "" : JSON.stringify(v));
  return table(
    ["Time", "Rule", "Level", "Source", "Matched", "Actors"],
    hits.map((hit) => {
      const rule = (hit.rule ?? {}) as Record<string, unknown>;
      return [text(hit.time), text(rule.title ?? hit.rule), text(rule.level), text(hit.source), text(hit.matched ?? hit.fields), text(hit.actors)];
    }),
    `${hits.length} hits`,
  );
}
