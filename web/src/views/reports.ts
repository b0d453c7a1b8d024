// Reports: the list, an upload (button or drag and drop) that ingests the
// document on the server, and a report's text with what was extracted from
// it highlighted and linked.
import { api, type ReportDetail } from "../api";
import { errorBox, h, link, section, table } from "../dom";
import { findAll, segments } from "../logic/highlight";
import { go } from "../router";
import { confidenceCell, objectLink, render, tlpBadge, tlpOf } from "./common";

export async function reportsView(main: HTMLElement): Promise<void> {
  await render(main, "Reports", async () => {
    const page = await api.reports();
    const items = page.items ?? [];
    return [
      h("h1", {}, "Reports"),
      uploadBox(),
      items.length
        ? table(["Title", "Published", "Source"], items.map((r) => [link(`/report/${encodeURIComponent(r.id)}`, r.name), r.published ?? "", r.source ?? ""]))
        : h("p", {}, "No report has been read yet."),
    ];
  });
}

function uploadBox(): HTMLElement {
  const status = h("div", { "aria-live": "polite", id: "upload-status" });
  const input = h("input", { type: "file", id: "report-file", accept: ".txt,.md,.html,.htm,.pdf" });
  const zone = h(
    "div",
    { className: "dropzone", id: "dropzone", tabindex: 0 },
    h("label", { for: "report-file" }, "Read a report: choose a file (txt, md, html, pdf) or drop it here"),
    " ",
    input,
    status,
  );
  const upload = async (file: File) => {
    status.textContent = `Reading ${file.name}…`;
    try {
      const report = await api.uploadReport(file);
      status.textContent = `Read ${file.name}.`;
      go(`/report/${encodeURIComponent(report.id)}`);
    } catch (e) {
      status.textContent = "";
      status.append(errorBox((e as Error).message));
    }
  };
  input.addEventListener("change", () => input.files?.[0] && void upload(input.files[0]));
  zone.addEventListener("dragover", (e) => {
    e.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    const file = e.dataTransfer?.files?.[0];
    if (file) void upload(file);
  });
  return zone;
}

export async function reportView(main: HTMLElement, params: Record<string, string>): Promise<void> {
  await render(main, "Report", async () => {
    const report = await api.report(params.id);
    return [
      h("h1", {}, report.name),
      tlpBadge(tlpOf(report as unknown as Record<string, unknown>)),
      h("p", { className: "muted" }, [report.source, report.published, report.document].filter(Boolean).join(" · ")),
      claimsSection(report),
      textSection(report),
    ];
  });
}

function claimsSection(report: ReportDetail): HTMLElement {
  const claims = report.claims ?? [];
  return section(
    "Claims",
    claims.length
      ? table(
          ["Subject", "Relation", "Object", "Claimed by", "Estimative language", "Confidence"],
          claims.map((c) => [c.subject, c.relationship_type, c.object, c.claimant ?? "", c.estimative ?? "", confidenceCell(c.confidence)]),
        )
      : h("p", {}, "No claim was extracted."),
  );
}

// The claims' quotes, with the report's entities and observables highlighted
// and linked: where in the document each claim was read.
function textSection(report: ReportDetail): HTMLElement {
  const needles = [
    ...(report.entities ?? []).map((e) => ({ text: e.name, kind: "entity", ref: e.id })),
    ...(report.observables ?? []).map((o) => ({ text: o.value, kind: "observable" })),
  ];
  const quotes = [...new Set((report.claims ?? []).map((c) => c.quote ?? "").filter(Boolean))];
  const render = (text: string) =>
    segments(text, findAll(text, needles)).map((s) => {
      if (!s.range) return s.text;
      if (s.range.kind === "entity" && s.range.ref) {
        const a = objectLink(s.range.ref, s.text);
        a.className = "hl-entity";
        return a;
      }
      return h("mark", { className: `hl-${s.range.kind}`, title: s.range.title ?? s.range.kind }, s.text);
    });
  return section(
    "Evidence",
    h("p", { className: "legend" }, h("span", { className: "hl-entity" }, "entity"), " ", h("mark", { className: "hl-observable" }, "observable")),
    quotes.length ? h("ul", { className: "quotes" }, quotes.map((q) => h("li", {}, h("blockquote", { className: "report-text" }, render(q))))) : h("p", {}, "No quote was kept."),
    section(
      "Entities",
      h("ul", { className: "aliases" }, (report.entities ?? []).map((e) => h("li", {}, objectLink(e.id, e.name || e.id), h("span", { className: "muted" }, ` ${e.type}`)))),
    ),
    (report.observables ?? []).length
      ? section("Observables", table(["Type", "Value"], (report.observables ?? []).map((o) => [o.type, o.value])))
      : null,
  );
}
