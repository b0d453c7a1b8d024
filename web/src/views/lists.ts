// Constituents, advisories and deliveries: tables of what the API returns,
// with the TLP marking shown as TLP 2.0 prescribes.
import { api } from "../api";
import { h, table } from "../dom";
import { render, tlpBadge, tlpOf } from "./common";

type Row = Record<string, unknown>;
const text = (v: unknown): string => (Array.isArray(v) ? v.join(", ") : v === undefined || v === null ? "" : String(v));

export async function constituentsView(main: HTMLElement): Promise<void> {
  await render(main, "Constituents", async () => {
    const items = (await api.constituents()).items ?? [];
    return [
      h("h1", {}, "Constituents"),
      table(["Name", "Sectors", "Networks", "Clearance"], items.map((c: Row) => [text(c.name), text(c.sectors), text(c.networks), tlpBadge(text(c.tlp_clearance ?? c.clearance) || "clear")])),
    ];
  });
}

export async function advisoriesView(main: HTMLElement): Promise<void> {
  await render(main, "Advisories", async () => {
    const items = (await api.advisories()).items ?? [];
    return [
      h("h1", {}, "Advisories"),
      items.length
        ? h(
            "div",
            {},
            items.map((a: Row) =>
              h(
                "article",
                { className: "advisory" },
                h("header", {}, tlpBadge(text(a.tlp) || tlpOf(a)), " ", h("h2", {}, text(a.name ?? a.title))),
                h("p", { className: "muted" }, [text(a.constituent), text(a.published ?? a.created)].filter(Boolean).join(" · ")),
                h("pre", { className: "advisory-body" }, text(a.markdown ?? a.description)),
              ),
            ),
          )
        : h("p", {}, "No advisory has been issued."),
    ];
  });
}

export async function deliveriesView(main: HTMLElement): Promise<void> {
  await render(main, "Deliveries", async () => {
    const items = (await api.deliveries()).items ?? [];
    return [
      h("h1", {}, "Deliveries"),
      table(["Message", "Recipient", "Channel", "State", "Attempts", "Last error"], items.map((d: Row) => [text(d.message ?? d.advisory), text(d.recipient), text(d.channel), text(d.state), text(d.attempts), text(d.last_error)])),
    ];
  });
}
