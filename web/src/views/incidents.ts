// The incident board: one column per state, filters by constituent, sector
// and actor, and each incident's page with its history and state change.
import { api, type Incident } from "../api";
import { errorBox, h, link, section, table } from "../dom";
import { go } from "../router";
import { render } from "./common";

export const STATES = ["new", "triaged", "assisting", "resolved", "false-positive"];

export async function incidentsView(main: HTMLElement, params: Record<string, string>): Promise<void> {
  const filter = new URLSearchParams(params.query ?? "");
  await render(main, "Incidents", async () => {
    const page = await api.incidents(Object.fromEntries(filter.entries()));
    const items = page.items ?? [];
    return [h("h1", {}, "Incidents"), filterForm(filter), board(items)];
  });
}

function filterForm(filter: URLSearchParams): HTMLElement {
  const field = (name: string, label: string) => {
    const id = `filter-${name}`;
    return h("span", { className: "field" }, h("label", { for: id }, label), h("input", { id, name, value: filter.get(name) ?? "" }));
  };
  const form = h("form", { className: "filters" }, field("constituent", "Constituent"), field("sector", "Sector"), field("actor", "Actor"), h("button", { type: "submit" }, "Filter"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const data = new URLSearchParams();
    for (const [k, v] of new FormData(form).entries()) if (String(v)) data.set(k, String(v));
    go(`/incidents/${encodeURIComponent(data.toString() || "-")}`);
  });
  return form;
}

function board(items: Incident[]): HTMLElement {
  return h(
    "div",
    { className: "board" },
    STATES.map((state) => {
      const column = items.filter((i) => i.state === state);
      return h(
        "section",
        { className: "column", "aria-label": `${state} (${column.length})` },
        h("h2", {}, `${state} (${column.length})`),
        h("ul", {}, column.map((i) => h("li", { className: "card" }, link(`/incident/${encodeURIComponent(i.id)}`, i.name), h("div", { className: "muted" }, [i.constituent, (i.actors ?? []).join(", ")].filter(Boolean).join(" · "))))),
      );
    }),
  );
}

export async function incidentView(main: HTMLElement, params: Record<string, string>): Promise<void> {
  await render(main, "Incident", async () => {
    const incident = await api.incident(params.id);
    const state = h("select", { id: "incident-state", name: "state" }, STATES.map((s) => h("option", { value: s, selected: s === incident.state }, s)));
    const assignee = h("input", { id: "incident-assignee", name: "assignee", value: incident.assignee ?? "" });
    const note = h("textarea", { id: "incident-note", name: "note", rows: 3 });
    const message = h("div", { "aria-live": "polite" });
    const form = h(
      "form",
      { className: "update" },
      h("label", { for: "incident-state" }, "State"),
      state,
      h("label", { for: "incident-assignee" }, "Assignee"),
      assignee,
      h("label", { for: "incident-note" }, "Note"),
      note,
      h("button", { type: "submit" }, "Update"),
      message,
    );
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      try {
        await api.updateIncident(incident.id, { state: state.value, assignee: assignee.value || undefined, note: note.value || undefined });
        await incidentView(main, params);
      } catch (err) {
        message.append(errorBox((err as Error).message));
      }
    });
    const sectors = Array.isArray(incident.sector) ? incident.sector.join(", ") : incident.sector ?? "";
    return [
      h("h1", {}, incident.name),
      table(
        ["State", "Constituent", "Sector", "Actors", "First seen", "Last seen", "Sightings"],
        [[incident.state, incident.constituent ?? "unassigned", sectors, (incident.actors ?? []).join(", "), incident.first_seen ?? "", incident.last_seen ?? "", String(incident.sightings ?? "")]],
      ),
      section("Update", form),
      section("History", table(["When", "Who", "What"], (incident.history ?? []).map((e) => [e.at, e.by, e.what]))),
    ];
  });
}
