/**
 * The kernel instance: one compiled system, one design, one IOMMU driver, and the byte layout of
 * their state. Kernel rules are plain functions `(k, s, ...)` that read and write the state `s`
 * through `k.L`'s offsets; a rule that detects a transition-property violation ORs its bit into
 * `k.viol`, and when `k.log` is non-null it also appends a line in kernel terms for traces.
 */
import { LayoutBuilder, type FieldInfo } from "./layout.js";
import { OP_ENQCMD, OP_EXEC, OP_FORK, OP_THREAD, type SystemConfig } from "./system.js";
import type { Design } from "./designs/design.js";
import type { IommuDriver } from "./iommu-driver.js";

/** Byte offsets of every field; a field absent from this system has count 0 (never read). */
export interface Offsets {
  // tasks (T)
  task_status: number;
  task_pc: number;
  /** mm index + 1 (0: none). Kept as the lazy active_mm until the task is dead. */
  task_mm: number;
  /** IA32_PASID MSR: the PASID loaded by the #GP fixup; 0 = pasid_activated clear. */
  task_msr: number;
  /** CONT_NONE, CONT_DE_THREAD, or CONT_ARM_UNBIND_TAIL + file. */
  task_cont: number;
  /** SIGKILL pending (exit_group of another thread, kill, SIGSEGV) while in the kernel. */
  task_killed: number;
  // mm_struct (M)
  mm_stage: number;
  mm_users: number;
  mm_count: number;
  /** mm->pasid, 0 = INVALID_IOASID / no PASID. */
  mm_pasid: number;
  // files_struct (G) and fd tables (G × FDN)
  fs_count: number;
  fs_fd: number;
  // struct file (F), with its driver queue
  f_state: number;
  f_count: number;
  f_rel: number;
  q_state: number;
  /** mm index + 1 the queue is bound to (the bond's mm). */
  q_mm: number;
  /** The PASID stored in the queue / context at bind time. */
  q_pasid: number;
  /** mm index + 1 of the task that started the queue (submits work in its own address space). */
  q_owner: number;
  /** idxd shared WQ: PASID of a submitted ENQCMD descriptor (0 = none). */
  work_pasid: number;
  work_mm: number;
  // VMAs (V)
  vma_file: number;
  vma_mm: number;
  // PASID allocator (P + 1; index 0 unused)
  pasid_owner: number;
  pasid_refs: number;
  // PASID tables (D × (P + 1))
  ent_state: number;
  ent_mm: number;
  // idxd dedicated WQ owner (D): file + 1
  wq_owner: number;
  // global
  lock_owner: number;
  /** The delayed-fput kworker's continuation (as task_cont). */
  kw_cont: number;
  // Arm legacy (D × M)
  bond_refs: number;
  mn_state: number;
  srcu_pending: number;
  // Intel legacy
  svm_state: number;
  svm_mm: number;
  sdev_users: number;
  // iommu-mm (6.x)
  handle_users: number;
  dom_users: number;
  dom_state: number;
}

/** Which design-/driver-specific object families a system needs in its state. */
export interface LayoutNeeds {
  pasidRefs: boolean;
  armBonds: boolean;
  intelSvm: boolean;
  iommuMm: boolean;
}

/**
 * Fields only some scenarios can ever set. A system that cannot leaves them out of its state:
 * they read as 0 from a shared all-zero region (`zero`), which the rules only ever write 0 to,
 * except q_owner, which then reads q_mm (the opener is then the only one who can start a queue).
 */
export interface ScenarioNeeds {
  /** Some thread runs ENQCMD: task_msr, work_pasid, work_mm. */
  enqcmd: boolean;
  /** An idxd dedicated WQ: wq_owner. */
  dedicatedWq: boolean;
  /** A kill can find a task inside the kernel (may-die, or threads): task_killed. */
  killed: boolean;
  /** A queue can be started by another mm than the opener's (fork, thread, exec): q_owner. */
  qOwner: boolean;
}

export function scenarioNeeds(sys: SystemConfig): ScenarioNeeds {
  const ops = sys.tasks.flatMap((t) => t.program.map((op) => op.op));
  return {
    enqcmd: ops.includes(OP_ENQCMD),
    dedicatedWq: sys.devices.some((d) => d.driver === "idxd" && d.wq === "dedicated"),
    killed: sys.tasks.some((t) => t.mayDie || t.isThread),
    qOwner: ops.some((op) => op === OP_FORK || op === OP_THREAD || op === OP_EXEC),
  };
}

export class Kernel {
  readonly L: Offsets;
  readonly fields: readonly FieldInfo[];
  readonly stateSize: number;
  readonly T: number;
  readonly M: number;
  readonly F: number;
  readonly V: number;
  readonly G: number;
  readonly D: number;
  readonly P: number;
  readonly FDN: number;
  /** The 5.17 ioasid reference counts exist in this system. */
  readonly hasPasidRefs: boolean;
  /** Which design-/driver-specific object families this system's state has. */
  readonly needs: LayoutNeeds;
  /** Which scenario-dependent fields this system's state has. */
  readonly uses: ScenarioNeeds;
  /** Transition-property violations of the step being applied. */
  viol = 0;
  /** The step being applied had to wait for a lock another context holds: it is not enabled. */
  blocked = false;
  /** Who runs the step being applied: task index + 1, or ACTOR_KWORKER (lock ownership). */
  actor = 0;
  /** Kernel-terms notes of the step being applied (only while tracing). */
  log: string[] | null = null;

  constructor(
    readonly sys: SystemConfig,
    readonly design: Design,
    readonly iommu: IommuDriver,
  ) {
    const T = (this.T = sys.tasks.length);
    const M = (this.M = sys.mms.length);
    const F = (this.F = sys.files.length);
    const V = (this.V = sys.vmas.length);
    const G = (this.G = sys.groups);
    const D = (this.D = sys.devices.length);
    const P = (this.P = sys.pasids);
    const FDN = (this.FDN = sys.fdNames.length);
    const needs = design.layoutNeeds(iommu);
    this.hasPasidRefs = needs.pasidRefs;
    this.needs = needs;
    const uses = (this.uses = scenarioNeeds(sys));
    const b = new LayoutBuilder();
    const P1 = P + 1;
    // The shared all-zero region that absent optional fields read from.
    const absent = [uses.enqcmd ? 0 : Math.max(T, F), uses.dedicatedWq ? 0 : D, uses.killed ? 0 : T];
    const zero = b.field("zero", Math.max(0, ...absent), "global");
    const opt = (use: boolean, name: string, count: number, of: string): number => (use ? b.field(name, count, of) : zero);
    this.L = {
      task_status: b.field("task_status", T, "task"),
      task_pc: b.field("task_pc", T, "task"),
      task_mm: b.field("task_mm", T, "task"),
      task_msr: opt(uses.enqcmd, "task_msr", T, "task"),
      task_cont: b.field("task_cont", T, "task"),
      task_killed: opt(uses.killed, "task_killed", T, "task"),
      mm_stage: b.field("mm_stage", M, "mm"),
      mm_users: b.field("mm_users", M, "mm"),
      mm_count: b.field("mm_count", M, "mm"),
      mm_pasid: b.field("mm_pasid", M, "mm"),
      fs_count: b.field("fs_count", G, "files_struct"),
      fs_fd: b.field("fs_fd", G * FDN, "fd"),
      f_state: b.field("f_state", F, "file"),
      f_count: b.field("f_count", F, "file"),
      f_rel: b.field("f_rel", F, "file"),
      q_state: b.field("q_state", F, "file"),
      q_mm: b.field("q_mm", F, "file"),
      q_pasid: b.field("q_pasid", F, "file"),
      q_owner: -1, // set below: its own field, or q_mm's
      work_pasid: opt(uses.enqcmd, "work_pasid", F, "file"),
      work_mm: opt(uses.enqcmd, "work_mm", F, "file"),
      vma_file: b.field("vma_file", V, "vma"),
      vma_mm: b.field("vma_mm", V, "vma"),
      pasid_owner: b.field("pasid_owner", P1, "pasid"),
      pasid_refs: b.field("pasid_refs", needs.pasidRefs ? P1 : 0, "pasid"),
      ent_state: b.field("ent_state", D * P1, "entry"),
      ent_mm: b.field("ent_mm", D * P1, "entry"),
      wq_owner: opt(uses.dedicatedWq, "wq_owner", D, "device"),
      lock_owner: b.field("lock_owner", 1, "global"),
      kw_cont: b.field("kw_cont", 1, "global"),
      bond_refs: b.field("bond_refs", needs.armBonds ? D * M : 0, "bond"),
      mn_state: b.field("mn_state", needs.armBonds ? D * M : 0, "bond"),
      srcu_pending: b.field("srcu_pending", needs.armBonds ? D * M : 0, "bond"),
      svm_state: b.field("svm_state", needs.intelSvm ? P1 : 0, "svm"),
      svm_mm: b.field("svm_mm", needs.intelSvm ? P1 : 0, "svm"),
      sdev_users: b.field("sdev_users", needs.intelSvm ? P1 * D : 0, "sdev"),
      handle_users: b.field("handle_users", needs.iommuMm ? D * M : 0, "handle"),
      dom_users: b.field("dom_users", needs.iommuMm ? M : 0, "domain"),
      dom_state: b.field("dom_state", needs.iommuMm ? M : 0, "domain"),
    };
    this.L.q_owner = uses.qOwner ? b.field("q_owner", F, "file") : this.L.q_mm;
    this.fields = b.fields;
    this.stateSize = b.stateSize;
  }

  /** Index of PASID table entry (dev, pasid). */
  ent(dev: number, pasid: number): number {
    return dev * (this.P + 1) + pasid;
  }

  /** Index of a per-(device, mm) object (Arm bond / notifier, 6.x handle). */
  dm(dev: number, mm: number): number {
    return dev * this.M + mm;
  }

  note(line: string): void {
    this.log?.push(line);
  }

  mmName(mm: number): string {
    return `mm ${this.sys.mms[mm]}`;
  }

  fileName(f: number): string {
    return this.sys.files[f].name;
  }

  devName(dev: number): string {
    return this.sys.devices[dev].name;
  }

  actorName(actor: number): string {
    if (actor === 255) return "kworker";
    return this.sys.tasks[actor - 1].name;
  }
}
