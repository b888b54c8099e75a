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

export function bfs(model: Model, cfg: CheckConfig): CheckResult {
  const S = model.stateSize;
  const W = wordsFor(S);
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
  const maxMemory = cfg.maxMemoryBytes;
  const stopEarly = cfg.stopWhenAllViolated && cfg.checkedMask !== 0;

  const visited = new FingerprintSet(1 << 12);
  let parentCap = 1 << 12;
  let parent = new Uint32Array(parentCap);
  let via = new Uint32Array(parentCap);
  let qCap = 1 << 10;
  let q = new Uint32Array(qCap * W);
  let qId = new Uint32Array(qCap);
  let head = 0;
  let tail = 0;
  let peakFrontier = 0;

  let states = 0;
  let transitions = 0;
  let depth = 0;
  let stopReason: StopReason | undefined;
  let allFound = false;
  let memoryBytes = 0;
  let peakMemory = 0;
  const memory = (): number => visited.bytes + parentCap * 8 + qCap * (W * 4 + 4);

  const pathTo = (id: number, last: number): Found => {
    const actions: Action[] = last >= 0 ? [last] : [];
    while (parent[id] !== NONE) {
      actions.push(via[id]);
      id = parent[id];
    }
    actions.reverse();
    return { initialIndex: via[id], actions };
  };

  /** Make room for one more stored state and one more queued state; false when over budget. */
  const makeRoom = (): boolean => {
    let extra = 0;
    if (visited.count >= visited.growAt) extra += visited.bytesAfterGrowth - visited.bytes;
    if (states >= parentCap) extra += parentCap * 8;
    const needQueue = tail >= qCap && head < qCap >>> 1;
    if (needQueue) extra += qCap * (W * 4 + 4);
    if (memory() + extra > maxMemory) return false;
    if (states >= parentCap) {
      const np = new Uint32Array(parentCap * 2);
      np.set(parent);
      parent = np;
      const nv = new Uint32Array(parentCap * 2);
      nv.set(via);
      via = nv;
      parentCap *= 2;
    }
    if (tail >= qCap) {
      if (needQueue) {
        const nq = new Uint32Array(qCap * 2 * W);
        nq.set(q.subarray(head * W, tail * W));
        q = nq;
        const ni = new Uint32Array(qCap * 2);
        ni.set(qId.subarray(head, tail));
        qId = ni;
        qCap *= 2;
      } else {
        q.copyWithin(0, head * W, tail * W);
        qId.copyWithin(0, head, tail);
      }
      tail -= head;
      levelEnd -= head;
      head = 0;
    }
    memoryBytes = memory() + (visited.count >= visited.growAt ? visited.bytesAfterGrowth - visited.bytes : 0);
    if (memoryBytes > peakMemory) peakMemory = memoryBytes;
    return true;
  };

  let levelEnd = 0;

  // Initial states (depth 0).
  const inits = checkedInitialStates(model);
  init: for (let i = 0; i < inits.length; i++) {
    outW.fill(0);
    outB.set(inits[i]);
    if (canon !== undefined) canon(outB);
    fingerprintWords(outW, W, fp);
    if (visited.count >= visited.growAt || states >= parentCap || tail >= qCap) {
      if (!makeRoom()) {
        stopReason = "memory";
        break init;
      }
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
  memoryBytes = peakMemory = Math.max(peakMemory, memory());

  let pendingTrans = findings.pending & cfg.transitionMask;
  let pendingAlways = findings.pending & cfg.alwaysMask;
  let pendingTerm = findings.pending & cfg.terminalMask;
  let expansions = 0;

  search: while (stopReason === undefined && head < tail) {
    if (stopEarly && findings.pending === 0) break;
    if (head === levelEnd) {
      depth++;
      levelEnd = tail;
      if (tail - head > peakFrontier) peakFrontier = tail - head;
    }
    if (depth >= cfg.maxDepth) {
      stopReason = "max-depth";
      break;
    }
    if ((++expansions & POLL_MASK) === 0) {
      stopReason = meter.poll(states, transitions, depth, tail - head, memoryBytes);
      if (stopReason !== undefined) break;
    }
    const id = qId[head];
    const base = head * W;
    for (let j = 0; j < W; j++) curW[j] = q[base + j];
    head++;
    acts.length = 0;
    model.actions(curB, acts);
    if (ample !== undefined) ample.reduce(curB, curW, acts, visited);
    let progress = false;
    const n = acts.length;
    for (let k = 0; k < n; k++) {
      const a = acts[k];
      for (let j = 0; j < W; j++) outW[j] = curW[j];
      const tm = model.next(curB, a, outB);
      if (tm === -1) continue;
      transitions++;
      if (!progress) {
        for (let j = 0; j < W; j++) {
          if (outW[j] !== curW[j]) {
            progress = true;
            break;
          }
        }
      }
      if ((tm & pendingTrans) !== 0) {
        findings.record(tm & pendingTrans, pathTo(id, a));
        pendingTrans = findings.pending & cfg.transitionMask;
        if (stopEarly && findings.pending === 0) {
            allFound = true;
            break search;
          }
      }
      if (canon !== undefined) canon(outB);
      fingerprintWords(outW, W, fp);
      if (visited.count >= visited.growAt || states >= parentCap || tail >= qCap) {
        if (!makeRoom()) {
          stopReason = "memory";
          break search;
        }
      }
      if (!visited.add(fp[0], fp[1])) continue;
      if (states >= maxStates) {
        stopReason = "max-states";
        break search;
      }
      const nid = states++;
      parent[nid] = id;
      via[nid] = a;
      const qb = tail * W;
      for (let j = 0; j < W; j++) q[qb + j] = outW[j];
      qId[tail++] = nid;
      if (pendingAlways !== 0) {
        const am = model.check(outB) & pendingAlways;
        if (am !== 0) {
          findings.record(am, pathTo(nid, -1));
          pendingAlways = findings.pending & cfg.alwaysMask;
          if (stopEarly && findings.pending === 0) {
            allFound = true;
            break search;
          }
        }
      }
    }
    if (!progress && pendingTerm !== 0) {
      const tm = model.checkTerminal(curB) & pendingTerm;
      if (tm !== 0) {
        findings.record(tm, pathTo(id, -1));
        pendingTerm = findings.pending & cfg.terminalMask;
      }
    }
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
    parentBytes: parentCap * 8,
    peakFrontier,
    memoryBytes: Math.max(peakMemory, memory()),
  });
  return buildResult(model, cfg, { exhaustive, stopReason, strategy: "bfs", stats, findings });
}
