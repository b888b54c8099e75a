/**
 * A fixed layout for the object graphs of one trace: computed once over every step's graph, so
 * that an object stays where it is while the reader steps (freed objects leave a ghost in place).
 *
 * Top band, one row per task, left to right: task → mm → VMA → file (queue), with the bond under
 * the VMAs, each object in the row of the process it belongs to (a bond and its file in their
 * mm's row), so that mm → VMA → file → bond → mm is drawn as a loop. Bottom band: the PASIDs
 * in a row, then one row per device with its PASID-table entries under their PASIDs.
 * DOM-free.
 */
import type { GraphEdge, GraphNode, ObjectGraph } from "../../src/index.js";

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface GraphLayout {
  readonly boxes: ReadonlyMap<string, Box>;
  /** The last version of every node seen (for ghosts of removed objects). */
  readonly nodes: ReadonlyMap<string, GraphNode>;
  readonly width: number;
  readonly height: number;
}

export const NODE_W = 128;
export const LINE_H = 12;
const PAD_Y = 5;
const GAP_X = 62;
const GAP_Y = 10;
/** Room above a row for the arcs of references that point back to the left. */
const ARC_ROOM = 28;
const MARGIN = 10;

/** Columns of the top band; a bond sits under its row's VMAs, so mm → VMA → file → bond → mm is a loop. */
const TOP_COLUMN: Partial<Record<GraphNode["kind"], number>> = { task: 0, mm: 1, vma: 2, bond: 2, file: 3 };
const STACK_ORDER: Partial<Record<GraphNode["kind"], number>> = { vma: 0, bond: 1 };

export function nodeHeight(lines: number): number {
  return PAD_Y * 2 + LINE_H * (1 + lines);
}

export function layoutGraphs(graphs: readonly ObjectGraph[]): GraphLayout {
  const nodes = new Map<string, GraphNode>();
  const lines = new Map<string, number>();
  const edges: GraphEdge[] = [];
  const edgeSeen = new Set<string>();
  for (const g of graphs) {
    for (const n of g.nodes) {
      nodes.set(n.id, n);
      lines.set(n.id, Math.max(lines.get(n.id) ?? 0, n.detail.length));
    }
    for (const e of g.edges) {
      const key = `${e.from}>${e.to}`;
      if (!edgeSeen.has(key)) edgeSeen.add(key), edges.push(e);
    }
  }
  const ids = [...nodes.keys()];
  const kind = (id: string) => nodes.get(id)!.kind;
  const numeric = (id: string) => Number(/\d+$/.exec(id)?.[0] ?? 0);
  const byNum = (a: string, b: string) => numeric(a) - numeric(b);
  const from = (id: string, k: GraphNode["kind"]) => edges.filter((e) => e.to === id && kind(e.from) === k).map((e) => e.from);
  const to = (id: string, k: GraphNode["kind"]) => edges.filter((e) => e.from === id && kind(e.to) === k).map((e) => e.to);

  // Rows of the top band.
  const row = new Map<string, number>();
  let rows = 0;
  for (const t of ids.filter((i) => kind(i) === "task").sort(byNum)) row.set(t, rows++);
  const rowOf = (candidates: readonly string[]): number | undefined => {
    const rs = candidates.map((c) => row.get(c)).filter((r): r is number => r !== undefined);
    return rs.length > 0 ? Math.min(...rs) : undefined;
  };
  for (const m of ids.filter((i) => kind(i) === "mm").sort(byNum)) row.set(m, rowOf(from(m, "task")) ?? rows++);
  for (const v of ids.filter((i) => kind(i) === "vma").sort(byNum)) row.set(v, rowOf(from(v, "mm")) ?? rows++);
  for (const b of ids.filter((i) => kind(i) === "bond").sort(byNum)) row.set(b, rowOf(to(b, "mm")) ?? rows++);
  for (const f of ids.filter((i) => kind(i) === "file").sort(byNum)) {
    row.set(f, rowOf(to(f, "bond")) ?? rowOf(from(f, "vma")) ?? rowOf(from(f, "task")) ?? rows++);
  }
  // A bond whose mm had no row of its own follows its file.
  for (const b of ids.filter((i) => kind(i) === "bond")) {
    const f = from(b, "file")[0];
    if (to(b, "mm").length === 0 && f !== undefined) row.set(b, row.get(f)!);
  }

  const boxes = new Map<string, Box>();
  const colX = (c: number) => MARGIN + c * (NODE_W + GAP_X);
  const h = (id: string) => nodeHeight(lines.get(id) ?? 0);
  let y = MARGIN + ARC_ROOM;
  let width = 0;
  for (let r = 0; r < rows; r++) {
    let rowH = 0;
    for (let c = 0; c <= 3; c++) {
      const cell = ids
        .filter((i) => row.get(i) === r && TOP_COLUMN[kind(i)] === c)
        .sort((a, b) => (STACK_ORDER[kind(a)] ?? 0) - (STACK_ORDER[kind(b)] ?? 0) || byNum(a, b));
      let cy = y;
      for (const id of cell) {
        boxes.set(id, { x: colX(c), y: cy, w: NODE_W, h: h(id) });
        cy += h(id) + GAP_Y;
        width = Math.max(width, colX(c) + NODE_W);
      }
      rowH = Math.max(rowH, cy - y - (cell.length > 0 ? GAP_Y : 0));
    }
    if (rowH > 0) y += rowH + GAP_Y + ARC_ROOM;
  }

  // Bottom band: PASIDs, then devices with their entries under the PASIDs.
  const pasids = ids.filter((i) => kind(i) === "pasid").sort(byNum);
  const pasidX = new Map<string, number>();
  const pasidH = Math.max(0, ...pasids.map(h));
  pasids.forEach((p, i) => {
    const x = colX(1 + i);
    pasidX.set(p, x);
    boxes.set(p, { x, y, w: NODE_W, h: h(p) });
    width = Math.max(width, x + NODE_W);
  });
  if (pasids.length > 0) y += pasidH + GAP_Y + 14;
  for (const d of ids.filter((i) => kind(i) === "device").sort(byNum)) {
    const ents = to(d, "entry");
    const rowH = Math.max(h(d), ...ents.map(h));
    boxes.set(d, { x: colX(0), y, w: NODE_W, h: h(d) });
    let extra = 0;
    for (const e of ents.sort(byNum)) {
      const p = to(e, "pasid")[0];
      const x = p !== undefined && pasidX.has(p) ? pasidX.get(p)! : colX(1 + pasids.length + extra++);
      boxes.set(e, { x, y, w: NODE_W, h: h(e) });
      width = Math.max(width, x + NODE_W);
    }
    y += rowH + GAP_Y + 14;
  }
  // Anything else (a kind added later): a last row.
  let x = MARGIN;
  for (const id of ids.filter((i) => !boxes.has(i))) {
    boxes.set(id, { x, y, w: NODE_W, h: h(id) });
    x += NODE_W + GAP_X;
    width = Math.max(width, x);
  }
  if (x > MARGIN) y += Math.max(...ids.filter((i) => boxes.get(i)!.y === y).map(h)) + GAP_Y;
  return { boxes, nodes, width: width + MARGIN, height: y + MARGIN };
}

export interface EdgeGeometry {
  /** SVG path data. */
  readonly d: string;
  /** Where the label goes. */
  readonly lx: number;
  readonly ly: number;
}

function cubic(p0: [number, number], c1: [number, number], c2: [number, number], p1: [number, number]): EdgeGeometry & { pts: [number, number][] } {
  const at = (t: number, i: 0 | 1) => (1 - t) ** 3 * p0[i] + 3 * (1 - t) ** 2 * t * c1[i] + 3 * (1 - t) * t ** 2 * c2[i] + t ** 3 * p1[i];
  const pts: [number, number][] = [];
  for (let i = 1; i < 20; i++) pts.push([at(i / 20, 0), at(i / 20, 1)]);
  return { d: `M${p0[0]},${p0[1]} C${c1[0]},${c1[1]} ${c2[0]},${c2[1]} ${p1[0]},${p1[1]}`, lx: at(0.5, 0), ly: at(0.5, 1), pts };
}

function inside(p: readonly [number, number], b: Box, margin = 3): boolean {
  return p[0] > b.x - margin && p[0] < b.x + b.w + margin && p[1] > b.y - margin && p[1] < b.y + b.h + margin;
}

/** Does the curve run through a box other than its ends? */
function hits(g: EdgeGeometry & { pts: [number, number][] }, obstacles: readonly Box[], a: Box, b: Box): boolean {
  return obstacles.some((o) => o !== a && o !== b && g.pts.some((p) => inside(p, o)));
}

/**
 * The path of a reference from box a to box b. `lane` separates parallel references between the
 * same two objects. Forward (b right of a): side to side. Backward in the same row: an arc above
 * the row, or side to side when one is lower. Otherwise vertically; a long vertical reference
 * that would cross other objects (a PASID's owner, an entry's mm far above) runs up the gap
 * left of its target instead (`slot` keeps such references apart).
 */
export function edgeGeometry(a: Box, b: Box, lane = 0, obstacles: readonly Box[] = [], slot = 0): EdgeGeometry {
  const g = directGeometry(a, b, lane);
  if (obstacles.length === 0 || !hits(g, obstacles, a, b)) return g;
  if (!(b.y + b.h <= a.y || a.y + a.h <= b.y)) {
    // Side by side with objects between (task → its file across mm and bond): under them.
    const lo = Math.min(a.x, b.x);
    const hi = Math.max(a.x + a.w, b.x + b.w);
    const top = Math.min(a.y, b.y);
    const bottom = Math.max(a.y + a.h, b.y + b.h);
    const below = Math.max(bottom, ...obstacles.filter((o) => o.x < hi && o.x + o.w > lo && o.y < bottom && o.y + o.h > top).map((o) => o.y + o.h)) + 7 + 4 * lane;
    const sx = a.x + Math.min(a.w / 2, 40) + 4 * lane;
    const tx = b.x + Math.min(b.w / 2, 40) - 4 * lane;
    const r = 6;
    const dir = tx >= sx ? 1 : -1;
    const d = [
      `M${sx},${a.y + a.h}`,
      `V${below - r}`,
      `Q${sx},${below} ${sx + dir * r},${below}`,
      `H${tx - dir * r}`,
      `Q${tx},${below} ${tx},${below - r}`,
      `V${b.y + b.h}`,
    ].join(" ");
    return { d, lx: (sx + tx) / 2, ly: below + 10 };
  }
  const up = b.y + b.h <= a.y;
  const gx = b.x - 10 - 8 * slot - 3 * lane;
  const sy = up ? a.y : a.y + a.h;
  const sx = a.x + Math.min(a.w / 2, 30) + 10 * slot + 4 * lane;
  const turn = up ? sy - 8 - 5 * slot : sy + 8 + 5 * slot;
  const ty = b.y + Math.min(b.h / 2, 18) + 7 * slot + 3 * lane;
  const r = 6;
  const d = [
    `M${sx},${sy}`,
    `V${turn + (up ? r : -r)}`,
    `Q${sx},${turn} ${sx - r},${turn}`,
    `H${gx + r}`,
    `Q${gx},${turn} ${gx},${turn + (up ? -r : r)}`,
    `V${ty + (up ? r : -r)}`,
    `Q${gx},${ty} ${gx + r},${ty}`,
    `H${b.x}`,
  ].join(" ");
  return { d, lx: (sx + gx) / 2, ly: turn };
}

function directGeometry(a: Box, b: Box, lane: number): EdgeGeometry & { pts: [number, number][] } {
  const off = lane * 8;
  const overlapY = a.y < b.y + b.h && b.y < a.y + a.h;
  if (b.x >= a.x + a.w) {    const p0: [number, number] = [a.x + a.w, a.y + Math.min(a.h / 2, 20) + off];
    const p1: [number, number] = [b.x, b.y + Math.min(b.h / 2, 20) + off];
    const dx = Math.max(24, (p1[0] - p0[0]) / 2);
    return cubic(p0, [p0[0] + dx, p0[1]], [p1[0] - dx, p1[1]], p1);
  }
  const dyCenters = Math.abs(a.y + a.h / 2 - (b.y + b.h / 2));
  if (b.x + b.w <= a.x && overlapY && dyCenters < 24) {
    const p0: [number, number] = [a.x + a.w / 2 + off, a.y];
    const p1: [number, number] = [b.x + b.w / 2 + off, b.y];
    const lift = 26 + off;
    const top = Math.min(p0[1], p1[1]) - lift;
    return cubic(p0, [p0[0], top], [p1[0], top], p1);
  }
  if (b.x + b.w <= a.x && overlapY) {
    // Backward to a box beside it but higher or lower: left side to right side.
    const p0: [number, number] = [a.x, a.y + Math.min(a.h / 2, 20) + off];
    const p1: [number, number] = [b.x + b.w, b.y + Math.min(b.h / 2, 20) + off];
    const dx = Math.max(24, (p0[0] - p1[0]) / 2);
    return cubic(p0, [p0[0] - dx, p0[1]], [p1[0] + dx, p1[1]], p1);
  }
  if (b.y + b.h <= a.y) {
    const p0: [number, number] = [a.x + a.w / 2 + off, a.y];
    const p1: [number, number] = [b.x + b.w / 2 + off, b.y + b.h];
    const dy = Math.max(20, (p0[1] - p1[1]) / 2);
    return cubic(p0, [p0[0], p0[1] - dy], [p1[0], p1[1] + dy], p1);
  }
  if (a.y + a.h <= b.y) {
    const p0: [number, number] = [a.x + a.w / 2 + off, a.y + a.h];
    const p1: [number, number] = [b.x + b.w / 2 + off, b.y];
    const dy = Math.max(20, (p1[1] - p0[1]) / 2);
    return cubic(p0, [p0[0], p0[1] + dy], [p1[0], p1[1] - dy], p1);
  }
  // Overlapping boxes (same cell): left side to left side.
  const p0: [number, number] = [a.x, a.y + a.h / 2];
  const p1: [number, number] = [b.x, b.y + b.h / 2];
  return cubic(p0, [p0[0] - 30, p0[1]], [p1[0] - 30, p1[1]], p1);
}
