/**
 * The object and reference graph of one kernel state (objectGraph) as Graphviz DOT. References
 * that lie on a cycle of pinning references are drawn red and bold: such a cycle is what a leak
 * looks like, e.g. the mm → VMA → file → bond → mm cycle of mmget-in-bind after an unexpected
 * kill with the queue mmap'd (the bond holds mm_users, so exit_mmap never drops the VMA).
 */
import type { ObjectGraph } from "../kernel/describe.js";

/** A DOT double-quoted string. */
export function dotString(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

const SHAPE: Record<string, string> = {
  task: "box",
  mm: "ellipse",
  file: "note",
  vma: "component",
  bond: "hexagon",
  pasid: "octagon",
  entry: "cds",
  device: "box3d",
};

/**
 * Does this edge keep its target alive? Every reference does, except an edge into an mm that
 * does not hold mm_users: mm_count (mmgrab), a PASID's owner or an entry's translation keep the
 * struct but not the address space, so exit_mmap still runs and drops the VMAs. Only pinning
 * edges can form a leak cycle.
 */
export function pins(g: ObjectGraph, e: ObjectGraph["edges"][number]): boolean {
  const to = g.nodes.find((n) => n.id === e.to);
  return to?.kind !== "mm" || e.label.includes("mm_users");
}

/**
 * The objects on leak cycles: Tarjan's strongly connected components (of more than one node, or
 * with a self-loop) over the pinning edges, each node mapped to its component's number.
 */
export function cycleComponents(g: ObjectGraph): Map<string, number> {
  const adj = new Map<string, string[]>();
  for (const n of g.nodes) adj.set(n.id, []);
  for (const e of g.edges) {
    if (!pins(g, e)) continue;
    if (!adj.has(e.from)) adj.set(e.from, []);
    if (!adj.has(e.to)) adj.set(e.to, []);
    adj.get(e.from)!.push(e.to);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out = new Map<string, number>();
  let next = 0;
  let comps = 0;
  const strong = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of adj.get(v)!) {
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const comp: string[] = [];
      for (;;) {
        const w = stack.pop()!;
        onStack.delete(w);
        comp.push(w);
        if (w === v) break;
      }
      if (comp.length > 1 || adj.get(v)!.includes(v)) {
        for (const c of comp) out.set(c, comps);
        comps++;
      }
    }
  };
  for (const v of adj.keys()) if (!index.has(v)) strong(v);
  return out;
}

export interface DotOptions {
  readonly title?: string;
  /** Graph name (an identifier; default "sva"). */
  readonly name?: string;
}

export function graphToDot(g: ObjectGraph, opts: DotOptions = {}): string {
  const comp = cycleComponents(g);
  const lines: string[] = [`digraph ${opts.name ?? "sva"} {`];
  lines.push("  rankdir=LR;");
  lines.push('  node [fontname="Helvetica", fontsize=10];');
  lines.push('  edge [fontname="Helvetica", fontsize=9];');
  if (opts.title) lines.push(`  label=${dotString(opts.title)};`, "  labelloc=t;");
  for (const n of g.nodes) {
    const label = [n.label, ...n.detail].join("\n");
    const extra = comp.has(n.id) ? ', color="red", penwidth=2' : "";
    lines.push(`  ${dotString(n.id)} [label=${dotString(label)}, shape=${SHAPE[n.kind] ?? "box"}${extra}];`);
  }
  for (const e of g.edges) {
    const cyc = comp.get(e.from) !== undefined && comp.get(e.from) === comp.get(e.to) && pins(g, e);
    const extra = cyc ? ', color="red", fontcolor="red", penwidth=2' : "";
    lines.push(`  ${dotString(e.from)} -> ${dotString(e.to)} [label=${dotString(e.label)}${extra}];`);
  }
  if (comp.size > 0) lines.push(`  // objects on a reference cycle that pins them (red): ${[...comp.keys()].join(", ")}`);
  lines.push("}");
  return lines.join("\n") + "\n";
}
