/**
 * struct file and the fd table (fs/file_table.c, fs/file.c).
 *
 * fput drops f_count; at zero the release is not run inline: a user task queues it with
 * task_work_add(TWA_RESUME), run before it returns to user space (its next statement) or in
 * exit_task_work when exiting; a task past exit_task_work, or a kernel thread, puts the file on
 * delayed_fput_list for the delayed-fput kworker. __fput then calls the driver's release.
 */
import {
  ACTOR_KWORKER,
  CONT_ARM_UNBIND_TAIL,
  FILE_OPEN,
  FILE_RELEASED,
  FILE_RELEASING,
  Q_NONE,
  REL_DELAYED,
  REL_NONE,
  TASK_EXIT_DEAD,
} from "./layout.js";
import type { Kernel } from "./kernel.js";
import { driver_release } from "./chardev.js";

/** The file FD names in task t's fd table, or -1 (EBADF). */
export function fd_file(k: Kernel, s: Uint8Array, t: number, fd: number): number {
  const g = k.sys.tasks[t].group;
  return s[k.L.fs_fd + g * k.FDN + fd] - 1;
}

/** fd_install: FD now names file f in task t's table. */
export function fd_install(k: Kernel, s: Uint8Array, t: number, fd: number, f: number): void {
  const g = k.sys.tasks[t].group;
  s[k.L.fs_fd + g * k.FDN + fd] = f + 1;
}

/** get_file: f_count++. */
export function get_file(k: Kernel, s: Uint8Array, f: number, why: string): void {
  s[k.L.f_count + f]++;
  if (k.log) k.note(`get_file(${k.fileName(f)}) [${why}]: f_count ${s[k.L.f_count + f]}`);
}

/** close(2): close_fd → filp_close → fput. Returns false on EBADF. */
export function close_fd(k: Kernel, s: Uint8Array, t: number, fd: number): boolean {
  const f = fd_file(k, s, t, fd);
  if (f < 0) return false;
  const g = k.sys.tasks[t].group;
  s[k.L.fs_fd + g * k.FDN + fd] = 0;
  fput(k, s, f, t + 1);
  return true;
}

/**
 * fput (fs/file_table.c, 5.x–6.x): drop f_count; at zero queue __fput on the caller's task work
 * (a user task that has not finished exit_task_work) or on delayed_fput_list (anyone else).
 * `actor` is task index + 1 or ACTOR_KWORKER.
 */
export function fput(k: Kernel, s: Uint8Array, f: number, actor: number): void {
  const L = k.L;
  const count = --s[L.f_count + f];
  if (count > 0) {
    if (k.log) k.note(`fput(${k.fileName(f)}): f_count ${count}`);
    return;
  }
  if (actor !== ACTOR_KWORKER && s[L.task_status + actor - 1] < TASK_EXIT_DEAD) {
    s[L.f_rel + f] = actor;
    if (k.log) k.note(`fput(${k.fileName(f)}): f_count 0 → task_work_add(${k.actorName(actor)}, ____fput)`);
  } else {
    s[L.f_rel + f] = REL_DELAYED;
    if (k.log) k.note(`fput(${k.fileName(f)}): f_count 0 → delayed_fput_list`);
  }
}

/** Lowest file whose release is queued on task t's task work, or -1. */
export function pending_task_work(k: Kernel, s: Uint8Array, t: number): number {
  const L = k.L;
  for (let f = 0; f < k.F; f++) if (s[L.f_rel + f] === t + 1) return f;
  return -1;
}

/**
 * __fput (fs/file_table.c) run by `actor`: the driver's release (uacce_fops_release /
 * idxd_cdev_release). If the release had to stop inside the IOMMU unbind (Arm's SRCU window),
 * the actor gets a continuation and the file is finished by `__fput_continue`.
 */
export function __fput(k: Kernel, s: Uint8Array, f: number, actor: number): void {
  s[k.L.f_rel + f] = REL_NONE;
  s[k.L.f_state + f] = FILE_RELEASING;
  if (k.log) k.note(`__fput(${k.fileName(f)}) → ${k.sys.devices[k.sys.files[f].dev].driver} release`);
  if (driver_release(k, s, f, actor)) __fput_done(k, s, f);
  else set_continuation(k, s, actor, CONT_ARM_UNBIND_TAIL + f);
}

/** The rest of an __fput whose unbind was split: the driver's unbind tail, then the core's. */
export function __fput_continue(k: Kernel, s: Uint8Array, f: number, actor: number): void {
  const mm = s[k.L.q_mm + f] - 1;
  k.iommu.continueUnbind(k, s, f, actor);
  k.design.afterUnbind(k, s, mm, actor);
  __fput_done(k, s, f);
}

/** The end of __fput: the driver freed its queue (kfree(q) / the idxd context); the file is gone. */
function __fput_done(k: Kernel, s: Uint8Array, f: number): void {
  const L = k.L;
  s[L.q_state + f] = Q_NONE;
  s[L.q_mm + f] = 0;
  s[L.q_pasid + f] = 0;
  s[L.q_owner + f] = 0;
  s[L.work_pasid + f] = 0;
  s[L.work_mm + f] = 0;
  s[L.f_state + f] = FILE_RELEASED;
  if (k.log) k.note(`${k.fileName(f)} released`);
}

/** Park the rest of a split kernel function on its actor (a task, or the kworker). */
export function set_continuation(k: Kernel, s: Uint8Array, actor: number, cont: number): void {
  if (actor === ACTOR_KWORKER) s[k.L.kw_cont] = cont;
  else s[k.L.task_cont + actor - 1] = cont;
}

/** A new struct file for an `open` that succeeded: f_count 1. */
export function alloc_file(k: Kernel, s: Uint8Array, f: number): void {
  s[k.L.f_state + f] = FILE_OPEN;
  s[k.L.f_count + f] = 1;
}
