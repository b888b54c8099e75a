/**
 * Task exit (kernel/exit.c, 5.x–6.x). `exit` is exit_group: every thread of the group runs
 * do_exit. do_exit's order, one step each: exit_mm (mmgrab: the task keeps its mm as lazy
 * active_mm; then mmput) → exit_files (the last user of the files_struct closes every fd) →
 * exit_task_work (this task's queued releases, one per step) → the final schedule
 * (finish_task_switch → mmdrop of active_mm) → dead.
 */
import {
  CONT_DE_THREAD,
  CONT_NONE,
  TASK_DEAD,
  TASK_EXIT_DEAD,
  TASK_EXIT_FILES,
  TASK_EXIT_MM,
  TASK_EXIT_TASK_WORK,
  TASK_RUNNING,
} from "./layout.js";
import type { Kernel } from "./kernel.js";
import { mmdrop, mmgrab, mmput } from "./mm.js";
import { fput, pending_task_work } from "./file_table.js";

/**
 * do_group_exit / SIGKILL (kernel/signal.c zap_other_threads): every running thread of t's group
 * enters do_exit at its next return to user space; one inside the kernel (a split function, or
 * task work queued) first finishes that (get_signal runs task work first).
 */
export function do_group_exit(k: Kernel, s: Uint8Array, t: number, why: string): void {
  const L = k.L;
  const g = k.sys.tasks[t].group;
  if (k.log) k.note(`${why}: every thread of ${k.sys.tasks[k.sys.tasks[t].leader].name}'s group exits`);
  for (let u = 0; u < k.T; u++) {
    if (k.sys.tasks[u].group !== g || s[L.task_status + u] !== TASK_RUNNING) continue;
    const cont = s[L.task_cont + u];
    if (cont === CONT_DE_THREAD) {
      s[L.task_cont + u] = CONT_NONE; // a fatal signal ends de_thread's wait: exec fails
      s[L.task_status + u] = TASK_EXIT_MM;
    } else if (cont !== CONT_NONE || pending_task_work(k, s, u) >= 0) {
      s[L.task_killed + u] = 1;
    } else {
      s[L.task_status + u] = TASK_EXIT_MM;
    }
  }
}

/** exit_mm (kernel/exit.c): mmgrab (lazy active_mm), then mmput of this task's mm_users. */
export function exit_mm(k: Kernel, s: Uint8Array, t: number): void {
  const mm = s[k.L.task_mm + t] - 1;
  mmgrab(k, s, mm, "exit_mm: active_mm");
  mmput(k, s, mm, t + 1, "exit_mm");
  s[k.L.task_status + t] = TASK_EXIT_FILES;
}

/** exit_files (kernel/exit.c) → put_files_struct: the last user closes every fd (fput). */
export function exit_files(k: Kernel, s: Uint8Array, t: number): void {
  const L = k.L;
  const g = k.sys.tasks[t].group;
  if (--s[L.fs_count + g] === 0) {
    if (k.log) k.note("exit_files: last user of the files_struct, close_files");
    for (let fd = 0; fd < k.FDN; fd++) {
      const i = L.fs_fd + g * k.FDN + fd;
      const f = s[i] - 1;
      if (f < 0) continue;
      s[i] = 0;
      fput(k, s, f, t + 1);
    }
  } else {
    if (k.log) k.note(`exit_files: files_struct still used (${s[L.fs_count + g]})`);
  }
  s[L.task_status + t] = pending_task_work(k, s, t) >= 0 ? TASK_EXIT_TASK_WORK : TASK_EXIT_DEAD;
}

/** The final schedule of a dead task: finish_task_switch → mmdrop(active_mm). */
export function exit_dead(k: Kernel, s: Uint8Array, t: number): void {
  const mm = s[k.L.task_mm + t] - 1;
  mmdrop(k, s, mm, "finish_task_switch: active_mm of the dead task");
  s[k.L.task_mm + t] = 0;
  s[k.L.task_status + t] = TASK_DEAD;
}

/** After a task's in-kernel work finished: a pending kill or the end of exit_task_work takes effect. */
export function after_kernel_work(k: Kernel, s: Uint8Array, t: number): void {
  const L = k.L;
  if (s[L.task_cont + t] !== CONT_NONE || pending_task_work(k, s, t) >= 0) return;
  const st = s[L.task_status + t];
  if (st === TASK_RUNNING && s[L.task_killed + t]) {
    s[L.task_killed + t] = 0;
    s[L.task_status + t] = TASK_EXIT_MM;
  } else if (st === TASK_EXIT_TASK_WORK) {
    s[L.task_status + t] = TASK_EXIT_DEAD;
  }
}
