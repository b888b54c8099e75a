/**
 * free-on-mmdrop — Linux 5.18, 2667ed10d9f0 "mm: Fix PASID use-after-free issue" (v5.18-rc6):
 * mm_pasid_drop moves from __mmput to __mmdrop. Bonds hold mm_count through their notifier
 * registration, so the PASID outlives every bond and every task of the mm.
 * 5.18's Arm driver still has the unbind use-after-free that 5.19 fixed (free-on-mmdrop-5.19).
 */
import type { Design } from "./design.js";
import { legacyBondLayer, alloc_pasid_for_mm } from "./legacy.js";
import { mm_pasid_drop } from "../mm.js";

export const freeOnMmdrop: Design = {
  ...legacyBondLayer,
  name: "free-on-mmdrop",
  kernel: "linux-5.18",
  summary: "PASID freed in __mmdrop (mm_count zero): after the last unbind and the last task",
  commits: ["2667ed10d9f0 mm: Fix PASID use-after-free issue"],
  iommu_sva_alloc_pasid: alloc_pasid_for_mm,
  /** __mmdrop (kernel/fork.c, 5.18): mm_pasid_drop(mm). */
  onMmdrop: mm_pasid_drop,
};
