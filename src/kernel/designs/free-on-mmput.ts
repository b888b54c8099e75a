/**
 * free-on-mmput — Linux 5.18-rc1, 701fac40384f "iommu/sva: Assign a PASID to mm on PASID
 * allocation and free it on mm exit": bind reuses a valid mm->pasid without a reference, unbind
 * frees nothing, and __mmput calls mm_pasid_drop before mmdrop. PASID lifetime = mm_users.
 */
import type { Design } from "./design.js";
import { legacyBondLayer, alloc_pasid_for_mm } from "./legacy.js";
import { mm_pasid_drop } from "../mm.js";

export const freeOnMmput: Design = {
  ...legacyBondLayer,
  name: "free-on-mmput",
  kernel: "linux-5.18-rc1",
  summary: "PASID freed in __mmput (when mm_users reaches zero), whatever bonds remain",
  commits: ["701fac40384f iommu/sva: Assign a PASID to mm on PASID allocation and free it on mm exit", "a6cbd44093ef kernel/fork: Initialize mm's PASID"],
  iommu_sva_alloc_pasid: alloc_pasid_for_mm,
  /** __mmput (kernel/fork.c, 5.18-rc1): mm_pasid_drop(mm) before mmdrop(mm). */
  onMmput: mm_pasid_drop,
};
