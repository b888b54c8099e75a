/**
 * Task creation (kernel/fork.c copy_process). fork: dup_mm gives the child a new mm (mm_users 1,
 * mm_count 1; mm_pasid_init: no PASID — 5.10–5.17 mm_init_pasid set 0, 5.18 INVALID_IOASID);
 * dup_mmap skips VM_DONTCOPY VMAs, so device mappings stay behind; dup_fd copies the fd table,
 * taking a reference on every open file. A thread (CLONE_VM | CLONE_FILES | CLONE_THREAD) shares
 * the mm (mmget) and the files_struct. Every new task starts with pasid_activated clear
 * (dup_task_struct) and the PASID xstate cleared (fpu_clone).
 */
import { MM_LIVE, TASK_RUNNING } from "./layout.js";
import type { Kernel } from "./kernel.js";
import type { Op } from "./system.js";
import { get_file } from "./file_table.js";
import { mmget } from "./mm.js";

/** mm_init for a brand-new mm (dup_mm, exec's mm_alloc): one user, one struct reference, no PASID. */
export function mm_init(k: Kernel, s: Uint8Array, mm: number): void {
  const L = k.L;
  s[L.mm_stage + mm] = MM_LIVE;
  s[L.mm_users + mm] = 1;
  s[L.mm_count + mm] = 1;
  s[L.mm_pasid + mm] = 0;
}

/** wake_up_new_task (kernel/sched/core.c): the new task runs its program with mm, IA32_PASID cleared. */
function wake_up_new_task(k: Kernel, s: Uint8Array, c: number, mm: number): void {
  const L = k.L;
  s[L.task_status + c] = TASK_RUNNING;
  s[L.task_pc + c] = 0;
  s[L.task_mm + c] = mm + 1;
  s[L.task_msr + c] = 0;
}

/** fork(2) by task t: the child process op.task with mm slot op.mm. */
export function copy_process_fork(k: Kernel, s: Uint8Array, t: number, op: Op): void {
  const L = k.L;
  const c = op.task;
  mm_init(k, s, op.mm);
  const g = k.sys.tasks[t].group;
  const gc = k.sys.tasks[c].group;
  s[L.fs_count + gc] = 1;
  for (let fd = 0; fd < k.FDN; fd++) {
    const f = s[L.fs_fd + g * k.FDN + fd];
    s[L.fs_fd + gc * k.FDN + fd] = f;
    if (f !== 0) get_file(k, s, f - 1, "dup_fd");
  }
  wake_up_new_task(k, s, c, op.mm);
  if (k.log) k.note(`copy_process: ${k.sys.tasks[c].name} with ${k.mmName(op.mm)} (dup_mmap skips VM_DONTCOPY VMAs; dup_fd)`);
}

/** clone(CLONE_VM | CLONE_FILES | CLONE_THREAD) by task t: the thread op.task. */
export function copy_process_thread(k: Kernel, s: Uint8Array, t: number, op: Op): void {
  const L = k.L;
  const mm = s[L.task_mm + t] - 1;
  mmget(k, s, mm, "copy_mm: CLONE_VM");
  s[L.fs_count + k.sys.tasks[t].group]++;
  wake_up_new_task(k, s, op.task, mm);
  if (k.log) k.note(`copy_process: thread ${k.sys.tasks[op.task].name} shares ${k.mmName(mm)} and the fd table`);
}
