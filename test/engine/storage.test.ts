/**
 * The search's storage: the fingerprint set (growth, duplicates, bytes per entry), the
 * recent-fingerprint cache, and a breadth-first search large enough to cross many frontier and
 * parent-link chunks (chunks.ts), whose counts and shortest traces are known in closed form.
 */
import { describe, expect, test } from "vitest";
import { check, Rng, type Model } from "../../src/engine/index.js";
import { FingerprintSet, RecentFingerprints } from "../../src/engine/visited.js";
import { LINK_CHUNK, QUEUE_CHUNK } from "../../src/engine/chunks.js";

describe("FingerprintSet", () => {
  test("agrees with a Set through many growths, duplicates included", () => {
    const rng = new Rng(7);
    const set = new FingerprintSet();
    const ref = new Set<string>();
    const kept: [number, number][] = [];
    let wrong = 0;
    for (let i = 0; i < 300_000; i++) {
      // A third of the adds repeat an earlier fingerprint.
      const [a, b] = kept.length > 0 && rng.below(3) === 0 ? kept[rng.below(kept.length)] : [rng.nextU32() | 0, rng.nextU32() | 0];
      if (kept.length < 50_000) kept.push([a, b]);
      const key = `${a},${b === 0 ? 1 : b}`;
      if (set.add(a, b) === ref.has(key)) wrong++;
      ref.add(key);
    }
    expect(wrong).toBe(0);
    expect(set.count).toBe(ref.size);
    expect(kept.filter(([a, b]) => !set.has(a, b)).length).toBe(0);
    let absent = 0;
    for (let i = 0; i < 10_000; i++) if (set.has(rng.nextU32() | 0, rng.nextU32() | 0)) absent++;
    expect(absent).toBe(0);
    expect(set.inPlaceGrowths).toBeGreaterThan(0);
    // Load between 0.5 and 0.8 at every size: 10 to 16 bytes per entry.
    expect(set.bytes / set.count).toBeGreaterThanOrEqual(10);
    expect(set.bytes / set.count).toBeLessThanOrEqual(16);
  });

  test("bytes per entry stay within 10..16 at every size from 1,000 to 200,000", () => {
    const set = new FingerprintSet();
    const rng = new Rng(3);
    let worst = 0;
    let best = Infinity;
    for (let i = 1; i <= 200_000; i++) {
      set.add(rng.nextU32() | 0, rng.nextU32() | 1);
      if (i >= 1000) {
        worst = Math.max(worst, set.bytes / set.count);
        best = Math.min(best, set.bytes / set.count);
      }
    }
    expect(worst).toBeLessThanOrEqual(16.01);
    expect(best).toBeGreaterThanOrEqual(9.99);
  });

  test("fingerprints that agree in their top bits (one long probe run) are all kept", () => {
    const set = new FingerprintSet();
    let fresh = 0;
    for (let i = 1; i <= 12_000; i++) if (set.add(0x7ab00000 | (i & 0xfff) | 0, i)) fresh++;
    for (let i = 1; i <= 12_000; i++) if (set.add(0x7ab00000 | (i & 0xfff) | 0, i)) fresh++;
    expect(fresh).toBe(12_000);
    expect(set.count).toBe(12_000);
  });

  test("growth in place keeps entries whose runs wrap around the end of the table", () => {
    // Lane 1 near 2^32 puts entries in the last slots, whose runs then wrap to slot 0; lane 1
    // near 0 puts entries in the first slots, which the wrapped runs push up. Reserving from
    // the first growth makes every growth but the first happen in place.
    const set = new FingerprintSet(256, { reserveFromBytes: 0 });
    const rng = new Rng(11);
    const added: [number, number][] = [];
    for (let i = 0; i < 60_000; i++) {
      // One in 20 in the top 1/256 of the range, one in 20 in the bottom 1/256.
      const r = rng.below(20);
      const h1 = r === 0 ? (0xffffffff - rng.below(1 << 24)) | 0 : r === 1 ? rng.below(1 << 24) : rng.nextU32() | 0;
      const h2 = rng.nextU32() | 1;
      if (set.add(h1, h2)) added.push([h1, h2]);
    }
    expect(set.inPlaceGrowths).toBeGreaterThan(5);
    expect(set.movingGrowths).toBe(1);
    expect(added.filter(([a, b]) => !set.has(a, b)).length).toBe(0);
    expect(set.count).toBe(added.length);
    let again = 0;
    for (const [a, b] of added) if (set.add(a, b)) again++;
    expect(again).toBe(0);
  });

  test("every growth in place from the first, and the fall-back to moving, keep every entry", () => {
    // reserveFromBytes 0: even the first growth happens inside a reservation. maxShift 0: any
    // entry not at its new home makes the in-place growth give up (after sorting its runs)
    // and move the table instead.
    for (const [options, inPlace] of [
      [{ reserveFromBytes: 0 }, true],
      [{ reserveFromBytes: 0, maxShift: 0 }, false],
    ] as const) {
      const set = new FingerprintSet(256, options);
      const rng = new Rng(5);
      const added: [number, number][] = [];
      for (let i = 0; i < 20_000; i++) {
        const h1 = rng.below(6) === 0 ? rng.below(1 << 20) : rng.nextU32() | 0;
        const h2 = rng.nextU32() | 1;
        if (set.add(h1, h2)) added.push([h1, h2]);
      }
      expect(added.filter(([a, b]) => !set.has(a, b)).length).toBe(0);
      expect(set.count).toBe(added.length);
      if (inPlace) {
        expect(set.inPlaceGrowths).toBeGreaterThan(5);
      } else {
        expect(set.inPlaceGrowths).toBe(0);
        expect(set.movingGrowths).toBeGreaterThan(5);
      }
    }
  });

  test("a zero second lane is stored as 1", () => {
    const set = new FingerprintSet();
    expect(set.add(5, 0)).toBe(true);
    expect(set.has(5, 1)).toBe(true);
    expect(set.add(5, 1)).toBe(false);
  });
});

test("RecentFingerprints: remembers the last fingerprint of each slot only", () => {
  const r = new RecentFingerprints(256);
  expect(r.has(1, 2)).toBe(false);
  r.remember(1, 2);
  expect(r.has(1, 2)).toBe(true);
  expect(r.has(1, 3)).toBe(false);
  r.remember(9, 2 + 256); // same slot
  expect(r.has(1, 2)).toBe(false);
  expect(r.has(9, 258)).toBe(true);
  expect(RecentFingerprints.entriesFor(2 ** 40)).toBe(1 << 15);
  expect(RecentFingerprints.entriesFor(200_000) * 8).toBeLessThanOrEqual(200_000 / 16);
});

/**
 * An N × N grid walk from (0, 0): right or down. Every cell is reachable, at distance x + y; the
 * property "never at (N-1, N-1)" fails with a shortest trace of 2N - 2 steps.
 */
function grid(n: number): Model {
  return {
    stateSize: 4,
    properties: [{ name: "not-corner", kind: "always", severity: "violation", description: "never at the far corner" }],
    initialStates: () => [new Uint8Array(4)],
    actions(s, out) {
      const x = s[0] | (s[1] << 8);
      const y = s[2] | (s[3] << 8);
      if (x + 1 < n) out.push(0);
      if (y + 1 < n) out.push(1);
    },
    next(s, a, out) {
      const o = a === 0 ? 0 : 2;
      const v = (s[o] | (s[o + 1] << 8)) + 1;
      out[o] = v & 255;
      out[o + 1] = v >> 8;
      return 0;
    },
    check: (s) => ((s[0] | (s[1] << 8)) === n - 1 && (s[2] | (s[3] << 8)) === n - 1 ? 1 : 0),
    checkTerminal: () => 0,
    actionLabel: (_s, a) => (a === 0 ? "right" : "down"),
  };
}

test("BFS across many frontier and parent-link chunks: every cell once, shortest trace to the corner", () => {
  const n = 200;
  expect(n * n).toBeGreaterThan(4 * LINK_CHUNK);
  expect(n).toBeGreaterThan(QUEUE_CHUNK / 8);
  const r = check(grid(n), { stopWhenAllViolated: false });
  expect(r.stats.states).toBe(n * n);
  expect(r.stats.transitions).toBe(2 * n * (n - 1));
  expect(r.stats.depth).toBe(2 * n - 2);
  // The widest level is the anti-diagonal: n cells.
  expect(r.stats.peakFrontier).toBeLessThanOrEqual(2 * n);
  const t = r.results[0].trace!;
  expect(t.steps.length).toBe(2 * n - 2);
  expect(t.steps.filter((s) => s.action === 0).length).toBe(n - 1);
});
