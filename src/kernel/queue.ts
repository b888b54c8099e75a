/**
 * The SVA queue behind a device file (a uacce_queue, an idxd user context): bound to the
 * opener's mm at open, it records the bond's mm and PASID until the release unbinds it.
 */
import { UACCE_Q_INIT } from "./layout.js";
import type { Kernel } from "./kernel.js";
import { alloc_file } from "./file_table.js";
import { iommu_sva_bind_device } from "./iommu-sva.js";

/**
 * What both drivers' open do for SVA: iommu_sva_bind_device(dev, current->mm), then a new file
 * whose queue (uacce_queue / idxd_user_context) records the bond's mm and PASID. Returns the
 * PASID, or the bind's negative errno (the open fails; no file).
 */
export function bind_queue(k: Kernel, s: Uint8Array, t: number, dev: number, f: number): number {
  const L = k.L;
  const mm = s[L.task_mm + t] - 1;
  const pasid = iommu_sva_bind_device(k, s, dev, mm, t + 1);
  if (pasid < 0) return pasid;
  alloc_file(k, s, f);
  s[L.q_state + f] = UACCE_Q_INIT;
  s[L.q_mm + f] = mm + 1;
  s[L.q_pasid + f] = pasid;
  return pasid;
}

