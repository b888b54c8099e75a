/**
 * execve (fs/exec.c, 5.18): de_thread makes the other threads exit and waits until they are past
 * exit_notify; exec_mmap installs a new mm (no PASID) and mmput()s the old one synchronously.
 * Open fds survive (no close-on-exec here): a queue stays bound to the old mm. The PASID xstate
 * is reset (fpu_flush_thread) but pasid_activated is not cleared, so a later ENQCMD's #GP is not
 * fixed up (SIGSEGV).
 */
import { CONT_DE_THREAD, MSR_CLEARED_BY_EXEC, TASK_EXIT_DEAD, TASK_UNBORN } from "./layout.js";
import type { Kernel } from "./kernel.js";
import type { Op } from "./system.js";
import { mmput } from "./mm.js";
import { mm_init } from "./fork.js";
import { do_group_exit } from "./exit.js";

/** Other threads of t's group that are not yet past exit_notify. */
export function other_threads_alive(k: Kernel, s: Uint8Array, t: number): boolean {
  const g = k.sys.tasks[t].group;
  for (let u = 0; u < k.T; u++) {
    if (u === t || k.sys.tasks[u].group !== g) continue;
    const st = s[k.L.task_status + u];
    if (st !== TASK_UNBORN && st < TASK_EXIT_DEAD) return true;
  }
  return false;
}

/** execve by t: returns false when t must wait in de_thread (a continuation is set). */
export function do_execve(k: Kernel, s: Uint8Array, t: number, op: Op): boolean {
  if (other_threads_alive(k, s, t)) {
    const L = k.L;
    // zap_other_threads: SIGKILL every other thread; t itself waits in de_thread.
    const own = s[L.task_status + t];
    do_group_exit(k, s, t, "de_thread");
    s[L.task_status + t] = own;
    s[L.task_killed + t] = 0;
    s[L.task_cont + t] = CONT_DE_THREAD;
    return false;
  }
  exec_mmap(k, s, t, op.mm);
  return true;
}

/** exec_mmap (fs/exec.c): switch to the new mm, then mmput(old_mm). */
export function exec_mmap(k: Kernel, s: Uint8Array, t: number, nm: number): void {
  const L = k.L;
  const old = s[L.task_mm + t] - 1;
  mm_init(k, s, nm);
  s[L.task_mm + t] = nm + 1;
  if (s[L.task_msr + t] !== 0) s[L.task_msr + t] = MSR_CLEARED_BY_EXEC;
  if (k.log) k.note(`exec_mmap: ${k.sys.tasks[t].name} now runs ${k.mmName(nm)}`);
  mmput(k, s, old, t + 1, "exec_mmap: old mm");
}
