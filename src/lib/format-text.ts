/**
 * Plain-text reports: a counterexample one line per event (actor: event) with its kernel calls
 * and object changes indented below, and the verdict reports of check and simulate. Shared by
 * the command line and the browser.
 */
import { DESIGNS } from "../kernel/designs/index.js";
import type { PropertyVerdict, ScenarioCheck, ScenarioSimulation } from "./check.js";
import type { TraceEvent } from "./trace.js";

export interface TraceTextOptions {
  /** Show each event's kernel calls (default true). */
  readonly calls?: boolean;
  /** Show each event's object changes (default true). */
  readonly changes?: boolean;
  /** Prefix of every line (default two spaces). */
  readonly indent?: string;
  /**
   * The property this trace is a counterexample for: when its last step does not list it (a
   * terminal property such as no-leak, judged on the final state), a closing line says so.
   */
  readonly property?: string;
}

/** "A: open acc0 as q": the event, prefixed by its actor unless it already names it. */
export function eventTitle(e: Pick<TraceEvent, "actor" | "event">): string {
  return e.event.startsWith(`${e.actor}:`) || e.event.startsWith(`${e.actor} `) ? e.event : `${e.actor}: ${e.event}`;
}

/** Marker lines use these prefixes (documented in docs/cli.md). */
export const TEXT_MARKS = { change: "Δ ", violation: "✗ " } as const;

/** A trace in the text format, one string per line (no trailing newlines). */
export function formatTraceText(trace: readonly TraceEvent[], opts: TraceTextOptions = {}): string[] {
  const indent = opts.indent ?? "  ";
  const calls = opts.calls ?? true;
  const changes = opts.changes ?? true;
  const width = String(trace.length).length;
  const sub = indent + " ".repeat(width + 2) + " ";
  const out: string[] = [];
  for (const e of trace) {
    out.push(`${indent}${String(e.step).padStart(width)}. ${eventTitle(e)}`);
    if (calls) for (const c of e.calls) if (c.trim() !== "") out.push(sub + c);
    if (changes) for (const c of e.changes) out.push(sub + TEXT_MARKS.change + c);
    if (e.violations.length > 0) out.push(`${sub}${TEXT_MARKS.violation}violates ${e.violations.join(", ")}`);
  }
  const last = trace[trace.length - 1];
  if (opts.property !== undefined && (last === undefined || !last.violations.includes(opts.property))) {
    out.push(`${indent}${" ".repeat(width)}  ${TEXT_MARKS.violation}final state violates ${opts.property} (nothing left to run)`);
  }
  return out;
}

/** "free-on-mmput (linux-5.18-rc1)", "mmget-in-bind, proposal (on 5.18-rc1)". */
export function designLabel(name: string): string {
  const d = DESIGNS.find((x) => x.name === name);
  if (d === undefined) return name;
  return d.kernel.includes("(") ? `${name}, ${d.kernel}` : `${name} (${d.kernel})`;
}

function int(n: number): string {
  return n.toLocaleString("en-US");
}

function secs(s: number): string {
  return s < 10 ? s.toFixed(2) : s.toFixed(1);
}

const STOP_TEXT: Record<string, string> = {
  "max-states": "the --max-states cap",
  "max-depth": "the --max-depth cap",
  timeout: "the --timeout",
  memory: "the memory limit",
  cancelled: "cancellation",
};

/** Why a run stopped early, in words. */
export function stopText(reason: string | undefined): string {
  return reason === undefined ? "" : (STOP_TEXT[reason] ?? reason);
}

function steps(n: number): string {
  return n === 1 ? "1 step" : `${n} steps`;
}

function verdictWord(r: { status: string; severity: string }): string {
  if (r.status === "violated") return r.severity === "warning" ? "warning" : "VIOLATED";
  return r.status;
}

function header(r: { file: string; scenario: string; design: string; iommu: string; pasids: number }): string[] {
  return [
    `${r.file}: ${r.scenario}`,
    `  design ${designLabel(r.design)}, IOMMU ${r.iommu}, PASIDs 1..${r.pasids}`,
  ];
}

export interface CheckTextOptions {
  /** Traces without kernel calls and object changes. */
  readonly brief?: boolean;
  /** Print warnings' traces too (default true). */
  readonly warningTraces?: boolean;
}

/** The text report of one exhaustive check: verdicts, statistics, then the shortest traces. */
export function formatCheckText(r: ScenarioCheck, opts: CheckTextOptions = {}): string[] {
  const out = header(r);
  const s = r.stats;
  const how = r.complete
    ? "complete"
    : `INCOMPLETE: stopped by ${stopText(r.stopReason)}; properties not violated so far are not proved`;
  out.push(`  ${int(s.states)} states, ${int(s.transitions)} transitions, depth ${s.depth}, ${secs(s.seconds)} s (${how})`);
  out.push("");
  const violations = r.results.filter((x) => x.severity === "violation");
  const warnings = r.results.filter((x) => x.severity === "warning");
  const w = Math.max(...r.results.map((x) => x.property.length), 8);
  const line = (x: PropertyVerdict): string => {
    const len = x.trace ? `  shortest trace: ${steps(x.trace.length)}` : "";
    return `  ${x.property.padEnd(w)}  ${verdictWord(x).padEnd(10)}${len}`.trimEnd();
  };
  for (const x of violations) out.push(line(x));
  if (warnings.length > 0) {
    out.push(`  warnings (reported, never a failure):`);
    for (const x of warnings) out.push(line(x));
  }
  const traced = [...violations, ...(opts.warningTraces === false ? [] : warnings)].filter((x) => x.status === "violated" && x.trace);
  for (const x of traced) {
    out.push("");
    const what = x.severity === "warning" ? `warning ${x.property}` : `${x.property} VIOLATED`;
    out.push(`  ${what}: shortest trace, ${steps(x.trace!.length)}`);
    out.push(...formatTraceText(x.trace!, { indent: "    ", calls: !opts.brief, changes: !opts.brief, property: x.property }));
  }
  return out;
}

/** The text report of a simulation: seed, the plain statement that it proves nothing, findings. */
export function formatSimulationText(r: ScenarioSimulation, opts: CheckTextOptions = {}): string[] {
  const out = header(r);
  const st = r.stats;
  out.push(
    `  simulation: seed ${r.seed}, ${int(st.walks)} of ${int(r.walks)} random walks of at most ${int(r.depth)} steps, ${int(st.steps)} steps, ${secs(st.seconds)} s` +
      (r.stopReason ? ` (stopped by ${stopText(r.stopReason)})` : ""),
  );
  out.push(`  ${r.note}`);
  out.push(`  (re-run the same walks with --seed ${r.seed})`);
  out.push("");
  const w = Math.max(...r.results.map((x) => x.property.length), 8);
  const line = (x: ScenarioSimulation["results"][number]): string => {
    const word = x.status === "violated" ? (x.severity === "warning" ? "warning" : "VIOLATED") : "not found (proves nothing)";
    const len = x.trace ? `  trace: ${steps(x.trace.length)}` : "";
    return `  ${x.property.padEnd(w)}  ${word.padEnd(10)}${len}`.trimEnd();
  };
  for (const x of r.results) if (x.severity === "violation") out.push(line(x));
  if (r.results.some((x) => x.severity === "warning")) {
    out.push(`  warnings (reported, never a failure):`);
    for (const x of r.results) if (x.severity === "warning") out.push(line(x));
  }
  for (const x of r.results) {
    if (x.status !== "violated" || !x.trace) continue;
    if (x.severity === "warning" && opts.warningTraces === false) continue;
    out.push("");
    const what = x.severity === "warning" ? `warning ${x.property}` : `${x.property} VIOLATED`;
    out.push(`  ${what}: shortest trace found by the walks, ${steps(x.trace.length)} (not necessarily the shortest there is)`);
    out.push(...formatTraceText(x.trace, { indent: "    ", calls: !opts.brief, changes: !opts.brief, property: x.property }));
  }
  return out;
}
