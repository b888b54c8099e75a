/**
 * Counterexamples in kernel terms: an engine trace (actions) replayed through the kernel runner,
 * one event per step with its kernel calls, the object changes and the properties it violates.
 */
import type { Action, Trace } from "../engine/index.js";
import type { SvaModel } from "../kernel/model.js";
import { runEvents } from "../kernel/runner.js";
import { diffStates } from "../kernel/describe.js";

export interface TraceEvent {
  /** 1-based step number. */
  readonly step: number;
  /** Who acts: a task ("A"), "kworker", "SRCU" or a device ("acc0"). */
  readonly actor: string;
  /** The event: a statement, a do_exit stage, deferred work or device activity. */
  readonly event: string;
  /** The kernel calls it made, joined by "; " (the same as `calls`). */
  readonly detail: string;
  readonly calls: readonly string[];
  /** Object changes: "mm A: mm_users 1 → 0". */
  readonly changes: readonly string[];
  /** Properties this step violates (including the state it reaches). */
  readonly violations: readonly string[];
  /** The engine action (for replay). */
  readonly action: Action;
}

/** Kernel-terms events for a list of actions from the initial state. */
export function traceEvents(model: SvaModel, actions: readonly Action[]): TraceEvent[] {
  const run = runEvents(model, actions);
  let prev = run.initial;
  return run.steps.map((st, i) => {
    const ev: TraceEvent = {
      step: i + 1,
      actor: st.actor,
      event: st.event,
      detail: st.notes.join("; "),
      calls: st.notes,
      changes: diffStates(model.k, prev, st.state),
      violations: st.violations,
      action: st.action,
    };
    prev = st.state;
    return ev;
  });
}

export function traceActions(trace: Trace): Action[] {
  return trace.steps.map((s) => s.action);
}
