/**
 * The visited set: 64-bit fingerprints in an open-addressing, linear-probing table on one
 * Int32Array (two lanes per slot, 8 bytes), in the manner of TLC's fingerprint set.
 *
 * The slot of a fingerprint is chosen by "fastrange" (lane1 * capacity / 2^32) rather than a
 * power-of-two mask, so that the capacity can grow by x1.6 when the load reaches 0.8: the load
 * then stays between 0.5 and 0.8 and the table costs between 10 and 16 bytes per stored state at
 * every size (plain doubling would swing between 0.4 and 0.8, i.e. up to 20 bytes).
 * The all-zero slot means "empty"; a fingerprint (x, 0) is stored as (x, 1), which merges it
 * with a genuine (x, 1) — one more 2^-64 collision chance.
 *
 * Tried and set aside: extendible hashing over 32 KiB segments, which never throws memory away
 * (fewer page faults, 148 vs 173 MiB peak on five-drivers) but was barely faster (farm-bench
 * -n 5 paired: A/B 0.97), while its segments split in waves from 80 % to 40 % load, so bytes
 * per state swung up to 20 (18.8 on six drivers with symmetry), above the 16 held here.
 */

export const MAX_LOAD = 0.8;
export const GROWTH = 1.6;
const TWO_POW_MINUS_32 = 2.3283064365386963e-10;

export class FingerprintSet {
  private table: Int32Array;
  private cap: number;
  /** Number of fingerprints stored. */
  count = 0;
  /** Once `count` reaches this, the next add grows the table. */
  growAt: number;

  constructor(initialCapacity = 1 << 8) {
    this.cap = Math.max(256, Math.ceil(initialCapacity));
    this.table = new Int32Array(this.cap * 2);
    this.growAt = Math.floor(this.cap * MAX_LOAD);
  }

  /** Bytes currently allocated for the table. */
  get bytes(): number {
    return this.cap * 8;
  }

  /** Bytes the table would occupy after its next growth. */
  get bytesAfterGrowth(): number {
    return Math.ceil(this.cap * GROWTH) * 8;
  }

  /** The most one `add` can allocate: the grown table (the old one is freed after). */
  get growthBytes(): number {
    return this.count + 1 >= this.growAt ? this.bytesAfterGrowth : 0;
  }

  get capacity(): number {
    return this.cap;
  }

  /** Add (h1, h2); true when it was not present before. Grows the table when needed. */
  add(h1: number, h2: number): boolean {
    if (h2 === 0) h2 = 1;
    if (this.count >= this.growAt) this.grow();
    const t = this.table;
    const cap = this.cap;
    let i = ((h1 >>> 0) * cap * TWO_POW_MINUS_32) | 0;
    for (;;) {
      const j = i << 1;
      const b = t[j + 1];
      if (b === 0) {
        t[j] = h1;
        t[j + 1] = h2;
        this.count++;
        return true;
      }
      if (b === h2 && t[j] === h1) return false;
      if (++i === cap) i = 0;
    }
  }

  /**
   * Read the home slot of each of the n fingerprints in pairs[0..2n) (lane 1 at even indices)
   * and return a meaningless value: independent loads let the CPU overlap their cache misses
   * before `add` walks the same slots one by one.
   */
  touch(pairs: Int32Array, n: number, skip: Uint8Array): number {
    const t = this.table;
    const cap = this.cap;
    let x = 0;
    for (let k = 0; k < n; k++) {
      if (skip[k] !== 0) continue;
      const i = ((pairs[2 * k] >>> 0) * cap * TWO_POW_MINUS_32) | 0;
      x ^= t[(i << 1) + 1];
    }
    return x;
  }

  /** True when (h1, h2) is present. */
  has(h1: number, h2: number): boolean {
    if (h2 === 0) h2 = 1;
    const t = this.table;
    const cap = this.cap;
    let i = ((h1 >>> 0) * cap * TWO_POW_MINUS_32) | 0;
    for (;;) {
      const j = i << 1;
      const b = t[j + 1];
      if (b === 0) return false;
      if (b === h2 && t[j] === h1) return true;
      if (++i === cap) i = 0;
    }
  }

  private grow(): void {
    const old = this.table;
    const oldCap = this.cap;
    const cap = Math.ceil(oldCap * GROWTH);
    const t = new Int32Array(cap * 2);
    for (let k = 0; k < oldCap; k++) {
      const h2 = old[2 * k + 1];
      if (h2 === 0) continue;
      const h1 = old[2 * k];
      let i = ((h1 >>> 0) * cap * TWO_POW_MINUS_32) | 0;
      while (t[2 * i + 1] !== 0) if (++i === cap) i = 0;
      t[2 * i] = h1;
      t[2 * i + 1] = h2;
    }
    this.table = t;
    this.cap = cap;
    this.growAt = Math.floor(cap * MAX_LOAD);
  }
}

/**
 * A small direct-mapped cache of recently looked-up fingerprints, in front of the visited set.
 *
 * Most successors a breadth-first search generates are duplicates, and most duplicates close a
 * diamond (a then b, b then a) whose other side was generated moments before, from a neighbouring
 * queue entry. On five-drivers (2.59 M states, 9.6 M duplicate successors) a cache of 4,096
 * entries recognises 87.7 % of the duplicates, 16,384 entries 95.3 %, 65,536 entries 98.6 %: each
 * hit spares a random access into a table of tens of megabytes. Every fingerprint in the cache
 * is in the visited set (entries are written only after `FingerprintSet.add`), so a hit is
 * exactly "already visited"; a miss says nothing.
 */
export class RecentFingerprints {
  private readonly table: Int32Array;
  private readonly mask: number;

  constructor(entries = 1 << 15) {
    this.table = new Int32Array(entries * 2);
    this.mask = entries - 1;
  }

  /** 2^15 entries (256 KiB), or fewer when the memory budget is small (at most 1/16 of it). */
  static entriesFor(maxMemoryBytes: number): number {
    let e = 1 << 15;
    while (e > 256 && e * 8 * 16 > maxMemoryBytes) e >>>= 1;
    return e;
  }

  get bytes(): number {
    return this.table.length * 4;
  }

  /** True when (h1, h2), already normalised as the visited set stores it, was remembered. */
  has(h1: number, h2: number): boolean {
    const j = (h2 & this.mask) << 1;
    return this.table[j + 1] === h2 && this.table[j] === h1;
  }

  /** Remember (h1, h2), which must be in the visited set. */
  remember(h1: number, h2: number): void {
    const j = (h2 & this.mask) << 1;
    this.table[j] = h1;
    this.table[j + 1] = h2;
  }
}
