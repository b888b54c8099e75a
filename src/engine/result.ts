/**
 * What a check returns. Outcomes are data: a violated property, a cap that was hit or a
 * cancelled run all come back as a CheckResult; only misuse of the API throws.
 */
import type { Action, PropertyKind, PropertyMask, Severity } from "./model.js";

/** Why a run stopped before deciding every checked property. */
export type StopReason = "max-states" | "max-depth" | "timeout" | "memory" | "cancelled";

export type Strategy = "bfs" | "dfs";

/**
 * - `holds`: the whole reachable state space was explored and no violation was found.
 * - `violated`: a counterexample was found (it comes with the result).
 * - `incomplete`: the run stopped early and found no violation; nothing is claimed.
 */
export type PropertyStatus = "holds" | "violated" | "incomplete";

export interface TraceStep {
  readonly action: Action;
  /** `model.actionLabel` of the action, taken in the state before the step. */
  readonly label: string;
  /** The state after the step (a fresh copy). */
  readonly state: Uint8Array;
  /**
   * Properties violated by this step: transition properties reported by `next`, always
   * properties violated in `state`, and terminal properties when `state` is terminal.
   */
  readonly violates: PropertyMask;
}

/** A concrete run of the model: an initial state and the steps taken from it. */
export interface Trace {
  /** Index into `model.initialStates()`. */
  readonly initialIndex: number;
  readonly initial: Uint8Array;
  /** Always properties violated in `initial` (and terminal ones if it is terminal). */
  readonly initialViolates: PropertyMask;
  readonly steps: readonly TraceStep[];
}

export interface PropertyResult {
  readonly property: string;
  /** Bit of this property in every mask (its index in `model.properties`). */
  readonly index: number;
  readonly kind: PropertyKind;
  readonly severity: Severity;
  readonly status: PropertyStatus;
  /** The counterexample when `status` is `violated`. Shortest under BFS; not under DFS. */
  readonly trace?: Trace;
}

export interface CheckStats {
  /** Distinct states stored (after symmetry reduction, if on). */
  readonly states: number;
  /** Enabled transitions executed (each successor computed counts once). */
  readonly transitions: number;
  /** Greatest depth reached (initial states have depth 0). */
  readonly depth: number;
  readonly seconds: number;
  readonly statesPerSecond: number;
  /** Bytes allocated for the visited set (the fingerprint table). */
  readonly visitedBytes: number;
  /** visitedBytes / states. */
  readonly bytesPerState: number;
  /** Bytes allocated for parent links (BFS only; 0 for DFS). */
  readonly parentBytes: number;
  /** Most states held at once in the frontier (BFS queue) or on the stack (DFS). */
  readonly peakFrontier: number;
  /** Peak bytes of the engine's own buffers (visited set, parent links, frontier or stack). */
  readonly memoryBytes: number;
}

export interface CheckResult {
  /**
   * True when every checked property is decided: either the whole reachable state space was
   * explored, or (with stopWhenAllViolated) every checked property has a counterexample.
   */
  readonly complete: boolean;
  /** True when the whole reachable state space (under the reductions) was explored. */
  readonly exhaustive: boolean;
  /** Set exactly when `complete` is false. */
  readonly stopReason?: StopReason;
  readonly strategy: Strategy;
  readonly reductions: { readonly symmetry: boolean; readonly por: boolean };
  readonly stats: CheckStats;
  /** One entry per checked property, in model order. */
  readonly results: readonly PropertyResult[];
  /** Number of violated properties of severity `violation` (warnings excluded). */
  readonly violations: number;
  /** Number of violated properties of severity `warning`. */
  readonly warnings: number;
}

/** Passed to `onProgress` while a check runs. */
export interface Progress {
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  /** States waiting in the BFS queue, or on the DFS stack. */
  readonly queue: number;
  readonly seconds: number;
  readonly statesPerSecond: number;
  readonly memoryBytes: number;
}
