/**
 * iommu-mm — Linux 6.8 (drivers/iommu/iommu-sva.c): struct iommu_mm_data holds the mm's global
 * PASID and its SVA domains. iommu_sva_bind_device, under iommu_sva_lock: iommu_alloc_mm_data
 * (allocate the PASID on first use: -ENOSPC when none is free); reuse this device's handle
 * (refcounted since 6.8-rc6/rc7); else attach the mm's SVA domain (users++) or a new one
 * (iommu_sva_domain_alloc: mmgrab) at the mm's PASID. Unbind: last handle reference detaches,
 * last domain user frees the domain (iommu_domain_free: mmdrop). mm_pasid_drop, in __mmdrop,
 * frees the PASID and the iommu_mm. IOPF finds the mm through the domain attached at the PASID.
 * (One IOMMU instance: all devices share the mm's SVA domain.)
 */
import type { Design } from "./design.js";
import { ioasid_alloc } from "../ioasid.js";
import { mm_access, mm_pasid_drop, mmdrop, mmgrab } from "../mm.js";
import { ENT_QUIET, ENT_VALID, SVM_LIVE, SVM_NONE, SVM_RELEASED } from "../layout.js";
import { entry_mm, entry_state } from "../pasid-table.js";
import { reuseNote } from "./legacy.js";

const ENOSPC = -28;
const DOM_LIVE = SVM_LIVE;
const DOM_RELEASED = SVM_RELEASED;
const DOM_NONE = SVM_NONE;

export const iommuMm: Design = {
  name: "iommu-mm",
  kernel: "linux-6.8",
  summary: "iommu_mm_data: global PASID freed in __mmdrop; refcounted SVA domains hold mm_count",
  commits: ["v6.2 SVA domains", "v6.6 iommu_alloc_global_pasid", "v6.8 struct iommu_mm_data", "6.8-rc6/rc7 SVA handle sharing restored"],
  layoutNeeds: () => ({ pasidRefs: false, armBonds: false, intelSvm: false, iommuMm: true }),
  armCdHoldsMm: false,
  // Arm's quiet CD clears R/S only from the 6.10-era arm_smmu_make_sva_cd rework.
  armQuietRecordsFaults: true,

  bind(k, s, dev, mm) {
    const L = k.L;
    let pasid = s[L.mm_pasid + mm];
    if (pasid === 0) {
      pasid = ioasid_alloc(k, s, mm);
      if (pasid === 0) {
        if (k.log) k.note("iommu_alloc_mm_data: iommu_alloc_global_pasid failed: -ENOSPC");
        return ENOSPC;
      }
      s[L.mm_pasid + mm] = pasid;
      if (k.log) k.note(`iommu_alloc_mm_data: mm->iommu_mm, PASID ${pasid}${reuseNote(k, s, pasid)}`);
    }
    const dm = k.dm(dev, mm);
    if (s[L.handle_users + dm] > 0) {
      s[L.handle_users + dm]++;
      if (k.log) k.note(`iommu_sva_bind_device: handle for (${k.devName(dev)}, ${k.mmName(mm)}) reused, users ${s[L.handle_users + dm]}`);
      return pasid;
    }
    if (s[L.dom_state + mm] === DOM_NONE) {
      mmgrab(k, s, mm, "iommu_sva_domain_alloc");
      s[L.dom_state + mm] = DOM_LIVE;
      s[L.dom_users + mm] = 1;
      if (k.log) k.note(`iommu_sva_domain_alloc: SVA domain of ${k.mmName(mm)}, users 1`);
    } else {
      s[L.dom_users + mm]++;
      if (k.log) k.note(`iommu_sva_bind_device: attach the SVA domain of ${k.mmName(mm)}, users ${s[L.dom_users + mm]}`);
    }
    k.iommu.set_dev_pasid(k, s, dev, pasid, mm);
    s[L.handle_users + dm] = 1;
    return pasid;
  },

  unbind(k, s, f) {
    const L = k.L;
    const dev = k.sys.files[f].dev;
    const mm = s[L.q_mm + f] - 1;
    const dm = k.dm(dev, mm);
    if (--s[L.handle_users + dm] > 0) {
      if (k.log) k.note(`iommu_sva_unbind_device: handle users ${s[L.handle_users + dm]}`);
      return true;
    }
    mm_access(k, s, mm, "iommu_sva_unbind_device reading mm->iommu_mm");
    k.iommu.remove_dev_pasid(k, s, dev, s[L.mm_pasid + mm], mm);
    if (--s[L.dom_users + mm] === 0) {
      s[L.dom_state + mm] = DOM_NONE;
      if (k.log) k.note(`iommu_domain_free(SVA domain of ${k.mmName(mm)})`);
      mmdrop(k, s, mm, "iommu_domain_free");
    }
    return true;
  },

  afterUnbind: () => {},
  iommu_sva_alloc_pasid: () => {
    throw new Error("iommu-mm allocates in iommu_alloc_mm_data");
  },
  iommu_sva_free_pasid: () => {},
  onMmput: () => {},
  /** __mmdrop (6.8): mm_pasid_drop frees the PASID and mm->iommu_mm. */
  onMmdrop: mm_pasid_drop,

  /** The SVA domain's mmu notifier release: the driver quiesces / tears down each attachment. */
  mm_release(k, s, mm) {
    const L = k.L;
    if (s[L.dom_state + mm] !== DOM_LIVE) return;
    for (let dev = 0; dev < k.D; dev++) {
      if (s[L.handle_users + k.dm(dev, mm)] > 0) k.iommu.release_dev_pasid(k, s, dev, s[L.mm_pasid + mm], mm);
    }
    s[L.dom_state + mm] = DOM_RELEASED;
  },

  /** iommu_sva_iopf_handler (6.8): the SVA domain attached at (dev, pasid) → domain->mm. */
  iopf_find_mm(k, s, dev, pasid) {
    const st = entry_state(k, s, dev, pasid);
    return st === ENT_VALID || st === ENT_QUIET ? entry_mm(k, s, dev, pasid) : -1;
  },
};
