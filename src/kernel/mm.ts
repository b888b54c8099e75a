/**
 * mm_struct and its two counts (kernel/fork.c, include/linux/sched/mm.h).
 *
 * mm_users counts users of the address space; all of them together hold one mm_count, which
 * counts references to the struct itself. The last mmput runs __mmput (exit_mmap, then mmdrop);
 * the last mmdrop runs __mmdrop, which frees the struct. Any access to a freed mm is a
 * use-after-free (mm-liveness).
 */
import { MM_EXITED, MM_FREED } from "./layout.js";
import type { Kernel } from "./kernel.js";
import { MM_LIVENESS } from "./properties/bits.js";
import { exit_mmap } from "./mmap.js";
import { ioasid_free } from "./ioasid.js";

/** Any kernel read or write of mm: a use-after-free when the mm was already freed. */
export function mm_access(k: Kernel, s: Uint8Array, mm: number, what: string): void {
  if (s[k.L.mm_stage + mm] === MM_FREED) {
    k.viol |= MM_LIVENESS;
    if (k.log) k.note(`use-after-free: ${what} touches ${k.mmName(mm)}, already freed by __mmdrop`);
  }
}

/** mmget (include/linux/sched/mm.h, all versions): mm_users++. */
export function mmget(k: Kernel, s: Uint8Array, mm: number, why: string): void {
  mm_access(k, s, mm, "mmget");
  s[k.L.mm_users + mm]++;
  if (k.log) k.note(`mmget(${k.mmName(mm)}) [${why}]: mm_users ${s[k.L.mm_users + mm]}`);
}

/** mmget_not_zero (include/linux/sched/mm.h): take a user reference only if users remain. */
export function mmget_not_zero(k: Kernel, s: Uint8Array, mm: number): boolean {
  mm_access(k, s, mm, "mmget_not_zero");
  if (s[k.L.mm_users + mm] === 0) return false;
  s[k.L.mm_users + mm]++;
  return true;
}

/**
 * mmput (kernel/fork.c): drop a user; the last one runs __mmput in the caller's context `actor`
 * (task index + 1, or the kworker), which decides where the VMAs' fputs are deferred to.
 */
export function mmput(k: Kernel, s: Uint8Array, mm: number, actor: number, why: string): void {
  mm_access(k, s, mm, "mmput");
  const users = --s[k.L.mm_users + mm];
  if (k.log) k.note(`mmput(${k.mmName(mm)}) [${why}]: mm_users ${users}`);
  if (users === 0) __mmput(k, s, mm, actor);
}

/**
 * __mmput (kernel/fork.c): exit_mmap (mmu notifier release, then the VMAs go, each fput of its
 * file), then the design's hook (5.18-rc1 701fac40384f: mm_pasid_drop here), then mmdrop.
 */
export function __mmput(k: Kernel, s: Uint8Array, mm: number, actor: number): void {
  if (k.log) k.note(`__mmput(${k.mmName(mm)}) → exit_mmap`);
  exit_mmap(k, s, mm, actor);
  s[k.L.mm_stage + mm] = MM_EXITED;
  k.design.onMmput(k, s, mm);
  mmdrop(k, s, mm, "__mmput");
}

/** mmgrab (include/linux/sched/mm.h): mm_count++. */
export function mmgrab(k: Kernel, s: Uint8Array, mm: number, why: string): void {
  mm_access(k, s, mm, "mmgrab");
  s[k.L.mm_count + mm]++;
  if (k.log) k.note(`mmgrab(${k.mmName(mm)}) [${why}]: mm_count ${s[k.L.mm_count + mm]}`);
}

/** mmdrop (include/linux/sched/mm.h): drop a struct reference; the last one runs __mmdrop. */
export function mmdrop(k: Kernel, s: Uint8Array, mm: number, why: string): void {
  mm_access(k, s, mm, "mmdrop");
  if (s[k.L.mm_stage + mm] === MM_FREED) return; // counted as a use-after-free; nothing left to drop
  const count = --s[k.L.mm_count + mm];
  if (k.log) k.note(`mmdrop(${k.mmName(mm)}) [${why}]: mm_count ${count}`);
  if (count === 0) __mmdrop(k, s, mm);
}

/** __mmdrop (kernel/fork.c): the design's hook (5.18 2667ed10d9f0: mm_pasid_drop here), then free. */
export function __mmdrop(k: Kernel, s: Uint8Array, mm: number): void {
  k.design.onMmdrop(k, s, mm);
  s[k.L.mm_stage + mm] = MM_FREED;
  if (k.log) k.note(`__mmdrop(${k.mmName(mm)}): mm freed`);
}

/**
 * mm_pasid_drop (include/linux/sched/mm.h, 5.18; iommu_mm teardown in 6.8): if mm->pasid is
 * valid, free it and set mm->pasid = INVALID_IOASID.
 */
export function mm_pasid_drop(k: Kernel, s: Uint8Array, mm: number): void {
  const pasid = s[k.L.mm_pasid + mm];
  if (pasid === 0) return;
  ioasid_free(k, s, pasid);
  s[k.L.mm_pasid + mm] = 0;
  if (k.log) k.note(`mm_pasid_drop(${k.mmName(mm)}): PASID ${pasid} freed, mm->pasid = INVALID`);
}
