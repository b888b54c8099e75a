/**
 * The IOMMU core's SVA entry points (drivers/iommu/iommu.c and iommu-sva-lib.c, 5.17–5.19;
 * drivers/iommu/iommu-sva.c in 6.x). They delegate to the design, which owns the bond layer.
 */
import type { Kernel } from "./kernel.js";

/** iommu_sva_bind_device(dev, mm): PASID (> 0) or a negative errno. */
export function iommu_sva_bind_device(k: Kernel, s: Uint8Array, dev: number, mm: number, actor: number): number {
  if (k.log) k.note(`iommu_sva_bind_device(${k.devName(dev)}, ${k.mmName(mm)})`);
  return k.design.bind(k, s, dev, mm, actor);
}

/**
 * iommu_sva_unbind_device(handle) for file f's queue. True when complete; false when the driver
 * queued a continuation (the file's __fput finishes it, then calls design.afterUnbind).
 */
export function iommu_sva_unbind_device(k: Kernel, s: Uint8Array, f: number, actor: number): boolean {
  const mm = s[k.L.q_mm + f] - 1;
  if (k.log) k.note(`iommu_sva_unbind_device(${k.fileName(f)}: ${k.devName(k.sys.files[f].dev)}, ${k.mmName(mm)}, PASID ${s[k.L.q_pasid + f]})`);
  if (!k.design.unbind(k, s, f, actor)) return false;
  k.design.afterUnbind(k, s, mm, actor);
  return true;
}
