/**
 * Behaviour of check/replay/simulate beyond the known answers: caps and honesty, progress,
 * cancellation, transition and terminal properties, replay errors and nondeterminism, simulation
 * reproducibility, option validation.
 */
import { describe, expect, test } from "vitest";
import { check, replay, simulate, Rng, type Model } from "../../src/engine/index.js";
import { boundedBuffer } from "./models/buffer.js";
import { peterson } from "./models/peterson.js";
import { philosophers } from "./models/philosophers.js";
import { referenceSearch } from "./reference.js";

/** A counter 0..limit-1 in a 4-byte little-endian state: action 0 increments, 1 self-loops. */
function counter(limit: number, opts: { badAt?: number; loop?: boolean } = {}): Model {
  const get = (s: Uint8Array): number => s[0] | (s[1] << 8) | (s[2] << 16);
  return {
    stateSize: 4,
    properties: [
      { name: "below-bad", kind: "always", severity: "violation", description: "value != badAt" },
      { name: "ends-at-top", kind: "terminal", severity: "violation", description: "terminal states are at the top" },
    ],
    initialStates: () => [new Uint8Array(4)],
    actions(s, out) {
      if (get(s) + 1 < limit) out.push(0);
      if (opts.loop) out.push(1);
    },
    next(s, a, out) {
      if (a === 1) return 0;
      const v = get(s) + 1;
      out[0] = v & 255;
      out[1] = (v >> 8) & 255;
      out[2] = v >> 16;
      return 0;
    },
    check: (s) => (get(s) === opts.badAt ? 1 : 0),
    checkTerminal: (s) => (get(s) === limit - 1 ? 0 : 2),
    actionLabel: (_s, a) => (a === 0 ? "inc" : "idle"),
  };
}

describe("caps never claim 'holds'", () => {
  test("max-states", () => {
    const r = check(philosophers(5), { maxStates: 100 });
    expect(r.complete).toBe(false);
    expect(r.stopReason).toBe("max-states");
    expect(r.stats.states).toBe(100);
    expect(r.results.every((p) => p.status === "incomplete")).toBe(true);
    // The same model without the cap decides both properties.
    expect(check(philosophers(5)).results.every((p) => p.status === "holds")).toBe(true);
  });

  test("max-depth, BFS and DFS; unexpanded states are not judged terminal", () => {
    for (const strategy of ["bfs", "dfs"] as const) {
      const r = check(counter(100), { strategy, maxDepth: 10 });
      expect(r.complete).toBe(false);
      expect(r.stopReason).toBe("max-depth");
      // State 10 has a successor we did not compute: it must not be reported as a bad terminal.
      expect(r.results.map((p) => p.status)).toEqual(["incomplete", "incomplete"]);
      expect(r.stats.depth).toBe(10);
      expect(r.stats.states).toBe(11);
      const done = check(counter(100), { strategy });
      expect(done.results.map((p) => p.status)).toEqual(["holds", "holds"]);
    }
  });

  test("max-depth d stores exactly the states within distance d (BFS)", () => {
    const ref = referenceSearch(philosophers(5));
    for (let d = 0; d <= 12; d++) {
      const within = [...ref.depth.values()].filter((x) => x <= d).length;
      const r = check(philosophers(5), { maxDepth: d });
      expect(r.stats.states).toBe(within);
      expect(r.stats.depth).toBe(Math.min(d, Math.max(...ref.depth.values())));
    }
  });

  test("DFS: a state violation found one frame beyond the stack's capacity has its whole path", () => {
    // The stack starts with 64 frames: the state at depth 64 is checked before its frame exists.
    for (const badAt of [63, 64, 65, 128]) {
      const r = check(counter(1000, { badAt }), { strategy: "dfs", properties: ["below-bad"] });
      const t = r.results[0].trace!;
      expect(t.steps.map((s) => s.action)).toEqual(new Array(badAt).fill(0));
    }
  });

  test("a violation found before a cap is still reported, the rest is incomplete", () => {
    const r = check(counter(1000, { badAt: 5 }), { maxStates: 50, stopWhenAllViolated: false });
    expect(r.stopReason).toBe("max-states");
    expect(r.results[0].status).toBe("violated");
    expect(r.results[0].trace!.steps.length).toBe(5);
    expect(r.results[1].status).toBe("incomplete");
  });

  test("timeout via an injected clock", () => {
    let t = 0;
    const r = check(counter(100_000), { timeoutMs: 1000, now: () => (t += 10) });
    expect(r.stopReason).toBe("timeout");
    expect(r.results.every((p) => p.status === "incomplete")).toBe(true);
  });

  test("memory cap", () => {
    for (const strategy of ["bfs", "dfs"] as const) {
      const r = check(counter(200_000), { strategy, maxMemoryBytes: 200_000 });
      expect(r.stopReason).toBe("memory");
      expect(r.stats.memoryBytes).toBeLessThanOrEqual(200_000);
      expect(r.results.every((p) => p.status === "incomplete")).toBe(true);
    }
  });

  test("cancellation through an AbortSignal", () => {
    const ac = new AbortController();
    ac.abort();
    const r = check(counter(100_000), { signal: ac.signal });
    expect(r.stopReason).toBe("cancelled");
    expect(r.complete).toBe(false);
  });

  test("stopWhenAllViolated stops early and is complete, not exhaustive", () => {
    const r = check(counter(100_000, { badAt: 3 }), { properties: ["below-bad"] });
    expect(r.complete).toBe(true);
    expect(r.exhaustive).toBe(false);
    expect(r.stopReason).toBeUndefined();
    expect(r.stats.states).toBeLessThan(10);
    expect(r.results.map((p) => p.property)).toEqual(["below-bad"]);
  });
});

describe("properties", () => {
  test("self-loops do not count as progress for terminal properties", () => {
    // Every state idles; only the top state cannot increment, and it satisfies ends-at-top.
    expect(check(counter(5, { loop: true })).results[1].status).toBe("holds");
    // A counter that stops at 3 of 5 values would be terminal below the top.
    const stuck: Model = { ...counter(5, { loop: true }), actions: (s, out) => { if (s[0] < 3) out.push(0); out.push(1); } };
    const r = check(stuck);
    expect(r.results[1].status).toBe("violated");
    expect(r.results[1].trace!.steps.length).toBe(3);
    expect(r.results[1].trace!.steps[2].violates & 2).toBe(2);
  });

  test("transition property: trace ends with the violating step", () => {
    const r = check(boundedBuffer(2, { broken: true }), { properties: ["no-put-when-full"] });
    const t = r.results[0].trace!;
    expect(t.steps.map((s) => s.label)).toEqual(["make", "put", "make", "put", "make", "put"]);
    expect(t.steps[5].violates & 2).toBe(2);
    expect(t.steps[4].violates & 2).toBe(0);
  });

  test("every violated property gets its own shortest trace", () => {
    const r = check(peterson({ broken: true }), { stopWhenAllViolated: false });
    expect(r.results.map((p) => [p.property, p.status, p.trace?.steps.length])).toEqual([
      ["mutex", "violated", 6],
      ["no-deadlock", "holds", undefined],
      ["both-waiting", "violated", 4],
    ]);
  });

  test("a transition property checkedInStates is violated by the states check() reports, shortest trace in every strategy", () => {
    // Two counters 0..4; "sum-five" is a transition property that next() never reports: only
    // check() does, for states whose counters sum to 5.
    const twoCounters = (flag: boolean | undefined): Model => ({
      stateSize: 2,
      properties: [{ name: "sum-five", kind: "transition", severity: "violation", description: "sum != 5", checkedInStates: flag }],
      initialStates: () => [new Uint8Array(2)],
      actions(s, out) {
        if (s[0] < 4) out.push(0);
        if (s[1] < 4) out.push(1);
      },
      next(_s, a, out) {
        out[a]++;
        return 0;
      },
      check: (s) => (s[0] + s[1] === 5 ? 1 : 0),
      checkTerminal: () => 0,
      actionLabel: (_s, a) => `inc ${a}`,
      canonicalize(s) {
        if (s[0] < s[1]) [s[0], s[1]] = [s[1], s[0]];
      },
    });
    for (const options of [{ strategy: "bfs" }, { strategy: "bfs", symmetry: true }, { strategy: "dfs" }] as const) {
      const r = check(twoCounters(true), options);
      expect(r.results[0].status).toBe("violated");
      const t = r.results[0].trace!;
      if (options.strategy === "bfs") expect(t.steps.length).toBe(5);
      const last = t.steps.at(-1)!;
      expect(last.violates & 1).toBe(1);
      expect(last.state[0] + last.state[1]).toBe(5);
    }
    expect(simulate(twoCounters(true), { seed: 1, walks: 20, depth: 10 }).results[0].status).toBe("violated");
    // Without the flag, check() is not asked about a transition property: it holds.
    expect(check(twoCounters(undefined)).results[0].status).toBe("holds");
    // The flag is only for transition properties.
    const bad = twoCounters(true);
    expect(() => check({ ...bad, properties: [{ ...bad.properties[0], kind: "always" }] })).toThrow(/checkedInStates is only for transition/);
  });

  test("symmetric traces show real states and replay", () => {
    const r = check(philosophers(4, { broken: true }), { symmetry: true });
    const t = r.results[0].trace!;
    const again = replay(philosophers(4, { broken: true }), t.steps.map((s) => s.action), t.initialIndex);
    expect(again.steps.map((s) => Array.from(s.state))).toEqual(t.steps.map((s) => Array.from(s.state)));
  });
});

describe("replay", () => {
  test("names the step whose action is disabled", () => {
    expect(() => replay(boundedBuffer(1), [0, 1, 0, 1])).toThrow(/step 4 of 4: action 1 is not enabled/);
    expect(replay(boundedBuffer(1), [0, 1, 2]).steps.map((s) => Array.from(s.state))).toEqual([[1, 0, 0], [0, 0, 1], [0, 1, 0]]);
  });

  test("a nondeterministic model is detected when the counterexample is rebuilt", () => {
    let calls = 0;
    const base = counter(10, { badAt: 4 });
    // next() consults hidden state: from value 3 it increments by 1 the first time, by 2 after.
    const flaky: Model = {
      ...base,
      next: (s, a, out) => {
        const m = base.next(s, a, out);
        if (s[0] === 3 && calls++ > 0) out[0] = 5;
        return m;
      },
    };
    expect(() => check(flaky)).toThrow(/nondeterministic/);
  });
});

describe("progress", () => {
  test("onProgress is called with growing counts", () => {
    const seen: number[] = [];
    let t = 0;
    check(counter(50_000), { onProgress: (p) => seen.push(p.states), progressIntervalMs: 10, now: () => (t += 1) });
    expect(seen.length).toBeGreaterThan(3);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]);
  });
});

describe("simulation", () => {
  test("same seed, same walks; it says it proves nothing", () => {
    const a = simulate(philosophers(4, { broken: true }), { seed: 42, walks: 50, depth: 40 });
    const b = simulate(philosophers(4, { broken: true }), { seed: 42, walks: 50, depth: 40 });
    const c = simulate(philosophers(4, { broken: true }), { seed: 43, walks: 50, depth: 40 });
    const fingerprint = (r: typeof a): string => JSON.stringify([r.stats.walks, r.stats.steps, r.stats.terminalWalks, r.results.map((x) => [x.status, x.walk, x.trace?.steps.map((s) => s.action)])]);
    expect(fingerprint(a)).toBe(fingerprint(b));
    expect(fingerprint(a)).not.toBe(fingerprint(c));
    expect(a.provesNothing).toBe(true);
    expect(a.note).toMatch(/proves nothing/);
    expect(a.seed).toBe(42);
    expect(a.results[0].status).toBe("violated");
    expect(a.results[1].status).toBe("not-found");
  });

  test("walks are the reference walks: every step a uniform draw among the enabled successors", () => {
    // A plain re-statement of the walk: fresh arrays everywhere, the same draws from the same
    // seed. The search reuses its successor buffers; a buffer shared by mistake would change a
    // walk and show here.
    const model = philosophers(4, { broken: true });
    const reference = (seed: number, walks: number, depth: number): { paths: number[][]; terminal: number } => {
      const rng = new Rng(seed);
      const inits = model.initialStates();
      const paths: number[][] = [];
      let terminal = 0;
      for (let w = 0; w < walks; w++) {
        let state: Uint8Array = inits[rng.below(inits.length)].slice();
        const path: number[] = [];
        for (let d = 0; d < depth; d++) {
          const acts: number[] = [];
          model.actions(state, acts);
          const succ: [number, Uint8Array][] = [];
          for (const a of acts) {
            const out = state.slice();
            if (model.next(state, a, out) !== -1) succ.push([a, out]);
          }
          if (!succ.some(([, out]) => out.some((v, j) => v !== state[j]))) {
            terminal++;
            break;
          }
          const [a, out] = succ[rng.below(succ.length)];
          path.push(a);
          state = out;
        }
        paths.push(path);
      }
      return { paths, terminal };
    };
    const ref = reference(9, 200, 30);
    const got = simulate(model, { seed: 9, walks: 200, depth: 30 });
    expect(got.stats.steps).toBe(ref.paths.reduce((n, p) => n + p.length, 0));
    expect(got.stats.terminalWalks).toBe(ref.terminal);
    const hit = got.results.find((r) => r.status === "violated");
    expect(hit?.walk).toBeDefined();
    const actions = hit!.trace!.steps.map((s) => s.action);
    expect(ref.paths[hit!.walk!].slice(0, actions.length)).toEqual(actions);
  });

  test("the PRNG state can be saved and restored", () => {
    const r = new Rng(7);
    r.nextU32();
    const saved = r.save();
    const xs = [r.nextU32(), r.below(10), r.nextU32()];
    r.restore(saved);
    expect([r.nextU32(), r.below(10), r.nextU32()]).toEqual(xs);
    expect(Rng.fromState(saved).nextU32()).toBe(xs[0]);
  });
});

describe("misuse throws", () => {
  test("bad options and broken contracts", () => {
    expect(() => check(peterson(), { properties: ["nope"] })).toThrow(/unknown property "nope"/);
    expect(() => check(peterson(), { maxStates: -1 })).toThrow(/maxStates/);
    expect(() => check(boundedBuffer(1), { symmetry: true })).toThrow(/canonicalize/);
    expect(() => check({ ...peterson(), initialStates: () => [new Uint8Array(3)] })).toThrow(/5 bytes/);
    expect(() => check(peterson(), { strategy: "astar" as never })).toThrow(/strategy/);
  });
});
