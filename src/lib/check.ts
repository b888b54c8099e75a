/**
 * The library's front door: check, simulate, replay and the design matrix over parsed
 * scenarios. The command line and the browser are thin shells over these functions.
 */
import { check, simulate, SIMULATION_NOTE, type CheckOptions, type Progress, type StopReason, type Trace } from "../engine/index.js";
import { createSvaModel, type SvaModel } from "../kernel/model.js";
import type { DesignName, IommuName, PropertyName } from "../kernel/names.js";
import type { Scenario } from "../scenario/types.js";
import { traceActions, traceEvents, type TraceEvent } from "./trace.js";

export interface PropertyVerdict {
  readonly property: PropertyName;
  readonly severity: "violation" | "warning";
  readonly status: "holds" | "violated" | "incomplete";
  /** The shortest counterexample (BFS) for a violated property. */
  readonly trace?: readonly TraceEvent[];
}

export interface CheckStatsOut {
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  readonly seconds: number;
  readonly statesPerSecond: number;
  readonly bytesPerState: number;
}

export interface ScenarioCheck {
  readonly scenario: string;
  readonly file: string;
  readonly design: DesignName;
  readonly iommu: IommuName;
  readonly pasids: number;
  readonly complete: boolean;
  readonly stopReason?: StopReason;
  readonly stats: CheckStatsOut;
  readonly results: readonly PropertyVerdict[];
}

export interface CheckScenarioOptions {
  /** Properties to report (default: the scenario's `check`, else all). */
  readonly properties?: readonly string[];
  readonly maxStates?: number;
  readonly maxDepth?: number;
  readonly timeoutMs?: number;
  /** Symmetry reduction over identical processes (default true: exact, see src/kernel/symmetry.ts). */
  readonly symmetry?: boolean;
  readonly por?: boolean;
  readonly strategy?: "bfs" | "dfs";
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: Progress) => void;
  /** Stop as soon as every checked property has a counterexample (default true). */
  readonly stopWhenAllViolated?: boolean;
}

export function modelOf(sc: Scenario): SvaModel {
  return createSvaModel(sc, { design: sc.design, iommu: sc.iommu });
}

function checkedProperties(sc: Scenario, opts: { properties?: readonly string[] }): readonly string[] | undefined {
  if (opts.properties && opts.properties.length > 0) return opts.properties;
  return sc.check.length > 0 ? sc.check : undefined;
}

/** Exhaustive check of one scenario under its design and IOMMU driver. */
export function checkScenario(sc: Scenario, opts: CheckScenarioOptions = {}): ScenarioCheck {
  const model = modelOf(sc);
  const engineOpts: CheckOptions = {
    strategy: opts.strategy,
    maxStates: opts.maxStates,
    maxDepth: opts.maxDepth,
    timeoutMs: opts.timeoutMs,
    symmetry: opts.symmetry ?? true,
    por: opts.por,
    signal: opts.signal,
    onProgress: opts.onProgress,
    stopWhenAllViolated: opts.stopWhenAllViolated,
    properties: checkedProperties(sc, opts),
  };
  const res = check(model, engineOpts);
  return {
    scenario: sc.name,
    file: sc.file,
    design: sc.design,
    iommu: sc.iommu,
    pasids: sc.pasids,
    complete: res.complete,
    ...(res.stopReason ? { stopReason: res.stopReason } : {}),
    stats: {
      states: res.stats.states,
      transitions: res.stats.transitions,
      depth: res.stats.depth,
      seconds: res.stats.seconds,
      statesPerSecond: res.stats.statesPerSecond,
      bytesPerState: res.stats.bytesPerState,
    },
    results: res.results.map((r) => verdictOf(model, r)),
  };
}

/** An engine result in kernel terms: its counterexample, if any, replayed as kernel events. */
function verdictOf<S extends string>(
  model: SvaModel,
  r: { property: string; severity: "violation" | "warning"; status: S; trace?: Trace },
): { property: PropertyName; severity: "violation" | "warning"; status: S; trace?: readonly TraceEvent[] } {
  return {
    property: r.property as PropertyName,
    severity: r.severity,
    status: r.status,
    ...(r.trace ? { trace: traceEvents(model, traceActions(r.trace)) } : {}),
  };
}

export interface ScenarioSimulation {
  readonly scenario: string;
  readonly file: string;
  readonly design: DesignName;
  readonly iommu: IommuName;
  readonly pasids: number;
  readonly seed: number;
  readonly walks: number;
  readonly depth: number;
  readonly note: string;
  /** Set when the walks stopped early (timeout). */
  readonly stopReason?: "timeout" | "cancelled";
  readonly stats: { readonly walks: number; readonly steps: number; readonly terminalWalks: number; readonly seconds: number };
  readonly results: readonly { property: PropertyName; severity: "violation" | "warning"; status: "violated" | "not-found"; trace?: readonly TraceEvent[] }[];
}

/** Seeded random walks: finds violations, proves nothing. */
export function simulateScenario(
  sc: Scenario,
  opts: { seed?: number; walks?: number; depth?: number; properties?: readonly string[]; timeoutMs?: number } = {},
): ScenarioSimulation {
  const model = modelOf(sc);
  const res = simulate(model, { ...opts, properties: checkedProperties(sc, opts) });
  return {
    scenario: sc.name,
    file: sc.file,
    design: sc.design,
    iommu: sc.iommu,
    pasids: sc.pasids,
    seed: res.seed,
    walks: res.stats.walks,
    depth: res.depth,
    note: SIMULATION_NOTE,
    ...(res.stopReason ? { stopReason: res.stopReason } : {}),
    stats: res.stats,
    results: res.results.map((r) => verdictOf(model, r)),
  };
}

/** Re-run a saved counterexample's actions on the scenario. */
export function replayActions(sc: Scenario, actions: readonly number[]): TraceEvent[] {
  return traceEvents(modelOf(sc), actions);
}
