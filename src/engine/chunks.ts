/**
 * Chunked storage for the breadth-first search, indexed by state id (ids are given in the order
 * states are discovered, which in BFS is also the order they are queued).
 *
 * Why chunks: on the machines this runs on, the first touch of a fresh page costs about 13 µs,
 * so buffers that double (and copy) as they grow cost more in page faults than in copying. Here
 * nothing is ever copied to grow, and the frontier's chunks are recycled: a chunk whose states
 * have all been expanded goes back to a pool and receives the states of a later level. The pages
 * the search touches are then those of its largest frontier plus its parent links, once.
 */

/** States per frontier chunk (a power of two). */
export const QUEUE_CHUNK_BITS = 10;
export const QUEUE_CHUNK = 1 << QUEUE_CHUNK_BITS;
export const QUEUE_MASK = QUEUE_CHUNK - 1;
/** Parent links per chunk (a power of two); each link is two words (parent id, action). */
export const LINK_CHUNK_BITS = 13;
export const LINK_CHUNK = 1 << LINK_CHUNK_BITS;
export const LINK_MASK = LINK_CHUNK - 1;
/** Parent id of an initial state. */
export const NO_PARENT = 0xffffffff;

const EMPTY = new Uint32Array(0);

/**
 * The frontier: full states of ids [head, tail), W words each, in chunks of QUEUE_CHUNK states.
 * `chunks[id >>> QUEUE_CHUNK_BITS]` holds state id at word (id & QUEUE_MASK) * W.
 */
export class Frontier {
  readonly chunks: Uint32Array[] = [];
  private readonly pool: Uint32Array[] = [];
  /** Chunks allocated so far (in use or pooled). */
  allocated = 0;
  readonly chunkBytes: number;

  constructor(readonly W: number) {
    this.chunkBytes = QUEUE_CHUNK * W * 4;
  }

  get bytes(): number {
    return this.allocated * this.chunkBytes;
  }

  /** Bytes the next `open` may allocate (0 when a pooled chunk is waiting). */
  get growthBytes(): number {
    return this.pool.length > 0 ? 0 : this.chunkBytes;
  }

  /** Give the chunk that will hold state `id` (a multiple of QUEUE_CHUNK) its memory. */
  open(id: number): void {
    const c = this.pool.pop();
    if (c !== undefined) {
      this.chunks[id >>> QUEUE_CHUNK_BITS] = c;
      return;
    }
    this.allocated++;
    this.chunks[id >>> QUEUE_CHUNK_BITS] = new Uint32Array(QUEUE_CHUNK * this.W);
  }

  /** The states of the chunk holding `id` have all been expanded: recycle it. */
  retire(id: number): void {
    const k = id >>> QUEUE_CHUNK_BITS;
    this.pool.push(this.chunks[k]);
    this.chunks[k] = EMPTY;
  }
}

/** Parent links: for each state id, the id it was first reached from and the action taken. */
export class ParentLinks {
  readonly chunks: Uint32Array[] = [];

  get bytes(): number {
    return this.chunks.length * LINK_CHUNK * 8;
  }

  static readonly chunkBytes = LINK_CHUNK * 8;

  /** Give the chunk that will hold state `id` (a multiple of LINK_CHUNK) its memory. */
  open(): void {
    this.chunks.push(new Uint32Array(LINK_CHUNK * 2));
  }

  set(id: number, parent: number, action: number): void {
    const c = this.chunks[id >>> LINK_CHUNK_BITS];
    const j = (id & LINK_MASK) << 1;
    c[j] = parent;
    c[j + 1] = action;
  }

  parent(id: number): number {
    return this.chunks[id >>> LINK_CHUNK_BITS][(id & LINK_MASK) << 1];
  }

  action(id: number): number {
    return this.chunks[id >>> LINK_CHUNK_BITS][((id & LINK_MASK) << 1) + 1];
  }
}
