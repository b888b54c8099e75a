/**
 * The visited set: 64-bit fingerprints (two 32-bit lanes, 8 bytes per slot), in the manner of
 * TLC's fingerprint set, organised as extendible hashing over small open-addressing segments.
 *
 * Why segments rather than one table that is rehashed into a larger one as it fills: on the
 * machines this runs on, the first touch of a fresh page costs about 13 µs (a 256 MiB buffer takes
 * 0.85 s just to fault in), so memory that is allocated, filled and thrown away is the most
 * expensive thing a search can do. A growing single table touches about 2.7 times its final size
 * (×1.6 steps); here a full segment splits into itself and one new segment, so every byte ever
 * allocated is still in use at the end.
 *
 * - The directory has 2^depth entries and is indexed by the top `depth` bits of lane 1; a segment
 *   of local depth d is shared by 2^(depth-d) consecutive entries.
 * - Inside a segment, linear probing from lane 2's low bits. The all-zero slot means "empty"; a
 *   fingerprint (x, 0) is stored as (x, 1), which merges it with a genuine (x, 1) — one more
 *   2^-64 collision chance.
 * - A segment at 80 % load splits before an insertion: its entries move to it or to the new
 *   segment by the next bit of lane 1 (through one scratch segment reused for every split).
 *   Segments hold between 40 % and 80 %: about 11-16 bytes per stored state at any size.
 */

export const MAX_LOAD = 0.8;
/** Slots per segment (32 KiB each). */
export const SEGMENT_SLOTS = 1 << 12;
const SEG_MASK = SEGMENT_SLOTS - 1;
const SPLIT_AT = Math.floor(SEGMENT_SLOTS * MAX_LOAD);
/** Int32 words of a segment: two lanes per slot. */
const SEG_WORDS = SEGMENT_SLOTS * 2;
/** Bytes of a segment with its count and local depth. */
const SEGMENT_BYTES = SEG_WORDS * 4 + 8;
const TWO_POW_MINUS_32 = 2.3283064365386963e-10;

export class FingerprintSet {
  /** Directory: segment of each top-bits prefix of lane 1, and that segment's number. */
  private dir: Int32Array[];
  private dirSeg: Int32Array;
  private dirLen: number;
  /**
   * Entries and local depth of each segment, by number: kept apart from the segments so that
   * the check before an insertion reads a small, cache-resident array, not a far cache line.
   */
  private segCount = new Int32Array(64);
  private segDepth = new Int32Array(64);
  private depth = 0;
  private segments = 1;
  private readonly scratch = new Int32Array(SEG_WORDS);
  /** Number of fingerprints stored. */
  count = 0;

  constructor() {
    this.dir = [new Int32Array(SEG_WORDS)];
    this.dirSeg = new Int32Array(1);
    this.dirLen = 1;
  }

  /** Bytes currently allocated (segments, the scratch segment and the directory). */
  get bytes(): number {
    return (this.segments + 1) * SEGMENT_BYTES + this.dirLen * 12;
  }

  /** The most one `add` can allocate (one segment, and a doubled directory). */
  get growthBytes(): number {
    return SEGMENT_BYTES + this.dirLen * 12;
  }

  /** Slots allocated. */
  get capacity(): number {
    return this.segments * SEGMENT_SLOTS;
  }

  /** Add (h1, h2); true when it was not present before. Splits a full segment first. */
  add(h1: number, h2: number): boolean {
    if (h2 === 0) h2 = 1;
    let d = ((h1 >>> 0) * this.dirLen * TWO_POW_MINUS_32) | 0;
    let t = this.dir[d];
    let i = h2 & SEG_MASK;
    for (;;) {
      const j = i << 1;
      const b = t[j + 1];
      if (b === 0) break;
      if (b === h2 && t[j] === h1) return false;
      i = (i + 1) & SEG_MASK;
    }
    if (this.segCount[this.dirSeg[d]] >= SPLIT_AT) {
      this.split(d);
      d = ((h1 >>> 0) * this.dirLen * TWO_POW_MINUS_32) | 0;
      t = this.dir[d];
      i = h2 & SEG_MASK;
      while (t[(i << 1) + 1] !== 0) i = (i + 1) & SEG_MASK;
    }
    const j = i << 1;
    t[j] = h1;
    t[j + 1] = h2;
    this.segCount[this.dirSeg[d]]++;
    this.count++;
    return true;
  }

  /**
   * Read the home slot of each of the n fingerprints in pairs[0..2n) (lane 1 at even indices)
   * whose `skip` byte is 0, and return a meaningless value: independent loads let the CPU
   * overlap their cache misses before `add` walks the same slots one by one.
   */
  touch(pairs: Int32Array, n: number, skip: Uint8Array): number {
    const dir = this.dir;
    const scale = this.dirLen * TWO_POW_MINUS_32;
    let x = 0;
    for (let k = 0; k < n; k++) {
      if (skip[k] !== 0) continue;
      x ^= dir[((pairs[2 * k] >>> 0) * scale) | 0][((pairs[2 * k + 1] & SEG_MASK) << 1) + 1];
    }
    return x;
  }

  /** True when (h1, h2) is present. */
  has(h1: number, h2: number): boolean {
    if (h2 === 0) h2 = 1;
    const t = this.dir[((h1 >>> 0) * this.dirLen * TWO_POW_MINUS_32) | 0];
    let i = h2 & SEG_MASK;
    for (;;) {
      const j = i << 1;
      const b = t[j + 1];
      if (b === 0) return false;
      if (b === h2 && t[j] === h1) return true;
      i = (i + 1) & SEG_MASK;
    }
  }

  /** Split the segment of directory entry `e` by the next bit of lane 1. */
  private split(e: number): void {
    const n = this.dirSeg[e];
    const t = this.dir[e];
    const d = this.segDepth[n];
    if (d >= 32) throw new Error("fingerprint set: more than 80 % of a segment share all 32 bits of lane 1");
    if (d === this.depth) {
      // Double the directory: entry i becomes entries 2i and 2i+1.
      const nd: Int32Array[] = new Array(this.dirLen * 2);
      const ns = new Int32Array(this.dirLen * 2);
      for (let k = 0; k < this.dirLen; k++) {
        nd[2 * k] = nd[2 * k + 1] = this.dir[k];
        ns[2 * k] = ns[2 * k + 1] = this.dirSeg[k];
      }
      this.dir = nd;
      this.dirSeg = ns;
      this.dirLen *= 2;
      this.depth++;
      e *= 2;
    }
    const u = new Int32Array(SEG_WORDS);
    const m = this.segments++;
    if (m >= this.segCount.length) {
      const c = new Int32Array(this.segCount.length * 2);
      c.set(this.segCount);
      this.segCount = c;
      const dd = new Int32Array(this.segDepth.length * 2);
      dd.set(this.segDepth);
      this.segDepth = dd;
    }
    this.segDepth[n] = this.segDepth[m] = d + 1;
    // The entries sharing t: 2^(depth-d) from the prefix's start; the upper half goes to u.
    const span = 2 ** (this.depth - d);
    const first = Math.floor(e / span) * span;
    for (let k = first + span / 2; k < first + span; k++) {
      this.dir[k] = u;
      this.dirSeg[k] = m;
    }
    // Rehash t's entries into t and u.
    const sc = this.scratch;
    sc.set(t);
    t.fill(0);
    let inT = 0;
    const bit = 31 - d;
    for (let k = 0; k < SEGMENT_SLOTS; k++) {
      const b = sc[2 * k + 1];
      if (b === 0) continue;
      const a = sc[2 * k];
      let to = t;
      if ((a >>> bit) & 1) to = u;
      else inT++;
      let i = b & SEG_MASK;
      while (to[(i << 1) + 1] !== 0) i = (i + 1) & SEG_MASK;
      to[i << 1] = a;
      to[(i << 1) + 1] = b;
    }
    this.segCount[m] = this.segCount[n] - inT;
    this.segCount[n] = inT;
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
