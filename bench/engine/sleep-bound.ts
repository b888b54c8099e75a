/**
 * How much could a sleep-set reduction save on the racing drivers, if every kernel step declared
 * exactly what it reads and writes? Sleep sets keep every state and skip transitions whose
 * result another order of two independent steps already reaches, so they would raise states per
 * second without changing a single count. This measures the best such a reduction could do,
 * before anyone writes footprints for the kernel rules:
 *
 * - every step is run on a Proxy of the state that records each byte it reads or writes;
 * - two steps enabled in a state are independent when neither changes a byte the other reads
 *   (a write that leaves a byte as it was counts as a read), enabledness included;
 * - breadth-first search with sleep sets (a state reached again on the same level sleeps on what
 *   both paths let it sleep on) counts the transitions it still takes, and checks it reaches
 *   exactly the states of the plain search.
 *
 * Granularities: "bytes" (exact), "objects" (each byte stands for its kernel object: a task, an
 * mm, a file and its queue, a files_struct, a bond, a PASID with its allocator slot and table
 * entries, sva_lock, the kworker). Two refinements keep "bytes" honest rather than pessimistic:
 * the stale-entry check that next() runs on the successor is a property of the successor state,
 * so it is left out; and pending_task_work's scan of every file's f_rel only asks "is there work
 * for task t", so it reads one location per task, written whenever an f_rel byte changes to or
 * from t + 1.
 *
 *   npm run build && node dist/bench/engine/sleep-bound.js [drivers=4] [design=free-on-mmdrop] [iommu=arm-smmu-v3]
 *
 * Measured (2026-11-25; every run reaches exactly the plain search's states):
 *   drivers  design/iommu          plain transitions   exact bytes           objects
 *   4        free-on-mmdrop/Arm      801,829            410,474 (-48.8 %)     589,453 (-26.5 %)
 *   4        free-on-mmdrop/Intel    240,700            142,862 (-40.6 %)     159,200 (-33.9 %)
 *   5        free-on-mmdrop/Arm   14,202,329          6,794,995 (-52.2 %)  10,072,609 (-29.1 %)
 * (five drivers: about 8 minutes and 1 GiB for the three searches). A brute-force oracle on five
 * drivers (independent = both orders reach the same state) took 6.0 M: exact footprints get
 * almost all of it, object-level footprints about half.
 */
import { parseScenario } from "../../src/scenario/parse.js";
import { A_DMA, A_FAULT, A_KILL, A_KWORKER_CONT, A_DELAYED_FPUT, A_SRCU, A_TASK, A_WORK_DMA, A_WORK_FAULT, createSvaModel, type SvaModel } from "../../src/kernel/model.js";
import type { IommuName } from "../../src/kernel/names.js";
import { racingDrivers } from "../racing.js";

type Mode = "plain" | "bytes" | "objects";

/** A step's footprint: locations read (including written) and locations changed. */
interface Footprint {
  readonly reads: Set<number>;
  readonly changes: Set<number>;
}

/** Virtual locations: "task t has task work" (TASK_WORK + t), the kworker's list (TASK_WORK + 255). */
const TASK_WORK = 1 << 20;

class Tracker {
  private reads = new Set<number>();
  private writes = new Set<number>();
  private readonly handler: ProxyHandler<Uint8Array>;
  private readonly objectOf: Int32Array;

  constructor(
    private readonly m: SvaModel,
    private readonly mode: Mode,
  ) {
    const tracker = this;
    this.handler = {
      get(t, key) {
        if (typeof key === "string" && key !== "" && Number.isInteger(+key)) {
          tracker.reads.add(+key);
          return t[+key];
        }
        if (key === "length") return t.length;
        const v = Reflect.get(t, key, t) as unknown;
        return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(t) : v;
      },
      set(t, key, v) {
        const i = +String(key);
        tracker.reads.add(i);
        tracker.writes.add(i);
        t[i] = v as number;
        return true;
      },
    };
    // Each byte's kernel object, as a small integer.
    const k = m.k;
    const objectOf = new Int32Array(m.stateSize).fill(-1);
    const ids = new Map<string, number>();
    const id = (name: string): number => {
      if (!ids.has(name)) ids.set(name, ids.size);
      return ids.get(name)!;
    };
    for (const f of k.fields) {
      for (let i = 0; i < f.count; i++) {
        let obj: string;
        if (f.of === "pasid" || f.of === "svm") obj = `pasid${i}`;
        else if (f.of === "entry") obj = `pasid${i % (k.P + 1)}`;
        else if (f.of === "fd") obj = `files_struct${Math.floor(i / k.FDN)}`;
        else if (f.of === "global") obj = f.name;
        else obj = `${f.of}${i}`;
        objectOf[f.offset + i] = id(obj);
      }
    }
    this.objectOf = objectOf;
  }

  /** Run action a on a copy of s, recording its footprint. */
  run(s: Uint8Array, a: number): { out: Uint8Array; viol: number; fp: Footprint } | undefined {
    const m = this.m;
    const k = m.k;
    const L = k.L;
    const out = s.slice();
    this.reads = new Set();
    this.writes = new Set();
    k.viol = 0;
    k.blocked = false;
    m.apply(new Proxy(out, this.handler), a);
    if (k.blocked) return undefined;
    const viol = m.next(s, a, s.slice()); // the same step untracked, stale-entry check included
    const reads = this.reads;
    // pending_task_work(t) asks only whether some file has f_rel == t + 1.
    for (let f = 0; f < k.F; f++) if (!this.writes.has(L.f_rel + f)) reads.delete(L.f_rel + f);
    this.enabling(s, a, reads);
    const changes = new Set<number>();
    for (const i of this.writes) {
      if (out[i] === s[i]) continue;
      changes.add(i);
      if (i >= L.f_rel && i < L.f_rel + k.F) {
        for (const v of [s[i], out[i]]) {
          if (v === 0) continue;
          const loc = TASK_WORK + (v === 255 ? 255 : v - 1);
          changes.add(loc);
          reads.add(loc);
        }
      }
    }
    const fp = this.mode === "objects" ? { reads: this.objects(reads), changes: this.objects(changes) } : { reads, changes };
    return { out, viol, fp };
  }

  /** What decides that action a is enabled (SvaModel.actions). */
  private enabling(s: Uint8Array, a: number, reads: Set<number>): void {
    const k = this.m.k;
    const L = k.L;
    const arg = a >> 4;
    switch (a & 15) {
      case A_TASK:
        for (const o of [L.task_status, L.task_cont, L.task_killed, L.task_pc]) reads.add(o + arg);
        reads.add(TASK_WORK + arg);
        return;
      case A_KILL:
        for (let t = 0; t < k.T; t++) reads.add(L.task_status + t).add(L.task_killed + t);
        return;
      case A_DELAYED_FPUT:
      case A_KWORKER_CONT:
        reads.add(L.kw_cont).add(TASK_WORK + 255);
        return;
      case A_SRCU:
        reads.add(L.srcu_pending + arg);
        return;
      case A_DMA:
      case A_FAULT:
      case A_WORK_DMA:
      case A_WORK_FAULT: {
        const e0 = k.ent(k.sys.files[arg].dev, 0);
        reads.add(L.q_state + arg).add(L.q_pasid + arg).add(L.work_pasid + arg);
        reads.add(L.ent_state + e0 + s[L.q_pasid + arg]).add(L.ent_state + e0 + s[L.work_pasid + arg]);
        return;
      }
    }
  }

  private objects(locs: Set<number>): Set<number> {
    const out = new Set<number>();
    for (const i of locs) out.add(i >= TASK_WORK ? i : this.objectOf[i]);
    return out;
  }
}

function independent(x: Footprint, y: Footprint): boolean {
  for (const i of x.changes) if (y.reads.has(i)) return false;
  for (const i of y.changes) if (x.reads.has(i)) return false;
  return true;
}

function explore(m: SvaModel, mode: Mode): { states: number; taken: number; enabled: number } {
  const tracker = new Tracker(m, mode === "plain" ? "bytes" : mode);
  const key = (s: Uint8Array): string => Buffer.from(s.buffer, s.byteOffset, s.length).toString("latin1");
  type Entry = { s: Uint8Array; sleep: Map<number, Footprint> };
  const depthOf = new Map<string, number>();
  const init = m.initialStates()[0];
  let level = new Map<string, Entry>([[key(init), { s: init, sleep: new Map() }]]);
  depthOf.set(key(init), 0);
  let states = 1;
  let taken = 0;
  let enabled = 0;
  for (let depth = 1; level.size > 0; depth++) {
    const next = new Map<string, Entry>();
    for (const { s, sleep } of level.values()) {
      const acts: number[] = [];
      m.actions(s, acts);
      enabled += acts.length;
      const done: [number, Footprint][] = [];
      for (const a of acts) {
        if (mode !== "plain" && sleep.has(a)) continue;
        taken++;
        const r = tracker.run(s, a);
        if (r === undefined) continue;
        const z = new Map<number, Footprint>();
        if (mode !== "plain") {
          for (const [b, fb] of sleep) if (independent(r.fp, fb)) z.set(b, fb);
          for (const [b, fb] of done) if (independent(r.fp, fb)) z.set(b, fb);
          done.push([a, r.fp]);
        }
        const kx = key(r.out);
        const seen = depthOf.get(kx);
        if (seen === undefined) {
          depthOf.set(kx, depth);
          next.set(kx, { s: r.out, sleep: z });
          states++;
        } else if (seen === depth) {
          const e = next.get(kx)!;
          for (const b of [...e.sleep.keys()]) if (!z.has(b)) e.sleep.delete(b);
        }
      }
    }
    level = next;
  }
  return { states, taken, enabled };
}

const drivers = Number(process.argv[2] ?? 4);
const design = process.argv[3] ?? "free-on-mmdrop";
const iommu = (process.argv[4] ?? "arm-smmu-v3") as IommuName;
const parsed = parseScenario(racingDrivers(drivers), `${drivers} drivers`, { design, iommu });
if (!parsed.ok) throw new Error("racing drivers scenario does not parse");
const model = createSvaModel(parsed.scenario, { design, iommu });
console.log(`${drivers} racing drivers, ${design}, ${iommu}`);
const plain = explore(model, "plain");
console.log(`plain    states ${plain.states}  transitions ${plain.taken}`);
for (const mode of ["bytes", "objects"] as const) {
  const r = explore(model, mode);
  if (r.states !== plain.states) throw new Error(`${mode}: ${r.states} states, plain search ${plain.states}: the reduction lost states`);
  console.log(`${mode.padEnd(8)} states ${r.states}  transitions ${r.taken}  (${((1 - r.taken / plain.taken) * 100).toFixed(1)} % fewer)`);
}
