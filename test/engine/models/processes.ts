/**
 * Random small concurrent programs with a sound static independence relation, to test that
 * partial-order reduction keeps verdicts exact.
 *
 * P processes (2..3) each run a cyclic program of steps; two shared variables x0, x1 in 0..2.
 * A step is `local` (only advances its own pc), `write v c` (xv := c), or `await v c` (enabled
 * only when xv = c). State: [pc_0..pc_{P-1}, x0, x1]. Properties read only x0, x1:
 * `not-both-2` (always), `x0-not-1` (always, warning), `stuck` (terminal).
 * Local steps touch only their own pc, which no property reads and no other process touches, so
 * a local step commutes with every action of every other process: `independent` says so for
 * pairs of local steps of different processes, which meets the engine's POR obligation.
 */
import fc from "fast-check";
import type { Model } from "../../../src/engine/index.js";

export type Step = { readonly op: "local" } | { readonly op: "write" | "await"; readonly v: number; readonly c: number };
export type Program = readonly (readonly Step[])[];

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.constant({ op: "local" as const }),
  fc.record({ op: fc.constantFrom("write" as const, "await" as const), v: fc.nat(1), c: fc.nat(2) }),
);

export const programArb: fc.Arbitrary<Program> = fc.array(fc.array(stepArb, { minLength: 1, maxLength: 4 }), {
  minLength: 2,
  maxLength: 3,
});

export function programModel(prog: Program): Model {
  const P = prog.length;
  const isLocal = (s: Uint8Array, a: number): boolean => prog[a][s[a]].op === "local";
  return {
    stateSize: P + 2,
    properties: [
      { name: "not-both-2", kind: "always", severity: "violation", description: "not x0 = x1 = 2" },
      { name: "x0-not-1", kind: "always", severity: "warning", description: "x0 != 1" },
      { name: "stuck", kind: "terminal", severity: "violation", description: "a terminal state" },
    ],
    initialStates: () => [new Uint8Array(P + 2)],
    actions(_s, out) {
      for (let i = 0; i < P; i++) out.push(i);
    },
    next(s, a, out) {
      const st = prog[a][s[a]];
      if (st.op === "await" && s[P + st.v] !== st.c) return -1;
      if (st.op === "write") out[P + st.v] = st.c;
      out[a] = (s[a] + 1) % prog[a].length;
      return 0;
    },
    check: (s) => (s[P] === 2 && s[P + 1] === 2 ? 1 : 0) | (s[P] === 1 ? 2 : 0),
    checkTerminal: () => 4,
    actionLabel: (s, a) => `P${a}: ${JSON.stringify(prog[a][s[a]])}`,
    ownerOf: (_s, a) => a,
    independent: (s, a, b) => a !== b && isLocal(s, a) && isLocal(s, b),
  };
}
