/**
 * The PASID allocator (drivers/iommu/ioasid.c up to 6.3; the IDA from 6.4): IDs 1..N, the lowest
 * free one first ("the lowest free entry is allocated", xa_alloc), so a freed PASID is the next one
 * handed out. ioasid_find returns the private data given at allocation: the mm.
 */
import type { Kernel } from "./kernel.js";

/** ioasid_alloc(set, 1, max, mm) / iommu_alloc_global_pasid: the lowest free PASID, or 0 when full. */
export function ioasid_alloc(k: Kernel, s: Uint8Array, mm: number): number {
  const L = k.L;
  for (let p = 1; p <= k.P; p++) {
    if (s[L.pasid_owner + p] === 0) {
      s[L.pasid_owner + p] = mm + 1;
      if (k.hasPasidRefs) s[L.pasid_refs + p] = 1;
      return p;
    }
  }
  return 0;
}

/** ioasid_get (5.17): one more reference. */
export function ioasid_get(k: Kernel, s: Uint8Array, pasid: number): void {
  s[k.L.pasid_refs + pasid]++;
}

/** ioasid_put (5.17): drop a reference; at zero the PASID is freed and true is returned. */
export function ioasid_put(k: Kernel, s: Uint8Array, pasid: number): boolean {
  if (pasid === 0 || s[k.L.pasid_owner + pasid] === 0) return false;
  if (--s[k.L.pasid_refs + pasid] > 0) return false;
  s[k.L.pasid_owner + pasid] = 0;
  return true;
}

/** ioasid_free (5.18) / iommu_free_global_pasid (6.6+): free whatever the references. */
export function ioasid_free(k: Kernel, s: Uint8Array, pasid: number): void {
  s[k.L.pasid_owner + pasid] = 0;
}

/** ioasid_find: the mm a PASID is allocated to, or -1. */
export function ioasid_find(k: Kernel, s: Uint8Array, pasid: number): number {
  return pasid === 0 ? -1 : s[k.L.pasid_owner + pasid] - 1;
}
