// The interactive relationship graph (Cytoscape.js). Nodes expand on double
// click or from the keyboard list beside it; relationship types can be
// hidden. The container's data-nodes and data-layout-ms attributes say what
// was drawn and how long the layout took (read by the browser tests).
import cytoscape, { type Core } from "cytoscape";
import { api, type ObjectView } from "./api";
import { clear, h } from "./dom";
import { layoutFor, relationshipTypes, viewElements } from "./logic/graph";

const TYPE_COLOURS: Record<string, string> = {
  "intrusion-set": "#c0392b",
  "threat-actor": "#c0392b",
  identity: "#2c3e50",
  location: "#16a085",
  "attack-pattern": "#8e44ad",
  malware: "#d35400",
  tool: "#f39c12",
  campaign: "#2980b9",
  vulnerability: "#7f8c8d",
  indicator: "#27ae60",
  report: "#34495e",
};

export function mountGraph(container: HTMLElement, controls: HTMLElement, view: ObjectView): Core {
  const known = new Set<string>();
  const cy = cytoscape({
    container,
    elements: viewElements(view, known),
    minZoom: 0.1,
    maxZoom: 3,
    style: [
      {
        selector: "node",
        style: {
          label: "data(label)",
          "font-size": 10,
          "text-wrap": "ellipsis",
          "text-max-width": "120px",
          "background-color": (n: cytoscape.NodeSingular) => TYPE_COLOURS[n.data("type") as string] ?? "#95a5a6",
          width: 18,
          height: 18,
        },
      },
      { selector: "edge", style: { width: 1, "line-color": "#bbb", "target-arrow-shape": "triangle", "target-arrow-color": "#bbb", "curve-style": "bezier" } },
      { selector: `node[id = "${view.id}"]`, style: { width: 30, height: 30, "font-weight": "bold" } },
    ],
  });
  const layout = () => {
    const started = performance.now();
    cy.layout(layoutFor(cy.nodes().length) as cytoscape.LayoutOptions).run();
    container.dataset.layoutMs = String(Math.round(performance.now() - started));
    container.dataset.nodes = String(cy.nodes().length);
  };
  const expand = async (id: string) => {
    const child = await api.object(id);
    const added = viewElements(child, known);
    if (added.length) {
      cy.add(added);
      layout();
      renderControls();
    }
  };
  cy.on("dbltap", "node", (event) => void expand(event.target.id() as string));

  const hidden = new Set<string>();
  const renderControls = () => {
    clear(controls);
    const types = relationshipTypes(cy.edges().map((e) => ({ data: e.data() })) as never);
    const filters = h(
      "fieldset",
      {},
      h("legend", {}, "Relationship types"),
      types.map((t) => {
        const id = `rel-${t}`;
        const box = h("input", { type: "checkbox", id, checked: !hidden.has(t) });
        box.addEventListener("change", () => {
          if (box.checked) hidden.delete(t);
          else hidden.add(t);
          cy.edges().forEach((e) => {
            e.style("display", hidden.has(e.data("label") as string) ? "none" : "element");
          });
        });
        return h("label", { for: id, className: "inline" }, box, ` ${t}`);
      }),
    );
    const select = h(
      "select",
      { id: "graph-node", "aria-label": "Node to expand" },
      cy.nodes().map((n) => h("option", { value: n.id() }, n.data("label") as string)),
    );
    const button = h("button", { type: "button" }, "Expand");
    button.addEventListener("click", () => void expand(select.value));
    controls.append(filters, h("div", { className: "expand" }, select, " ", button));
  };
  layout();
  renderControls();
  return cy;
}
