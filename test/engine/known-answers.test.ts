/**
 * Known-answer tests: classic models with reachable-state counts computed two independent ways
 * (by reasoning, as closed formulas or enumerations documented below, and by the naive
 * reference search), and deliberately broken variants with known shortest counterexamples.
 */
import { describe, expect, test } from "vitest";
import { check, type CheckResult, type Model } from "../../src/engine/index.js";
import { boundedBuffer } from "./models/buffer.js";
import { peterson } from "./models/peterson.js";
import { philosophers } from "./models/philosophers.js";
import { referenceSearch } from "./reference.js";

const status = (r: CheckResult): Record<string, string> =>
  Object.fromEntries(r.results.map((p) => [p.property, p.status]));
const lengths = (r: CheckResult): Record<string, number | undefined> =>
  Object.fromEntries(r.results.map((p) => [p.property, p.trace?.steps.length]));

function full(model: Model, extra: Parameters<typeof check>[1] = {}): CheckResult {
  return check(model, { stopWhenAllViolated: false, ...extra });
}

/**
 * Philosophers: the state is one value per philosopher (0 thinking, 1 hungry, 2 first fork,
 * 3 eating); a configuration is reachable iff no fork is held twice (start from all thinking and
 * let the eaters, then the one-fork holders, pick up their forks: the forks they need are
 * distinct). So the count is the number of fork-consistent configurations, enumerated here
 * directly over {0..3}^N without any search.
 */
function philosopherConfigurations(n: number, broken: boolean): number {
  let count = 0;
  const s = new Array<number>(n).fill(0);
  const total = 4 ** n;
  for (let code = 0; code < total; code++) {
    let c = code;
    for (let i = 0; i < n; i++) {
      s[i] = c % 4;
      c = Math.floor(c / 4);
    }
    const held = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      const left = i;
      const right = (i + 1) % n;
      const [first, second] = !broken && i === n - 1 ? [right, left] : [left, right];
      if (s[i] >= 2) held[first]++;
      if (s[i] === 3) held[second]++;
    }
    if (held.every((h) => h <= 1)) count++;
  }
  return count;
}

describe("Peterson's mutual exclusion", () => {
  test("20 reachable states (reference search agrees), mutex and no-deadlock hold", () => {
    // By reasoning: flag_i = (pc_i >= 1), so a state is (pc0, pc1, turn). Both pcs in {0,1}:
    // any turn (4 x 2 = 8). Exactly one process i past pc 1: turn = 1 - i, its own write being
    // the last (2 x 2 x 2 = 8). Both past pc 1: (2,2) with either turn (2); (2,3) only with
    // turn = 1 and (3,2) only with turn = 0, since the critical one entered while the other
    // waited, i.e. turn named it (2); (3,3) is unreachable. 8 + 8 + 2 + 2 = 20.
    const r = full(peterson());
    expect(r.complete).toBe(true);
    expect(r.stats.states).toBe(20);
    expect(referenceSearch(peterson()).depth.size).toBe(20);
    expect(status(r)).toEqual({ mutex: "holds", "no-deadlock": "holds", "both-waiting": "violated" });
    // Warning: both waiting after each sets its flag and turn (4 steps, no shorter: each needs 2).
    expect(r.results[2].severity).toBe("warning");
    expect(r.results[2].trace?.steps.length).toBe(4);
    expect(r.violations).toBe(0);
    expect(r.warnings).toBe(1);
  });

  test("broken (turn := self) violates mutex with a shortest trace of 6 steps", () => {
    // Each process needs 3 of its own steps to reach pc 3, so at least 6; P0 x3 then P1 x3 works.
    const r = full(peterson({ broken: true }));
    expect(r.stats.states).toBe(referenceSearch(peterson({ broken: true })).depth.size);
    expect(status(r).mutex).toBe("violated");
    const t = r.results[0].trace!;
    expect(t.steps.length).toBe(6);
    const last = t.steps[t.steps.length - 1].state;
    expect([last[0], last[1]]).toEqual([3, 3]);
    expect(referenceSearch(peterson({ broken: true })).shortest[0]).toBe(6);
  });

  test("same verdicts and lengths with symmetry and with POR", () => {
    for (const broken of [false, true]) {
      const base = full(peterson({ broken }));
      for (const opts of [{ symmetry: true }, { por: true }, { symmetry: true, por: true }]) {
        const r = full(peterson({ broken }), opts);
        expect(status(r)).toEqual(status(base));
        expect(lengths(r)).toEqual(lengths(base));
      }
      expect(full(peterson({ broken }), { symmetry: true }).stats.states).toBeLessThan(base.stats.states);
    }
  });
});

describe("dining philosophers", () => {
  for (const n of [2, 3, 4, 5, 6]) {
    test(`N=${n}: reachable count = fork-consistent configurations, no deadlock`, () => {
      const expected = philosopherConfigurations(n, false);
      const r = full(philosophers(n));
      expect(r.complete).toBe(true);
      expect(r.stats.states).toBe(expected);
      expect(referenceSearch(philosophers(n)).depth.size).toBe(expected);
      expect(status(r)).toEqual({ "no-deadlock": "holds", "neighbours-not-both-eating": "holds" });
      const reduced = full(philosophers(n), { por: true });
      expect(status(reduced)).toEqual(status(r));
      expect(reduced.stats.states).toBeLessThanOrEqual(r.stats.states);
    });

    test(`N=${n} broken (all left first): deadlock after exactly 2N = ${2 * n} steps`, () => {
      const expected = philosopherConfigurations(n, true);
      const r = full(philosophers(n, { broken: true }));
      expect(r.stats.states).toBe(expected);
      expect(referenceSearch(philosophers(n, { broken: true })).depth.size).toBe(expected);
      expect(status(r)["no-deadlock"]).toBe("violated");
      const t = r.results[0].trace!;
      expect(t.steps.length).toBe(2 * n);
      expect(Array.from(t.steps[t.steps.length - 1].state)).toEqual(new Array(n).fill(2));
      for (const opts of [{ symmetry: true }, { por: true }, { symmetry: true, por: true }]) {
        const rr = full(philosophers(n, { broken: true }), opts);
        expect(status(rr)).toEqual(status(r));
        expect(lengths(rr)).toEqual(lengths(r));
      }
    });
  }

  test("pinned counts, and a transfer-matrix count for the symmetric table", () => {
    // Documented so that a change of semantics shows up as a changed number.
    expect([2, 3, 4, 5, 6].map((n) => philosopherConfigurations(n, false))).toEqual([12, 42, 150, 534, 1902]);
    expect([2, 3, 4, 5, 6].map((n) => philosopherConfigurations(n, true))).toEqual([13, 45, 161, 573, 2041]);
    // Symmetric table, by reasoning: going round the table, philosopher i-1 in state 3 holds fork
    // i, so philosopher i must then not hold its left fork (state 2 or 3). The allowed
    // neighbour pairs form the matrix A below and the count of cyclic configurations is
    // trace(A^N).
    const A = [[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 0, 0]];
    const mul = (X: number[][], Y: number[][]): number[][] =>
      X.map((row) => Y[0].map((_, j) => row.reduce((acc, x, k) => acc + x * Y[k][j], 0)));
    let P = A;
    for (let n = 2; n <= 6; n++) {
      P = mul(P, A);
      expect(P.reduce((acc, row, i) => acc + row[i], 0)).toBe(philosopherConfigurations(n, true));
      expect(full(philosophers(n, { broken: true })).stats.states).toBe(philosopherConfigurations(n, true));
    }
  });

  test("symmetry reduces the symmetric table to rotation classes", () => {
    // N=3, broken: 45 states; rotation classes: states fixed by rotation are the 3 constant ones
    // (0,0,0), (1,1,1), (2,2,2) ((3,3,3) is not fork-consistent); the other 42 come in classes of 3.
    // Burnside: 3 + 42/3 = 17 classes.
    expect(full(philosophers(3, { broken: true }), { symmetry: true }).stats.states).toBe(17);
  });
});

describe("bounded buffer", () => {
  for (const k of [1, 2, 5]) {
    test(`K=${k}: 4(K+1) = ${4 * (k + 1)} states, all properties hold`, () => {
      const r = full(boundedBuffer(k));
      expect(r.stats.states).toBe(4 * (k + 1));
      expect(referenceSearch(boundedBuffer(k)).depth.size).toBe(4 * (k + 1));
      expect(status(r)).toEqual({ "no-overflow": "holds", "no-put-when-full": "holds", progress: "holds" });
      expect(status(full(boundedBuffer(k), { por: true }))).toEqual(status(r));
    });

    test(`K=${k} broken (<= K): overflow and put-when-full, both after 2K+2 = ${2 * k + 2} steps`, () => {
      const r = full(boundedBuffer(k, { broken: true }));
      // One more count value (K+1) becomes reachable: 4(K+2) states.
      expect(r.stats.states).toBe(4 * (k + 2));
      expect(lengths(r)).toEqual({ "no-overflow": 2 * k + 2, "no-put-when-full": 2 * k + 2, progress: undefined });
      const ref = referenceSearch(boundedBuffer(k, { broken: true }));
      expect(ref.shortest.slice(0, 2)).toEqual([2 * k + 2, 2 * k + 2]);
      const t = r.results[1].trace!;
      expect(t.steps[t.steps.length - 1].label).toBe("put");
      const rp = full(boundedBuffer(k, { broken: true }), { por: true });
      expect(status(rp)).toEqual(status(r));
      expect(lengths(rp)).toEqual(lengths(r));
    });
  }
});
