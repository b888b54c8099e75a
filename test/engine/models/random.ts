/**
 * Small random transition systems as Models, for property-based tests.
 * A `Graph` lists, per node, its outgoing edges; node ids are stored in a 3-byte state
 * [low byte, high byte, 0x5a] (3 bytes, to exercise the engine's padding).
 * Properties: `bad0`..`bad3` (always: the node is in badN), `forbidden-edge` (transition: the
 * edge is marked), `stuck` (terminal: every terminal node violates it). Edges marked `disabled`
 * are listed by actions() but next() returns -1 for them.
 */
import fc from "fast-check";
import type { Model } from "../../../src/engine/index.js";

export interface Edge {
  readonly to: number;
  readonly forbidden: boolean;
  readonly disabled: boolean;
}
export interface Graph {
  readonly nodes: number;
  readonly initial: readonly number[];
  readonly edges: readonly (readonly Edge[])[];
  readonly bad: readonly (readonly boolean[])[];
}

export const graphArb: fc.Arbitrary<Graph> = fc.integer({ min: 1, max: 60 }).chain((nodes) =>
  fc.record({
    nodes: fc.constant(nodes),
    initial: fc.array(fc.nat(nodes - 1), { minLength: 1, maxLength: 3 }),
    edges: fc.array(
      fc.array(
        fc.record({
          to: fc.nat(nodes - 1),
          forbidden: fc.integer({ min: 0, max: 15 }).map((x) => x === 0),
          disabled: fc.integer({ min: 0, max: 7 }).map((x) => x === 0),
        }),
        { maxLength: 3 },
      ),
      { minLength: nodes, maxLength: nodes },
    ),
    bad: fc.array(
      fc.array(fc.integer({ min: 0, max: 20 }).map((x) => x === 0), { minLength: nodes, maxLength: nodes }),
      { minLength: 4, maxLength: 4 },
    ),
  }),
);

export function graphModel(g: Graph): Model {
  const node = (s: Uint8Array): number => s[0] | (s[1] << 8);
  return {
    stateSize: 3,
    properties: [
      ...[0, 1, 2, 3].map((i) => ({ name: `bad${i}`, kind: "always" as const, severity: "violation" as const, description: `node in bad${i}` })),
      { name: "forbidden-edge", kind: "transition", severity: "violation", description: "a marked edge" },
      { name: "stuck", kind: "terminal", severity: "warning", description: "a terminal node" },
    ],
    initialStates: () => g.initial.map((n) => Uint8Array.of(n & 255, n >> 8, 0x5a)),
    actions(s, out) {
      const es = g.edges[node(s)];
      for (let i = 0; i < es.length; i++) out.push(i);
    },
    next(s, a, out) {
      const e = g.edges[node(s)][a];
      if (e === undefined || e.disabled) return -1;
      out[0] = e.to & 255;
      out[1] = e.to >> 8;
      return e.forbidden ? 16 : 0;
    },
    check(s) {
      const n = node(s);
      let m = 0;
      for (let i = 0; i < 4; i++) if (g.bad[i][n]) m |= 1 << i;
      return m;
    },
    checkTerminal: () => 32,
    actionLabel: (s, a) => `${node(s)} -> ${g.edges[node(s)][a].to}`,
  };
}
