/**
 * The kernel model as an engine Model: which steps are enabled in a state, and what each does.
 *
 * Steps (domain reference §8–§9): each task's next step (its pending kernel continuation, else
 * its queued task work, else its next statement or do_exit stage); an unexpected SIGKILL of a
 * `may-die` process; the delayed-fput kworker; Arm's SRCU notifier free; and the device's DMA and
 * page faults for each started queue or submitted ENQCMD descriptor.
 */
import type { Action, Model, Property } from "../engine/model.js";
import {
  ACTOR_KWORKER,
  CONT_ARM_UNBIND_TAIL,
  CONT_DE_THREAD,
  CONT_NONE,
  ENT_VALID,
  REL_DELAYED,
  TASK_DEAD,
  TASK_EXIT_DEAD,
  TASK_EXIT_FILES,
  TASK_EXIT_MM,
  TASK_EXIT_TASK_WORK,
  TASK_RUNNING,
  UACCE_Q_STARTED,
} from "./layout.js";
import { Kernel } from "./kernel.js";
import { compileSystem, type Op, OP_CLOSE, OP_ENQCMD, OP_EXEC, OP_EXIT, OP_FORK, OP_MMAP, OP_MUNMAP, OP_OPEN, OP_SLEEP, OP_START, OP_STOP, OP_THREAD, type SystemConfig } from "./system.js";
import type { Design } from "./designs/design.js";
import type { IommuDriver } from "./iommu-driver.js";
import { armSmmuV3 } from "./arm-smmu-v3-sva.js";
import { intelVtd } from "./intel-svm.js";
import { getDesign } from "./designs/index.js";
import type { IommuName } from "./names.js";
import { PROPERTIES } from "./properties/index.js";
import { BOND_INTEGRITY, EXIT_COMPLETES, NO_LEAK, STALE_ENTRY } from "./properties/bits.js";
import { broken_bond } from "./properties/bond-integrity.js";
import { stale_valid_entry } from "./properties/stale-entry.js";
import { leaks, undead_tasks } from "./properties/terminal.js";
import { __fput, __fput_continue, close_fd, fd_file, fd_install, pending_task_work } from "./file_table.js";
import { after_kernel_work, do_group_exit, exit_dead, exit_files, exit_mm } from "./exit.js";
import { copy_process_fork, copy_process_thread, mm_init } from "./fork.js";
import { do_execve, exec_mmap, other_threads_alive } from "./exec.js";
import { do_mmap, do_munmap, find_vma } from "./mmap.js";
import { driver_open, driver_start, driver_stop } from "./chardev.js";
import { enqcmd } from "./enqcmd.js";
import { device_dma, device_page_fault } from "./device.js";
import { mmdrop } from "./mm.js";
import type { Scenario } from "../scenario/types.js";
import { Symmetry } from "./symmetry.js";

export const IOMMUS: Readonly<Record<IommuName, IommuDriver>> = { "arm-smmu-v3": armSmmuV3, "intel-vt-d": intelVtd };

/** Action kinds (low 4 bits of an action; the argument is above). */
export const A_TASK = 0;
export const A_KILL = 1;
export const A_DELAYED_FPUT = 2;
export const A_KWORKER_CONT = 3;
export const A_SRCU = 4;
export const A_DMA = 5;
export const A_FAULT = 6;
export const A_WORK_DMA = 7;
export const A_WORK_FAULT = 8;

const act = (kind: number, arg: number): Action => kind | (arg << 4);

/** A statement on an fd the task does not have (a module function: no closure per step). */
function ebadf(k: Kernel, op: Op): void {
  if (k.log) k.note(`${op.text}: -EBADF`);
}

export interface SvaModelOptions {
  readonly design: string;
  readonly iommu: IommuName;
}

export class SvaModel implements Model {
  readonly k: Kernel;
  readonly stateSize: number;
  readonly properties: readonly Property[] = PROPERTIES;
  private readonly symmetry: Symmetry;

  /** Per task: program length, whether it is a thread, the pc of its exec (static, read by `actions`). */
  private readonly progLen: Uint8Array;
  private readonly isThread: Uint8Array;
  private readonly execAt: Int32Array;
  /** Group leaders of `may-die` processes (the tasks a kill action names). */
  private readonly killLeaders: Int32Array;
  /** Per file: the PASID table index of (its device, PASID 0); add a PASID to get its entry. */
  private readonly fileEnt0: Int32Array;

  constructor(
    readonly sys: SystemConfig,
    design: Design,
    iommu: IommuDriver,
  ) {
    this.k = new Kernel(sys, design, iommu);
    this.stateSize = this.k.stateSize;
    this.symmetry = new Symmetry(this.k);
    this.progLen = Uint8Array.from(sys.tasks, (t) => t.program.length);
    this.isThread = Uint8Array.from(sys.tasks, (t) => (t.isThread ? 1 : 0));
    this.execAt = Int32Array.from(sys.tasks, (t) => t.execAt);
    this.killLeaders = Int32Array.from(sys.tasks.flatMap((t, i) => (t.mayDie && t.leader === i ? [i] : [])));
    this.fileEnt0 = Int32Array.from(sys.files, (f) => this.k.ent(f.dev, 0));
  }

  /** Symmetry reduction over interchangeable processes (symmetry.ts). */
  canonicalize(s: Uint8Array): void {
    this.symmetry.canonicalize(s);
  }

  /** Boot: every root process runs with its own mm and files_struct. */
  initialStates(): Uint8Array[] {
    const k = this.k;
    const L = k.L;
    const s = new Uint8Array(this.stateSize);
    k.sys.tasks.forEach((t, i) => {
      if (!t.root) return;
      mm_init(k, s, t.initialMm);
      s[L.task_status + i] = TASK_RUNNING;
      s[L.task_mm + i] = t.initialMm + 1;
      s[L.fs_count + t.group] = 1;
    });
    return [s];
  }

  actions(s: Uint8Array, out: Action[]): void {
    const k = this.k;
    const L = k.L;
    const T = k.T;
    const F = k.F;
    for (let t = 0; t < T; t++) if (this.taskEnabled(s, t)) out.push(act(A_TASK, t));
    const kl = this.killLeaders;
    for (let i = 0; i < kl.length; i++) if (this.killable(s, kl[i])) out.push(act(A_KILL, kl[i]));
    const kwBusy = s[L.kw_cont] !== CONT_NONE;
    if (kwBusy) out.push(act(A_KWORKER_CONT, 0));
    else for (let f = 0; f < F; f++) if (s[L.f_rel + f] === REL_DELAYED) out.push(act(A_DELAYED_FPUT, f));
    if (k.needs.armBonds) {
      const n = k.D * k.M;
      const o = L.srcu_pending;
      for (let i = 0; i < n; i++) if (s[o + i] > 0) out.push(act(A_SRCU, i));
    }
    const ent0 = this.fileEnt0;
    const qs = L.q_state;
    const qp = L.q_pasid;
    const es = L.ent_state;
    const wp = L.work_pasid;
    for (let f = 0; f < F; f++) {
      if (s[qs + f] === UACCE_Q_STARTED) {
        out.push(act(A_DMA, f));
        if (s[es + ent0[f] + s[qp + f]] === ENT_VALID) out.push(act(A_FAULT, f));
      }
      const w = s[wp + f];
      if (w !== 0) {
        out.push(act(A_WORK_DMA, f));
        if (s[es + ent0[f] + w] === ENT_VALID) out.push(act(A_WORK_FAULT, f));
      }
    }
  }

  private taskEnabled(s: Uint8Array, t: number): boolean {
    const L = this.k.L;
    const st = s[L.task_status + t];
    if (st === TASK_RUNNING) {
      const cont = s[L.task_cont + t];
      if (cont === CONT_DE_THREAD) return !other_threads_alive(this.k, s, t);
      if (cont !== CONT_NONE || s[L.task_killed + t]) return true;
      const pc = s[L.task_pc + t];
      if (pc < this.progLen[t]) return true;
      return pending_task_work(this.k, s, t) >= 0 || this.isThread[t] === 0 || pc > this.execAt[t];
    }
    return st >= TASK_EXIT_MM && st <= TASK_EXIT_DEAD;
  }

  private killable(s: Uint8Array, leader: number): boolean {
    const k = this.k;
    const g = k.sys.tasks[leader].group;
    for (let t = 0; t < k.T; t++) {
      if (k.sys.tasks[t].group === g && s[k.L.task_status + t] === TASK_RUNNING && !s[k.L.task_killed + t]) return true;
    }
    return false;
  }

  next(s: Uint8Array, a: Action, out: Uint8Array): number {
    const k = this.k;
    k.viol = 0;
    k.blocked = false;
    this.apply(out, a);
    if (k.blocked) return -1;
    return k.viol;
  }

  /** Apply action a to s in place (k.viol and k.log collect its effects). */
  apply(s: Uint8Array, a: Action): void {
    const k = this.k;
    const arg = a >> 4;
    switch (a & 15) {
      case A_TASK:
        k.actor = arg + 1;
        this.taskStep(s, arg);
        return;
      case A_KILL:
        k.actor = arg + 1;
        do_group_exit(k, s, arg, "SIGKILL");
        return;
      case A_DELAYED_FPUT:
        k.actor = ACTOR_KWORKER;
        __fput(k, s, arg, ACTOR_KWORKER);
        return;
      case A_KWORKER_CONT: {
        k.actor = ACTOR_KWORKER;
        const f = s[k.L.kw_cont] - CONT_ARM_UNBIND_TAIL;
        s[k.L.kw_cont] = CONT_NONE;
        __fput_continue(k, s, f, ACTOR_KWORKER);
        return;
      }
      case A_SRCU: {
        k.actor = 0;
        s[k.L.srcu_pending + arg]--;
        const mm = arg % k.M;
        if (k.log) k.note("mmu_notifier_free_rcu: arm_smmu_mmu_notifier_free (kfree)");
        mmdrop(k, s, mm, "mmu_notifier_free_rcu");
        return;
      }
      case A_DMA:
        k.actor = 0;
        device_dma(k, s, arg, false);
        return;
      case A_FAULT:
        k.actor = 0;
        device_page_fault(k, s, arg, false);
        return;
      case A_WORK_DMA:
        k.actor = 0;
        device_dma(k, s, arg, true);
        return;
      case A_WORK_FAULT:
        k.actor = 0;
        device_page_fault(k, s, arg, true);
        return;
    }
    throw new Error(`unknown action ${a}`);
  }

  private taskStep(s: Uint8Array, t: number): void {
    const k = this.k;
    const L = k.L;
    const cont = s[L.task_cont + t];
    if (cont >= CONT_ARM_UNBIND_TAIL) {
      const f = cont - CONT_ARM_UNBIND_TAIL;
      s[L.task_cont + t] = CONT_NONE;
      __fput_continue(k, s, f, t + 1);
      after_kernel_work(k, s, t);
      return;
    }
    if (cont === CONT_DE_THREAD) {
      s[L.task_cont + t] = CONT_NONE;
      const op = k.sys.tasks[t].program[s[L.task_pc + t]];
      s[L.task_pc + t]++;
      exec_mmap(k, s, t, op.mm);
      return;
    }
    switch (s[L.task_status + t]) {
      case TASK_RUNNING: {
        const tw = pending_task_work(k, s, t);
        if (tw >= 0) {
          if (k.log) k.note("task_work_run");
          __fput(k, s, tw, t + 1);
          after_kernel_work(k, s, t);
          return;
        }
        if (s[L.task_killed + t]) {
          after_kernel_work(k, s, t);
          return;
        }
        const info = k.sys.tasks[t];
        const pc = s[L.task_pc + t];
        if (pc >= info.program.length) {
          do_group_exit(k, s, t, "end of program: exit_group");
          return;
        }
        s[L.task_pc + t] = pc + 1;
        this.statement(s, t, pc);
        return;
      }
      case TASK_EXIT_MM:
        exit_mm(k, s, t);
        return;
      case TASK_EXIT_FILES:
        exit_files(k, s, t);
        return;
      case TASK_EXIT_TASK_WORK: {
        const tw = pending_task_work(k, s, t);
        if (tw >= 0) __fput(k, s, tw, t + 1);
        after_kernel_work(k, s, t);
        return;
      }
      case TASK_EXIT_DEAD:
        exit_dead(k, s, t);
        return;
    }
  }

  private statement(s: Uint8Array, t: number, pc: number): void {
    const k = this.k;
    const op = k.sys.tasks[t].program[pc];
    switch (op.op) {
      case OP_OPEN: {
        const r = driver_open(k, s, t, op.dev, op.file);
        if (r === 0) fd_install(k, s, t, op.fd, op.file);
        else if (k.log) k.note(`open fails: ${errnoName(r)}`);
        return;
      }
      case OP_CLOSE:
        if (!close_fd(k, s, t, op.fd)) ebadf(k, op);
        return;
      case OP_MMAP:
        if (!do_mmap(k, s, t, op.fd, op.vma)) ebadf(k, op);
        return;
      case OP_MUNMAP:
        if (!do_munmap(k, s, t, op.fd) && k.log) k.note(`${op.text}: nothing mapped`);
        return;
      case OP_ENQCMD: {
        // ENQCMD writes to the mapped portal: the mapping, not the fd, names the device.
        const v = find_vma(k, s, t, op.fd);
        if (v < 0) {
          if (k.log) k.note(`${op.text}: portal not mapped: SIGSEGV ignored`);
          return;
        }
        return enqcmd(k, s, t, s[k.L.vma_file + v] - 1);
      }
      case OP_START:
      case OP_STOP: {
        const f = fd_file(k, s, t, op.fd);
        if (f < 0) return ebadf(k, op);
        const r = op.op === OP_START ? driver_start(k, s, t, f) : driver_stop(k, s, f);
        if (r < 0 && k.log) k.note(`${op.text}: ${errnoName(r)}`);
        return;
      }
      case OP_THREAD:
        return copy_process_thread(k, s, t, op);
      case OP_FORK:
        return copy_process_fork(k, s, t, op);
      case OP_EXEC:
        if (!do_execve(k, s, t, op)) s[k.L.task_pc + t] = pc; // waits in de_thread
        return;
      case OP_EXIT:
        return do_group_exit(k, s, t, "exit_group");
      case OP_SLEEP:
        return;
    }
  }

  /** bond-integrity, and stale-entry's state half (`checkedInStates`: see properties/index.ts). */
  check(s: Uint8Array): number {
    return (broken_bond(this.k, s) >= 0 ? BOND_INTEGRITY : 0) | (stale_valid_entry(this.k, s) >= 0 ? STALE_ENTRY : 0);
  }

  checkTerminal(s: Uint8Array): number {
    if (undead_tasks(this.k, s).length > 0) return EXIT_COMPLETES;
    return leaks(this.k, s).length > 0 ? NO_LEAK : 0;
  }

  /** Who performs an action, for traces: a task name, "kworker", "SRCU" or a device. */
  actionActor(s: Uint8Array, a: Action): string {
    const k = this.k;
    const arg = a >> 4;
    switch (a & 15) {
      case A_TASK:
      case A_KILL:
        return k.sys.tasks[arg].name;
      case A_DELAYED_FPUT:
      case A_KWORKER_CONT:
        return "kworker";
      case A_SRCU:
        return "SRCU";
      default:
        return k.devName(k.sys.files[arg].dev);
    }
  }

  actionLabel(s: Uint8Array, a: Action): string {
    const k = this.k;
    const L = k.L;
    const arg = a >> 4;
    switch (a & 15) {
      case A_TASK: {
        const t = arg;
        const name = k.sys.tasks[t].name;
        const cont = s[L.task_cont + t];
        if (cont >= CONT_ARM_UNBIND_TAIL) return `${name}: arm_smmu_sva_unbind continues after mmu_notifier_put`;
        if (cont === CONT_DE_THREAD) return `${name}: exec: exec_mmap`;
        switch (s[L.task_status + t]) {
          case TASK_RUNNING: {
            const tw = pending_task_work(k, s, t);
            if (tw >= 0) return `${name}: task_work: __fput(${k.fileName(tw)})`;
            if (s[L.task_killed + t]) return `${name}: do_exit (killed)`;
            const pc = s[L.task_pc + t];
            const prog = k.sys.tasks[t].program;
            return pc < prog.length ? `${name}: ${prog[pc].text}` : `${name}: exit (end of program)`;
          }
          case TASK_EXIT_MM:
            return `${name}: do_exit: exit_mm`;
          case TASK_EXIT_FILES:
            return `${name}: do_exit: exit_files`;
          case TASK_EXIT_TASK_WORK: {
            const tw = pending_task_work(k, s, t);
            return tw >= 0 ? `${name}: do_exit: exit_task_work: __fput(${k.fileName(tw)})` : `${name}: do_exit: exit_task_work`;
          }
          case TASK_EXIT_DEAD:
            return `${name}: do_exit: final schedule (dead)`;
          case TASK_DEAD:
            return `${name}: dead`;
        }
        return `${name}: ?`;
      }
      case A_KILL:
        return `kill ${k.sys.tasks[arg].name} (SIGKILL)`;
      case A_DELAYED_FPUT:
        return `kworker: delayed_fput: __fput(${k.fileName(arg)})`;
      case A_KWORKER_CONT:
        return "kworker: arm_smmu_sva_unbind continues after mmu_notifier_put";
      case A_SRCU:
        return `SRCU callback: mmu_notifier_free_rcu → mmdrop(${k.mmName(arg % k.M)})`;
      case A_DMA:
        return `${k.devName(k.sys.files[arg].dev)}: DMA for ${k.fileName(arg)} (PASID ${s[L.q_pasid + arg]})`;
      case A_FAULT:
        return `${k.devName(k.sys.files[arg].dev)}: page fault for ${k.fileName(arg)} (PASID ${s[L.q_pasid + arg]})`;
      case A_WORK_DMA:
        return `${k.devName(k.sys.files[arg].dev)}: ENQCMD descriptor of ${k.fileName(arg)} runs (PASID ${s[L.work_pasid + arg]})`;
      case A_WORK_FAULT:
        return `${k.devName(k.sys.files[arg].dev)}: page fault for ENQCMD descriptor of ${k.fileName(arg)} (PASID ${s[L.work_pasid + arg]})`;
    }
    return `action ${a}`;
  }
}

export function errnoName(r: number): string {
  const names: Record<number, string> = { [-12]: "-ENOMEM", [-16]: "-EBUSY", [-22]: "-EINVAL", [-28]: "-ENOSPC", [-75]: "-EOVERFLOW", [-19]: "-ENODEV" };
  return names[r] ?? `errno ${r}`;
}

export type ScenarioShape = Pick<Scenario, "name" | "pasids" | "devices" | "processes">;

/** Build the model of a scenario under a design (name or kernel alias) and IOMMU driver. */
export function createSvaModel(sc: ScenarioShape, opts: SvaModelOptions): SvaModel {
  const design = getDesign(opts.design);
  if (!design) throw new Error(`unknown design '${opts.design}'`);
  const iommu = IOMMUS[opts.iommu];
  if (!iommu) throw new Error(`unknown IOMMU driver '${opts.iommu}'`);
  return new SvaModel(compileSystem(sc), design, iommu);
}
