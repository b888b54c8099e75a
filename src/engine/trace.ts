/**
 * Paths: a counterexample is stored as an initial-state index plus action indices, and turned
 * into a concrete `Trace` by replaying it from the initial state (as Stateright's Path does).
 * `replay` is the plain deterministic runner; `rebuildTrace` is what the searches use, and it
 * also copes with symmetry reduction, where the stored actions were taken in canonical states.
 */
import type { Action, Model, PropertyMask } from "./model.js";
import { fingerprintBytes } from "./fingerprint.js";
import type { Trace, TraceStep } from "./result.js";

/** Mask of the terminal properties `state` violates, or 0 when it is not terminal. */
export function terminalViolations(model: Model, state: Uint8Array): PropertyMask {
  const acts: Action[] = [];
  model.actions(state, acts);
  const out = new Uint8Array(state.length);
  for (const a of acts) {
    out.set(state);
    if (model.next(state, a, out) === -1) continue;
    for (let i = 0; i < out.length; i++) if (out[i] !== state[i]) return 0;
  }
  return model.checkTerminal(state);
}

function stateViolations(model: Model, state: Uint8Array): PropertyMask {
  return model.check(state) | terminalViolations(model, state);
}

function initialState(model: Model, initialIndex: number, who: string): Uint8Array {
  const inits = model.initialStates();
  if (!Number.isInteger(initialIndex) || initialIndex < 0 || initialIndex >= inits.length) {
    throw new RangeError(`${who}: initial state ${initialIndex} does not exist (the model has ${inits.length})`);
  }
  const s = inits[initialIndex];
  if (s.length !== model.stateSize) {
    throw new TypeError(`model contract: initial state ${initialIndex} has ${s.length} bytes, stateSize is ${model.stateSize}`);
  }
  return Uint8Array.from(s);
}

/**
 * Run `actions` from initial state `initialIndex` and return the concrete trace. Throws a
 * RangeError naming the step when an action is not enabled (not listed by `actions()`, or
 * `next()` returns -1).
 */
export function replay(model: Model, actions: readonly Action[], initialIndex = 0): Trace {
  const initial = initialState(model, initialIndex, "replay");
  const steps: TraceStep[] = [];
  let state = initial;
  const enabled: Action[] = [];
  for (let k = 0; k < actions.length; k++) {
    const a = actions[k];
    enabled.length = 0;
    model.actions(state, enabled);
    const out = Uint8Array.from(state);
    const mask = enabled.includes(a) ? model.next(state, a, out) : -1;
    if (mask === -1) {
      throw new RangeError(
        `replay: step ${k + 1} of ${actions.length}: action ${a} is not enabled ` +
          `(enabled: ${enabled.length === 0 ? "none" : enabled.join(", ")})`,
      );
    }
    const label = model.actionLabel(state, a);
    steps.push({ action: a, label, state: out, violates: mask | stateViolations(model, out) });
    state = out;
  }
  return { initialIndex, initial, initialViolates: stateViolations(model, initial), steps };
}

function nondeterministic(step: number, total: number, detail: string): Error {
  return new Error(
    `counterexample replay diverged at step ${step} of ${total}: ${detail}. ` +
      `The model is nondeterministic: actions() and next() must depend on the state bytes alone ` +
      `(no hidden mutable fields, clocks or random numbers, and next() must not modify its input)` +
      `; with symmetry on, canonicalize() must also map symmetric states to the same bytes.`,
  );
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Rebuild the trace of a counterexample found by a search, and check that it really ends in a
 * violation of `property` (bit index) of the given kind. `actions` were recorded in the stored
 * states, which are canonical when `symmetry` is on: the concrete trace then picks, at each step,
 * an enabled action of the concrete state whose canonical successor has the fingerprint of the
 * recorded canonical successor, so it shows real, non-canonical states.
 * Throws when the replay diverges (the model is then nondeterministic).
 */
export function rebuildTrace(
  model: Model,
  initialIndex: number,
  actions: readonly Action[],
  property: number,
  symmetry: boolean,
): Trace {
  const bit = 1 << property;
  const kind = model.properties[property].kind;
  const total = actions.length;
  if (!symmetry) {
    let trace: Trace;
    try {
      trace = replay(model, actions, initialIndex);
    } catch (e) {
      if (e instanceof RangeError) throw nondeterministic(0, total, (e as Error).message);
      throw e;
    }
    const last = trace.steps.length === 0 ? trace.initialViolates : trace.steps[trace.steps.length - 1].violates;
    if ((last & bit) === 0) {
      throw nondeterministic(total, total, `the final state no longer violates ${kind} property "${model.properties[property].name}"`);
    }
    return trace;
  }
  const canon = model.canonicalize!.bind(model);
  const initial = initialState(model, initialIndex, "rebuildTrace");
  let c = Uint8Array.from(initial);
  canon(c);
  let s = initial;
  const steps: TraceStep[] = [];
  const enabled: Action[] = [];
  const want = new Int32Array(2);
  const got = new Int32Array(2);
  for (let k = 0; k < total; k++) {
    const a = actions[k];
    const cNext = Uint8Array.from(c);
    const cMask = model.next(c, a, cNext);
    if (cMask === -1) throw nondeterministic(k + 1, total, `recorded action ${a} is disabled in the canonical state`);
    canon(cNext);
    fingerprintBytes(cNext, want);
    const needBit = k === total - 1 && kind === "transition" ? bit : 0;
    enabled.length = 0;
    model.actions(s, enabled);
    // Try the recorded action first: when s is itself canonical it is the one.
    const order = enabled.includes(a) ? [a, ...enabled.filter((b) => b !== a)] : enabled;
    let found: TraceStep | undefined;
    for (const b of order) {
      const out = Uint8Array.from(s);
      const mask = model.next(s, b, out);
      // A `checkedInStates` property's last step may be violated by the state it reaches.
      if (mask === -1 || ((mask | model.check(out)) & needBit) !== needBit) continue;
      const oc = Uint8Array.from(out);
      canon(oc);
      fingerprintBytes(oc, got);
      if (got[0] !== want[0] || got[1] !== want[1] || !sameBytes(oc, cNext)) continue;
      found = { action: b, label: model.actionLabel(s, b), state: out, violates: mask | stateViolations(model, out) };
      break;
    }
    if (found === undefined) {
      throw nondeterministic(k + 1, total, `no enabled action of the concrete state leads to the recorded canonical successor`);
    }
    steps.push(found);
    s = found.state;
    c = cNext;
  }
  const initialViolates = stateViolations(model, initial);
  const last = steps.length === 0 ? initialViolates : steps[steps.length - 1].violates;
  if ((last & bit) === 0) {
    throw nondeterministic(total, total, `the final state no longer violates ${kind} property "${model.properties[property].name}"`);
  }
  return { initialIndex, initial, initialViolates, steps };
}
