// Pieces several pages share: the TLP badge, a confidence cell, links to
// objects, and the loading/error frame every page renders through.
import { ApiError } from "../api";
import { clear, errorBox, h, link } from "../dom";
import { confidenceLabel } from "../logic/confidence";
import { parseTlp, tlpOfMarkings, tlpStyle, type TlpLevel } from "../logic/tlp";

export function tlpBadge(level: TlpLevel | string | null | undefined): HTMLElement {
  const parsed = typeof level === "string" ? parseTlp(level) ?? "clear" : level ?? "clear";
  const style = tlpStyle(parsed);
  const badge = h("span", { className: `tlp tlp-${parsed.replace("+", "-")}` }, style.label);
  return badge;
}

export function tlpOf(object: Record<string, unknown> | undefined): TlpLevel {
  return tlpOfMarkings((object?.object_marking_refs as string[] | undefined) ?? []);
}

export function confidenceCell(value: number | null | undefined): HTMLElement {
  return h("span", { className: "confidence", title: value === null || value === undefined ? "" : `STIX confidence ${value}` }, confidenceLabel(value));
}

export function objectLink(id: string, name: string): HTMLAnchorElement {
  return link(`/object/${encodeURIComponent(id)}`, name || id);
}

// Runs a page's loader inside `main`: a busy state while it loads, a precise
// message if it fails (sign-in prompt on 401, "not yours" on 403).
export async function render(main: HTMLElement, title: string, load: () => Promise<(Node | string)[]>): Promise<void> {
  document.title = `${title} · rampart`;
  clear(main);
  main.setAttribute("aria-busy", "true");
  main.append(h("p", { className: "loading" }, "Loading…"));
  try {
    const content = await load();
    clear(main);
    main.append(...content);
  } catch (e) {
    clear(main);
    if (e instanceof ApiError && e.status === 401) {
      main.append(h("h1", {}, title), errorBox("Please sign in."), link("/login", "Sign in"));
    } else if (e instanceof ApiError && e.status === 403) {
      main.append(h("h1", {}, title), errorBox("You do not have access to this page."));
    } else if (e instanceof ApiError && e.status === 404) {
      main.append(h("h1", {}, title), errorBox(`Not found: ${e.message}`));
    } else {
      main.append(h("h1", {}, title), errorBox(e instanceof Error ? e.message : String(e)));
    }
  } finally {
    main.removeAttribute("aria-busy");
  }
}
