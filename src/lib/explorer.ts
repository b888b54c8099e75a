/**
 * What the browser explorer shows of a counterexample, computed here so that the page only draws:
 * the kernel state and object graph after every step of a trace, what changed in the graph since
 * the previous step, who uses each PASID (and where two processes share one), the reference
 * cycles that pin objects (a leak), and the trace as a sequence diagram's lanes and messages.
 * Browser-safe.
 */
import { objectGraph, type GraphEdge, type GraphNode, type ObjectGraph } from "../kernel/describe.js";
import { ENT_INVALID, Q_NONE, SVM_NONE } from "../kernel/layout.js";
import type { Kernel } from "../kernel/kernel.js";
import type { SvaModel } from "../kernel/model.js";
import { entryStateName } from "../kernel/pasid-table.js";
import { runEvents } from "../kernel/runner.js";
import type { Scenario } from "../scenario/types.js";
import { modelOf } from "./check.js";
import { cycleComponents, pins } from "./format-dot.js";
import { IOMMU_CALL } from "./format-mermaid.js";
import type { TraceEvent } from "./trace.js";

// ---------------------------------------------------------------------------------------------
// States along a trace

export interface ExplorerStep {
  /** 0: the initial state; i: the state after step i. */
  readonly step: number;
  readonly state: Uint8Array;
  readonly graph: ObjectGraph;
  readonly pasids: readonly PasidUse[];
  /** What changed in the graph since the previous step (everything is "added" at step 0). */
  readonly delta: GraphDelta;
  /** Reference cycles that pin their objects (node ids in cycle order). */
  readonly cycles: readonly (readonly string[])[];
}

export interface ExplorerTrace {
  readonly model: SvaModel;
  /** steps[0] is the initial state; steps[i] the state after action i. */
  readonly steps: readonly ExplorerStep[];
}

/** Every state along `actions` from the scenario's initial state, with its graph and PASID use. */
export function statesAlong(sc: Scenario, actions: readonly number[]): ExplorerTrace {
  const model = modelOf(sc);
  const run = runEvents(model, actions);
  const states = [run.initial, ...run.steps.map((s) => s.state)];
  const steps: ExplorerStep[] = [];
  let prev: ObjectGraph | undefined;
  for (const [i, state] of states.entries()) {
    const graph = objectGraph(model.k, state);
    steps.push({ step: i, state, graph, pasids: pasidUse(model.k, state), delta: graphDelta(prev, graph), cycles: referenceCycles(graph) });
    prev = graph;
  }
  return { model, steps };
}

// ---------------------------------------------------------------------------------------------
// Graph changes

export interface GraphDelta {
  /** Nodes that did not exist before. */
  readonly added: readonly string[];
  /** Nodes that existed before and are gone now (freed, released, cleared). */
  readonly removed: readonly GraphNode[];
  /** Nodes whose label or details changed: the detail lines that are new. */
  readonly changed: Readonly<Record<string, readonly string[]>>;
  /** Keys (edgeKey) of references that did not exist before. */
  readonly addedEdges: readonly string[];
  /** References that existed before and are gone now. */
  readonly removedEdges: readonly GraphEdge[];
}

export function edgeKey(e: GraphEdge): string {
  return `${e.from}->${e.to}:${e.label}`;
}

export function graphDelta(prev: ObjectGraph | undefined, next: ObjectGraph): GraphDelta {
  const before = new Map((prev?.nodes ?? []).map((n) => [n.id, n]));
  const after = new Map(next.nodes.map((n) => [n.id, n]));
  const added = next.nodes.filter((n) => !before.has(n.id)).map((n) => n.id);
  const removed = (prev?.nodes ?? []).filter((n) => !after.has(n.id));
  const changed: Record<string, string[]> = {};
  for (const n of next.nodes) {
    const p = before.get(n.id);
    if (!p) continue;
    const old = new Set(p.detail);
    const fresh = n.detail.filter((d) => !old.has(d));
    if (fresh.length > 0 || p.label !== n.label || p.detail.length !== n.detail.length) changed[n.id] = p.label !== n.label ? [n.label, ...fresh] : fresh;
  }
  const edgesBefore = new Set((prev?.edges ?? []).map(edgeKey));
  const edgesAfter = new Set(next.edges.map(edgeKey));
  return {
    added,
    removed,
    changed,
    addedEdges: next.edges.map(edgeKey).filter((k) => !edgesBefore.has(k)),
    removedEdges: (prev?.edges ?? []).filter((e) => !edgesAfter.has(edgeKey(e))),
  };
}

// ---------------------------------------------------------------------------------------------
// Reference cycles

/**
 * The cycles of pinning references (format-dot's `pins`): one per strongly connected component,
 * as node ids in the order the references run, starting at an mm when the cycle has one
 * (mm → VMA → file → bond → mm for mmget-in-bind's leak).
 */
export function referenceCycles(g: ObjectGraph): string[][] {
  const comp = cycleComponents(g);
  const kind = new Map(g.nodes.map((n) => [n.id, n.kind]));
  const byComp = new Map<number, string[]>();
  for (const [id, c] of comp) byComp.set(c, [...(byComp.get(c) ?? []), id]);
  const out: string[][] = [];
  for (const members of byComp.values()) {
    const inComp = new Set(members);
    const adj = new Map<string, string[]>();
    for (const e of g.edges) {
      if (!pins(g, e) || !inComp.has(e.from) || !inComp.has(e.to)) continue;
      adj.set(e.from, [...(adj.get(e.from) ?? []), e.to]);
    }
    const start = members.find((m) => kind.get(m) === "mm") ?? [...members].sort()[0]!;
    // Depth-first search for a simple path back to start.
    const path: string[] = [start];
    const seen = new Set<string>([start]);
    const walk = (v: string): boolean => {
      for (const w of adj.get(v) ?? []) {
        if (w === start) return true;
        if (seen.has(w)) continue;
        seen.add(w);
        path.push(w);
        if (walk(w)) return true;
        path.pop();
      }
      return false;
    };
    if (walk(start)) out.push(path);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// PASID use

export interface PasidUse {
  readonly pasid: number;
  /** The allocator's owner ("mm B"), or undefined when the PASID is free. */
  readonly owner?: string;
  /** mms whose mm->pasid is this PASID. */
  readonly mmPasid: readonly string[];
  /** Queues (bonds) bound at this PASID, with the mm they are bound to. */
  readonly queues: readonly { readonly file: string; readonly device: string; readonly mm: string; readonly state: string }[];
  /** PASID-table entries at this PASID that are not invalid, with the mm they translate. */
  readonly entries: readonly { readonly device: string; readonly state: string; readonly mm?: string }[];
  /** Intel: the intel_svm registered at this PASID and its mm. */
  readonly svm?: string;
  /** Something of an mm other than the owner uses this PASID (or it is free and still used). */
  readonly shared: boolean;
  /** The conflict in words, when shared. */
  readonly conflicts: readonly string[];
}

const Q_NAMES = ["none", "UACCE_Q_INIT", "UACCE_Q_STARTED", "UACCE_Q_ZOMBIE"];

/** Who owns and who uses each PASID 1..P in a state. */
export function pasidUse(k: Kernel, s: Uint8Array): PasidUse[] {
  const L = k.L;
  const out: PasidUse[] = [];
  for (let p = 1; p <= k.P; p++) {
    const ownerIdx = s[L.pasid_owner + p];
    const owner = ownerIdx ? k.mmName(ownerIdx - 1) : undefined;
    const mmPasid: string[] = [];
    for (let m = 0; m < k.M; m++) if (s[L.mm_pasid + m] === p && s[L.mm_stage + m] !== 0) mmPasid.push(k.mmName(m));
    const queues: { file: string; device: string; mm: string; state: string }[] = [];
    for (let f = 0; f < k.F; f++) {
      const q = s[L.q_state + f];
      if (q === Q_NONE || s[L.q_pasid + f] !== p) continue;
      queues.push({ file: k.fileName(f), device: k.devName(k.sys.files[f].dev), mm: s[L.q_mm + f] ? k.mmName(s[L.q_mm + f] - 1) : "none", state: Q_NAMES[q] ?? String(q) });
    }
    const entries: { device: string; state: string; mm?: string }[] = [];
    for (let d = 0; d < k.D; d++) {
      const e = k.ent(d, p);
      const st = s[L.ent_state + e];
      if (st === ENT_INVALID) continue;
      const mm = s[L.ent_mm + e];
      entries.push({ device: k.devName(d), state: entryStateName(st), ...(mm ? { mm: k.mmName(mm - 1) } : {}) });
    }
    const svm = k.needs.intelSvm && s[L.svm_state + p] !== SVM_NONE ? k.mmName(s[L.svm_mm + p] - 1) : undefined;
    const conflicts: string[] = [];
    const whose = owner ? `owned by ${owner}` : "free";
    for (const q of queues)
      if (q.mm !== owner) conflicts.push(`PASID ${p} is ${whose}, but queue ${q.file} (${q.device}) is bound to ${q.mm} at PASID ${p}`);
    for (const e of entries)
      if (e.mm !== undefined && e.mm !== owner) conflicts.push(`PASID ${p} is ${whose}, but ${e.device}'s entry at PASID ${p} (${e.state}) translates ${e.mm}`);
    if (svm !== undefined && svm !== owner) conflicts.push(`PASID ${p} is ${whose}, but the intel_svm registered at PASID ${p} is ${svm}'s`);
    out.push({ pasid: p, ...(owner ? { owner } : {}), mmPasid, queues, entries, ...(svm ? { svm } : {}), shared: conflicts.length > 0, conflicts });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The timeline (a sequence diagram)

export interface TimelineLane {
  readonly id: string;
  readonly name: string;
  readonly kind: "process" | "kernel" | "context" | "iommu" | "device";
}

export interface TimelineMessage {
  readonly from: string;
  readonly to: string;
  /** Short text for the arrow (the event, or the kernel function called). */
  readonly text: string;
  /** The whole line. */
  readonly full: string;
}

export interface TimelineRow {
  readonly step: number;
  /** The acting lane. */
  readonly lane: string;
  readonly messages: readonly TimelineMessage[];
  /** Kernel calls that stay in the kernel (refcounts, fput, ...). */
  readonly notes: readonly string[];
  readonly violations: readonly string[];
}

export interface Timeline {
  readonly lanes: readonly TimelineLane[];
  readonly rows: readonly TimelineRow[];
}

const FAULT_TO_KERNEL = /iopf|handle_mm_fault|reported/i;

/** The kernel function a call line names ("arm_smmu_write_ctx_desc"), else its first words. */
export function callName(line: string): string {
  const fn = /^([A-Za-z_][A-Za-z0-9_]*)\s*[([:]/.exec(line);
  if (fn) return fn[1]!;
  return line.length > 48 ? `${line.slice(0, 47)}…` : line;
}

function stripActor(e: TraceEvent): string {
  for (const p of [`${e.actor}: `, `${e.actor}:`]) if (e.event.startsWith(p)) return e.event.slice(p.length);
  return e.event;
}

/**
 * The lanes and messages of a trace's sequence diagram, classified as format-mermaid does:
 * processes (and threads), the kernel, kernel contexts acting on their own (kworker, SRCU), the
 * IOMMU, the devices; a task's event goes to the kernel, which calls into the IOMMU layer; a
 * device's DMA or fault goes to the IOMMU, which reports faults to the kernel.
 */
export function timelineOf(trace: readonly TraceEvent[], sc: Pick<Scenario, "processes" | "devices">): Timeline {
  const lanes: TimelineLane[] = [];
  const byName = new Map<string, string>();
  const add = (id: string, name: string, kind: TimelineLane["kind"]) => {
    lanes.push({ id, name, kind });
    byName.set(name, id);
  };
  sc.processes.forEach((p, i) => add(`p${i}`, p.name, "process"));
  add("kernel", "kernel", "kernel");
  const contexts = [...new Set(trace.map((e) => e.actor))].filter(
    (a) => !sc.processes.some((p) => p.name === a) && !sc.devices.some((d) => d.name === a),
  );
  contexts.forEach((a, i) => add(`k${i}`, a, "context"));
  add("iommu", "IOMMU", "iommu");
  sc.devices.forEach((d, i) => add(`d${i}`, d.name, "device"));

  const rows = trace.map((e): TimelineRow => {
    const lane = byName.get(e.actor) ?? "kernel";
    const isDevice = sc.devices.some((d) => d.name === e.actor);
    const messages: TimelineMessage[] = [];
    const notes: string[] = [];
    const title = `${e.step}. ${stripActor(e)}`;
    if (isDevice) {
      messages.push({ from: lane, to: "iommu", text: title, full: e.event });
      for (const c of e.calls) {
        if (c.trim() === "") continue;
        if (FAULT_TO_KERNEL.test(c)) messages.push({ from: "iommu", to: "kernel", text: callName(c), full: c });
        else notes.push(c);
      }
    } else {
      messages.push({ from: lane, to: "kernel", text: title, full: e.event });
      for (const c of e.calls) {
        if (c.trim() === "") continue;
        const portal = /^ENQCMD to (\S+?)'s portal/.exec(c);
        const dev = portal ? byName.get(portal[1]!) : undefined;
        if (dev !== undefined) messages.push({ from: lane, to: dev, text: "ENQCMD", full: c });
        else if (IOMMU_CALL.test(c)) messages.push({ from: "kernel", to: "iommu", text: callName(c), full: c });
        else notes.push(c);
      }
    }
    return { step: e.step, lane, messages, notes, violations: [...e.violations] };
  });
  return { lanes, rows };
}

/** The first step (1-based) that violates `property`, else the last step (a terminal violation). */
export function violatingStep(trace: readonly TraceEvent[], property: string): number {
  const i = trace.findIndex((e) => e.violations.includes(property));
  return i >= 0 ? i + 1 : trace.length;
}
