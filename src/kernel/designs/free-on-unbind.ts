/**
 * free-on-unbind — Linux 5.17 and earlier (drivers/iommu/iommu-sva-lib.c): the PASID is
 * allocated at an mm's first bind and each bind holds a reference (ioasid_get); the last unbind's
 * iommu_sva_free_pasid frees it and sets mm->pasid = 0. PASID lifetime = the mm's bonds.
 * With ENQCMD this is the combination 5.18 set out to avoid (domain reference §1).
 */
import type { Design } from "./design.js";
import { legacyBondLayer, ENOMEM, reuseNote } from "./legacy.js";
import { ioasid_alloc, ioasid_get, ioasid_put } from "../ioasid.js";
import { mm_access } from "../mm.js";

export const freeOnUnbind: Design = {
  ...legacyBondLayer,
  name: "free-on-unbind",
  kernel: "linux-5.17",
  summary: "PASID freed at the mm's last unbind (each bond holds an ioasid reference)",
  commits: ["62ef907a045e iommu/vt-d: Fix PASID reference leak (5.14)"],
  layoutNeeds: (iommu) => ({ ...legacyBondLayer.layoutNeeds(iommu), pasidRefs: true }),

  /** iommu_sva_alloc_pasid (5.17): reuse mm->pasid with ioasid_get, else ioasid_alloc. */
  iommu_sva_alloc_pasid(k, s, mm) {
    const cur = s[k.L.mm_pasid + mm];
    if (cur !== 0) {
      ioasid_get(k, s, cur);
      if (k.log) k.note(`iommu_sva_alloc_pasid: ioasid_get(${cur}): refs ${s[k.L.pasid_refs + cur]}`);
      return cur;
    }
    const pasid = ioasid_alloc(k, s, mm);
    if (pasid === 0) return ENOMEM;
    s[k.L.mm_pasid + mm] = pasid;
    if (k.log) k.note(`iommu_sva_alloc_pasid: PASID ${pasid} allocated${reuseNote(k, s, pasid)}, mm->pasid = ${pasid}`);
    return pasid;
  },

  /** iommu_sva_free_pasid (5.17): `if (ioasid_put(mm->pasid)) mm->pasid = 0;` */
  iommu_sva_free_pasid(k, s, mm) {
    mm_access(k, s, mm, "iommu_sva_free_pasid reading mm->pasid");
    const pasid = s[k.L.mm_pasid + mm];
    if (ioasid_put(k, s, pasid)) {
      s[k.L.mm_pasid + mm] = 0;
      if (k.log) k.note(`iommu_sva_free_pasid(${k.mmName(mm)}): ioasid_put(${pasid}) frees it, mm->pasid = 0`);
    } else if (pasid !== 0) {
      if (k.log) k.note(`iommu_sva_free_pasid(${k.mmName(mm)}): ioasid_put(${pasid}): refs ${s[k.L.pasid_refs + pasid]}`);
    }
  },
};
