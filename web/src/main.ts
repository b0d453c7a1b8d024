// rampart's dashboard: a single-page app over the REST API. Routes are hash
// paths; each view renders into <main> and moves focus there, so keyboard and
// screen-reader users land on the new page's content.
import "./style.css";
import { api, type Session } from "./api";
import { clear, h, link } from "./dom";
import { currentPath, go, match, route } from "./router";
import { render } from "./views/common";
import { incidentView, incidentsView } from "./views/incidents";
import { advisoriesView, constituentsView, deliveriesView } from "./views/lists";
import { loginView } from "./views/login";
import { objectView } from "./views/object";
import { reportView, reportsView } from "./views/reports";
import { searchView } from "./views/search";
import { statsView } from "./views/stats";
import { huntView } from "./views/hunt";

const main = document.getElementById("main") as HTMLElement;
const nav = document.getElementById("nav") as HTMLElement;
let session: Session | null = null;

function renderNav(): void {
  clear(nav);
  if (!session) {
    nav.append(link("/login", "Sign in"));
    return;
  }
  const analyst = session.role !== "constituent-reader";
  const items: [string, string][] = [
    ["/reports", "Reports"],
    ...(analyst ? ([["/hunt", "Hunt"]] as [string, string][]) : []),
    ["/incidents/-", "Incidents"],
    ...(analyst ? ([["/constituents", "Constituents"]] as [string, string][]) : []),
    ["/advisories", "Advisories"],
    ["/deliveries", "Deliveries"],
    ["/stats", "Statistics"],
  ];
  const out = h("button", { type: "button", className: "link" }, `Sign out ${session.user}`);
  out.addEventListener("click", async () => {
    await api.logout();
    session = null;
    renderNav();
    go("/login");
  });
  nav.append(h("ul", {}, items.map(([path, text]) => h("li", {}, link(path, text))), h("li", {}, out)));
}

async function home(el: HTMLElement): Promise<void> {
  await render(el, "rampart", async () => [
    h("h1", {}, "rampart"),
    h("p", {}, `Signed in as ${session?.user ?? "?"} (${session?.role ?? ""}${session?.organisation ? `, ${session.organisation}` : ""}).`),
    h(
      "ul",
      { className: "start" },
      h("li", {}, "Who is behind it? ", link("/object/APT40", "APT40"), ", ", link("/object/HAFNIUM", "HAFNIUM"), ", or search above (aliases and ids work: “APT 40”, G0065, T1190)."),
      h("li", {}, link("/reports", "Reports"), ": the founding article and what it claims, with sources and confidence."),
      h("li", {}, link("/incidents/-", "Incidents"), " by state, constituent, sector and actor."),
      h("li", {}, link("/stats", "Statistics"), " by sector and month, as charts and CSV."),
    ),
  ]);
}

route("/", home);
route("/search/:q", searchView);
route("/object/:ref", objectView);
route("/reports", reportsView);
route("/report/:id", reportView);
route("/hunt", huntView);
route("/incidents/:query", (el, p) => incidentsView(el, { query: p.query === "-" ? "" : p.query }));
route("/incident/:id", incidentView);
route("/constituents", constituentsView);
route("/advisories", advisoriesView);
route("/deliveries", deliveriesView);
route("/stats", statsView);

async function show(): Promise<void> {
  const path = currentPath();
  if (path === "/login" || !session) {
    loginView(main, async () => {
      session = await api.session();
      renderNav();
    });
    return;
  }
  const found = match(path);
  if (!found) {
    clear(main);
    main.append(h("h1", {}, "Not found"), h("p", {}, `No page at ${path}.`));
  } else {
    await found.view(main, found.params);
  }
  main.focus({ preventScroll: true });
}

document.getElementById("search-form")!.addEventListener("submit", (e) => {
  e.preventDefault();
  const value = (document.getElementById("search-input") as HTMLInputElement).value.trim();
  if (value) go(`/search/${encodeURIComponent(value)}`);
});
window.addEventListener("hashchange", () => void show());

(async () => {
  session = await api.session().catch(() => null);
  renderNav();
  await show();
})();
