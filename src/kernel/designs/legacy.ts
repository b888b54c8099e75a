/**
 * What the 5.17–5.19 designs share: the bond layer lives in the IOMMU driver (ops->sva_bind /
 * ops->sva_unbind, arm-smmu-v3-sva.ts and intel-svm.ts), and IOPF finds the mm from the PASID.
 * Each design module spreads this and states only what its kernel version changed.
 */
import type { Design } from "./design.js";
import { ioasid_alloc, ioasid_find } from "../ioasid.js";
import type { Kernel } from "../kernel.js";

export const ENOMEM = -12;
export const EOVERFLOW = -75;

export const legacyBondLayer = {
  layoutNeeds: (iommu) => ({ pasidRefs: false, armBonds: false, intelSvm: false, iommuMm: false, ...iommu.legacyNeeds }),
  bind: (k, s, dev, mm) => k.iommu.sva_bind(k, s, dev, mm, k.actor),
  unbind: (k, s, f, actor) => k.iommu.sva_unbind(k, s, f, actor),
  afterUnbind: () => {},
  iommu_sva_free_pasid: () => {},
  onMmput: () => {},
  onMmdrop: () => {},
  mm_release: (k, s, mm) => k.iommu.legacy_mm_release(k, s, mm),
  /** iommu_sva_handle_iopf → iommu_sva_find: ioasid_find(pasid) (5.17/5.18). */
  iopf_find_mm: (k, s, _dev, pasid) => ioasid_find(k, s, pasid),
  armCdHoldsMm: false,
  armQuietRecordsFaults: true,
} satisfies Partial<Design>;

/**
 * iommu_sva_alloc_pasid (iommu-sva-lib.c) from 5.18-rc1 (701fac40384f) on: reuse a valid
 * mm->pasid without taking a reference; otherwise allocate the lowest free one (-ENOMEM when none).
 */
export function alloc_pasid_for_mm(k: Kernel, s: Uint8Array, mm: number): number {
  const cur = s[k.L.mm_pasid + mm];
  if (cur !== 0) {
    // 5.18 checks `mm->pasid < min || mm->pasid >= max` although ioasid_alloc's range is
    // inclusive: an mm holding the top PASID cannot bind again (5.17 had `<= max`).
    if (cur >= k.P) {
      if (k.log) k.note(`iommu_sva_alloc_pasid: mm->pasid ${cur} >= max ${k.P}: -EOVERFLOW`);
      return EOVERFLOW;
    }
    if (k.log) k.note(`iommu_sva_alloc_pasid: mm->pasid ${cur} is valid, reused`);
    return cur;
  }
  const pasid = ioasid_alloc(k, s, mm);
  if (pasid === 0) {
    if (k.log) k.note("iommu_sva_alloc_pasid: ioasid_alloc failed: -ENOMEM");
    return ENOMEM;
  }
  s[k.L.mm_pasid + mm] = pasid;
  if (k.log) k.note(`iommu_sva_alloc_pasid: PASID ${pasid} allocated${reuseNote(k, s, pasid)}, mm->pasid = ${pasid}`);
  return pasid;
}

/** " (reused)" when some other mm's objects still sit at this PASID: reuse shows up in traces. */
export function reuseNote(k: Kernel, s: Uint8Array, pasid: number): string {
  const owner = s[k.L.pasid_owner + pasid];
  for (let d = 0; d < k.D; d++) {
    const m = s[k.L.ent_mm + k.ent(d, pasid)];
    if (m !== 0 && m !== owner) return " (reused: an entry still points at another mm)";
  }
  if (k.needs.intelSvm && s[k.L.svm_mm + pasid] !== 0 && s[k.L.svm_mm + pasid] !== owner) return " (reused: another mm's intel_svm is still registered at it)";
  return "";
}
