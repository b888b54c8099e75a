/**
 * Symmetry reduction for interchangeable processes (system.ts symmetryClasses): a state is
 * rewritten into the representative where each class's processes are sorted by their own
 * objects (task, mm, files_struct, files, VMAs, per-(device, mm) objects). Renaming a process's
 * objects consistently — every index of them and every reference to them — changes no rule's
 * outcome and no property, so the reduction is exact; ties keep the current order (a sound, if
 * not always minimal, representative).
 */
import { CONT_ARM_UNBIND_TAIL, REL_DELAYED } from "./layout.js";
import type { Kernel } from "./kernel.js";

type Space = "task" | "mm" | "group" | "fd" | "file" | "vma" | "dm" | "none";
type Ref = "mm1" | "file1" | "task1" | "none";

/** Which index space each field is indexed by, and what its values refer to. */
const FIELD_SPACE: Record<string, [Space, Ref]> = {
  zero: ["none", "none"],
  task_status: ["task", "none"],
  task_pc: ["task", "none"],
  task_mm: ["task", "mm1"],
  task_msr: ["task", "none"],
  task_cont: ["task", "none"],
  task_killed: ["task", "none"],
  mm_stage: ["mm", "none"],
  mm_users: ["mm", "none"],
  mm_count: ["mm", "none"],
  mm_pasid: ["mm", "none"],
  fs_count: ["group", "none"],
  fs_fd: ["fd", "file1"],
  f_state: ["file", "none"],
  f_count: ["file", "none"],
  f_rel: ["file", "task1"],
  q_state: ["file", "none"],
  q_mm: ["file", "mm1"],
  q_pasid: ["file", "none"],
  q_owner: ["file", "mm1"],
  work_pasid: ["file", "none"],
  work_mm: ["file", "mm1"],
  vma_file: ["vma", "file1"],
  vma_mm: ["vma", "mm1"],
  pasid_owner: ["none", "mm1"],
  pasid_refs: ["none", "none"],
  ent_state: ["none", "none"],
  ent_mm: ["none", "mm1"],
  wq_owner: ["none", "file1"],
  lock_owner: ["none", "task1"],
  kw_cont: ["none", "none"],
  bond_refs: ["dm", "none"],
  mn_state: ["dm", "none"],
  srcu_pending: ["dm", "none"],
  svm_state: ["none", "none"],
  svm_mm: ["none", "mm1"],
  sdev_users: ["none", "none"],
  handle_users: ["dm", "none"],
  dom_users: ["mm", "none"],
  dom_state: ["mm", "none"],
};

interface Member {
  task: number;
  mm: number;
  group: number;
  files: number[];
  vmas: number[];
  /**
   * Every byte of the state indexed by one of this member's objects (its task, mm, files_struct
   * and fds, files, VMAs, per-(device, mm) objects), in an order shared by its whole class: the
   * k-th byte of two members is the same field of their corresponding objects.
   */
  bytes: Int32Array;
}

export class Symmetry {
  private readonly classes: Member[][];
  private readonly taskMap: Int32Array;
  private readonly mmMap: Int32Array;
  private readonly fileMap: Int32Array;
  private readonly copy: Uint8Array;
  /** Scratch of one class's insertion sort: order[slot] is the member that goes to slot. */
  private readonly order: Int32Array;
  /**
   * The members that move in the current canonicalization: moveFrom[i]'s bytes go to
   * moveTo[i]'s, for the first `moves` entries (fixed-length arrays: no length resets on the
   * hot path).
   */
  private readonly moveFrom: Member[];
  private readonly moveTo: Member[];
  /** Every byte whose value names a task, an mm or a file (plus one), and which of the three. */
  private readonly refBytes: Int32Array;
  private readonly refKind: Uint8Array;

  constructor(private readonly k: Kernel) {
    const sys = k.sys;
    const fields = k.fields.map((f) => {
      const [space, ref] = FIELD_SPACE[f.name] ?? (() => {
        throw new Error(`symmetry: no index space for field ${f.name}`);
      })();
      return { offset: f.offset, count: f.count, space, ref };
    });
    this.classes = sys.symmetryClasses.map((c) =>
      c.map((t) => {
        const prog = sys.tasks[t].program;
        const m = {
          task: t,
          mm: sys.tasks[t].initialMm,
          group: sys.tasks[t].group,
          files: prog.filter((op) => op.file >= 0).map((op) => op.file),
          vmas: prog.filter((op) => op.vma >= 0).map((op) => op.vma),
        };
        return { ...m, bytes: Int32Array.from(fields.flatMap((f) => memberBytes(k, f.offset, f.count, f.space, m))) };
      }),
    );
    const refs = fields.filter((f) => f.ref !== "none").flatMap((f) => Array.from({ length: f.count }, (_, i) => ({ byte: f.offset + i, kind: REF_KIND[f.ref] })));
    this.refBytes = Int32Array.from(refs, (r) => r.byte);
    this.refKind = Uint8Array.from(refs, (r) => r.kind);
    const members = this.classes.flat();
    this.order = new Int32Array(Math.max(0, ...this.classes.map((c) => c.length)));
    this.moveFrom = members.slice();
    this.moveTo = members.slice();
    this.taskMap = new Int32Array(k.T);
    this.mmMap = new Int32Array(k.M);
    this.fileMap = new Int32Array(k.F);
    this.copy = new Uint8Array(k.stateSize);
  }

  get enabled(): boolean {
    return this.classes.length > 0;
  }

  /** Compare members a and b of a class by their own objects (self references normalised). */
  private compare(s: Uint8Array, a: Member, b: Member): number {
    const L = this.k.L;
    let d =
      s[L.task_status + a.task] - s[L.task_status + b.task] ||
      s[L.task_pc + a.task] - s[L.task_pc + b.task] ||
      s[L.mm_pasid + a.mm] - s[L.mm_pasid + b.mm] ||
      s[L.mm_stage + a.mm] - s[L.mm_stage + b.mm] ||
      s[L.mm_users + a.mm] - s[L.mm_users + b.mm] ||
      s[L.mm_count + a.mm] - s[L.mm_count + b.mm] ||
      Math.min(s[L.task_cont + a.task], CONT_ARM_UNBIND_TAIL) - Math.min(s[L.task_cont + b.task], CONT_ARM_UNBIND_TAIL) ||
      s[L.task_msr + a.task] - s[L.task_msr + b.task] ||
      s[L.task_killed + a.task] - s[L.task_killed + b.task] ||
      s[L.fs_count + a.group] - s[L.fs_count + b.group];
    if (d !== 0) return d;
    for (let i = 0; i < a.files.length; i++) {
      const fa = a.files[i];
      const fb = b.files[i];
      d =
        s[L.f_state + fa] - s[L.f_state + fb] ||
        s[L.f_count + fa] - s[L.f_count + fb] ||
        s[L.q_state + fa] - s[L.q_state + fb] ||
        s[L.q_pasid + fa] - s[L.q_pasid + fb] ||
        s[L.work_pasid + fa] - s[L.work_pasid + fb] ||
        rel(s[L.f_rel + fa], a.task) - rel(s[L.f_rel + fb], b.task);
      if (d !== 0) return d;
    }
    for (let i = 0; i < a.vmas.length; i++) {
      d = (s[L.vma_file + a.vmas[i]] === 0 ? 0 : 1) - (s[L.vma_file + b.vmas[i]] === 0 ? 0 : 1);
      if (d !== 0) return d;
    }
    return 0;
  }

  /** True when every class's members are already in order (the common case: nothing to do). */
  private sorted(s: Uint8Array): boolean {
    const classes = this.classes;
    for (let c = 0; c < classes.length; c++) {
      const cls = classes[c];
      for (let i = 1; i < cls.length; i++) if (this.compare(s, cls[i - 1], cls[i]) > 0) return false;
    }
    return true;
  }

  /** Rewrite s in place into its representative. */
  canonicalize(s: Uint8Array): void {
    if (this.sorted(s)) return;
    const k = this.k;
    const moveFrom = this.moveFrom;
    const moveTo = this.moveTo;
    let moves = 0;
    for (let i = 0; i < k.T; i++) this.taskMap[i] = i;
    for (let i = 0; i < k.M; i++) this.mmMap[i] = i;
    for (let i = 0; i < k.F; i++) this.fileMap[i] = i;
    const order = this.order;
    for (const cls of this.classes) {
      for (let i = 0; i < cls.length; i++) {
        // insertion sort by member order; stable
        let j = i;
        while (j > 0 && this.compare(s, cls[order[j - 1]], cls[i]) > 0) {
          order[j] = order[j - 1];
          j--;
        }
        order[j] = i;
      }
      for (let slot = 0; slot < cls.length; slot++) {
        const from = cls[order[slot]];
        const to = cls[slot];
        if (from === to) continue;
        moveFrom[moves] = from;
        moveTo[moves] = to;
        moves++;
        this.taskMap[from.task] = to.task;
        this.mmMap[from.mm] = to.mm;
        for (let i = 0; i < from.files.length; i++) this.fileMap[from.files[i]] = to.files[i];
      }
    }
    if (moves > 0) this.permute(s, moves);
  }

  /**
   * Rename in place: each moving member's bytes go to its new place (every byte indexed by a
   * class member's object belongs to exactly one member, and the moves permute the members),
   * then every reference to a task, an mm or a file is renamed, then the continuations, which
   * name their file in the value.
   */
  private permute(s: Uint8Array, moves: number): void {
    const c = this.copy;
    c.set(s);
    const moveFrom = this.moveFrom;
    const moveTo = this.moveTo;
    for (let m = 0; m < moves; m++) {
      const from = moveFrom[m].bytes;
      const to = moveTo[m].bytes;
      for (let i = 0; i < from.length; i++) s[to[i]] = c[from[i]];
    }
    const refBytes = this.refBytes;
    const refKind = this.refKind;
    const taskMap = this.taskMap;
    const mmMap = this.mmMap;
    const fileMap = this.fileMap;
    for (let i = 0; i < refBytes.length; i++) {
      const b = refBytes[i];
      const v = s[b];
      if (v === 0) continue;
      const kind = refKind[i];
      if (kind === REF_MM) s[b] = mmMap[v - 1] + 1;
      else if (kind === REF_FILE) s[b] = fileMap[v - 1] + 1;
      else if (v !== REL_DELAYED) s[b] = taskMap[v - 1] + 1;
    }
    const k = this.k;
    const L = k.L;
    for (let t = 0; t < k.T; t++) {
      const v = s[L.task_cont + t];
      if (v >= CONT_ARM_UNBIND_TAIL) s[L.task_cont + t] = CONT_ARM_UNBIND_TAIL + fileMap[v - CONT_ARM_UNBIND_TAIL];
    }
    if (s[L.kw_cont] >= CONT_ARM_UNBIND_TAIL) s[L.kw_cont] = CONT_ARM_UNBIND_TAIL + fileMap[s[L.kw_cont] - CONT_ARM_UNBIND_TAIL];
  }
}

const REF_MM = 1;
const REF_FILE = 2;
const REF_TASK = 3;
const REF_KIND: Record<Ref, number> = { none: 0, mm1: REF_MM, file1: REF_FILE, task1: REF_TASK };

/** The bytes of a field (at `offset`, `count` elements, indexed by `space`) that belong to member m. */
function memberBytes(k: Kernel, offset: number, count: number, space: Space, m: Omit<Member, "bytes">): number[] {
  switch (space) {
    case "task":
      return [offset + m.task];
    case "mm":
      return [offset + m.mm];
    case "group":
      return [offset + m.group];
    case "fd":
      return Array.from({ length: k.FDN }, (_, r) => offset + m.group * k.FDN + r);
    case "file":
      return m.files.map((f) => offset + f);
    case "vma":
      return m.vmas.map((v) => offset + v);
    case "dm":
      return Array.from({ length: count / k.M }, (_, d) => offset + d * k.M + m.mm);
    case "none":
      return [];
  }
}

/** f_rel relative to the owner task: 0 none, 1 its own task work, 2 delayed, 3 another task's. */
function rel(v: number, task: number): number {
  return v === 0 ? 0 : v === task + 1 ? 1 : v === REL_DELAYED ? 2 : 3;
}
