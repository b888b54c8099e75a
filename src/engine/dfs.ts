/**
 * Depth-first search, for memory-lean runs: the same fingerprint visited set as BFS, but no
 * parent links; the only full states kept are those on an explicit stack of packed states (one
 * per depth). Counterexamples are the stack's action path when the violation is found, so they
 * are valid but NOT shortest in general; use BFS for shortest ones.
 *
 * A depth cap makes DFS incomplete in a stronger sense than BFS: a state first reached deep (and
 * cut off) is not re-expanded when reached again at a shallower depth. Any cut marks the run
 * incomplete, so no property is ever reported as holding after a cut.
 */
import type { Action, Model } from "./model.js";
import { FingerprintSlots, wordsFor } from "./fingerprint.js";
import type { CheckConfig } from "./options.js";
import { AmpleSelector } from "./por.js";
import type { CheckResult, StopReason } from "./result.js";
import { buildResult, checkedInitialStates, emptyActions, Findings, grown, makeStats, Meter, POLL_MASK, type Found } from "./search-common.js";
import { FingerprintSet } from "./visited.js";

export function dfs(model: Model, cfg: CheckConfig): CheckResult {
  const S = model.stateSize;
  const W = wordsFor(S);
  // The state being expanded (slot 0) and its successor (slot 1), in the fingerprint
  // functions' memory: successors are hashed where they are built.
  const slots = new FingerprintSlots(W, S, 2);
  const curB = slots.bytes[0];
  const curW = slots.words[0];
  const outB = slots.bytes[1];
  const outW = slots.words[1];
  const fp = new Int32Array(2);
  const acts: Action[] = [];
  const findings = new Findings(cfg.checkedMask);
  const meter = new Meter(cfg);
  const canon = cfg.symmetry ? model.canonicalize!.bind(model) : undefined;
  const ample = cfg.por ? new AmpleSelector(model, cfg.symmetry) : undefined;
  const stopEarly = cfg.stopWhenAllViolated && cfg.checkedMask !== 0;
  const visited = new FingerprintSet();

  // The stack: frame f holds a packed state, the action that led to it, and a slice of the
  // flat action stack (its enabled actions and a cursor into them).
  let fCap = 64;
  let stStates = new Uint32Array(fCap * W);
  let stVia = new Int32Array(fCap);
  let stActStart = new Int32Array(fCap);
  let stCursor = new Int32Array(fCap);
  let stProgress = new Uint8Array(fCap);
  let aCap = 256;
  let stActs = new Int32Array(aCap);
  let top = -1;
  let actTop = 0;
  let initialIndex = 0;

  let states = 0;
  let transitions = 0;
  let deepest = 0;
  let peakFrontier = 0;
  let stopReason: StopReason | undefined;
  let cut = false;
  let allFound = false;
  let peakMemory = 0;
  const frameBytes = W * 4 + 4 * 4 + 1;
  const memory = (): number => visited.bytes + fCap * frameBytes + aCap * 4;

  const path = (frames: number, last: number): Found => {
    const actions: Action[] = [];
    for (let f = 1; f <= frames; f++) actions.push(stVia[f]);
    if (last >= 0) actions.push(last);
    return { initialIndex, actions };
  };

  /** Push the state in outW as a new frame (computing its actions); false when over budget. */
  const push = (viaAction: number): boolean => {
    const f = top + 1;
    if (f >= fCap) {
      if (memory() + fCap * frameBytes > cfg.maxMemoryBytes) return false;
      const n = fCap * 2;
      stStates = grown(stStates, n * W);
      stVia = grown(stVia, n);
      stActStart = grown(stActStart, n);
      stCursor = grown(stCursor, n);
      stProgress = grown(stProgress, n);
      fCap = n;
    }
    stStates.set(outW, f * W);
    emptyActions(acts);
    model.actions(outB, acts);
    if (ample !== undefined) ample.reduce(outB, outW, acts, visited);
    if (actTop + acts.length > aCap) {
      let n = aCap * 2;
      while (actTop + acts.length > n) n *= 2;
      if (memory() + (n - aCap) * 4 > cfg.maxMemoryBytes) return false;
      stActs = grown(stActs, n);
      aCap = n;
    }
    stVia[f] = viaAction;
    stActStart[f] = actTop;
    stCursor[f] = actTop;
    stProgress[f] = 0;
    for (let i = 0; i < acts.length; i++) stActs[actTop++] = acts[i];
    top = f;
    if (f + 1 > peakFrontier) peakFrontier = f + 1;
    if (f > deepest) deepest = f;
    const m = memory();
    if (m > peakMemory) peakMemory = m;
    return true;
  };

  const inits = checkedInitialStates(model);
  let expansions = 0;
  outer: for (let i = 0; i < inits.length && stopReason === undefined; i++) {
    if (stopEarly && findings.pending === 0) {
      allFound = true;
      break;
    }
    outW.fill(0);
    outB.set(inits[i]);
    if (canon !== undefined) canon(outB);
    slots.hash(1, fp);
    if (memory() + visited.growthBytes > cfg.maxMemoryBytes) {
      stopReason = "memory";
      break;
    }
    if (!visited.add(fp[0], fp[1])) continue;
    if (states >= cfg.maxStates) {
      stopReason = "max-states";
      break;
    }
    states++;
    initialIndex = i;
    const am0 = model.check(outB) & findings.pending & cfg.alwaysMask;
    if (am0 !== 0) findings.record(am0, { initialIndex: i, actions: [] });
    if (cfg.maxDepth <= 0) {
      cut = true;
      continue;
    }
    if (!push(-1)) {
      stopReason = "memory";
      break;
    }
    while (top >= 0) {
      if ((++expansions & POLL_MASK) === 0) {
        stopReason = meter.poll(states, transitions, top, top + 1, memory());
        if (stopReason !== undefined) break outer;
      }
      const f = top;
      const frameEnd = actTop; // the top frame's actions end the flat action stack
      const c = stCursor[f];
      const base = f * W;
      for (let j = 0; j < W; j++) curW[j] = stStates[base + j];
      if (c >= frameEnd) {
        // All actions of this frame tried: judge terminality, then pop.
        if (stProgress[f] === 0) {
          const tm = model.checkTerminal(curB) & findings.pending & cfg.terminalMask;
          if (tm !== 0) findings.record(tm, path(f, -1));
        }
        actTop = stActStart[f];
        top--;
        if (stopEarly && findings.pending === 0) {
          allFound = true;
          break outer;
        }
        continue;
      }
      stCursor[f] = c + 1;
      const a = stActs[c];
      for (let j = 0; j < W; j++) outW[j] = curW[j];
      const tmask = model.next(curB, a, outB);
      if (tmask === -1) continue;
      transitions++;
      if (stProgress[f] === 0) {
        for (let j = 0; j < W; j++) {
          if (outW[j] !== curW[j]) {
            stProgress[f] = 1;
            break;
          }
        }
      }
      const tv = tmask & findings.pending & cfg.transitionMask;
      if (tv !== 0) {
        findings.record(tv, path(f, a));
        if (stopEarly && findings.pending === 0) {
          allFound = true;
          break outer;
        }
      }
      if (canon !== undefined) canon(outB);
      slots.hash(1, fp);
      if (memory() + visited.growthBytes > cfg.maxMemoryBytes) {
        stopReason = "memory";
        break outer;
      }
      if (!visited.add(fp[0], fp[1])) continue;
      if (states >= cfg.maxStates) {
        stopReason = "max-states";
        break outer;
      }
      states++;
      const am = model.check(outB) & findings.pending & cfg.alwaysMask;
      if (am !== 0) {
        // Frame f + 1 may not exist yet (the stack grows in push): the path ends with `a`.
        findings.record(am, path(f, a));
        if (stopEarly && findings.pending === 0) {
          allFound = true;
          break outer;
        }
      }
      if (f + 1 >= cfg.maxDepth) {
        cut = true;
        if (f + 1 > deepest) deepest = f + 1;
        continue;
      }
      if (!push(a)) {
        stopReason = "memory";
        break outer;
      }
    }
  }
  if (stopReason === undefined && cut && !allFound) stopReason = "max-depth";
  const exhaustive = stopReason === undefined && !allFound;
  const seconds = meter.seconds();
  const stats = makeStats({
    states,
    transitions,
    depth: deepest,
    seconds,
    visitedBytes: visited.bytes,
    parentBytes: 0,
    peakFrontier,
    memoryBytes: Math.max(peakMemory, memory()),
  });
  return buildResult(model, cfg, { exhaustive, stopReason, strategy: "dfs", stats, findings });
}
