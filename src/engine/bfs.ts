/**
 * Breadth-first search: level by level, so the first counterexample found for each property is a
 * shortest one. Memory per stored state: one 64-bit fingerprint in the visited set (10-16 bytes
 * with the table's slack) plus a parent link (parent id and action, 8 bytes, used to rebuild
 * counterexamples). Full states are kept only for the frontier (chunks.ts), recycled level after
 * level.
 *
 * A state's id is its discovery order, which is also its queue position: the frontier is the
 * ids [head, states).
 */
import type { Action, Model } from "./model.js";
import { BULK_WORDS, FingerprintSlots, fingerprintWords, paddedState, wordsFor } from "./fingerprint.js";
import type { CheckConfig } from "./options.js";
import { AmpleSelector } from "./por.js";
import type { CheckResult, StopReason } from "./result.js";
import { buildResult, checkedInitialStates, emptyActions, Findings, grown, makeStats, Meter, POLL_MASK, type Found } from "./search-common.js";
import { FingerprintSet, FRESH, KNOWN, RecentFingerprints, SELF } from "./visited.js";
import { Frontier, LINK_CHUNK_BITS, NO_PARENT, ParentLinks, QUEUE_CHUNK_BITS, QUEUE_MASK } from "./chunks.js";

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
function pathTo(links: ParentLinks, id: number, last: number): Found {
  const actions: Action[] = last >= 0 ? [last] : [];
  while (links.parent(id) !== NO_PARENT) {
    actions.push(links.action(id));
    id = links.parent(id);
  }
  actions.reverse();
  return { initialIndex: links.action(id), actions };
}

export function bfs(model: Model, cfg: CheckConfig): CheckResult {
  const S = model.stateSize;
  const W = wordsFor(S);
  /**
   * Large states are copied, compared and hashed by the wasm functions, and moved to the queue
   * with TypedArray.prototype.set (a memcpy); on a few words the calls cost more than JavaScript
   * loops (paired whole-process runs).
   */
  const bulk = W >= BULK_WORDS;
  const out = paddedState(S);
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

  const visited = new FingerprintSet();
  const recent = new RecentFingerprints(RecentFingerprints.entriesFor(maxMemory));
  const frontier = new Frontier(W);
  const qChunks = frontier.chunks;
  const links = new ParentLinks();
  const linkChunks = links.chunks;

  // Successors are produced in batches: phase 1 expands queued states until about BATCH
  // successors are waiting (built in place in their batch slots, with fingerprints, source and
  // action); phase 2 touches their home slots in the visited set so the cache misses overlap;
  // phase 3 inserts them in order. The order of insertions is exactly that of the one-at-a-time
  // algorithm.
  let bCap = 4 * BATCH;
  // The state being expanded (slot 0) and the batch (batch entry i in slot i + 1) live in the
  // fingerprint functions' wasm memory: successors are copied, compared and hashed in place.
  const slots = new FingerprintSlots(W, S, bCap + 1);
  let slotW = slots.words;
  let slotB = slots.bytes;
  let curW = slotW[0];
  let curB = slotB[0];
  let bH = new Int32Array(bCap * 2);
  let bSrc = new Uint32Array(bCap);
  let bAct = new Uint32Array(bCap);
  let bT = new Int32Array(bCap);
  /** FRESH: to look up; SELF: a self-loop or a terminal marker (never inserted); KNOWN: in `recent`. */
  let bKind = new Uint8Array(bCap);

  /** Batch entries cost a state slot plus 21 bytes: bH (8), bSrc, bAct, bT (4 each), bKind (1). */
  const memory = (): number => visited.bytes + recent.bytes + frontier.bytes + links.bytes + bCap * (slots.stride + 21);
  let peakMemory = 0;
  /** The first id whose queue chunk or parent-link chunk does not exist yet. */
  let roomUntil = 0;
  /**
   * Room for state `id`: its chunks exist and one more insertion fits the memory budget; false
   * when the budget forbids it.
   */
  const makeRoom = (id: number): boolean => {
    const newQueue = qChunks.length <= id >>> QUEUE_CHUNK_BITS;
    const newLinks = linkChunks.length <= id >>> LINK_CHUNK_BITS;
    const extra = visited.growthBytes + (newQueue ? frontier.growthBytes : 0) + (newLinks ? ParentLinks.chunkBytes : 0);
    const m = memory() + extra;
    if (m > maxMemory) return false;
    if (m > peakMemory) peakMemory = m;
    if (newQueue) frontier.open(id);
    if (newLinks) links.open();
    roomUntil = Math.min(qChunks.length << QUEUE_CHUNK_BITS, linkChunks.length << LINK_CHUNK_BITS);
    return true;
  };

  let head = 0;
  let states = 0;
  let peakFrontier = 0;
  let transitions = 0;
  let depth = 0;
  let stopReason: StopReason | undefined;
  let allFound = false;
  let levelEnd = 0;

  // Initial states (depth 0).
  const inits = checkedInitialStates(model);
  for (let i = 0; i < inits.length; i++) {
    outW.fill(0);
    outB.set(inits[i]);
    if (canon !== undefined) canon(outB);
    fingerprintWords(outW, W, fp);
    if (!makeRoom(states)) {
      stopReason = "memory";
      break;
    }
    if (!visited.add(fp[0], fp[1])) continue;
    if (states >= maxStates) {
      stopReason = "max-states";
      break;
    }
    const id = states++;
    links.set(id, NO_PARENT, i);
    qChunks[id >>> QUEUE_CHUNK_BITS].set(outW, (id & QUEUE_MASK) * W);
    const am = model.check(outB) & findings.pending & cfg.alwaysMask;
    if (am !== 0) findings.record(am, { initialIndex: i, actions: [] });
  }
  levelEnd = states;
  peakFrontier = states;
  if (memory() > peakMemory) peakMemory = memory();

  let pendingTrans = findings.pending & cfg.transitionMask;
  let pendingAlways = findings.pending & cfg.alwaysMask;
  let pendingTerm = findings.pending & cfg.terminalMask;
  let expansions = 0;
  let stopAfterBatch: StopReason | undefined;

  search: while (stopReason === undefined && head < states) {
    if (stopEarly && findings.pending === 0) break;
    // Phase 1: expand.
    let n = 0;
    while (head < states && n < BATCH) {
      if (head === levelEnd) {
        // A batch never spans two levels, so levelEnd always marks the end of one level.
        if (n > 0) break;
        depth++;
        levelEnd = states;
        if (states - head > peakFrontier) peakFrontier = states - head;
      }
      if (depth >= maxDepth) {
        stopAfterBatch = "max-depth";
        break;
      }
      if ((++expansions & POLL_MASK) === 0) {
        stopAfterBatch = meter.poll(states, transitions, depth, states - head, peakMemory);
        if (stopAfterBatch !== undefined) break;
      }
      const id = head++;
      const qc = qChunks[id >>> QUEUE_CHUNK_BITS];
      const base = (id & QUEUE_MASK) * W;
      for (let j = 0; j < W; j++) curW[j] = qc[base + j];
      if ((head & QUEUE_MASK) === 0) frontier.retire(id);
      emptyActions(acts);
      model.actions(curB, acts);
      if (ample !== undefined) ample.reduce(curB, curW, acts, visited);
      let progress = false;
      const na = acts.length;
      if (n + na + 1 > bCap) {
        while (n + na + 1 > bCap) bCap *= 2;
        slots.grow(bCap + 1);
        slotW = slots.words;
        slotB = slots.bytes;
        curW = slotW[0];
        curB = slotB[0];
        bH = grown(bH, bCap * 2);
        bSrc = grown(bSrc, bCap);
        bAct = grown(bAct, bCap);
        bT = grown(bT, bCap);
        bKind = grown(bKind, bCap);
      }
      for (let k = 0; k < na; k++) {
        const a = acts[k];
        // The successor is built in place in its batch slot (views made once, no copy later).
        const sw = slotW[n + 1];
        if (bulk) slots.copy(n + 1, 0);
        else for (let j = 0; j < W; j++) sw[j] = curW[j];
        const sb = slotB[n + 1];
        const tm = model.next(curB, a, sb);
        if (tm === -1) continue;
        bSrc[n] = id;
        bAct[n] = a;
        bT[n] = tm;
        // A self-loop (the device's DMA, say) reaches no new state: no fingerprint, no lookup.
        if (!slots.hashSuccessor(n + 1, 0, canon, fp)) {
          bKind[n] = SELF;
          n++;
          continue;
        }
        progress = true;
        const h1 = fp[0];
        const h2 = fp[1] === 0 ? 1 : fp[1];
        bH[2 * n] = h1;
        bH[2 * n + 1] = h2;
        bKind[n] = FRESH;
        n++;
      }
      if (!progress && pendingTerm !== 0) {
        const tm = model.checkTerminal(curB) & pendingTerm;
        if (tm !== 0) {
          // Recorded in phase 3, in order, through a marker entry (room was reserved: na >= 0 entries + 1).
          bSrc[n] = id;
          bAct[n] = TERMINAL;
          bT[n] = tm;
          bKind[n] = SELF;
          n++;
        }
      }
    }
    // Phase 2: look up the recent cache, then touch the visited set's home slots of the rest.
    recent.classify(bH, n, bKind);
    touched ^= visited.touch(bH, n, bKind);
    // Phase 3: insert.
    for (let i = 0; i < n; i++) {
      const a = bAct[i];
      const tm = bT[i];
      if (a === TERMINAL) {
        const tv = tm & findings.pending;
        if (tv !== 0) {
          findings.record(tv, pathTo(links, bSrc[i], -1));
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
        findings.record(tm & pendingTrans, pathTo(links, bSrc[i], a));
        pendingTrans = findings.pending & cfg.transitionMask;
        if (stopEarly && findings.pending === 0) {
          allFound = true;
          break search;
        }
      }
      if (bKind[i] !== FRESH) continue;
      const nid = states;
      if (nid >= roomUntil || visited.count + 1 >= visited.growAt) {
        if (!makeRoom(nid)) {
          stopReason = "memory";
          break search;
        }
      }
      const h1 = bH[2 * i];
      const h2 = bH[2 * i + 1];
      const added = visited.add(h1, h2);
      recent.remember(h1, h2);
      if (!added) continue;
      if (nid >= maxStates) {
        stopReason = "max-states";
        break search;
      }
      states++;
      links.set(nid, bSrc[i], a);
      const sw = slotW[i + 1];
      const qc = qChunks[nid >>> QUEUE_CHUNK_BITS];
      const qb = (nid & QUEUE_MASK) * W;
      if (bulk) qc.set(sw, qb);
      else for (let j = 0; j < W; j++) qc[qb + j] = sw[j];
      if (pendingAlways !== 0) {
        const am = model.check(slotB[i + 1]) & pendingAlways;
        if (am !== 0) {
          findings.record(am, pathTo(links, nid, -1));
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
  if (states - head > peakFrontier) peakFrontier = states - head;
  const exhaustive = stopReason === undefined && !allFound && head >= states;
  const seconds = meter.seconds();
  const stats = makeStats({
    states,
    transitions,
    depth: levelEnd < states ? depth + 1 : depth,
    seconds,
    visitedBytes: visited.bytes,
    parentBytes: links.bytes,
    peakFrontier,
    memoryBytes: Math.max(peakMemory, memory()),
  });
  return buildResult(model, cfg, { exhaustive, stopReason, strategy: "bfs", stats, findings });
}
