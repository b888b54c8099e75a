/**
 * The deterministic runner: apply a given list of events to the initial state and get every
 * state with a line per event in kernel terms (the notes the rules wrote) and the properties it
 * violated. Used by tests (each claim of the thread as a fixed event sequence), by trace output
 * and by replay. Events are chosen by their label (`A: open acc0 as q`) or by action number.
 */
import type { Action } from "../engine/model.js";
import type { SvaModel } from "./model.js";

export interface RunStep {
  readonly action: Action;
  /** Who acted: a task, "kworker", "SRCU" or a device. */
  readonly actor: string;
  /** The event, as actionLabel gives it. */
  readonly event: string;
  /** The kernel calls and object changes of this step. */
  readonly notes: readonly string[];
  /** Names of the properties this step (or the state it reached) violates. */
  readonly violations: readonly string[];
  readonly state: Uint8Array;
}

export interface RunResult {
  readonly initial: Uint8Array;
  readonly steps: readonly RunStep[];
  readonly final: Uint8Array;
  /** Every property violated anywhere along the run (state, transition and, at the end, terminal). */
  readonly violated: ReadonlySet<string>;
  /** True when nothing can move any more at the end (no enabled action changes the state). */
  readonly terminal: boolean;
}

export class RunnerError extends Error {}

/** The enabled actions of a state with their labels (disabled-by-lock ones left out). */
export function enabledActions(model: SvaModel, s: Uint8Array): { action: Action; label: string }[] {
  const acts: Action[] = [];
  model.actions(s, acts);
  const out: { action: Action; label: string }[] = [];
  const tmp = new Uint8Array(s.length);
  for (const a of acts) {
    tmp.set(s);
    if (model.next(s, a, tmp) >= 0) out.push({ action: a, label: model.actionLabel(s, a) });
  }
  return out;
}

/** Apply one action with notes; the state's own violations (always-properties) are added. */
export function step(model: SvaModel, s: Uint8Array, a: Action): RunStep {
  const k = model.k;
  const out = new Uint8Array(s);
  const event = model.actionLabel(s, a);
  const actor = model.actionActor(s, a);
  k.log = [];
  let mask: number;
  try {
    mask = model.next(s, a, out);
  } finally {
    // keep the notes, then turn logging off for the hot path
  }
  const notes = k.log;
  k.log = null;
  if (mask < 0) throw new RunnerError(`'${event}' is not enabled here (a lock is held)`);
  mask |= model.check(out);
  return { action: a, actor, event, notes, violations: maskNames(model, mask), state: out };
}

export function maskNames(model: SvaModel, mask: number): string[] {
  return model.properties.filter((_, i) => mask & (1 << i)).map((p) => p.name);
}

/** Is nothing able to change the state any more? */
export function isTerminal(model: SvaModel, s: Uint8Array): boolean {
  const acts: Action[] = [];
  model.actions(s, acts);
  const tmp = new Uint8Array(s.length);
  for (const a of acts) {
    tmp.set(s);
    if (model.next(s, a, tmp) >= 0 && !equalBytes(tmp, s)) return false;
  }
  return true;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Run events from the initial state. A string event matches the enabled action whose label equals
 * it, or else the only one that starts with it; an unknown or ambiguous event throws a
 * RunnerError listing what was enabled.
 */
export function runEvents(model: SvaModel, events: readonly (string | Action)[]): RunResult {
  const initial = model.initialStates()[0];
  let s = initial;
  const steps: RunStep[] = [];
  const violated = new Set<string>(maskNames(model, model.check(s)));
  for (const [i, ev] of events.entries()) {
    const a = typeof ev === "number" ? ev : pick(model, s, ev, i);
    const st = step(model, s, a);
    st.violations.forEach((v) => violated.add(v));
    steps.push(st);
    s = st.state;
  }
  const terminal = isTerminal(model, s);
  if (terminal) maskNames(model, model.checkTerminal(s)).forEach((v) => violated.add(v));
  return { initial, steps, final: s, violated, terminal };
}

function pick(model: SvaModel, s: Uint8Array, ev: string, i: number): Action {
  const en = enabledActions(model, s);
  const exact = en.filter((e) => e.label === ev);
  if (exact.length === 1) return exact[0].action;
  const pre = en.filter((e) => e.label.startsWith(ev));
  if (pre.length === 1) return pre[0].action;
  throw new RunnerError(
    `event ${i + 1} '${ev}' is ${pre.length > 1 ? "ambiguous" : "not enabled"}; enabled: ${en.map((e) => `'${e.label}'`).join(", ") || "nothing"}`,
  );
}

/** Run to the end with a simple policy: always take the first enabled task step (for tests). */
export function runToEnd(model: SvaModel, prefix: readonly (string | Action)[] = [], limit = 500): RunResult {
  const r = runEvents(model, prefix);
  const events: (string | Action)[] = [...prefix];
  let s = r.final;
  for (let n = 0; n < limit; n++) {
    const en = enabledActions(model, s).filter((e) => (e.action & 15) <= 4);
    if (en.length === 0) break;
    events.push(en[0].action);
    s = step(model, s, en[0].action).state;
  }
  return runEvents(model, events);
}
