/**
 * 64-bit state fingerprints, computed by a 300-byte WebAssembly function: two independent
 * multiply/xorshift chains over the state's 8-byte words (even words feed chain A, odd words
 * chain B, so the CPU runs the two multiplies side by side), folded and finalised with
 * MurmurHash3's 64-bit fmix. No strings, no BigInt, no allocation on the hot path.
 *
 * Why WebAssembly: JavaScript has no 64-bit integer multiply, so the former JavaScript version
 * ran four 32-bit chains over 4-byte words: 37-40 ns for a 112-byte state against 14 ns here
 * (microbenchmark over 324 K reachable five-drivers states, one core), and a breadth-first search
 * hashes every successor (12 M on five-drivers).
 *
 * Why it never confuses states that differ in one 8-byte word: each chain step
 * x -> (x ^ w) * K (K odd), x ^= x >>> s is a bijection of x for a given word, so a one-word
 * difference always changes its chain and leaves the other alone; the fold A + rotl(B, 23) is a
 * bijection of A for a fixed B (and of B for a fixed A), and fmix64 is a bijection. For larger
 * differences, test/engine/fingerprint.test.ts checks that slices of both 32-bit lanes collide
 * as often as a random function's would, on states shaped like the kernel model's.
 *
 * States are hashed in slots of wasm memory (`FingerprintSlots`): a slot is the state's 32-bit
 * words padded with zeros to a multiple of 8 bytes, so padding never changes a fingerprint. A
 * search that builds its successors directly in slots hashes them without a copy
 * (`FingerprintSlots.hash`), and can also let wasm copy the parent into a successor's slot and
 * compare the two before hashing (`copy`, `hashIfChanged`: 7 % off five-drivers against
 * TypedArray.prototype.set and a JavaScript compare loop); everything else goes through
 * `fingerprintWords`, which copies the words into a scratch slot first: both give the same
 * fingerprint for the same words. Byte order
 * is the platform's (little-endian everywhere Node and browsers run), which only matters if
 * fingerprints were to cross machines; they never do.
 *
 * Where WebAssembly cannot run (`node --jitless`, a page whose CSP forbids compiling it), the same
 * functions run in JavaScript (`jsFingerprintBackend`, 32-bit halves and 16-bit limbs for the
 * 64-bit multiply): the same fingerprints, about four times slower.
 *
 * Like TLC, the visited set stores fingerprints only, so two distinct states could in principle
 * share one; with n states the probability of any collision is about n^2 / 2^65 (around 3e-6 for
 * 10^7 states).
 */

// ---- the WebAssembly function ------------------------------------------------------------------

/** The multipliers and seeds, also used by the BigInt reference in the tests. */
export const FP_SEED_A = 0x9e3779b97f4a7c15n;
export const FP_SEED_B = 0xc2b2ae3d27d4eb4fn;
export const FP_MUL_A = 0xff51afd7ed558ccdn;
export const FP_MUL_B = 0xc4ceb9fe1a85ec53n;

/** WebAssembly opcodes used below (https://webassembly.github.io/spec/core/binary/instructions.html). */
const BLOCK = 0x02;
const LOOP = 0x03;
const IF = 0x04;
const END = 0x0b;
const BR = 0x0c;
const BR_IF = 0x0d;
const RETURN = 0x0f;
const CALL = 0x10;
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const I64_LOAD = 0x29;
const I64_STORE = 0x37;
const I32_CONST = 0x41;
const I64_CONST = 0x42;
const I32_LT_U = 0x49;
const I64_NE = 0x52;
const I32_GE_U = 0x4f;
const I32_ADD = 0x6a;
const I32_SHL = 0x74;
const I64_ADD = 0x7c;
const I64_MUL = 0x7e;
const I64_XOR = 0x85;
const I64_SHR_U = 0x88;
const I64_ROTL = 0x89;
const VOID = 0x40;
const T_I32 = 0x7f;
const T_I64 = 0x7e;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 of a 64-bit constant given as an unsigned BigInt. */
function sleb64(v: bigint): number[] {
  let x = BigInt.asIntN(64, v);
  const out: number[] = [];
  for (;;) {
    const b = Number(x & 0x7fn);
    x >>= 7n;
    const done = (x === 0n && (b & 0x40) === 0) || (x === -1n && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return out;
  }
}

/** A section: id, then its byte length, then its bytes. */
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
/** A vector: count, then its items. */
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const str = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

const get = (l: number): number[] => [LOCAL_GET, l];
const set = (l: number): number[] => [LOCAL_SET, l];
const i64 = (v: bigint): number[] => [I64_CONST, ...sleb64(v)];
const i32 = (v: number): number[] => [I32_CONST, ...sleb64(BigInt(v))];
/** A function body: its locals (count, type pairs) and code, with its byte length in front. */
function fnBody(locals: number[][], code: number[]): number[] {
  const fn = [...vec(locals), ...code, END];
  return [...uleb(fn.length), ...fn];
}

/**
 * fp(p, n8): fingerprint the n8 8-byte words at byte offset p, and store the 64-bit result at
 * byte offset 0 (lane 1 = its low half, lane 2 = its high half).
 */
function fpBody(): number[] {
  // Locals: 0 = p, 1 = n8 (parameters), 2 = a, 3 = b, 4 = end, 5 = h.
  const [P, N, A, B, E, H] = [0, 1, 2, 3, 4, 5];
  const load = (offset: number): number[] => [...get(P), I64_LOAD, 3, ...uleb(offset)];
  /** x = (x ^ word) * K; x ^= x >>> s */
  const step = (x: number, offset: number, k: bigint, s: number): number[] => [
    ...get(x), ...load(offset), I64_XOR, ...i64(k), I64_MUL, ...set(x),
    ...get(x), ...get(x), ...i64(BigInt(s)), I64_SHR_U, I64_XOR, ...set(x),
  ];
  /** h ^= h >>> 33 */
  const shift33 = [...get(H), ...get(H), ...i64(33n), I64_SHR_U, I64_XOR, ...set(H)];
  return fnBody([[2, T_I64], [1, T_I32], [1, T_I64]], [
    ...i64(FP_SEED_A), ...set(A),
    ...i64(FP_SEED_B), ...set(B),
    ...get(P), ...get(N), ...i32(3), I32_SHL, I32_ADD, ...set(E),
    // while (p + 8 < end) { two words: A takes the first, B the second; p += 16 }
    BLOCK, VOID, LOOP, VOID,
    ...get(P), ...i32(8), I32_ADD, ...get(E), I32_GE_U, BR_IF, 1,
    ...step(A, 0, FP_MUL_A, 32),
    ...step(B, 8, FP_MUL_B, 29),
    ...get(P), ...i32(16), I32_ADD, ...set(P),
    BR, 0, END, END,
    // an odd last word goes to A
    ...get(P), ...get(E), I32_LT_U, IF, VOID, ...step(A, 0, FP_MUL_A, 32), END,
    // h = fmix64(A + rotl(B, 23))
    ...get(A), ...get(B), ...i64(23n), I64_ROTL, I64_ADD, ...set(H),
    ...shift33, ...get(H), ...i64(FP_MUL_A), I64_MUL, ...set(H),
    ...shift33, ...get(H), ...i64(FP_MUL_B), I64_MUL, ...set(H),
    ...shift33,
    ...i32(0), ...get(H), I64_STORE, 3, 0,
  ]);
}

/**
 * for (i = 0; i < n8 * 8; i += 8) body: the loop over a state's 8-byte words that copy and
 * changed share (locals I and E hold the offset and the end; N holds n8).
 */
function wordLoop(N: number, I: number, E: number, body: number[]): number[] {
  return [
    ...get(N), ...i32(3), I32_SHL, ...set(E),
    BLOCK, VOID, LOOP, VOID,
    ...get(I), ...get(E), I32_GE_U, BR_IF, 1,
    ...body,
    ...get(I), ...i32(8), I32_ADD, ...set(I),
    BR, 0, END, END,
  ];
}

/** copy(d, s, n8): copy the n8 8-byte words at byte offset s to byte offset d. */
function copyBody(): number[] {
  // Locals: 0 = d, 1 = s, 2 = n8 (parameters), 3 = i (byte offset), 4 = end.
  const [D, S, N, I, E] = [0, 1, 2, 3, 4];
  return fnBody([[2, T_I32]], wordLoop(N, I, E, [
    ...get(D), ...get(I), I32_ADD,
    ...get(S), ...get(I), I32_ADD, I64_LOAD, 3, 0,
    I64_STORE, 3, 0,
  ]));
}

/**
 * changed(p, q, n8): 0 when the n8 8-byte words at p and at q are equal; else fingerprint p
 * (as fp) and return 1.
 */
function changedBody(): number[] {
  // Locals: 0 = p, 1 = q, 2 = n8 (parameters), 3 = i (byte offset), 4 = end.
  const [P, Q, N, I, E] = [0, 1, 2, 3, 4];
  return fnBody([[2, T_I32]], [
    ...wordLoop(N, I, E, [
      ...get(P), ...get(I), I32_ADD, I64_LOAD, 3, 0,
      ...get(Q), ...get(I), I32_ADD, I64_LOAD, 3, 0,
      I64_NE, IF, VOID, ...get(P), ...get(N), CALL, 0, ...i32(1), RETURN, END,
    ]),
    ...i32(0),
  ]);
}

/** The module: imports its memory as e.mem, exports fp, copy and changed. */
function moduleBytes(): Uint8Array {
  const params = (n: number): number[] => vec(Array.from({ length: n }, () => [T_I32]));
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    // types: 0 = (i32, i32) -> (), 1 = (i32, i32, i32) -> (), 2 = (i32, i32, i32) -> i32
    ...section(1, vec([[0x60, ...params(2), ...vec([])], [0x60, ...params(3), ...vec([])], [0x60, ...params(3), ...vec([[T_I32]])]])),
    ...section(2, vec([[...str("e"), ...str("mem"), 0x02, 0x00, 0x01]])), // import memory, min 1 page
    ...section(3, vec([[0], [1], [2]])), // functions 0, 1, 2 have types 0, 1, 2
    ...section(7, vec([[...str("fp"), 0x00, 0], [...str("copy"), 0x00, 1], [...str("changed"), 0x00, 2]])),
    ...section(10, vec([fpBody(), copyBody(), changedBody()])),
  ];
  return Uint8Array.from(bytes);
}

// ---- WebAssembly API (typed here: the engine's TypeScript libraries have no DOM) ------------

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}
const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

const PAGE = 65536;
/** States of at least this many 32-bit words are compared (and copied) by wasm calls. */
export const BULK_WORDS = 16;
/** Slots start here; bytes 0..7 hold the last result. */
const SLOTS_AT = 64;

/**
 * What the slots run on: a memory and the three functions over it (byte offsets, 8-byte words).
 * WebAssembly where the runtime has it; else the JavaScript twin below, which computes the same
 * fingerprints about four times slower (125 against 30 ns for a 112-byte state, microbenchmark):
 * `node --jitless` has no WebAssembly, and a page whose Content-Security-Policy lacks
 * 'wasm-unsafe-eval' may not compile it.
 */
export interface FingerprintBackend {
  readonly memory: WasmMemory;
  fp(p: number, n8: number): void;
  copy(d: number, s: number, n8: number): void;
  changed(p: number, q: number, n8: number): number;
}

/** The compiled module; null once compiling it failed (no WebAssembly here). */
let compiled: object | null | undefined;

function wasmBackend(): FingerprintBackend | undefined {
  if (compiled === undefined) {
    try {
      compiled = wasmApi === undefined ? null : new wasmApi.Module(moduleBytes());
    } catch {
      compiled = null;
    }
  }
  if (compiled === null || wasmApi === undefined) return undefined;
  const memory = new wasmApi.Memory({ initial: 1 });
  const exports = new wasmApi.Instance(compiled, { e: { mem: memory } }).exports;
  return {
    memory,
    fp: exports.fp as FingerprintBackend["fp"],
    copy: exports.copy as FingerprintBackend["copy"],
    changed: exports.changed as FingerprintBackend["changed"],
  };
}

/** The backend the searches use: WebAssembly when it compiles here, else JavaScript. */
export function defaultFingerprintBackend(): FingerprintBackend {
  return wasmBackend() ?? jsFingerprintBackend();
}

// ---- the JavaScript twin ----------------------------------------------------------------------

const lo32 = (v: bigint): number => Number(v & 0xffffffffn);
const hi32 = (v: bigint): number => Number(v >> 32n);
const SEED_A = [lo32(FP_SEED_A), hi32(FP_SEED_A)];
const SEED_B = [lo32(FP_SEED_B), hi32(FP_SEED_B)];
const MUL_A = [lo32(FP_MUL_A), hi32(FP_MUL_A)];
const MUL_B = [lo32(FP_MUL_B), hi32(FP_MUL_B)];

/** A growable memory on plain ArrayBuffers, shaped like WebAssembly.Memory. */
class JsMemory implements WasmMemory {
  buffer = new ArrayBuffer(PAGE);
  words = new Uint32Array(this.buffer);

  grow(pages: number): number {
    const old = this.buffer;
    const buffer = new ArrayBuffer(old.byteLength + pages * PAGE);
    new Uint8Array(buffer).set(new Uint8Array(old));
    this.buffer = buffer;
    this.words = new Uint32Array(buffer);
    return old.byteLength / PAGE;
  }
}

/** The product of the last `mul64`: [low half, high half] (no allocation per call). */
const prod = new Uint32Array(2);

/** (aHi:aLo) * (kHi:kLo) mod 2^64, the high half of aLo * kLo through 16-bit limbs. */
function mul64(aLo: number, aHi: number, kLo: number, kHi: number): void {
  const a0 = aLo & 0xffff;
  const a1 = aLo >>> 16;
  const b0 = kLo & 0xffff;
  const b1 = kLo >>> 16;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const mid = ((a0 * b0) >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  const hi = a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16);
  prod[0] = Math.imul(aLo, kLo);
  prod[1] = hi + Math.imul(aHi, kLo) + Math.imul(aLo, kHi);
}

/** fmix64's h ^= h >>> 33 then h *= k, on the last product. */
function shift33Mul(k: number[]): void {
  mul64((prod[0] ^ (prod[1] >>> 1)) >>> 0, prod[1], k[0], k[1]);
}

/** The JavaScript twin of the WebAssembly module: the same three functions, the same results. */
export function jsFingerprintBackend(): FingerprintBackend {
  const memory = new JsMemory();
  const fp = (p: number, n8: number): void => {
    const w = memory.words;
    let i = p >>> 2;
    const end = i + 2 * n8;
    let aLo = SEED_A[0];
    let aHi = SEED_A[1];
    let bLo = SEED_B[0];
    let bHi = SEED_B[1];
    for (; i + 2 < end; i += 4) {
      // a = (a ^ word) * MUL_A; a ^= a >>> 32
      mul64((aLo ^ w[i]) >>> 0, (aHi ^ w[i + 1]) >>> 0, MUL_A[0], MUL_A[1]);
      aHi = prod[1];
      aLo = (prod[0] ^ aHi) >>> 0;
      // b = (b ^ word) * MUL_B; b ^= b >>> 29
      mul64((bLo ^ w[i + 2]) >>> 0, (bHi ^ w[i + 3]) >>> 0, MUL_B[0], MUL_B[1]);
      const lo = prod[0];
      const hi = prod[1];
      bLo = (lo ^ ((lo >>> 29) | (hi << 3))) >>> 0;
      bHi = (hi ^ (hi >>> 29)) >>> 0;
    }
    if (i < end) {
      mul64((aLo ^ w[i]) >>> 0, (aHi ^ w[i + 1]) >>> 0, MUL_A[0], MUL_A[1]);
      aHi = prod[1];
      aLo = (prod[0] ^ aHi) >>> 0;
    }
    // h = a + rotl(b, 23), then fmix64
    const rLo = ((bLo << 23) | (bHi >>> 9)) >>> 0;
    const rHi = ((bHi << 23) | (bLo >>> 9)) >>> 0;
    const sum = aLo + rLo;
    prod[0] = sum;
    prod[1] = aHi + rHi + (sum > 0xffffffff ? 1 : 0);
    shift33Mul(MUL_A);
    shift33Mul(MUL_B);
    w[0] = prod[0] ^ (prod[1] >>> 1);
    w[1] = prod[1];
  };
  return {
    memory,
    fp,
    copy(d: number, s: number, n8: number): void {
      memory.words.copyWithin(d >>> 2, s >>> 2, (s >>> 2) + 2 * n8);
    },
    changed(p: number, q: number, n8: number): number {
      const w = memory.words;
      const a = p >>> 2;
      const b = q >>> 2;
      for (let j = 0; j < 2 * n8; j++) {
        if (w[a + j] !== w[b + j]) {
          fp(p, n8);
          return 1;
        }
      }
      return 0;
    },
  };
}

// ---- slots ------------------------------------------------------------------------------------

/** Number of 32-bit words a state of `stateSize` bytes occupies once padded. */
export function wordsFor(stateSize: number): number {
  return (stateSize + 3) >>> 2;
}

/**
 * `count` zero-padded state slots of `words` 32-bit words each, in wasm memory, with a word view
 * and a byte view (`stateSize` bytes) of each made once. `hash(i, out)` fingerprints slot i.
 * `grow` adds slots (memory grows in place: existing contents stay, views are made anew).
 */
export class FingerprintSlots {
  readonly stride: number;
  private readonly n8: number;
  private readonly memory: WasmMemory;
  private readonly fp: (p: number, n8: number) => void;
  private readonly copyFn: (d: number, s: number, n8: number) => void;
  private readonly changedFn: (p: number, q: number, n8: number) => number;
  private result: Int32Array;
  /** WebAssembly, or its JavaScript twin where WebAssembly cannot run. */
  readonly backend: FingerprintBackend;
  words: Uint32Array[] = [];
  bytes: Uint8Array[] = [];

  constructor(
    readonly wordCount: number,
    readonly stateSize: number,
    count: number,
    backend: FingerprintBackend = defaultFingerprintBackend(),
  ) {
    this.n8 = (wordCount + 1) >>> 1;
    this.stride = this.n8 * 8;
    this.backend = backend;
    this.memory = backend.memory;
    this.fp = backend.fp;
    this.copyFn = backend.copy;
    this.changedFn = backend.changed;
    this.result = new Int32Array(this.memory.buffer, 0, 2);
    this.grow(count);
  }

  /** At least `count` slots. */
  grow(count: number): void {
    if (count <= this.words.length) return;
    const need = SLOTS_AT + count * this.stride;
    const have = this.memory.buffer.byteLength;
    if (need > have) this.memory.grow(Math.ceil((need - have) / PAGE));
    const buf = this.memory.buffer;
    this.result = new Int32Array(buf, 0, 2);
    const words: Uint32Array[] = [];
    const bytes: Uint8Array[] = [];
    for (let i = 0; i < count; i++) {
      words.push(new Uint32Array(buf, SLOTS_AT + i * this.stride, this.wordCount));
      bytes.push(new Uint8Array(buf, SLOTS_AT + i * this.stride, this.stateSize));
    }
    this.words = words;
    this.bytes = bytes;
  }

  /** Fingerprint slot i into out[0] (lane 1, also used to place the entry in the visited set) and out[1] (lane 2). */
  hash(i: number, out: Int32Array): void {
    this.fp(SLOTS_AT + i * this.stride, this.n8);
    out[0] = this.result[0];
    out[1] = this.result[1];
  }

  /** Copy slot `from` into slot `to`. */
  copy(to: number, from: number): void {
    this.copyFn(SLOTS_AT + to * this.stride, SLOTS_AT + from * this.stride, this.n8);
  }

  /**
   * The successor in slot i of the state in slot `from`: false when it is the same state (a
   * self-loop); else canonicalise it in place (when `canon` is given) and fingerprint it into
   * out, and return true. Small states are compared in JavaScript (a wasm call costs more than
   * a few words), and so are symmetric ones, which must be compared before canonicalisation.
   */
  hashSuccessor(i: number, from: number, canon: ((s: Uint8Array) => void) | undefined, out: Int32Array): boolean {
    if (canon === undefined && this.wordCount >= BULK_WORDS) return this.hashIfChanged(i, from, out);
    const a = this.words[i];
    const b = this.words[from];
    for (let j = 0; j < this.wordCount; j++) {
      if (a[j] !== b[j]) {
        if (canon !== undefined) canon(this.bytes[i]);
        this.hash(i, out);
        return true;
      }
    }
    return false;
  }

  /**
   * False when slot i holds the same words as slot `from` (a self-loop); else fingerprint slot i
   * into out as `hash` does and return true.
   */
  hashIfChanged(i: number, from: number, out: Int32Array): boolean {
    if (this.changedFn(SLOTS_AT + i * this.stride, SLOTS_AT + from * this.stride, this.n8) === 0) return false;
    out[0] = this.result[0];
    out[1] = this.result[1];
    return true;
  }
}

// ---- fingerprints of words held anywhere ------------------------------------------------------

/** One scratch slot per state length in words (a process rarely sees more than one or two). */
const scratch = new Map<number, FingerprintSlots>();

/**
 * Fingerprint words[0..n) into out[0] (lane 1) and out[1] (lane 2), through a scratch slot: the
 * same fingerprint as `FingerprintSlots.hash` gives for the same words.
 */
export function fingerprintWords(words: Uint32Array, n: number, out: Int32Array): void {
  let slots = scratch.get(n);
  if (slots === undefined) {
    slots = new FingerprintSlots(n, 0, 1);
    scratch.set(n, slots);
  }
  const w = slots.words[0];
  for (let j = 0; j < n; j++) w[j] = words[j];
  slots.hash(0, out);
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
