/**
 * The stable JSON shapes of `sva-lab check --json`, `simulate --json`, `matrix --json` and saved
 * traces, documented in docs/json.md with JSON Schemas in docs/schema/. Built field by field so
 * that internal types can change without changing the contract.
 */
import type { ScenarioCheck, ScenarioSimulation } from "./check.js";
import type { Matrix } from "./matrix.js";
import type { TraceEvent } from "./trace.js";

export interface TraceEventJson {
  readonly step: number;
  readonly actor: string;
  readonly event: string;
  readonly detail: string;
  readonly calls: readonly string[];
  readonly changes: readonly string[];
  readonly violations: readonly string[];
  readonly action: number;
}

export interface PropertyResultJson {
  readonly property: string;
  readonly severity: "violation" | "warning";
  readonly status: "holds" | "violated" | "incomplete" | "not-found";
  /** Length of the trace (also present when the trace itself is left out, as in the matrix). */
  readonly steps?: number;
  readonly trace?: readonly TraceEventJson[];
}

export interface CheckJson {
  readonly scenario: string;
  readonly file: string;
  readonly design: string;
  readonly iommu: string;
  readonly pasids: number;
  readonly complete: boolean;
  readonly stopReason?: string;
  readonly stats: {
    readonly states: number;
    readonly transitions: number;
    readonly depth: number;
    readonly seconds: number;
    readonly statesPerSecond: number;
    readonly bytesPerState: number;
  };
  readonly results: readonly PropertyResultJson[];
}

export interface SimulationJson {
  readonly scenario: string;
  readonly file: string;
  readonly design: string;
  readonly iommu: string;
  readonly pasids: number;
  readonly mode: "simulation";
  readonly provesNothing: true;
  readonly note: string;
  readonly seed: number;
  readonly walks: number;
  readonly depth: number;
  readonly stopReason?: string;
  readonly stats: { readonly walks: number; readonly steps: number; readonly terminalWalks: number; readonly seconds: number };
  readonly results: readonly PropertyResultJson[];
}

export interface MatrixRowJson {
  readonly scenario: string;
  readonly file: string;
  readonly design: string;
  readonly iommu: string;
  readonly complete: boolean;
  readonly states: number;
  /** The cell as the text table shows it ("OK", "isolation(8) stale-entry(10)"). */
  readonly cell: string;
  readonly results: readonly PropertyResultJson[];
}

export interface MatrixJson {
  readonly rows: readonly MatrixRowJson[];
}

export function traceJson(trace: readonly TraceEvent[]): TraceEventJson[] {
  return trace.map((e) => ({
    step: e.step,
    actor: e.actor,
    event: e.event,
    detail: e.detail,
    calls: [...e.calls],
    changes: [...e.changes],
    violations: [...e.violations],
    action: e.action,
  }));
}

function resultJson(
  r: { property: string; severity: "violation" | "warning"; status: PropertyResultJson["status"]; trace?: readonly TraceEvent[] },
  withTrace: boolean,
): PropertyResultJson {
  return {
    property: r.property,
    severity: r.severity,
    status: r.status,
    ...(r.trace ? { steps: r.trace.length } : {}),
    ...(r.trace && withTrace ? { trace: traceJson(r.trace) } : {}),
  };
}

export function checkJson(r: ScenarioCheck): CheckJson {
  return {
    scenario: r.scenario,
    file: r.file,
    design: r.design,
    iommu: r.iommu,
    pasids: r.pasids,
    complete: r.complete,
    ...(r.stopReason ? { stopReason: r.stopReason } : {}),
    stats: {
      states: r.stats.states,
      transitions: r.stats.transitions,
      depth: r.stats.depth,
      seconds: r.stats.seconds,
      statesPerSecond: r.stats.statesPerSecond,
      bytesPerState: r.stats.bytesPerState,
    },
    results: r.results.map((x) => resultJson(x, true)),
  };
}

export function simulationJson(r: ScenarioSimulation): SimulationJson {
  return {
    scenario: r.scenario,
    file: r.file,
    design: r.design,
    iommu: r.iommu,
    pasids: r.pasids,
    mode: "simulation",
    provesNothing: true,
    note: r.note,
    seed: r.seed,
    walks: r.walks,
    depth: r.depth,
    ...(r.stopReason ? { stopReason: r.stopReason } : {}),
    stats: { ...r.stats },
    results: r.results.map((x) => resultJson(x, true)),
  };
}

/** The matrix; traces are left out unless `traces` (each result still carries `steps`). */
export function matrixJson(m: Matrix, cell: (row: Matrix["rows"][number]) => string, opts: { traces?: boolean } = {}): MatrixJson {
  return {
    rows: m.rows.map((r) => ({
      scenario: r.scenario,
      file: r.file,
      design: r.design,
      iommu: r.iommu,
      complete: r.complete,
      states: r.states,
      cell: cell(r),
      results: r.results.map((x) => resultJson(x, opts.traces === true)),
    })),
  };
}
