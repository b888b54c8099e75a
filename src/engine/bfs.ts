/**
 * Breadth-first search: level by level, so the first counterexample found for each property is a
 * shortest one. Memory per stored state: one 64-bit fingerprint in the visited set (10-16 bytes
 * with the table's slack) plus a parent link (parent index and action, 8 bytes, used to rebuild
 * counterexamples). Full states are kept only for the frontier: one packed Uint32Array queue of
 * zero-padded states holding the current and the next level.
 */
import type { Action, Model } from "./model.js";
import { fingerprintWords, paddedState, wordsFor } from "./fingerprint.js";
import type { CheckConfig } from "./options.js";
import { AmpleSelector } from "./por.js";
import type { CheckResult, StopReason } from "./result.js";
import { buildResult, checkedInitialStates, Findings, makeStats, Meter, POLL_MASK, type Found } from "./search-common.js";
import { FingerprintSet } from "./visited.js";

const NONE = 0xffffffff;
/** States of at least this many 32-bit words are copied with TypedArray.prototype.set. */
const BULK_WORDS = 16;
/**
 * Successors gathered before touching the visited set (enough misses in flight to hide latency).
 */
const BATCH = 64;
/** Marks a batch entry that records a terminal verdict instead of a successor. */
const TERMINAL = 0xffffffff;
/** Sink for the touch loads, so that they cannot be optimised away. */
let touched = 0;
/** Exported for completeness of the sink; meaningless. */
export const touchSink = (): number => touched;

/** The action path from an initial state to state `id` (plus `last` when >= 0). */
function pathTo(parent: Uint32Array, via: Uint32Array, id: number, last: number): Found {
  const actions: Action[] = last >= 0 ? [last] : [];
  while (parent[id] !== NONE) {
    actions.push(via[id]);
    id = parent[id];
  }
  actions.reverse();
  return { initialIndex: via[id], actions };
}

/** Growable BFS buffers, kept in one object so the hot loop's locals are not captured by closures. */
interface Buffers {
  parentCap: number;
  parent: Uint32Array;
  via: Uint32Array;
  qCap: number;
  q: Uint32Array;
  qId: Uint32Array;
  peakMemory: number;
}

function bufferBytes(b: Buffers, visited: FingerprintSet, W: number): number {
  return visited.bytes + b.parentCap * 8 + b.qCap * (W * 4 + 4);
}

/**
 * Make room for one more stored state (parent links, visited set growth) and one more queued
 * state, compacting or doubling the queue. Returns the new head offset (the queue is compacted
 * to start at 0), or -1 when the memory budget forbids it.
 */
function makeRoom(b: Buffers, visited: FingerprintSet, W: number, states: number, head: number, tail: number, maxMemory: number): number {
  let extra = 0;
  if (visited.count >= visited.growAt) extra += visited.bytesAfterGrowth - visited.bytes;
  if (states >= b.parentCap) extra += b.parentCap * 8;
  const needQueue = tail >= b.qCap && head < b.qCap >>> 1;
  if (needQueue) extra += b.qCap * (W * 4 + 4);
  if (bufferBytes(b, visited, W) + extra > maxMemory) return -1;
  if (states >= b.parentCap) {
    const np = new Uint32Array(b.parentCap * 2);
    np.set(b.parent);
    b.parent = np;
    const nv = new Uint32Array(b.parentCap * 2);
    nv.set(b.via);
    b.via = nv;
    b.parentCap *= 2;
  }
  let shift = 0;
  if (tail >= b.qCap) {
    if (needQueue) {
      const nq = new Uint32Array(b.qCap * 2 * W);
      nq.set(b.q.subarray(head * W, tail * W));
      b.q = nq;
      const ni = new Uint32Array(b.qCap * 2);
      ni.set(b.qId.subarray(head, tail));
      b.qId = ni;
      b.qCap *= 2;
    } else {
      b.q.copyWithin(0, head * W, tail * W);
      b.qId.copyWithin(0, head, tail);
    }
    shift = head;
  }
  const m = bufferBytes(b, visited, W) + (visited.count >= visited.growAt ? visited.bytesAfterGrowth - visited.bytes : 0);
  if (m > b.peakMemory) b.peakMemory = m;
  return shift;
}

export function bfs(model: Model, cfg: CheckConfig): CheckResult {
  const S = model.stateSize;
  const W = wordsFor(S);
  /**
   * Large states move between buffers with TypedArray.prototype.set (a memcpy): on 112-byte
   * kernel states that beats word-by-word loops by about 11 %, while on a few words the view
   * it needs costs more than the loop (paired whole-process runs).
   */
  const bulk = W >= BULK_WORDS;
  const cur = paddedState(S);
  const out = paddedState(S);
  const curB = cur.bytes;
  const curW = cur.words;
  const outB = out.bytes;
  const outW = out.words;
  const fp = new Int32Array(2);
  const acts: Action[] = [];
  const findings = new Findings(cfg.checkedMask);
  const meter = new Meter(cfg);
  const symmetry = cfg.symmetry;
  const canon = symmetry ? model.canonicalize!.bind(model) : undefined;
  const ample = cfg.por ? new AmpleSelector(model, symmetry) : undefined;
  const maxStates = cfg.maxStates;
  const maxDepth = cfg.maxDepth;
  const maxMemory = cfg.maxMemoryBytes;
  const stopEarly = cfg.stopWhenAllViolated && cfg.checkedMask !== 0;

  const visited = new FingerprintSet(1 << 12);
  const B: Buffers = {
    parentCap: 1 << 12,
    parent: new Uint32Array(1 << 12),
    via: new Uint32Array(1 << 12),
    qCap: 1 << 10,
    q: new Uint32Array((1 << 10) * W),
    qId: new Uint32Array(1 << 10),
    peakMemory: 0,
  };
  let parent = B.parent;
  let via = B.via;
  let q = B.q;
  let qId = B.qId;
  let parentCap = B.parentCap;
  let qCap = B.qCap;
  let head = 0;
  let tail = 0;
  let peakFrontier = 0;

  let states = 0;
  let transitions = 0;
  let depth = 0;
  let stopReason: StopReason | undefined;
  let allFound = false;
  const memory = (): number => bufferBytes(B, visited, W);
  let levelEnd = 0;

  // Initial states (depth 0).
  const inits = checkedInitialStates(model);
  init: for (let i = 0; i < inits.length; i++) {
    outW.fill(0);
    outB.set(inits[i]);
    if (canon !== undefined) canon(outB);
    fingerprintWords(outW, W, fp);
    if (visited.count >= visited.growAt || states >= parentCap || tail >= qCap) {
      const shift = makeRoom(B, visited, W, states, head, tail, maxMemory);
      if (shift < 0) {
        stopReason = "memory";
        break init;
      }
      ({ parent, via, q, qId, parentCap, qCap } = B);
      head -= shift;
      tail -= shift;
      levelEnd -= shift;
    }
    if (!visited.add(fp[0], fp[1])) continue;
    if (states >= maxStates) {
      stopReason = "max-states";
      break;
    }
    const id = states++;
    parent[id] = NONE;
    via[id] = i;
    q.set(outW, tail * W);
    qId[tail++] = id;
    const am = model.check(outB) & findings.pending & cfg.alwaysMask;
    if (am !== 0) findings.record(am, { initialIndex: i, actions: [] });
  }
  levelEnd = tail;
  peakFrontier = tail;
  B.peakMemory = Math.max(B.peakMemory, memory());

  let pendingTrans = findings.pending & cfg.transitionMask;
  let pendingAlways = findings.pending & cfg.alwaysMask;
  let pendingTerm = findings.pending & cfg.terminalMask;
  let expansions = 0;

  // Successors are produced in batches: phase 1 expands queued states until about BATCH
  // successors are waiting (their packed bytes, fingerprints, source and action); phase 2 touches
  // their home slots in the visited set so the cache misses overlap; phase 3 inserts them in
  // order. The order of insertions is exactly that of the one-at-a-time algorithm.
  let bCap = 4 * BATCH;
  let bW = new Uint32Array(bCap * W);
  let bH = new Int32Array(bCap * 2);
  let bSrc = new Uint32Array(bCap);
  let bAct = new Uint32Array(bCap);
  let bT = new Int32Array(bCap);
  /** 1 for a self-loop (successor equal to its source): counted and checked, never inserted. */
  let bSelf = new Uint8Array(bCap);
  let stopAfterBatch: StopReason | undefined;

  search: while (stopReason === undefined && head < tail) {
    if (stopEarly && findings.pending === 0) break;
    // Phase 1: expand.
    let n = 0;
    while (head < tail && n < BATCH) {
      if (head === levelEnd) {
        // A batch never spans two levels, so levelEnd always marks the end of one level.
        if (n > 0) break;
        depth++;
        levelEnd = tail;
        if (tail - head > peakFrontier) peakFrontier = tail - head;
      }
      if (depth >= maxDepth) {
        stopAfterBatch = "max-depth";
        break;
      }
      if ((++expansions & POLL_MASK) === 0) {
        stopAfterBatch = meter.poll(states, transitions, depth, tail - head, B.peakMemory);
        if (stopAfterBatch !== undefined) break;
      }
      const id = qId[head];
      const base = head * W;
      if (bulk) curW.set(q.subarray(base, base + W));
      else for (let j = 0; j < W; j++) curW[j] = q[base + j];
      head++;
      acts.length = 0;
      model.actions(curB, acts);
      if (ample !== undefined) ample.reduce(curB, curW, acts, visited);
      let progress = false;
      const na = acts.length;
      if (n + na + 1 > bCap) {
        while (n + na + 1 > bCap) bCap *= 2;
        const w2 = new Uint32Array(bCap * W);
        w2.set(bW);
        bW = w2;
        const h2 = new Int32Array(bCap * 2);
        h2.set(bH);
        bH = h2;
        const s2 = new Uint32Array(bCap);
        s2.set(bSrc);
        bSrc = s2;
        const a2 = new Uint32Array(bCap);
        a2.set(bAct);
        bAct = a2;
        const t2 = new Int32Array(bCap);
        t2.set(bT);
        bT = t2;
        const f2 = new Uint8Array(bCap);
        f2.set(bSelf);
        bSelf = f2;
      }
      for (let k = 0; k < na; k++) {
        const a = acts[k];
        if (bulk) outW.set(curW);
        else for (let j = 0; j < W; j++) outW[j] = curW[j];
        const tm = model.next(curB, a, outB);
        if (tm === -1) continue;
        let same = true;
        for (let j = 0; j < W; j++) {
          if (outW[j] !== curW[j]) {
            same = false;
            break;
          }
        }
        if (same) {
          // A self-loop (the device's DMA, say) reaches no new state: no fingerprint, no lookup.
          bSrc[n] = id;
          bAct[n] = a;
          bT[n] = tm;
          bSelf[n] = 1;
          n++;
          continue;
        }
        progress = true;
        if (canon !== undefined) canon(outB);
        fingerprintWords(outW, W, fp);
        const bb = n * W;
        if (bulk) bW.set(outW, bb);
        else for (let j = 0; j < W; j++) bW[bb + j] = outW[j];
        bH[2 * n] = fp[0];
        bH[2 * n + 1] = fp[1];
        bSrc[n] = id;
        bAct[n] = a;
        bT[n] = tm;
        bSelf[n] = 0;
        n++;
      }
      if (!progress && pendingTerm !== 0) {
        const tm = model.checkTerminal(curB) & pendingTerm;
        if (tm !== 0) {
          // Recorded in phase 3, in order, through a marker entry (room was reserved: na >= 0 entries + 1).
          bSrc[n] = id;
          bAct[n] = TERMINAL;
          bT[n] = tm;
          bSelf[n] = 0;
          bH[2 * n] = 0;
          bH[2 * n + 1] = 0;
          n++;
        }
      }
    }
    // Phase 2: touch.
    touched ^= visited.touch(bH, n);
    // Phase 3: insert.
    for (let i = 0; i < n; i++) {
      const a = bAct[i];
      const tm = bT[i];
      if (a === TERMINAL) {
        const tv = tm & findings.pending;
        if (tv !== 0) {
          findings.record(tv, pathTo(parent, via, bSrc[i], -1));
          pendingTerm = findings.pending & cfg.terminalMask;
          if (stopEarly && findings.pending === 0) {
            allFound = true;
            break search;
          }
        }
        continue;
      }
      transitions++;
      if ((tm & pendingTrans) !== 0) {
        findings.record(tm & pendingTrans, pathTo(parent, via, bSrc[i], a));
        pendingTrans = findings.pending & cfg.transitionMask;
        if (stopEarly && findings.pending === 0) {
          allFound = true;
          break search;
        }
      }
      if (bSelf[i] !== 0) continue;
      if (visited.count >= visited.growAt || states >= parentCap || tail >= qCap) {
        const shift = makeRoom(B, visited, W, states, head, tail, maxMemory);
        if (shift < 0) {
          stopReason = "memory";
          break search;
        }
        ({ parent, via, q, qId, parentCap, qCap } = B);
        head -= shift;
        tail -= shift;
        levelEnd -= shift;
      }
      if (!visited.add(bH[2 * i], bH[2 * i + 1])) continue;
      if (states >= maxStates) {
        stopReason = "max-states";
        break search;
      }
      const nid = states++;
      parent[nid] = bSrc[i];
      via[nid] = a;
      const qb = tail * W;
      const bb = i * W;
      if (bulk) q.set(bW.subarray(bb, bb + W), qb);
      else for (let j = 0; j < W; j++) q[qb + j] = bW[bb + j];
      qId[tail++] = nid;
      if (pendingAlways !== 0) {
        if (bulk) outW.set(bW.subarray(bb, bb + W));
        else for (let j = 0; j < W; j++) outW[j] = bW[bb + j];
        const am = model.check(outB) & pendingAlways;
        if (am !== 0) {
          findings.record(am, pathTo(parent, via, nid, -1));
          pendingAlways = findings.pending & cfg.alwaysMask;
          if (stopEarly && findings.pending === 0) {
            allFound = true;
            break search;
          }
        }
      }
    }
    if (stopAfterBatch !== undefined) stopReason = stopAfterBatch;
  }
  if (tail - head > peakFrontier) peakFrontier = tail - head;
  const exhaustive = stopReason === undefined && !allFound && head >= tail;
  const seconds = meter.seconds();
  const stats = makeStats({
    states,
    transitions,
    depth: levelEnd < tail ? depth + 1 : depth,
    seconds,
    visitedBytes: visited.bytes,
    parentBytes: B.parentCap * 8,
    peakFrontier,
    memoryBytes: Math.max(B.peakMemory, memory()),
  });
  return buildResult(model, cfg, { exhaustive, stopReason, strategy: "bfs", stats, findings });
}
