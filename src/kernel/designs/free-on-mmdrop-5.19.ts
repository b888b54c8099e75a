/**
 * free-on-mmdrop-5.19 — Linux 5.19: the 5.18 lifetime plus cbd23144f766
 * "iommu/arm-smmu-v3-sva: Fix mm use-after-free" (CVE-2022-49426): the shared CD holds an
 * mm_count reference (mmgrab in arm_smmu_alloc_shared_cd, mmdrop in arm_smmu_free_shared_cd), so
 * arm64_mm_context_put no longer races the SRCU callback's mmdrop.
 */
import type { Design } from "./design.js";
import { freeOnMmdrop } from "./free-on-mmdrop.js";

export const freeOnMmdrop519: Design = {
  ...freeOnMmdrop,
  name: "free-on-mmdrop-5.19",
  kernel: "linux-5.19",
  summary: "free-on-mmdrop with Arm's unbind holding the mm across the SRCU free",
  commits: [...freeOnMmdrop.commits, "cbd23144f766 iommu/arm-smmu-v3-sva: Fix mm use-after-free"],
  armCdHoldsMm: true,
};
