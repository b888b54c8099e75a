/**
 * mmget-in-bind — the proposal of the April 2022 thread, never merged: on top of free-on-mmput,
 * iommu_sva_bind_device takes an mm_users reference (mmget) once bound, and
 * iommu_sva_unbind_device drops it (mmput) as its last act, after the driver tore its entry down
 * (domain reference §9). With the device file mmap'd this is a reference cycle:
 * mm → VMA → file → (release: unbind) → bond → mm.
 */
import type { Design } from "./design.js";
import { freeOnMmput } from "./free-on-mmput.js";
import { mmget, mmput } from "../mm.js";

export const mmgetInBind: Design = {
  ...freeOnMmput,
  name: "mmget-in-bind",
  kernel: "proposal (on 5.18-rc1)",
  summary: "free-on-mmput, plus each bond holds mm_users (mmget in bind, mmput in unbind)",
  commits: ["(proposed in review of 701fac40384f; not merged)"],
  bind(k, s, dev, mm, actor) {
    const pasid = freeOnMmput.bind(k, s, dev, mm, actor);
    if (pasid > 0) mmget(k, s, mm, "iommu_sva_bind_device (proposal)");
    return pasid;
  },
  afterUnbind(k, s, mm, actor) {
    mmput(k, s, mm, actor, "iommu_sva_unbind_device (proposal)");
  },
};
