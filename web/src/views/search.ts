import { api } from "../api";
import { h, table } from "../dom";
import { objectLink, render } from "./common";

// Search results: exact names, aliases ("APT 40") and external ids (G0065,
// T1190, CVE-2021-26855) first, then full-text matches; one click away.
export async function searchView(main: HTMLElement, params: Record<string, string>): Promise<void> {
  await render(main, `Search: ${params.q}`, async () => {
    const page = await api.search(params.q);
    const items = page.items ?? [];
    return [
      h("h1", {}, `Search: ${params.q}`),
      items.length
        ? table(
            ["Name", "Type", "Match"],
            items.map((hit) => [objectLink(hit.id, hit.name), hit.type, hit.snippet ?? ""]),
            `${items.length} result${items.length === 1 ? "" : "s"}`,
          )
        : h("p", {}, "Nothing matches."),
    ];
  });
}
