/**
 * Fingerprint quality on states shaped like the kernel model's: 112 bytes of small values, each
 * state a neighbour (one to three bytes changed) of an earlier one. Collisions in 24-bit slices of
 * the fingerprint must be as many as a random function would give, and one-word differences must
 * never collide.
 */
import { describe, expect, test } from "vitest";
import { fingerprintWords, paddedState, Rng } from "../../src/engine/index.js";
import { FingerprintSlots, FP_MUL_A, FP_MUL_B, FP_SEED_A, FP_SEED_B, jsFingerprintBackend, type FingerprintBackend } from "../../src/engine/fingerprint.js";

const S = 111;
const W = 28;

function neighbourStates(n: number, seed: number): Uint32Array[] {
  const rng = new Rng(seed);
  const seen = new Set<string>();
  const states: Uint32Array[] = [];
  const first = paddedState(S);
  states.push(first.words);
  seen.add(first.bytes.join(","));
  while (states.length < n) {
    const base = states[rng.below(states.length)];
    const p = paddedState(S);
    p.words.set(base);
    const changes = 1 + rng.below(3);
    for (let k = 0; k < changes; k++) p.bytes[rng.below(S)] = rng.below(4);
    const key = p.bytes.join(",");
    if (seen.has(key)) continue;
    seen.add(key);
    states.push(p.words);
  }
  return states;
}

test("24-bit slices of both lanes collide as a random function's would", () => {
  const n = 100_000;
  const states = neighbourStates(n, 11);
  const fp = new Int32Array(2);
  const h1 = new Uint32Array(n);
  const h2 = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    fingerprintWords(states[i], W, fp);
    h1[i] = fp[0];
    h2[i] = fp[1];
  }
  const m = 2 ** 24;
  const expected = n - m * (1 - (1 - 1 / m) ** n); // about 297
  const slices: [string, (i: number) => number][] = [
    ["lane 1 high", (i) => h1[i] >>> 8],
    ["lane 1 low", (i) => h1[i] & 0xffffff],
    ["lane 2 high", (i) => h2[i] >>> 8],
    ["lane 2 low", (i) => h2[i] & 0xffffff],
    ["lane 1 low 12 | lane 2 low 12", (i) => ((h1[i] & 0xfff) << 12) | (h2[i] & 0xfff)],
  ];
  for (const [name, slice] of slices) {
    const v = Uint32Array.from({ length: n }, (_, i) => slice(i)).sort();
    let collisions = 0;
    for (let i = 1; i < n; i++) if (v[i] === v[i - 1]) collisions++;
    // Six standard deviations (sqrt(297) ~ 17) either side.
    expect({ name, ok: Math.abs(collisions - expected) < 6 * Math.sqrt(expected) }).toEqual({ name, ok: true });
  }
});

test("states that differ in one word never share a fingerprint, in any word", () => {
  const rng = new Rng(5);
  const a = new Uint32Array(W);
  const b = new Uint32Array(W);
  const fa = new Int32Array(2);
  const fb = new Int32Array(2);
  let same = 0;
  for (let t = 0; t < 20_000; t++) {
    for (let j = 0; j < W; j++) a[j] = rng.below(4) * 0x01010101;
    b.set(a);
    const j = t % W;
    b[j] ^= 1 << rng.below(32);
    fingerprintWords(a, W, fa);
    fingerprintWords(b, W, fb);
    // A one-word change changes its chains, and everything after them is a bijection of the pair.
    if (fa[0] === fb[0] && fa[1] === fb[1]) same++;
  }
  expect(same).toBe(0);
});

/** The algorithm the WebAssembly function implements, in BigInt arithmetic. */
function reference(words: Uint32Array, n: number): [number, number] {
  const M = (1n << 64n) - 1n;
  const word8 = (i: number): bigint => BigInt(words[2 * i] ?? 0) | (BigInt(2 * i + 1 < n ? words[2 * i + 1] : 0) << 32n);
  const step = (x: bigint, w: bigint, k: bigint, s: bigint): bigint => {
    x = ((x ^ w) * k) & M;
    return x ^ (x >> s);
  };
  let a = FP_SEED_A;
  let b = FP_SEED_B;
  const n8 = (n + 1) >> 1;
  let i = 0;
  for (; i + 1 < n8; i += 2) {
    a = step(a, word8(i), FP_MUL_A, 32n);
    b = step(b, word8(i + 1), FP_MUL_B, 29n);
  }
  if (i < n8) a = step(a, word8(i), FP_MUL_A, 32n);
  let h = (a + (((b << 23n) | (b >> 41n)) & M)) & M;
  h ^= h >> 33n;
  h = (h * FP_MUL_A) & M;
  h ^= h >> 33n;
  h = (h * FP_MUL_B) & M;
  h ^= h >> 33n;
  return [Number(BigInt.asIntN(32, h)), Number(BigInt.asIntN(32, h >> 32n))];
}

test("the searches use the WebAssembly backend where WebAssembly runs (as in Node)", () => {
  const wasm = (globalThis as unknown as { WebAssembly: { Memory: new (d: { initial: number }) => object } }).WebAssembly;
  expect(new FingerprintSlots(1, 4, 1).backend.memory).toBeInstanceOf(wasm.Memory);
});

// Every test below runs on both backends: the JavaScript twin must give the same fingerprints.
const BACKENDS: [string, (() => FingerprintBackend) | undefined][] = [
  ["WebAssembly", undefined],
  ["JavaScript", jsFingerprintBackend],
];

describe.each(BACKENDS)("%s backend", (_name, backend) => {
  const slotsOf = (W: number, S: number, count: number): FingerprintSlots => new FingerprintSlots(W, S, count, backend?.());

  test("it computes the documented algorithm, for even and odd word counts", () => {
    const rng = new Rng(17);
    const fp = new Int32Array(2);
    for (const n of [1, 2, 3, 7, 8, 27, 28, 29]) {
      const slots = slotsOf(n, 0, 1);
      for (let t = 0; t < 50; t++) {
        const w = Uint32Array.from({ length: n }, () => rng.below(2 ** 31) * 2 + rng.below(2));
        slots.words[0].set(w);
        slots.hash(0, fp);
        expect([fp[0], fp[1]]).toEqual(reference(w, n));
        fingerprintWords(w, n, fp);
        expect([fp[0], fp[1]]).toEqual(reference(w, n));
      }
    }
  });

  test("slots hash their words as fingerprintWords does, before and after growing", () => {
    const rng = new Rng(23);
    for (const W of [3, 28]) {
      const slots = slotsOf(W, W * 4 - 1, 2);
      const a = new Int32Array(2);
      const b = new Int32Array(2);
      const fill = (i: number): void => {
        for (let j = 0; j < W; j++) slots.words[i][j] = rng.below(2 ** 32);
      };
      fill(0);
      fill(1);
      const before = Uint32Array.from(slots.words[1]);
      slots.grow(5000); // several wasm pages: the memory grows, the views are new
      expect(Array.from(slots.words[1])).toEqual(Array.from(before));
      fill(4999);
      for (const i of [0, 1, 4999]) {
        slots.hash(i, a);
        fingerprintWords(slots.words[i], W, b);
        expect([a[0], a[1]]).toEqual([b[0], b[1]]);
      }
      // The byte view is the state's bytes, at the start of the slot.
      slots.bytes[4999][0] ^= 1;
      slots.hash(4999, b);
      expect([a[0], a[1]]).not.toEqual([b[0], b[1]]);
    }
  });

  test("copy and hashIfChanged: equal slots are a self-loop, a change anywhere is hashed as hash() does", () => {
    const rng = new Rng(29);
    for (const W of [1, 2, 27, 28]) {
      const slots = slotsOf(W, W * 4, 3);
      for (let j = 0; j < W; j++) slots.words[0][j] = rng.below(2 ** 32);
      slots.copy(1, 0);
      expect(Array.from(slots.words[1])).toEqual(Array.from(slots.words[0]));
      const fp = new Int32Array([7, 7]);
      expect(slots.hashIfChanged(1, 0, fp)).toBe(false);
      expect(Array.from(fp)).toEqual([7, 7]); // untouched on a self-loop
      const want = new Int32Array(2);
      for (let j = 0; j < W; j++) {
        slots.copy(1, 0);
        slots.words[1][j] ^= 1 << rng.below(32);
        expect(slots.hashIfChanged(1, 0, fp)).toBe(true);
        slots.hash(1, want);
        expect(Array.from(fp)).toEqual(Array.from(want));
      }
      // The copy is of slot 0's words only: slot 2 is untouched.
      expect(Array.from(slots.words[2])).toEqual(new Array(W).fill(0));
    }
  });
});
