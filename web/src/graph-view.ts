/**
 * The object graph at one step, as SVG: objects as boxes (label and counts), references as
 * arrows, what changed since the previous step marked (new objects, changed lines, new
 * references; objects and references that just went away as dashed ghosts), and the references
 * of a pinning cycle (a leak) in the cycle colour. Plus a small drawing of each cycle on a circle.
 */
import type { GraphNode } from "../../src/index.js";
import { edgeKey, type ExplorerStep } from "../../src/lib/explorer.js";
import { clip, s } from "./dom.js";
import { edgeGeometry, LINE_H, type GraphLayout } from "./graph-layout.js";

const FONT = 11;

function markers(): SVGDefsElement {
  const m = (id: string) =>
    s("marker", { id, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" }, s("path", { d: "M0,0 L10,5 L0,10 z", class: `arrowhead ${id}` }));
  return s("defs", {}, m("arrow"), m("arrow-added"), m("arrow-cycle"), m("arrow-ghost"));
}

const KIND_LABEL: Record<GraphNode["kind"], string> = {
  task: "task_struct",
  mm: "mm_struct",
  file: "struct file + queue",
  vma: "vm_area_struct",
  pasid: "PASID (allocator)",
  entry: "PASID-table entry",
  bond: "SVA bond",
  device: "device",
};

/** A reference's name without its explanation: "vm_file (f_count)" → "vm_file"; the tooltip has it all. */
export function shortLabel(label: string): string {
  if (label.startsWith("active_mm")) return "active_mm";
  return label.replace(/\s*\([^)]*\)/g, "").trim() || label;
}

export function renderGraph(container: HTMLElement, layout: GraphLayout, st: ExplorerStep): void {
  const { graph, delta } = st;
  const present = new Set(graph.nodes.map((n) => n.id));
  const onCycle = new Set(st.cycles.flat());
  const cycleEdges = new Set<string>();
  for (const c of st.cycles) c.forEach((id, i) => cycleEdges.add(`${id}>${c[(i + 1) % c.length]}`));
  const addedEdges = new Set(delta.addedEdges);
  const added = new Set(delta.added);

  const svg = s("svg", {
    viewBox: `0 0 ${layout.width} ${layout.height}`,
    width: layout.width,
    height: layout.height,
    // Shrinks a little to fit its pane, never below a readable size (the pane scrolls then).
    style: `width:100%;max-width:${layout.width}px;min-width:${Math.round(layout.width * 0.8)}px;height:auto`,
    class: "graph-svg",
    role: "img",
    "aria-label": `Object graph after step ${st.step}: ${graph.nodes.length} objects, ${graph.edges.length} references`,
  });
  svg.append(markers());

  // Group labels for the bands.
  const edgesLayer = s("g", { class: "edges" });
  const labelsLayer = s("g", { class: "edge-labels" });
  const nodesLayer = s("g", { class: "nodes" });
  svg.append(edgesLayer, nodesLayer, labelsLayer);

  const obstacles = [...present].map((id) => layout.boxes.get(id)).filter((b): b is NonNullable<typeof b> => b !== undefined);
  const kindOf = new Map([...graph.nodes, ...delta.removed].map((n) => [n.id, n.kind]));
  const SLOT: Partial<Record<GraphNode["kind"], number>> = { pasid: 0, entry: 1 };
  const drawEdge = (e: { from: string; to: string; label: string }, cls: string, lane: number) => {
    const a = layout.boxes.get(e.from);
    const b = layout.boxes.get(e.to);
    if (!a || !b) return;
    const slot = (SLOT[kindOf.get(e.from) ?? "task"] ?? 2) + (e.label.startsWith("intel_svm") ? 2 : 0);
    const g = edgeGeometry(a, b, lane, obstacles, slot);
    const marker = cls.includes("ghost") ? "arrow-ghost" : cls.includes("cycle") ? "arrow-cycle" : cls.includes("added") ? "arrow-added" : "arrow";
    edgesLayer.append(
      s("path", { d: g.d, class: `edge ${cls}`, "marker-end": `url(#${marker})`, "data-from": e.from, "data-to": e.to }, s("title", {}, `${e.from} → ${e.to}: ${e.label}`)),
    );
    labelsLayer.append(s("text", { x: g.lx, y: g.ly - 3, class: `edge-label ${cls}`, "text-anchor": "middle" }, clip(shortLabel(e.label), 150, 9)));
  };

  const lanes = new Map<string, number>();
  const laneOf = (from: string, to: string) => {
    const k = `${from}>${to}`;
    const n = lanes.get(k) ?? 0;
    lanes.set(k, n + 1);
    return n;
  };
  for (const e of graph.edges) {
    const cls = [cycleEdges.has(`${e.from}>${e.to}`) ? "cycle" : "", addedEdges.has(edgeKey(e)) && st.step > 0 ? "added" : ""].join(" ").trim();
    drawEdge(e, cls, laneOf(e.from, e.to));
  }
  for (const e of delta.removedEdges) drawEdge(e, "ghost", laneOf(e.from, e.to));

  const drawNode = (n: GraphNode, ghost: boolean) => {
    const b = layout.boxes.get(n.id);
    if (!b) return;
    const changedLines = new Set(delta.changed[n.id] ?? []);
    const isNew = added.has(n.id) && st.step > 0;
    const isChanged = !ghost && (isNew || changedLines.size > 0);
    const cls = ["node", `kind-${n.kind}`, ghost ? "ghost" : "", isChanged ? "changed" : "", isNew ? "added" : "", onCycle.has(n.id) ? "cycle" : ""].join(" ").replace(/\s+/g, " ").trim();
    const g = s("g", { class: cls, "data-id": n.id, transform: `translate(${b.x},${b.y})` });
    g.append(s("title", {}, `${KIND_LABEL[n.kind]}: ${n.label}\n${n.detail.join("\n")}${ghost ? "\n(gone at this step)" : ""}`));
    g.append(s("rect", { width: b.w, height: b.h, rx: n.kind === "mm" ? 12 : n.kind === "pasid" ? 8 : 3, class: "box" }));
    const text = s("text", { x: 7, y: 6 + LINE_H - 2, class: "node-text" });
    text.append(s("tspan", { class: "node-label", x: 7 }, clip(n.label, b.w - (isChanged || ghost ? 30 : 12), FONT)));
    n.detail.forEach((d, i) => {
      text.append(s("tspan", { x: 7, y: 6 + LINE_H * (i + 2) - 2, class: changedLines.has(d) && !isNew ? "delta-line" : "" }, clip(d, b.w - 12, 10)));
    });
    g.append(text);
    const badge = ghost ? "gone" : isNew ? "new" : isChanged ? "Δ" : "";
    if (badge) g.append(s("text", { x: b.w - 5, y: 12, "text-anchor": "end", class: "badge" }, badge));
    nodesLayer.append(g);
  };
  for (const n of graph.nodes) drawNode(n, false);
  for (const n of delta.removed) if (!present.has(n.id)) drawNode(n, true);

  container.replaceChildren(svg);
}

/** Each pinning cycle drawn on a circle: the shape of a leak. */
export function renderCycles(container: HTMLElement, st: ExplorerStep): void {
  container.replaceChildren();
  const label = new Map(st.graph.nodes.map((n) => [n.id, n.label]));
  const edgeLabel = (a: string, b: string) => st.graph.edges.find((e) => e.from === a && e.to === b)?.label ?? "";
  for (const cycle of st.cycles) {
    const n = cycle.length;
    const W = 300;
    const H = 230;
    const cx = W / 2;
    const cy = H / 2;
    const r = 78;
    const pos = cycle.map((_, i) => {
      const a = -Math.PI / 2 + (2 * Math.PI * i) / n;
      return [cx + r * Math.cos(a), cy + r * Math.sin(a)] as const;
    });
    const svg = s("svg", {
      viewBox: `0 0 ${W} ${H}`,
      width: W,
      height: H,
      class: "cycle-svg",
      role: "img",
      "aria-label": `Reference cycle: ${[...cycle, cycle[0]!].map((id) => label.get(id) ?? id).join(" → ")}`,
    });
    svg.append(markers());
    const nodeR = 34;
    cycle.forEach((id, i) => {
      const [x0, y0] = pos[i]!;
      const [x1, y1] = pos[(i + 1) % n]!;
      // An arc bending outwards, from the edge of one node circle to the next.
      const ang0 = Math.atan2(y1 - y0, x1 - x0);
      const sx = x0 + Math.cos(ang0 + 0.5) * nodeR * 0.55;
      const sy = y0 + Math.sin(ang0 + 0.5) * nodeR * 0.55;
      const ex = x1 - Math.cos(ang0 - 0.5) * nodeR * 0.6;
      const ey = y1 - Math.sin(ang0 - 0.5) * nodeR * 0.6;
      const mx = (sx + ex) / 2;
      const my = (sy + ey) / 2;
      const ox = (mx - cx) * 0.25;
      const oy = (my - cy) * 0.25;
      svg.append(s("path", { d: `M${sx},${sy} Q${mx + ox},${my + oy} ${ex},${ey}`, class: "edge cycle", "marker-end": "url(#arrow-cycle)" }));
      const lx = mx + ox * 2.2;
      const ly = my + oy * 2.2;
      svg.append(s("text", { x: lx, y: ly, "text-anchor": "middle", class: "edge-label cycle" }, clip(shortLabel(edgeLabel(id, cycle[(i + 1) % n]!)), 110, 9)));
    });
    cycle.forEach((id, i) => {
      const [x, y] = pos[i]!;
      svg.append(
        s("g", { class: "node cycle", transform: `translate(${x},${y})` }, s("ellipse", { rx: nodeR + 14, ry: 14, class: "box" }), s("text", { y: 4, "text-anchor": "middle", class: "node-label" }, clip(label.get(id) ?? id, 2 * nodeR + 24, 10))),
      );
    });
    container.append(svg);
  }
}
