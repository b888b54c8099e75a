/**
 * Micro-benchmark behind the choice of state representation: the same small protocol state
 * (6 processes with a pc and a flag, plus two shared counters) explored breadth-first two ways:
 *
 * - flat: one packed Uint8Array per state; a successor is a word copy plus a few byte writes,
 *   its key a 64-bit fingerprint in the engine's FingerprintSet (8 bytes per slot);
 * - object: a nested object per state; a successor is a structured clone, its key the
 *   JSON.stringify of the object in a JS Set<string>.
 *
 * Both explore the same reachable state space (asserted). Prints states/s and bytes per stored
 * state (visited set only for flat; heap growth for object, which holds the key strings).
 *
 *   npm run build && node --expose-gc dist/bench/engine/representation.js
 */
import { FingerprintSet, fingerprintWords, paddedState } from "../../src/engine/index.js";

const P = 6;
const STATE = P * 2 + 2;

interface Obj {
  procs: { pc: number; flag: number }[];
  counter: number;
  turn: number;
}

/** Successor rule shared by both encodings: process i advances pc mod 3, toggles its flag. */
function flat(): { states: number; seconds: number; bytesPerState: number } {
  const cur = paddedState(STATE);
  const out = paddedState(STATE);
  const W = cur.words.length;
  const visited = new FingerprintSet();
  const fp = new Int32Array(2);
  let q = new Uint32Array(1 << 16);
  let head = 0;
  let tail = 0;
  fingerprintWords(out.words, W, fp);
  visited.add(fp[0], fp[1]);
  q.set(out.words, 0);
  tail = W;
  const t0 = performance.now();
  while (head < tail) {
    for (let j = 0; j < W; j++) cur.words[j] = q[head + j];
    head += W;
    const s = cur.bytes;
    for (let i = 0; i < P; i++) {
      for (let j = 0; j < W; j++) out.words[j] = cur.words[j];
      const o = out.bytes;
      const pc = s[2 * i];
      if (pc === 2 && s[STATE - 1] !== i % 2) continue;
      o[2 * i] = pc === 2 ? 0 : pc + 1;
      o[2 * i + 1] = s[2 * i + 1] ^ 1;
      if (pc === 2) o[STATE - 2] = (s[STATE - 2] + 1) % 3;
      if (pc === 1) o[STATE - 1] = i % 2;
      fingerprintWords(out.words, W, fp);
      if (!visited.add(fp[0], fp[1])) continue;
      if (tail + W > q.length) {
        const nq = new Uint32Array(q.length * 2);
        nq.set(q.subarray(head, tail));
        tail -= head;
        head = 0;
        q = nq;
      }
      for (let j = 0; j < W; j++) q[tail + j] = out.words[j];
      tail += W;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  return { states: visited.count, seconds, bytesPerState: visited.bytes / visited.count };
}

function object(): { states: number; seconds: number; bytesPerState: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const init: Obj = { procs: Array.from({ length: P }, () => ({ pc: 0, flag: 0 })), counter: 0, turn: 0 };
  const visited = new Set<string>([JSON.stringify(init)]);
  let queue: Obj[] = [init];
  const t0 = performance.now();
  while (queue.length > 0) {
    const next: Obj[] = [];
    for (const s of queue) {
      for (let i = 0; i < P; i++) {
        const pc = s.procs[i].pc;
        if (pc === 2 && s.turn !== i % 2) continue;
        const o = structuredClone(s);
        o.procs[i].pc = pc === 2 ? 0 : pc + 1;
        o.procs[i].flag = s.procs[i].flag ^ 1;
        if (pc === 2) o.counter = (s.counter + 1) % 3;
        if (pc === 1) o.turn = i % 2;
        const key = JSON.stringify(o);
        if (visited.has(key)) continue;
        visited.add(key);
        next.push(o);
      }
    }
    queue = next;
  }
  const seconds = (performance.now() - t0) / 1000;
  queue = [];
  gc?.();
  const bytes = process.memoryUsage().heapUsed - heap0;
  return { states: visited.size, seconds, bytesPerState: bytes / visited.size };
}

const f = flat();
const o = object();
if (f.states !== o.states) throw new Error(`state counts differ: flat ${f.states}, object ${o.states}`);
const row = (name: string, r: typeof f): string =>
  `${name.padEnd(28)} ${String(r.states).padStart(9)} ${r.seconds.toFixed(3).padStart(8)} ${Math.round(r.states / r.seconds).toLocaleString("en-US").padStart(12)} ${r.bytesPerState.toFixed(1).padStart(10)}`;
console.log(`${"representation".padEnd(28)} ${"states".padStart(9)} ${"seconds".padStart(8)} ${"states/s".padStart(12)} ${"bytes/state".padStart(10)}`);
console.log(row("flat Uint8Array + fingerprint", f));
console.log(row("object + JSON key in a Set", o));
console.log(`speed-up ${(f.states / f.seconds / (o.states / o.seconds)).toFixed(1)}x, memory ${(o.bytesPerState / f.bytesPerState).toFixed(1)}x less`);
