/**
 * A counterexample as a Mermaid sequence diagram. Participants: the scenario's processes (and
 * threads), "kernel", any kernel context that acts on its own (kworker, SRCU), "IOMMU", then the
 * devices. Each event becomes messages: actor → kernel for a statement or a do_exit stage,
 * kernel → IOMMU for every kernel call that reaches the IOMMU layer (bind, unbind, PASID
 * allocation and table writes), task → device for an ENQCMD to a portal, device → IOMMU for DMA and faults, IOMMU → kernel for fault
 * handling; the remaining kernel calls (refcounts, fput, ...) are one note over the kernel.
 * Violations are notes spanning the diagram.
 */
import type { Scenario } from "../scenario/types.js";
import type { TraceEvent } from "./trace.js";

/** A kernel call that reaches the IOMMU layer: bind/unbind, PASID allocation, table writes. */
export const IOMMU_CALL = /arm_smmu_|intel_|iommu_|pasid/i;
/** A device-side line that the kernel handles (a fault reported to or handled by the kernel). */
const FAULT_TO_KERNEL = /iopf|handle_mm_fault|reported/i;

/** Mermaid text (messages, notes, aliases) cannot hold '#', ';' or a raw '<'. */
export function mermaidText(s: string): string {
  return s.replace(/[#;<]/g, (c) => (c === "#" ? "#35;" : c === ";" ? "#59;" : "#60;")).replace(/\s+/g, " ").trim();
}

export interface MermaidOptions {
  /** The property the trace is a counterexample for (a closing note when the final state is what violates it). */
  readonly property?: string;
  readonly title?: string;
  /** One note per event with the kernel calls that do not reach the IOMMU (default true). */
  readonly kernelNotes?: boolean;
}

function stripActor(e: TraceEvent): string {
  for (const p of [`${e.actor}: `, `${e.actor}:`]) if (e.event.startsWith(p)) return e.event.slice(p.length);
  return e.event;
}

export function traceToMermaid(
  trace: readonly TraceEvent[],
  sc: Pick<Scenario, "processes" | "devices">,
  opts: MermaidOptions = {},
): string {
  const ids = new Map<string, string>();
  const decl: string[] = [];
  const declare = (id: string, name: string): void => {
    ids.set(name, id);
    decl.push(`  participant ${id} as ${mermaidText(name)}`);
  };
  sc.processes.forEach((p, i) => declare(`p${i}`, p.name));
  declare("kernel", "kernel");
  const contexts = [...new Set(trace.map((e) => e.actor))].filter(
    (a) => !sc.processes.some((p) => p.name === a) && !sc.devices.some((d) => d.name === a),
  );
  contexts.forEach((a, i) => declare(`k${i}`, a));
  declare("iommu", "IOMMU");
  sc.devices.forEach((d, i) => declare(`d${i}`, d.name));
  const first = decl.length > 0 ? [...ids.values()][0] : "kernel";
  const last = [...ids.values()][ids.size - 1];

  const body: string[] = [];
  const kernelNotes = opts.kernelNotes ?? true;
  for (const e of trace) {
    const who = ids.get(e.actor) ?? "kernel";
    const isDevice = sc.devices.some((d) => d.name === e.actor);
    const title = mermaidText(`${e.step}. ${stripActor(e)}`);
    const rest: string[] = [];
    if (isDevice) {
      body.push(`  ${who}->>iommu: ${title}`);
      for (const c of e.calls) {
        if (c.trim() === "") continue;
        if (FAULT_TO_KERNEL.test(c)) body.push(`  iommu->>kernel: ${mermaidText(c)}`);
        else body.push(`  Note over iommu: ${mermaidText(c)}`);
      }
    } else {
      body.push(`  ${who}->>kernel: ${title}`);
      for (const c of e.calls) {
        if (c.trim() === "") continue;
        const portal = /^ENQCMD to (\S+?)'s portal/.exec(c);
        const dev = portal ? ids.get(portal[1]!) : undefined;
        if (dev !== undefined) body.push(`  ${who}->>${dev}: ${mermaidText(c)}`);
        else if (IOMMU_CALL.test(c)) body.push(`  kernel->>iommu: ${mermaidText(c)}`);
        else rest.push(mermaidText(c));
      }
      if (kernelNotes && rest.length > 0) body.push(`  Note over kernel: ${rest.join("<br/>")}`);
    }
    if (e.violations.length > 0) {
      const span = who === last ? `${who}` : `${who},${isDevice ? "iommu" : last}`;
      body.push(`  Note over ${span}: ✗ step ${e.step} violates ${mermaidText(e.violations.join(", "))}`);
    }
  }
  const tail = trace[trace.length - 1];
  if (opts.property !== undefined && (tail === undefined || !tail.violations.includes(opts.property))) {
    body.push(`  Note over ${first},${last}: ✗ the final state violates ${mermaidText(opts.property)} (nothing left to run)`);
  }
  return ["sequenceDiagram", ...(opts.title ? [`  title ${mermaidText(opts.title)}`] : []), ...decl, ...body].join("\n") + "\n";
}
