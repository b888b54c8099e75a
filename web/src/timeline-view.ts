/**
 * The trace as a sequence diagram (SVG): one lane per process, the kernel, kernel contexts
 * (kworker, SRCU), the IOMMU and each device; one band per step with its messages; the current
 * step highlighted; a click on a band selects its step.
 */
import type { Timeline } from "../../src/lib/explorer.js";
import { clip, h, s } from "./dom.js";

const MSG_H = 17;
const HEAD_H = 26;
const PAD = 5;

export function renderTimeline(container: HTMLElement, tl: Timeline, current: number, onPick: (step: number) => void): void {
  const width = Math.max(container.clientWidth - 2, tl.lanes.length * 46);
  const laneW = width / tl.lanes.length;
  const laneX = new Map(tl.lanes.map((l, i) => [l.id, laneW * i + laneW / 2]));

  const head = h("div", { class: "tl-head", style: `width:${width}px` });
  for (const l of tl.lanes) head.append(h("div", { class: `tl-lane-name lane-${l.kind}`, style: `width:${laneW}px`, title: l.name }, l.name));

  // Band heights.
  const bands = [{ step: 0, height: MSG_H + 2 * PAD }, ...tl.rows.map((r) => ({ step: r.step, height: PAD * 2 + MSG_H * r.messages.length + (r.notes.length > 0 ? 14 : 0) + (r.violations.length > 0 ? 15 : 0) }))];
  const total = bands.reduce((a, b) => a + b.height, 0);
  const svg = s("svg", { width, height: total, class: "timeline-svg", role: "img", "aria-label": `Sequence diagram of ${tl.rows.length} steps; step ${current} is highlighted` });
  svg.append(
    s(
      "defs",
      {},
      s("marker", { id: "tl-arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto-start-reverse" }, s("path", { d: "M0,0 L10,5 L0,10 z", class: "tl-arrowhead" })),
    ),
  );
  // Lane lines.
  for (const l of tl.lanes) {
    const x = laneX.get(l.id)!;
    svg.append(s("line", { x1: x, x2: x, y1: 0, y2: total, class: `tl-lane lane-${l.kind}` }));
  }
  let y = 0;
  bands.forEach((band, bi) => {
    const g = s("g", { class: `tl-step${band.step === current ? " current" : ""}`, "data-step": band.step });
    g.addEventListener("click", () => onPick(band.step));
    g.append(s("rect", { x: 0, y, width, height: band.height, class: "tl-band" }));
    const row = bi === 0 ? undefined : tl.rows[bi - 1]!;
    let my = y + PAD + MSG_H - 5;
    if (!row) {
      g.append(s("text", { x: 6, y: my, class: "tl-text tl-initial" }, "0. initial state"));
    } else {
      g.append(s("title", {}, `step ${row.step}`));
      row.messages.forEach((m, i) => {
        const x1 = laneX.get(m.from) ?? 0;
        const x2 = laneX.get(m.to) ?? 0;
        const ay = my + 3;
        const dir = x2 >= x1 ? 1 : -1;
        const cls = i === 0 ? "tl-msg tl-event" : "tl-msg tl-call";
        g.append(s("line", { x1: x1 + dir * 3, x2: x2 - dir * 4, y1: ay, y2: ay, class: cls, "marker-end": "url(#tl-arrow)" }));
        // Text above the arrow, starting at its tail, and allowed to run on across lanes.
        const leftwards = dir < 0;
        const room = leftwards ? x1 - 4 : width - x1 - 4;
        g.append(
          s(
            "text",
            { x: leftwards ? x1 - 4 : x1 + 4, y: ay - 4, "text-anchor": leftwards ? "end" : "start", class: `tl-text ${i === 0 ? "tl-event-text" : "tl-call-text"}` },
            s("title", {}, m.full),
            clip(m.text, Math.min(room, Math.max(laneW * 2.6, Math.abs(x2 - x1) + laneW)), i === 0 ? 11 : 10),
          ),
        );
        my += MSG_H;
      });
      if (row.notes.length > 0) {
        const kx = laneX.get("kernel")!;
        g.append(s("text", { x: kx + 4, y: my - 2, class: "tl-note" }, s("title", {}, row.notes.join("\n")), `+${row.notes.length} kernel call${row.notes.length > 1 ? "s" : ""}`));
        my += 14;
      }
      if (row.violations.length > 0) {
        g.append(s("text", { x: 6, y: my - 1, class: "tl-violation" }, `✗ violates ${row.violations.join(", ")}`));
      }
    }
    svg.append(g);
    y += band.height;
  });

  const body = h("div", { class: "tl-body" }, svg);
  container.replaceChildren(head, body);
  const cur = svg.querySelector<SVGGElement>(".tl-step.current");
  if (cur) {
    // Keep the current step in view (within the timeline's own scroll box only).
    const band = cur.querySelector("rect")!;
    const top = Number(band.getAttribute("y"));
    const bh = Number(band.getAttribute("height"));
    const box = container;
    const headH = head.offsetHeight || HEAD_H;
    if (top < box.scrollTop || top + bh > box.scrollTop + box.clientHeight - headH) box.scrollTop = Math.max(0, top - (box.clientHeight - headH) / 3);
  }
}
