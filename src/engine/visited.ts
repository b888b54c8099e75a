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
 * From 1 MiB on, the table lives at the start of a larger reserved buffer and grows in place
 * (`grow`): untouched reserved pages cost no memory, and first touches of fresh memory were much
 * of what growth cost. five-drivers --no-symmetry: page faults of the whole run 49.6 K -> 37.1 K,
 * peak 177 -> 160 MiB (farm-bench); growth time 430 -> 380 ms; wall time within the machine's
 * noise (A/B 0.95-1.02 over three paired calls).
 *
 * Tried and set aside: extendible hashing over 32 KiB segments, which never throws memory away
 * (fewer page faults, 148 vs 173 MiB peak on five-drivers) but was barely faster (farm-bench
 * -n 5 paired: A/B 0.97), while its segments split in waves from 80 % to 40 % load, so bytes
 * per state swung up to 20 (18.8 on six drivers with symmetry), above the 16 held here.
 */

/**
 * Kinds of a search's batch entries, as `touch` and `RecentFingerprints.classify` read and write
 * them: FRESH, to look up in the visited set; SELF, never inserted (a self-loop, or a marker);
 * KNOWN, found in the recent cache.
 */
export const FRESH = 0;
export const SELF = 1;
export const KNOWN = 2;

export const MAX_LOAD = 0.8;
export const GROWTH = 1.6;
const TWO_POW_MINUS_32 = 2.3283064365386963e-10;
/**
 * A table that outgrows its buffer moves to a new one reserved this many times larger, in which
 * it then grows in place (see `grow`).
 */
export const RESERVE_FACTOR = 16;
/** Tables smaller than this are allocated exactly (small runs keep small buffers). */
export const RESERVE_FROM_BYTES = 1 << 20;
/**
 * Reserve at least this much: more than glibc's largest dynamic mmap threshold (32 MiB), so that
 * the buffer is always a fresh mapping whose untouched pages stay untouched. (A smaller one may
 * be carved from recycled heap memory, which calloc clears page by page: measured on `matrix`,
 * 16 MiB reservations raised the peak from 128 to 156 MiB.)
 */
const MIN_RESERVE_BYTES = 64 << 20;
/** Never reserve more than this at once (a larger table still grows, by moving). */
const MAX_RESERVE_BYTES = 2 ** 31;
/** Displacements in the in-place growth are kept in 16 bits; a longer run falls back to moving. */
export const MAX_SHIFT = 0xffff;

/** Growth knobs; the defaults are what the searches use (tests lower them to reach rare paths). */
export interface FingerprintSetOptions {
  /** Tables of at least this many bytes grow inside a reservation (default RESERVE_FROM_BYTES). */
  readonly reserveFromBytes?: number;
  /** The largest shift the in-place growth records before it falls back to moving (default MAX_SHIFT). */
  readonly maxShift?: number;
}

/** Put (h1, h2), known to be absent, in the first free slot from its home in table t of cap slots. */
function placeAbsent(t: Int32Array, cap: number, h1: number, h2: number): void {
  let i = ((h1 >>> 0) * cap * TWO_POW_MINUS_32) | 0;
  while (t[2 * i + 1] !== 0) if (++i === cap) i = 0;
  t[2 * i] = h1;
  t[2 * i + 1] = h2;
}

export class FingerprintSet {
  /** The reservation: the table is its first `cap` slots; the rest is untouched zero pages. */
  private buf: ArrayBuffer;
  private table: Int32Array;
  private cap: number;
  /** Number of fingerprints stored. */
  count = 0;
  /** Once `count` reaches this, the next add grows the table. */
  growAt: number;
  /** Growths done in place, and by moving to a new reservation (for tests and the curious). */
  inPlaceGrowths = 0;
  movingGrowths = 0;

  private readonly reserveFrom: number;
  private readonly maxShift: number;

  constructor(initialCapacity = 1 << 8, options: FingerprintSetOptions = {}) {
    this.reserveFrom = options.reserveFromBytes ?? RESERVE_FROM_BYTES;
    this.maxShift = Math.min(options.maxShift ?? MAX_SHIFT, MAX_SHIFT);
    this.cap = Math.max(256, Math.ceil(initialCapacity));
    this.buf = new ArrayBuffer(this.cap * 8);
    this.table = new Int32Array(this.buf);
    this.growAt = Math.floor(this.cap * MAX_LOAD);
  }

  /** Bytes of table in use (the reservation beyond them is never touched, so it costs no memory). */
  get bytes(): number {
    return this.cap * 8;
  }

  /** Bytes the table would occupy after its next growth. */
  get bytesAfterGrowth(): number {
    return Math.ceil(this.cap * GROWTH) * 8;
  }

  /**
   * The most one `add` can bring into use: the grown table (its old slots are reused in place,
   * or freed after a move) plus the growth's 2-byte-per-entry scratch.
   */
  get growthBytes(): number {
    return this.count + 1 >= this.growAt ? this.bytesAfterGrowth + this.count * 2 : 0;
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
   * Read the home slot of each FRESH one of the n fingerprints in pairs[0..2n) (lane 1 at even
   * indices) and return a meaningless value: independent loads let the CPU overlap their cache
   * misses before `add` walks the same slots one by one.
   */
  touch(pairs: Int32Array, n: number, kind: Uint8Array): number {
    const t = this.table;
    const cap = this.cap;
    let x = 0;
    for (let k = 0; k < n; k++) {
      if (kind[k] !== FRESH) continue;
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

  /**
   * Grow by x1.6. Fresh memory is expensive (each first touch of a page is a page fault: about
   * 3 ms per MiB on this project's machines, virtual ones), so a large table does not move to a
   * new buffer at every growth: it moves only when it outgrows its reservation, into one
   * RESERVE_FACTOR times larger, and otherwise grows in place (`growInPlace`). On five-drivers
   * (a 40 MB final table) that touches about 43 MB of fresh memory for the table instead of 106.
   */
  private grow(): void {
    const cap = Math.ceil(this.cap * GROWTH);
    if (cap * 8 <= this.buf.byteLength && this.growInPlace(cap)) {
      this.inPlaceGrowths++;
    } else {
      this.moveTo(cap);
      this.movingGrowths++;
    }
    this.growAt = Math.floor(this.cap * MAX_LOAD);
  }

  /**
   * Rehash into a new buffer: exactly the new size for a small table, else a reservation of
   * RESERVE_FACTOR x the new size (less if that cannot be had).
   */
  private moveTo(cap: number): void {
    const old = this.table;
    const oldCap = this.cap;
    let bytes = cap * 8 < this.reserveFrom ? cap * 8 : Math.max(cap * 8, Math.min(Math.max(cap * 8 * RESERVE_FACTOR, MIN_RESERVE_BYTES), MAX_RESERVE_BYTES));
    let buf: ArrayBuffer | undefined;
    while (buf === undefined) {
      try {
        buf = new ArrayBuffer(bytes);
      } catch (e) {
        // No room for a large reservation (address space, overcommit): settle for less.
        if (bytes === cap * 8) throw e;
        bytes = Math.max(cap * 8, Math.floor(bytes / 4 / 8) * 8);
      }
    }
    const t = new Int32Array(buf, 0, cap * 2);
    for (let k = 0; k < oldCap; k++) {
      const h2 = old[2 * k + 1];
      if (h2 !== 0) placeAbsent(t, cap, old[2 * k], h2);
    }
    this.buf = buf;
    this.table = t;
    this.cap = cap;
  }

  /**
   * Grow to `cap` slots without leaving the buffer. The slot of a fingerprint is monotone in its
   * lane 1 (fastrange) and never decreases when the capacity grows, so:
   * 1. the run of entries at the start of the table (it may hold entries that wrapped around
   *    the end) is taken out, to be added back at the end;
   * 2. each run of occupied slots is sorted by lane 1, which keeps every entry findable (the
   *    i-th smallest home in a run starting at a is at most a + i) and makes the whole table
   *    sorted;
   * 3. in that order the new slot of each entry is max(new home, previous new slot + 1): a
   *    valid linear-probing layout in which every entry moves up, never down; a first pass
   *    computes the new slots (as shifts from the new home, 2 bytes each), a second moves the
   *    entries from the last to the first, so that none overwrites one not yet moved;
   *    (no entry is pushed past the end: the k - j entries from j to k sat in distinct slots
   *    from home_j to oldCap - 1, and newHome_j - home_j <= cap - oldCap);
   * 4. the entries taken out in step 1 are added back as usual.
   * Returns false (nothing lost: sorted runs are valid) when a shift does not fit 16 bits; the
   * caller then moves the table.
   */
  private growInPlace(cap: number): boolean {
    const oldCap = this.cap;
    const t = new Int32Array(this.buf, 0, cap * 2);
    // 2 and 3a, run by run: sort the run (insertion sort: runs are short at load 0.8), then
    // give its entries their new slots, as shifts from the new home.
    let first = 0;
    while (t[2 * first + 1] !== 0) first++;
    const shift = new Uint16Array(this.count);
    let k = 0;
    let prev = -1;
    for (let a = first; a < oldCap; ) {
      if (t[2 * a + 1] === 0) {
        a++;
        continue;
      }
      let b = a + 1;
      while (b < oldCap && t[2 * b + 1] !== 0) b++;
      for (let i = a + 1; i < b; i++) {
        const h1 = t[2 * i];
        const h2 = t[2 * i + 1];
        const key = h1 >>> 0;
        let j = i - 1;
        while (j >= a && t[2 * j] >>> 0 > key) {
          t[2 * j + 2] = t[2 * j];
          t[2 * j + 3] = t[2 * j + 1];
          j--;
        }
        t[2 * j + 2] = h1;
        t[2 * j + 3] = h2;
      }
      for (let i = a; i < b; i++) {
        const home = ((t[2 * i] >>> 0) * cap * TWO_POW_MINUS_32) | 0;
        const slot = home > prev ? home : prev + 1;
        if (slot - home > this.maxShift || slot >= cap) return false;
        shift[k++] = slot - home;
        prev = slot;
      }
      a = b;
    }
    // 1 and 4: the entries to add back once the others are in place.
    const later: number[] = [];
    for (let i = 0; i < first; i++) {
      later.push(t[2 * i], t[2 * i + 1]);
      t[2 * i] = 0;
      t[2 * i + 1] = 0;
    }
    // 3b. Move, last entry first.
    for (let i = oldCap - 1; i >= first; i--) {
      const h2 = t[2 * i + 1];
      if (h2 === 0) continue;
      const h1 = t[2 * i];
      k--;
      t[2 * i] = 0;
      t[2 * i + 1] = 0;
      const slot = (((h1 >>> 0) * cap * TWO_POW_MINUS_32) | 0) + shift[k];
      t[2 * slot] = h1;
      t[2 * slot + 1] = h2;
    }
    this.table = t;
    this.cap = cap;
    for (let j = 0; j < later.length; j += 2) placeAbsent(t, cap, later[j], later[j + 1]);
    return true;
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

  /**
   * Mark KNOWN every FRESH entry of pairs[0..2n) that the cache holds. One pass of
   * independent loads over a batch overlaps their cache misses.
   */
  classify(pairs: Int32Array, n: number, kind: Uint8Array): void {
    const t = this.table;
    const mask = this.mask;
    for (let k = 0; k < n; k++) {
      if (kind[k] !== FRESH) continue;
      const h2 = pairs[2 * k + 1];
      const j = (h2 & mask) << 1;
      if (t[j + 1] === h2 && t[j] === pairs[2 * k]) kind[k] = KNOWN;
    }
  }

  /** Remember (h1, h2), which must be in the visited set. */
  remember(h1: number, h2: number): void {
    const j = (h2 & this.mask) << 1;
    this.table[j] = h1;
    this.table[j + 1] = h2;
  }
}
