/**
 * 64-bit state fingerprints: two 32-bit lanes of a murmur3-style multiply/rotate mix over the
 * state's 4-byte words, finalised with murmur3's fmix32. No strings, no BigInt, no allocation.
 *
 * States are fingerprinted as whole 32-bit words: the engine keeps every state in a buffer padded
 * with zero bytes to a multiple of 4, so the padding never changes a fingerprint. Word order is
 * the platform's (little-endian everywhere Node and browsers run), which only matters if
 * fingerprints were to cross machines; they never do.
 *
 * Like TLC, the visited set stores fingerprints only, so two distinct states could in principle
 * share one; with n states the probability of any collision is about n^2 / 2^65 (around 3e-6 for
 * 10^7 states).
 */

/**
 * Fingerprint words[0..n) into out[0] (lane 1, also used to place the entry in the visited set)
 * and out[1] (lane 2).
 */
export function fingerprintWords(words: Uint32Array, n: number, out: Int32Array): void {
  let h1 = 0x9747b28c | 0;
  let h2 = 0x2545f491 | 0;
  for (let i = 0; i < n; i++) {
    const k = words[i] | 0;
    let k1 = Math.imul(k, 0xcc9e2d51);
    k1 = (k1 << 15) | (k1 >>> 17);
    k1 = Math.imul(k1, 0x1b873593);
    h1 ^= k1;
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
    let k2 = Math.imul(k ^ i, 0x85ebca6b);
    k2 = (k2 << 17) | (k2 >>> 15);
    k2 = Math.imul(k2, 0xc2b2ae35);
    h2 ^= k2;
    h2 = (h2 << 11) | (h2 >>> 21);
    h2 = (Math.imul(h2, 9) + 0x38495ab5) | 0;
  }
  h1 ^= n;
  h2 ^= n;
  h1 = (h1 + h2) | 0;
  h2 = (h2 + h1) | 0;
  h1 ^= h1 >>> 16;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  h2 ^= h2 >>> 16;
  h2 = Math.imul(h2, 0x85ebca6b);
  h2 ^= h2 >>> 13;
  h2 = Math.imul(h2, 0xc2b2ae35);
  h2 ^= h2 >>> 16;
  out[0] = (h1 + h2) | 0;
  out[1] = (h2 + h1 + h2) | 0;
}

/** Number of 32-bit words a state of `stateSize` bytes occupies once padded. */
export function wordsFor(stateSize: number): number {
  return (stateSize + 3) >>> 2;
}

/**
 * A word-aligned, zero-padded copy of a state: `bytes` is what models see (exactly stateSize
 * long), `words` is what the engine copies and hashes.
 */
export interface PaddedState {
  readonly bytes: Uint8Array;
  readonly words: Uint32Array;
}

export function paddedState(stateSize: number): PaddedState {
  const buffer = new ArrayBuffer(wordsFor(stateSize) * 4);
  return { bytes: new Uint8Array(buffer, 0, stateSize), words: new Uint32Array(buffer) };
}

/** Fingerprint a state given as plain bytes (not on the hot path: copies into padded words). */
export function fingerprintBytes(state: Uint8Array, out: Int32Array): void {
  const p = paddedState(state.length);
  p.bytes.set(state);
  fingerprintWords(p.words, p.words.length, out);
}
