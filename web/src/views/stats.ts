// Statistics as a centre publishes them: incidents by sector and by month,
// advisories and recipients; charts with the numbers on hover and the same
// numbers as a table and a CSV download.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from "chart.js";
import { api, type Stats } from "../api";
import { h, section, table } from "../dom";
import { toCsv } from "../logic/csv";
import { render } from "./common";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

export async function statsView(main: HTMLElement): Promise<void> {
  await render(main, "Statistics", async () => {
    const [bySector, byMonth] = await Promise.all([api.stats("sector"), api.stats("month")]);
    return [h("h1", {}, "Statistics"), statsSection("Incidents by sector", bySector), statsSection("Incidents by month", byMonth)];
  });
}

function statsSection(title: string, stats: Stats): HTMLElement {
  const rows = stats.rows ?? [];
  const columns = rows.length ? Object.keys(rows[0]).filter((k) => k !== "key") : ["incidents"];
  const canvas = h("canvas", { role: "img", "aria-label": `${title}: bar chart`, width: 640, height: 280 });
  const csv = toCsv([stats.by, ...columns], rows.map((r) => [r.key, ...columns.map((c) => r[c] ?? 0)]));
  const download = h("a", { href: URL.createObjectURL(new Blob([csv], { type: "text/csv" })), download: `rampart-stats-by-${stats.by}.csv`, className: "button" }, "Download CSV");
  setTimeout(() => {
    new Chart(canvas, {
      type: "bar",
      data: { labels: rows.map((r) => r.key), datasets: columns.map((c) => ({ label: c, data: rows.map((r) => Number(r[c] ?? 0)) })) },
      options: { responsive: true, animation: false, plugins: { tooltip: { enabled: true } } },
    });
  });
  return section(title, h("div", { className: "chart" }, canvas), download, table([stats.by, ...columns], rows.map((r) => [r.key, ...columns.map((c) => String(r[c] ?? 0))])));
}
