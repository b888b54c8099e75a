/**
 * VMAs that map a device file (mm/mmap.c). A VMA holds a reference on its file (get_file in
 * mmap_region); removing it drops that reference (remove_vma → fput). Both uacce
 * (uacce_fops_mmap, v5.7+) and idxd (idxd_cdev_mmap) set VM_DONTCOPY, so fork never copies them.
 */
import type { Kernel } from "./kernel.js";
import { fput, get_file, fd_file } from "./file_table.js";

/** mmap(2) of FD's queue region by task t into its current mm. Returns false on EBADF. */
export function do_mmap(k: Kernel, s: Uint8Array, t: number, fd: number, vma: number): boolean {
  const L = k.L;
  const f = fd_file(k, s, t, fd);
  if (f < 0) return false;
  const mm = s[L.task_mm + t] - 1;
  get_file(k, s, f, "mmap_region: vma->vm_file");
  s[L.vma_file + vma] = f + 1;
  s[L.vma_mm + vma] = mm + 1;
  if (k.log) k.note(`mmap_region: VMA of ${k.fileName(f)} in ${k.mmName(mm)} (VM_DONTCOPY)`);
  return true;
}

/**
 * The VMA that `FD`'s mmap created in task t's current mm (user space names a mapping by its
 * address, not by an fd: it stays after close), or -1.
 */
export function find_vma(k: Kernel, s: Uint8Array, t: number, fd: number): number {
  const L = k.L;
  const mm1 = s[L.task_mm + t];
  for (let v = 0; v < k.V; v++) {
    if (k.sys.vmas[v].fd === fd && s[L.vma_mm + v] === mm1 && s[L.vma_file + v] !== 0) return v;
  }
  return -1;
}

/** munmap(2) of FD's mapping in task t's mm: remove_vma → fput. Returns false when none. */
export function do_munmap(k: Kernel, s: Uint8Array, t: number, fd: number): boolean {
  const v = find_vma(k, s, t, fd);
  if (v < 0) return false;
  remove_vma(k, s, v, t + 1);
  return true;
}

/** remove_vma (mm/mmap.c): fput(vma->vm_file) in the caller's context. */
function remove_vma(k: Kernel, s: Uint8Array, v: number, actor: number): void {
  const f = s[k.L.vma_file + v] - 1;
  s[k.L.vma_file + v] = 0;
  s[k.L.vma_mm + v] = 0;
  if (k.log) k.note(`remove_vma: VMA of ${k.fileName(f)} → fput`);
  fput(k, s, f, actor);
}

/**
 * exit_mmap (mm/mmap.c): first mmu_notifier_release (each registered notifier's release
 * callback: the IOMMU driver's), then every VMA is removed, each fput of its file.
 */
export function exit_mmap(k: Kernel, s: Uint8Array, mm: number, actor: number): void {
  k.design.mm_release(k, s, mm);
  for (let v = 0; v < k.V; v++) {
    if (s[k.L.vma_mm + v] === mm + 1) remove_vma(k, s, v, actor);
  }
}
