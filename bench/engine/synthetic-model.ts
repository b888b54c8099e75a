/**
 * A cheap synthetic model for throughput measurements: K independent counters, one byte each,
 * each counting modulo M; action i increments counter i, action K+i resets counter i to 0 when
 * it is even (a second transition that mostly hits visited states). Reachable states: M^K.
 * The state is K bytes, padded to 4-byte words by the engine.
 */
import type { Model } from "../../src/engine/index.js";

export function counters(k: number, m: number): Model {
  return {
    stateSize: k,
    properties: [
      { name: "not-all-max", kind: "always", severity: "violation", description: "not every counter at M-1" },
    ],
    initialStates: () => [new Uint8Array(k)],
    actions(_s, out) {
      for (let i = 0; i < 2 * k; i++) out.push(i);
    },
    next(s, a, out) {
      if (a < k) {
        const v = s[a] + 1;
        out[a] = v === m ? 0 : v;
        return 0;
      }
      const i = a - k;
      if ((s[i] & 1) !== 0) return -1;
      out[i] = 0;
      return 0;
    },
    check(s) {
      for (let i = 0; i < k; i++) if (s[i] !== m - 1) return 0;
      return 1;
    },
    checkTerminal: () => 0,
    actionLabel: (_s, a) => (a < k ? `inc ${a}` : `reset ${a - k}`),
  };
}

/** Factory form for checkParallel: config { k, m }. */
export const countersFactory = (c: { k: number; m: number }): Model => counters(c.k, c.m);
