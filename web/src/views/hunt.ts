// Hunt: upload a log or name a file on the server, choose the rule sets the
// operator configured, watch the job's progress (cancel it), browse the hits
// with their matched fields page by page, and open incidents from them
// (the "record sightings and open incidents" box: the job stores its hits
// as `hunt --store` does and links the incidents it opened or updated).
import { api, type HuntHit, type HuntJob, type RuleSetInfo } from "../api";
import { errorBox, h, link, section, table } from "../dom";
import { actorsText, jobEnded, matchedText, progressText, sourceText } from "../logic/hunt";
import { render } from "./common";

const POLL_MS = 400;

export async function huntView(main: HTMLElement): Promise<void> {
  await render(main, "Hunt", async () => {
    const sets = (await api.rules()).items;
    const results = h("div", { id: "hunt-results" });
    const status = h("p", { id: "hunt-status", "aria-live": "polite" });
    const form = huntForm(sets, status, results);
    return [h("h1", {}, "Hunt"), form, section("Hits", results)];
  });
}

function huntForm(sets: RuleSetInfo[], status: HTMLElement, results: HTMLElement): HTMLElement {
  const file = h("input", { type: "file", id: "hunt-file" });
  const path = h("input", { type: "text", id: "hunt-path", placeholder: "/var/log/exchange/u_ex210302.log", autocomplete: "off" });
  const boxes = sets.map((s) =>
    h("input", { type: "checkbox", id: `hunt-set-${s.name}`, name: "rules", value: s.name, checked: sets.length === 1 }),
  );
  const store = h("input", { type: "checkbox", id: "hunt-store" });
  const submit = h("button", { type: "submit", id: "hunt-start" }, "Hunt");
  const cancel = h("button", { type: "button", id: "hunt-cancel", hidden: true }, "Cancel");
  const ruleList = h(
    "fieldset",
    {},
    h("legend", {}, "Rule sets"),
    sets.length === 0 ? h("p", {}, "No rule set is configured (rampart serve --rules PATH).") : null,
    sets.map((s, i) =>
      h("div", {}, boxes[i], h("label", { for: `hunt-set-${s.name}` }, ` ${s.name} (${s.rules} rules${s.correlations ? `, ${s.correlations} correlations` : ""})`)),
    ),
  );
  const form = h(
    "form",
    { className: "hunt", id: "hunt-form" },
    h("label", { for: "hunt-file" }, "Upload a log (IIS/W3C, EVTX, JSON lines, CSV, syslog, Zeek; .gz accepted)"),
    file,
    h("label", { for: "hunt-path" }, "or a file or folder on the server"),
    path,
    ruleList,
    h("div", {}, store, h("label", { for: "hunt-store" }, " Record sightings and open incidents")),
    h("div", {}, submit, " ", cancel),
    status,
  );
  let running: string | null = null;
  cancel.addEventListener("click", async () => {
    if (running) await api.cancelHunt(running).catch(() => undefined);
  });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const chosen = boxes.filter((b) => b.checked).map((b) => b.value);
    const upload = file.files?.[0];
    results.replaceChildren();
    if (chosen.length === 0 || (!upload && !path.value.trim())) {
      results.append(errorBox("Choose a log (upload or server path) and at least one rule set."));
      return;
    }
    submit.disabled = true;
    try {
      let job = upload ? await api.startHunt(upload, chosen, store.checked) : await api.startPathHunt(path.value.trim(), chosen, store.checked);
      running = job.id;
      cancel.hidden = false;
      while (!jobEnded(job)) {
        status.textContent = progressText(job);
        await new Promise((r) => setTimeout(r, POLL_MS));
        job = await api.hunt(job.id);
      }
      status.textContent = progressText(job);
      status.dataset.state = job.state;
      if (job.state === "failed") throw new Error(job.message ?? "the hunt failed");
      results.append(incidentLinks(job));
      await showHits(job, results);
    } catch (err) {
      results.append(errorBox((err as Error).message));
    } finally {
      running = null;
      cancel.hidden = true;
      submit.disabled = false;
    }
  });
  return form;
}

// Links to the incidents a stored hunt opened or updated.
function incidentLinks(job: HuntJob): HTMLElement | string {
  const ids = job.incidents?.ids ?? [];
  if (!job.incidents) return "";
  return h(
    "p",
    { id: "hunt-incidents" },
    `Incidents: ${job.incidents.opened} opened, ${job.incidents.updated} updated. `,
    ids.flatMap((id, i) => [i ? ", " : "", link(`/incident/${encodeURIComponent(id)}`, id)]),
  );
}

// The hits, one page at a time ("More hits" follows the cursor).
async function showHits(job: HuntJob, into: HTMLElement): Promise<void> {
  const rows: HuntHit[] = [];
  const holder = h("div", { className: "hits-scroll" });
  const more = h("button", { type: "button", id: "hunt-more" }, "More hits");
  into.append(holder, more);
  let cursor: string | undefined;
  const load = async () => {
    const page = await api.huntHits(job.id, cursor);
    rows.push(...page.items);
    cursor = page.next_cursor ?? undefined;
    more.hidden = page.next_cursor === null;
    holder.replaceChildren(hitTable(rows, job.hits ?? rows.length));
  };
  more.addEventListener("click", () => void load());
  await load();
}

function hitTable(hits: HuntHit[], total: number): HTMLElement {
  const t = table(
    ["Time", "Rule", "Level", "Source", "Matched", "Actors"],
    hits.map((hit) => [(hit.time ?? "").replace("T", " ").replace(/\.\d+Z$/, "Z"), hit.rule?.title ?? "", hit.rule?.level ?? "", sourceText(hit), h("code", {}, matchedText(hit)), actorsText(hit)]),
    `${hits.length} of ${total} hits`,
  );
  t.classList.add("hits");
  for (const row of Array.from(t.tBodies[0]?.rows ?? [])) row.cells[4]?.classList.add("matched");
  return t;
}
