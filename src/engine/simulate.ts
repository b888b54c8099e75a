/**
 * Random simulation: seeded random walks from the initial states, for models too large to
 * explore exhaustively. The same seed gives the same walks. Simulation PROVES NOTHING: a walk
 * that finds no violation says nothing about the states it did not visit.
 */
import type { Action, Model, PropertyKind, Severity } from "./model.js";
import { kindMask, propertyMask, stateCheckedMask, validateModel } from "./options.js";
import { Rng, type RngState } from "./rng.js";
import { checkedInitialStates, emptyActions } from "./search-common.js";
import { rebuildTrace } from "./trace.js";
import type { Trace } from "./result.js";

export interface SimulateOptions {
  /** Seed of the walks (an integer; default: a random one, reported in the result). */
  readonly seed?: number;
  /** Number of walks (default 1000). */
  readonly walks?: number;
  /** Maximum steps per walk (default 1000). A walk also ends in a terminal state. */
  readonly depth?: number;
  /** Names of the properties to check (default: all). */
  readonly properties?: readonly string[];
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly now?: () => number;
}

export interface SimulationPropertyResult {
  readonly property: string;
  readonly index: number;
  readonly kind: PropertyKind;
  readonly severity: Severity;
  /** `not-found` is not `holds`: simulation never shows that a property holds. */
  readonly status: "violated" | "not-found";
  /** The walk (0-based) whose trace is reported: the shortest violating walk prefix found. */
  readonly walk?: number;
  /** PRNG state at the start of that walk: `Rng.fromState(walkState)` replays it. */
  readonly walkState?: RngState;
  readonly trace?: Trace;
}

export interface SimulationResult {
  readonly seed: number;
  readonly provesNothing: true;
  readonly note: string;
  readonly walks: number;
  readonly depth: number;
  /** Set when the run ended before all walks were done. */
  readonly stopReason?: "timeout" | "cancelled";
  readonly stats: {
    readonly walks: number;
    readonly steps: number;
    readonly terminalWalks: number;
    readonly seconds: number;
  };
  readonly results: readonly SimulationPropertyResult[];
  readonly violations: number;
  readonly warnings: number;
}

export const SIMULATION_NOTE =
  "Simulation proves nothing: it samples random walks, and a property not violated on them may " +
  "still be violated elsewhere; only an exhaustive check can show that a property holds.";

interface Hit {
  walk: number;
  walkState: RngState;
  initialIndex: number;
  actions: Action[];
}

/** Run seeded random walks and report the violations they meet. */
export function simulate(model: Model, options: SimulateOptions = {}): SimulationResult {
  validateModel(model);
  const seed = options.seed ?? Math.floor(Math.random() * 0x7fffffff);
  if (!Number.isInteger(seed)) throw new TypeError(`simulate: seed must be an integer, got ${String(seed)}`);
  const walks = options.walks ?? 1000;
  const depth = options.depth ?? 1000;
  if (!Number.isInteger(walks) || walks < 0) throw new TypeError("simulate: walks must be a non-negative integer");
  if (!Number.isInteger(depth) || depth < 0) throw new TypeError("simulate: depth must be a non-negative integer");
  const now = options.now ?? (() => performance.now());
  const checked = propertyMask(model, options.properties);
  const always = stateCheckedMask(model, checked);
  const transition = kindMask(model, "transition", checked);
  const terminal = kindMask(model, "terminal", checked);
  const inits = checkedInitialStates(model);
  const rng = new Rng(seed);
  const start = now();
  const deadline = start + (options.timeoutMs ?? Infinity);
  const hits: (Hit | undefined)[] = [];
  const acts: Action[] = [];
  // Successor buffers are reused from step to step: a state larger than 64 bytes is a typed
  // array with its own off-heap store, about 1.2 us to allocate (95 % of a walk's time when
  // every successor was a new array).
  const succ: Uint8Array[] = [];
  const succAct: Action[] = [];
  const succMask: number[] = [];
  let state: Uint8Array = new Uint8Array(model.stateSize);
  let steps = 0;
  let terminalWalks = 0;
  let walk = 0;
  let stopReason: "timeout" | "cancelled" | undefined;

  const hit = (mask: number, w: number, ws: RngState, initialIndex: number, path: Action[]): void => {
    for (let i = 0; i < 31; i++) {
      if ((mask & (1 << i)) === 0) continue;
      const old = hits[i];
      if (old === undefined || old.actions.length > path.length) {
        hits[i] = { walk: w, walkState: ws, initialIndex, actions: path.slice() };
      }
    }
  };

  for (; walk < walks; walk++) {
    if (options.signal?.aborted) {
      stopReason = "cancelled";
      break;
    }
    if (now() >= deadline) {
      stopReason = "timeout";
      break;
    }
    const walkState = rng.save();
    const initialIndex = rng.below(inits.length);
    state.set(inits[initialIndex]);
    const path: Action[] = [];
    const m0 = model.check(state) & always;
    if (m0 !== 0) hit(m0, walk, walkState, initialIndex, path);
    for (let d = 0; d < depth; d++) {
      emptyActions(acts);
      model.actions(state, acts);
      emptyActions(succAct);
      emptyActions(succMask);
      let n = 0;
      let progress = false;
      for (const a of acts) {
        if (n === succ.length) succ.push(new Uint8Array(model.stateSize));
        const out = succ[n];
        out.set(state);
        const m = model.next(state, a, out);
        if (m === -1) continue;
        n++;
        succAct.push(a);
        succMask.push(m);
        if (!progress) for (let j = 0; j < out.length; j++) if (out[j] !== state[j]) { progress = true; break; }
      }
      if (!progress) {
        const tm = model.checkTerminal(state) & terminal;
        if (tm !== 0) hit(tm, walk, walkState, initialIndex, path);
        terminalWalks++;
        break;
      }
      const k = rng.below(n);
      path.push(succAct[k]);
      steps++;
      const tm = succMask[k] & transition;
      if (tm !== 0) hit(tm, walk, walkState, initialIndex, path);
      // The chosen successor becomes the state; the old state's buffer joins the pool.
      const next = succ[k];
      succ[k] = state;
      state = next;
      const am = model.check(state) & always;
      if (am !== 0) hit(am, walk, walkState, initialIndex, path);
    }
  }

  let violations = 0;
  let warnings = 0;
  const results: SimulationPropertyResult[] = [];
  model.properties.forEach((p, i) => {
    if ((checked & (1 << i)) === 0) return;
    const h = hits[i];
    const base = { property: p.name, index: i, kind: p.kind, severity: p.severity };
    if (h === undefined) {
      results.push({ ...base, status: "not-found" });
      return;
    }
    if (p.severity === "warning") warnings++;
    else violations++;
    const trace = rebuildTrace(model, h.initialIndex, h.actions, i, false);
    results.push({ ...base, status: "violated", walk: h.walk, walkState: h.walkState, trace });
  });
  const result: SimulationResult = {
    seed,
    provesNothing: true,
    note: SIMULATION_NOTE,
    walks,
    depth,
    stats: { walks: walk, steps, terminalWalks, seconds: (now() - start) / 1000 },
    results,
    violations,
    warnings,
  };
  return stopReason === undefined ? result : { ...result, stopReason };
}
