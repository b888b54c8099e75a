/**
 * Parallel breadth-first exploration over Node worker threads (Node only: import this module
 * directly, it is not re-exported from the engine's index so browser bundles never pull it).
 *
 * The main thread keeps everything that decides the verdict: the visited set, the parent links
 * and the order of discovery. Each BFS level is cut into chunks; workers expand the chunks (the
 * model's actions/next/check/canonicalize and the fingerprints, which is where the time goes for
 * a real model) and the main thread inserts their successors strictly in chunk order. The
 * sequence of insertions is therefore exactly that of the single-threaded BFS, and so are the
 * state counts, the verdicts and the (shortest) counterexamples.
 *
 * A model is built in each worker from a factory description: the module at `moduleUrl` exports
 * `exportName`, a function (config) => Model, and `config` must be structured-cloneable.
 * Not supported here: strategy "dfs" and por (both throw); use `check` for them.
 */
import { availableParallelism } from "node:os";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import type { Action, Model } from "./model.js";
import { FingerprintSlots, fingerprintWords, paddedState, wordsFor } from "./fingerprint.js";
import { resolveCheckOptions, type CheckOptions } from "./options.js";
import type { CheckResult, StopReason } from "./result.js";
import { buildResult, checkedInitialStates, emptyActions, Findings, grown, makeStats, Meter, type Found } from "./search-common.js";
import { FingerprintSet, FRESH, KNOWN, RecentFingerprints, SELF } from "./visited.js";

/** A successor to look up (words and fingerprint sent); the visited set's FRESH. */
const SUCC_STATE = FRESH;
/** A self-loop: the source state again (nothing sent but the step); the visited set's SELF. */
const SUCC_SELF = SELF;
/**
 * A successor whose fingerprint this worker has sent before, in this chunk or an earlier one:
 * the main thread has looked it up before this one (chunks are inserted in order, and a worker
 * receives its chunks in that order), so it is known and only the step is sent.
 */
const SUCC_KNOWN = KNOWN;

export interface ModelFactory {
  /** URL of an ES module (e.g. `new URL("./my-model.js", import.meta.url).href`). */
  readonly moduleUrl: string;
  /** Name of its export: a function (config) => Model. */
  readonly exportName: string;
  /** Passed to that function; must survive structured cloning. */
  readonly config: unknown;
}

export interface ParallelCheckOptions extends CheckOptions {
  /** Worker threads (default: available cores, at least 1). */
  readonly workers?: number;
  /** States per chunk sent to a worker (default 2048). */
  readonly chunkSize?: number;
}

/** Build the model described by `factory` (in whichever thread calls it). */
export async function loadModel(factory: ModelFactory): Promise<Model> {
  const mod = (await import(factory.moduleUrl)) as Record<string, unknown>;
  const make = mod[factory.exportName];
  if (typeof make !== "function") {
    throw new TypeError(`model factory: ${factory.moduleUrl} has no function export "${factory.exportName}"`);
  }
  return (make as (config: unknown) => Model)(factory.config);
}

interface Job {
  readonly chunk: number;
  readonly states: Uint32Array;
  readonly n: number;
  /** A finished chunk's buffers coming back for reuse (fresh memory costs page faults). */
  readonly recycle?: ChunkResult;
}

/** What a worker sends back for one chunk. */
interface ChunkResult {
  readonly chunk: number;
  /** Successors: packed words, fingerprints, source (chunk-local), action, transition and always masks. */
  readonly words: Uint32Array;
  readonly fps: Int32Array;
  readonly src: Uint32Array;
  readonly act: Uint32Array;
  readonly tmask: Int32Array;
  readonly amask: Int32Array;
  /** Per successor: SUCC_STATE (its words and fingerprint follow), SUCC_SELF or SUCC_KNOWN. */
  readonly kind: Uint8Array;
  readonly count: number;
  /** Per source state: mask of violated terminal properties (0 when not terminal). */
  readonly terminal: Int32Array;
  /** The job's states buffer, handed back for the main thread's next job. */
  readonly states: Uint32Array;
  readonly error?: string;
}

/** The buffers a chunk result travels in (transferred, never copied). */
const resultBuffers = (r: ChunkResult): ArrayBuffer[] =>
  [r.words.buffer, r.fps.buffer, r.src.buffer, r.act.buffer, r.tmask.buffer, r.amask.buffer, r.kind.buffer, r.terminal.buffer, r.states.buffer] as ArrayBuffer[];

interface WorkerSetup {
  readonly svaEngineWorker: true;
  readonly factory: ModelFactory;
  readonly symmetry: boolean;
  readonly alwaysMask: number;
  readonly terminalMask: number;
}

/** The worker side: expand chunks of states. */
async function workerMain(setup: WorkerSetup): Promise<void> {
  const model = await loadModel(setup.factory);
  const S = model.stateSize;
  const W = wordsFor(S);
  // The state being expanded (slot 0) and its successor (slot 1), as in bfs.ts.
  const slots = new FingerprintSlots(W, S, 2);
  const cur = { words: slots.words[0], bytes: slots.bytes[0] };
  const out = { words: slots.words[1], bytes: slots.bytes[1] };
  const fp = new Int32Array(2);
  const acts: Action[] = [];
  const canon = setup.symmetry ? model.canonicalize!.bind(model) : undefined;
  // What this worker has sent: every fingerprint in it is in the visited set by the time the
  // main thread reads a later successor (see SUCC_KNOWN).
  const sent = new RecentFingerprints();
  // Result buffers come back from the main thread once read, to be filled again.
  const spares: ChunkResult[] = [];
  parentPort!.on("message", (job: Job) => {
    if (job.recycle !== undefined) {
      spares.push(job.recycle);
      return;
    }
    try {
      const reuse = spares.pop();
      let cap = reuse?.src.length ?? Math.max(16, job.n * 4);
      let words = reuse?.words ?? new Uint32Array(cap * W);
      let fps = reuse?.fps ?? new Int32Array(cap * 2);
      let src = reuse?.src ?? new Uint32Array(cap);
      let act = reuse?.act ?? new Uint32Array(cap);
      let tmask = reuse?.tmask ?? new Int32Array(cap);
      let amask = reuse?.amask ?? new Int32Array(cap);
      let kind = reuse?.kind ?? new Uint8Array(cap);
      // Every entry below job.n is written below; the main thread reads no further.
      const terminal = reuse !== undefined && reuse.terminal.length >= job.n ? reuse.terminal : new Int32Array(job.n);
      let count = 0;
      for (let i = 0; i < job.n; i++) {
        for (let j = 0; j < W; j++) cur.words[j] = job.states[i * W + j];
        emptyActions(acts);
        model.actions(cur.bytes, acts);
        let progress = false;
        for (const a of acts) {
          slots.copy(1, 0);
          const tm = model.next(cur.bytes, a, out.bytes);
          if (tm === -1) continue;
          const same = !slots.hashSuccessor(1, 0, canon, fp);
          if (count === cap) {
            cap *= 2;
            words = grown(words, cap * W);
            fps = grown(fps, cap * 2);
            src = grown(src, cap);
            act = grown(act, cap);
            tmask = grown(tmask, cap);
            amask = grown(amask, cap);
            kind = grown(kind, cap);
          }
          src[count] = i;
          act[count] = a;
          tmask[count] = tm;
          if (same) {
            kind[count++] = SUCC_SELF;
            continue;
          }
          progress = true;
          const h1 = fp[0];
          const h2 = fp[1] === 0 ? 1 : fp[1];
          if (sent.has(h1, h2)) {
            kind[count++] = SUCC_KNOWN;
            continue;
          }
          sent.remember(h1, h2);
          kind[count] = SUCC_STATE;
          words.set(out.words, count * W);
          fps[2 * count] = h1;
          fps[2 * count + 1] = h2;
          amask[count] = setup.alwaysMask !== 0 ? model.check(out.bytes) & setup.alwaysMask : 0;
          count++;
        }
        terminal[i] = !progress && setup.terminalMask !== 0 ? model.checkTerminal(cur.bytes) & setup.terminalMask : 0;
      }
      const r: ChunkResult = { chunk: job.chunk, words, fps, src, act, tmask, amask, kind, count, terminal, states: job.states };
      parentPort!.postMessage(r, resultBuffers(r));
    } catch (e) {
      parentPort!.postMessage({ chunk: job.chunk, error: e instanceof Error ? e.stack ?? e.message : String(e) });
    }
  });
  parentPort!.postMessage({ ready: true });
}

if (!isMainThread && (workerData as WorkerSetup | undefined)?.svaEngineWorker === true) {
  void workerMain(workerData as WorkerSetup);
}

const NONE = 0xffffffff;
/** Sink for the touch loads, so that they cannot be optimised away. */
let touched = 0;
/** Exported for completeness of the sink; meaningless. */
export const touchSink = (): number => touched;
const EMPTY_WORDS = new Uint32Array(0);

/**
 * Breadth-first check over worker threads. Same options and same result as `check` with
 * strategy "bfs" (identical states, transitions, verdicts and counterexamples); `workers` and
 * `chunkSize` tune the parallelism. Throws on misuse, including `strategy: "dfs"` and `por`.
 */
export async function checkParallel(factory: ModelFactory, options: ParallelCheckOptions = {}): Promise<CheckResult> {
  const { workers: nWorkersOpt, chunkSize: chunkOpt, ...checkOptions } = options;
  const model = await loadModel(factory);
  const cfg = resolveCheckOptions(model, checkOptions);
  if (cfg.strategy !== "bfs") throw new TypeError("checkParallel: only strategy \"bfs\" is parallel; use check() for dfs");
  if (cfg.por) throw new TypeError("checkParallel: por is not supported in parallel; use check()");
  const nWorkers = nWorkersOpt ?? Math.max(1, availableParallelism());
  const chunkSize = chunkOpt ?? 2048;
  if (!Number.isInteger(nWorkers) || nWorkers < 1) throw new TypeError("checkParallel: workers must be a positive integer");
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new TypeError("checkParallel: chunkSize must be a positive integer");

  const setup: WorkerSetup = {
    svaEngineWorker: true,
    factory,
    symmetry: cfg.symmetry,
    alwaysMask: cfg.alwaysMask,
    terminalMask: cfg.terminalMask,
  };
  const pool: Worker[] = [];
  const ready: Promise<void>[] = [];
  for (let i = 0; i < nWorkers; i++) {
    const w = new Worker(new URL(import.meta.url), { workerData: setup });
    pool.push(w);
    ready.push(
      new Promise<void>((resolve, reject) => {
        w.once("message", () => resolve());
        w.once("error", reject);
      }),
    );
  }
  try {
    await Promise.all(ready);
    return await explore(model, cfg, pool, chunkSize);
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

async function explore(
  model: Model,
  cfg: ReturnType<typeof resolveCheckOptions>,
  pool: Worker[],
  chunkSize: number,
): Promise<CheckResult> {
  const S = model.stateSize;
  const W = wordsFor(S);
  const out = paddedState(S);
  const fp = new Int32Array(2);
  const findings = new Findings(cfg.checkedMask);
  const meter = new Meter(cfg);
  const canon = cfg.symmetry ? model.canonicalize!.bind(model) : undefined;
  const stopEarly = cfg.stopWhenAllViolated && cfg.checkedMask !== 0;
  const visited = new FingerprintSet();
  const recent = new RecentFingerprints(RecentFingerprints.entriesFor(cfg.maxMemoryBytes));
  let parent = new Uint32Array(1 << 12);
  let via = new Uint32Array(1 << 12);
  let level = new Uint32Array(1024 * W);
  let levelIds = new Uint32Array(1024);
  let levelN = 0;
  let states = 0;
  let transitions = 0;
  let depth = 0;
  let deepest = 0;
  let storeDepth = 0;
  let peakFrontier = 0;
  let peakMemory = 0;
  let stopReason: StopReason | undefined;
  let allFound = false;
  let nextLevel = new Uint32Array(1024 * W);
  let nextIds = new Uint32Array(1024);
  let nextN = 0;
  /** Job buffers of chunkSize states, back from the workers with their results. */
  const statePool: Uint32Array[] = [];
  const memory = (): number =>
    visited.bytes + recent.bytes + parent.length * 8 + (level.length + nextLevel.length) * 4 + (levelIds.length + nextIds.length) * 4;

  const pathTo = (id: number, last: number): Found => {
    const actions: Action[] = last >= 0 ? [last] : [];
    while (parent[id] !== NONE) {
      actions.push(via[id]);
      id = parent[id];
    }
    actions.reverse();
    return { initialIndex: via[id], actions };
  };

  /** Store the state in `words` at `off` if new; false to stop. */
  const store = (words: Uint32Array, off: number, h1: number, h2: number, from: number, action: number, amask: number): boolean => {
    if (states >= parent.length || nextN * W >= nextLevel.length || visited.count + 1 >= visited.growAt) {
      const extra =
        visited.growthBytes +
        (states >= parent.length ? parent.length * 8 : 0) +
        (nextN * W >= nextLevel.length ? nextLevel.length * 4 + nextIds.length * 4 : 0);
      if (memory() + extra > cfg.maxMemoryBytes) {
        stopReason = "memory";
        return false;
      }
      if (states >= parent.length) {
        parent = grown(parent, parent.length * 2);
        via = grown(via, via.length * 2);
      }
      if (nextN * W >= nextLevel.length) {
        nextLevel = grown(nextLevel, nextLevel.length * 2);
        nextIds = grown(nextIds, nextIds.length * 2);
      }
      peakMemory = Math.max(peakMemory, memory() + visited.growthBytes);
    }
    const added = visited.add(h1, h2);
    recent.remember(h1, h2);
    if (!added) return true;
    if (states >= cfg.maxStates) {
      stopReason = "max-states";
      return false;
    }
    const id = states++;
    if (storeDepth > deepest) deepest = storeDepth;
    parent[id] = from;
    via[id] = action;
    const at = nextN * W;
    for (let j = 0; j < W; j++) nextLevel[at + j] = words[off + j];
    nextIds[nextN++] = id;
    if (amask !== 0) {
      findings.record(amask, from === NONE ? { initialIndex: action, actions: [] } : pathTo(id, -1));
      if (stopEarly && findings.pending === 0) {
        allFound = true;
        return false;
      }
    }
    return true;
  };

  const inits = checkedInitialStates(model);
  for (let i = 0; i < inits.length; i++) {
    out.words.fill(0);
    out.bytes.set(inits[i]);
    if (canon !== undefined) canon(out.bytes);
    fingerprintWords(out.words, W, fp);
    const am = model.check(out.bytes) & cfg.alwaysMask;
    if (!store(out.words, 0, fp[0], fp[1], NONE, i, am)) break;
  }

  while (stopReason === undefined && !allFound && nextN > 0) {
    [level, nextLevel] = [nextLevel, level];
    [levelIds, nextIds] = [nextIds, levelIds];
    levelN = nextN;
    nextN = 0;
    if (levelN > peakFrontier) peakFrontier = levelN;
    if (depth >= cfg.maxDepth) {
      stopReason = "max-depth";
      nextN = levelN;
      break;
    }
    stopReason = meter.poll(states, transitions, depth, levelN, peakMemory);
    if (stopReason !== undefined) break;
    storeDepth = depth + 1;
    // Dispatch the level in chunks, round-robin; gather the results in chunk order.
    const nChunks = Math.ceil(levelN / chunkSize);
    const results = new Array<ChunkResult | undefined>(nChunks);
    let resolveNext: (() => void) | undefined;
    const listeners = pool.map((w) => {
      const onMessage = (r: ChunkResult): void => {
        results[r.chunk] = r;
        resolveNext?.();
      };
      w.on("message", onMessage);
      return onMessage;
    });
    for (let c = 0; c < nChunks; c++) {
      const lo = c * chunkSize;
      const hi = Math.min(levelN, lo + chunkSize);
      let states = statePool.pop();
      if (states === undefined) states = new Uint32Array(chunkSize * W);
      states.set(level.subarray(lo * W, hi * W));
      const job: Job = { chunk: c, states, n: hi - lo };
      pool[c % pool.length].postMessage(job, [states.buffer as ArrayBuffer]);
    }
    let stop = false;
    for (let c = 0; c < nChunks && !stop; c++) {
      while (results[c] === undefined) await new Promise<void>((r) => (resolveNext = r));
      const r = results[c]!;
      results[c] = undefined;
      if (r.error !== undefined) {
        pool.forEach((w, i) => w.off("message", listeners[i]));
        throw new Error(`checkParallel: a worker failed: ${r.error}`);
      }
      const base = c * chunkSize;
      // As in bfs.ts: drop what the recent cache knows, then load the visited set's home slots
      // of the rest in one pass of independent loads before inserting one by one.
      recent.classify(r.fps, r.count, r.kind);
      touched ^= visited.touch(r.fps, r.count, r.kind);
      let s0 = -1;
      for (let k = 0; k < r.count; k++) {
        const from = levelIds[base + r.src[k]];
        // Terminal verdicts of the sources before this one, in order.
        while (s0 < r.src[k] - 1) {
          s0++;
          if (r.terminal[s0] !== 0) findings.record(r.terminal[s0] & findings.pending, pathTo(levelIds[base + s0], -1));
        }
        transitions++;
        const tv = r.tmask[k] & findings.pending & cfg.transitionMask;
        if (tv !== 0) {
          findings.record(tv, pathTo(from, r.act[k]));
          if (stopEarly && findings.pending === 0) {
            allFound = true;
            stop = true;
            break;
          }
        }
        if (r.kind[k] !== SUCC_STATE) continue;
        if (!store(r.words, k * W, r.fps[2 * k], r.fps[2 * k + 1], from, r.act[k], r.amask[k] & findings.pending)) {
          stop = true;
          break;
        }
      }
      if (!stop) {
        const n = Math.min(levelN, base + chunkSize) - base;
        for (let i = s0 + 1; i < n; i++) {
          if (r.terminal[i] !== 0) findings.record(r.terminal[i] & findings.pending, pathTo(levelIds[base + i], -1));
        }
        if (stopEarly && findings.pending === 0) {
          allFound = true;
          stop = true;
        }
      }
      // Hand the buffers back: the states buffer to this thread's pool, the rest to the worker.
      statePool.push(r.states);
      const back: ChunkResult = { ...r, states: EMPTY_WORDS };
      pool[c % pool.length].postMessage({ chunk: -1, states: EMPTY_WORDS, n: 0, recycle: back } satisfies Job, resultBuffers(back).slice(0, -1));
    }
    // When stopping mid-level, late chunk results are simply dropped with their listener.
    pool.forEach((w, i) => w.off("message", listeners[i]));
    depth++;
  }
  const exhaustive = stopReason === undefined && !allFound && nextN === 0;
  const seconds = meter.seconds();
  const stats = makeStats({
    states,
    transitions,
    depth: deepest,
    seconds,
    visitedBytes: visited.bytes,
    parentBytes: parent.length * 8,
    peakFrontier,
    memoryBytes: Math.max(peakMemory, memory()),
  });
  return buildResult(model, cfg, { exhaustive, stopReason, strategy: "bfs", stats, findings });
}
