/**
 * Arm SMMUv3 SVA (drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3-sva.c, 5.17/5.18, and the 5.19
 * fix cbd23144f766). Bonds are per (device, mm); each holds a per-(domain, mm)
 * arm_smmu_mmu_notifier (one device per domain here), registered with mmu_notifier_register
 * (mmgrab) and freed after an SRCU grace period (mmdrop). All CD writes go through
 * arm_smmu_write_ctx_desc, which reads the CD's V bit first.
 */
import { ENT_INVALID, ENT_QUIET, ENT_VALID, MN_CLEARED, MN_LIVE, MN_NONE } from "./layout.js";
import type { Kernel } from "./kernel.js";
import type { IommuDriver } from "./iommu-driver.js";
import { check_entry_write, entry_mm, entry_state, set_entry } from "./pasid-table.js";
import { mm_access, mmdrop, mmgrab } from "./mm.js";
import { sva_lock_hold, sva_lock_wait, sva_unlock } from "./locks.js";

const CD_CLEAR = -1;
const CD_QUIET = -2;

/**
 * arm_smmu_write_ctx_desc(smmu_domain, ssid, cd) (5.17/5.18). `cd` is an mm (its shared CD),
 * CD_QUIET (quiet_cd) or CD_CLEAR (NULL); `mm` is on whose behalf the write is made.
 *  (1)/(2) a CD that is not live gets a full new CD (TTB0 = mm's page tables, ASID, R, V);
 *  (3) a live CD (V=1) only gets its ASID replaced: TTB0, EPD0, R and S stay as they were;
 *  (4) quiet_cd sets EPD0 on the live CD;  (5) NULL clears it.
 */
function arm_smmu_write_ctx_desc(k: Kernel, s: Uint8Array, dev: number, ssid: number, cd: number, mm: number): void {
  if (!check_entry_write(k, s, dev, ssid, mm, "arm_smmu_write_ctx_desc")) return;
  const st = entry_state(k, s, dev, ssid);
  const live = st === ENT_VALID || st === ENT_QUIET;
  if (cd === CD_CLEAR) {
    set_entry(k, s, dev, ssid, ENT_INVALID, -1);
    if (k.log) k.note(`arm_smmu_write_ctx_desc(${k.devName(dev)}, ${ssid}, NULL): CD cleared`);
  } else if (cd === CD_QUIET) {
    if (live) set_entry(k, s, dev, ssid, ENT_QUIET, entry_mm(k, s, dev, ssid));
    if (k.log) k.note(`arm_smmu_write_ctx_desc(${k.devName(dev)}, ${ssid}, &quiet_cd): EPD0 set, translation disabled, CD kept valid`);
  } else if (live) {
    const old = entry_mm(k, s, dev, ssid);
    if (k.log) k.note(
      `arm_smmu_write_ctx_desc(${k.devName(dev)}, ${ssid}, cd of ${k.mmName(cd)}): CD already live → only the ASID is replaced; TTB0 stays ${k.mmName(old)}'s, ${st === ENT_QUIET ? "EPD0 stays set" : "translation unchanged"}`,
    );
  } else {
    set_entry(k, s, dev, ssid, ENT_VALID, cd);
    if (k.log) k.note(`arm_smmu_write_ctx_desc(${k.devName(dev)}, ${ssid}, cd of ${k.mmName(cd)}): full CD written (TTB0, ASID, R, V)`);
  }
}

/**
 * arm_smmu_sva_bind → __arm_smmu_sva_bind (5.17/5.18), under sva_lock: reuse the (dev, mm) bond
 * if there is one; else allocate the PASID, create the bond and arm_smmu_mmu_notifier_get:
 * arm_smmu_alloc_shared_cd (arm64_mm_context_get; 5.19: mmgrab), mmu_notifier_register (mmgrab),
 * arm_smmu_write_ctx_desc at mm->pasid.
 */
function arm_smmu_sva_bind(k: Kernel, s: Uint8Array, dev: number, mm: number): number {
  sva_lock_wait(k, s);
  const L = k.L;
  const dm = k.dm(dev, mm);
  if (s[L.bond_refs + dm] > 0) {
    s[L.bond_refs + dm]++;
    if (k.log) k.note(`__arm_smmu_sva_bind: bond (${k.devName(dev)}, ${k.mmName(mm)}) exists, refs ${s[L.bond_refs + dm]}`);
    return s[L.mm_pasid + mm];
  }
  const pasid = k.design.iommu_sva_alloc_pasid(k, s, mm);
  if (pasid < 0) return pasid;
  s[L.bond_refs + dm] = 1;
  mm_access(k, s, mm, "arm64_mm_context_get");
  if (k.design.armCdHoldsMm) mmgrab(k, s, mm, "arm_smmu_alloc_shared_cd (cbd23144f766)");
  mmgrab(k, s, mm, "mmu_notifier_register");
  s[L.mn_state + dm] = MN_LIVE;
  arm_smmu_write_ctx_desc(k, s, dev, s[L.mm_pasid + mm], mm, mm);
  return pasid;
}

/**
 * arm_smmu_sva_unbind (5.17/5.18), first part, under sva_lock: drop the bond; at its last
 * reference arm_smmu_mmu_notifier_put clears the CD at mm->pasid *as read now*, invalidates
 * unless release already cleared it, and mmu_notifier_put queues the SRCU callback whose mmdrop
 * may run before the rest of this function (continueUnbind).
 */
function arm_smmu_sva_unbind(k: Kernel, s: Uint8Array, f: number): boolean {
  sva_lock_wait(k, s);
  const L = k.L;
  const dev = k.sys.files[f].dev;
  const mm = s[L.q_mm + f] - 1;
  const dm = k.dm(dev, mm);
  const refs = --s[L.bond_refs + dm];
  if (refs > 0) {
    if (k.log) k.note(`arm_smmu_sva_unbind: bond refs ${refs}`);
    return true;
  }
  mm_access(k, s, mm, "arm_smmu_mmu_notifier_put reading mm->pasid");
  const ssid = s[L.mm_pasid + mm];
  if (k.log) k.note(`arm_smmu_mmu_notifier_put: mm->pasid reads ${ssid === 0 ? "INVALID_IOASID" : ssid}`);
  arm_smmu_write_ctx_desc(k, s, dev, ssid, CD_CLEAR, mm);
  if (s[L.mn_state + dm] !== MN_CLEARED) k.note("arm_smmu_tlb_inv_asid, arm_smmu_atc_inv_domain");
  s[L.mn_state + dm] = MN_NONE;
  s[L.srcu_pending + dm]++;
  if (k.log) k.note(`mmu_notifier_put: call_srcu(free_notifier → mmdrop(${k.mmName(mm)}))`);
  sva_lock_hold(k, s);
  return false;
}

/**
 * The rest of arm_smmu_sva_unbind: arm_smmu_free_shared_cd → arm64_mm_context_put(cd->mm)
 * (5.19: then mmdrop), 5.17: iommu_sva_free_pasid(bond->mm), kfree(bond), unlock.
 */
function arm_smmu_sva_unbind_tail(k: Kernel, s: Uint8Array, f: number): void {
  const mm = s[k.L.q_mm + f] - 1;
  mm_access(k, s, mm, "arm_smmu_free_shared_cd → arm64_mm_context_put(cd->mm)");
  if (k.log) k.note(`arm_smmu_free_shared_cd: arm64_mm_context_put(${k.mmName(mm)})`);
  if (k.design.armCdHoldsMm) mmdrop(k, s, mm, "arm_smmu_free_shared_cd (cbd23144f766)");
  k.design.iommu_sva_free_pasid(k, s, mm);
  sva_unlock(k, s);
}

/**
 * arm_smmu_mm_release (5.17/5.18), the notifier's release from exit_mmap, under sva_lock:
 * "DMA may still be running. Keep the cd valid to avoid C_BAD_CD events, but disable
 * translation": write quiet_cd at mm->pasid, invalidate, mark cleared.
 */
function arm_smmu_mm_release(k: Kernel, s: Uint8Array, dev: number, mm: number): void {
  sva_lock_wait(k, s);
  const dm = k.dm(dev, mm);
  if (k.log) k.note(`arm_smmu_mm_release(${k.devName(dev)}, ${k.mmName(mm)})`);
  arm_smmu_write_ctx_desc(k, s, dev, s[k.L.mm_pasid + mm], CD_QUIET, mm);
  s[k.L.mn_state + dm] = MN_CLEARED;
}

export const armSmmuV3: IommuDriver = {
  name: "arm-smmu-v3",
  legacyNeeds: { armBonds: true },
  sva_bind: (k, s, dev, mm) => arm_smmu_sva_bind(k, s, dev, mm),
  sva_unbind: (k, s, f) => arm_smmu_sva_unbind(k, s, f),
  continueUnbind: (k, s, f) => arm_smmu_sva_unbind_tail(k, s, f),
  legacy_mm_release(k, s, mm) {
    for (let dev = 0; dev < k.D; dev++) {
      if (s[k.L.mn_state + k.dm(dev, mm)] === MN_LIVE) arm_smmu_mm_release(k, s, dev, mm);
    }
  },
  set_dev_pasid: (k, s, dev, pasid, mm) => arm_smmu_write_ctx_desc(k, s, dev, pasid, mm, mm),
  remove_dev_pasid: (k, s, dev, pasid, mm) => arm_smmu_write_ctx_desc(k, s, dev, pasid, CD_CLEAR, mm),
  release_dev_pasid: (k, s, dev, pasid, mm) => arm_smmu_write_ctx_desc(k, s, dev, pasid, CD_QUIET, mm),
  faultReported: (k, st) => st === ENT_QUIET && k.design.armQuietRecordsFaults,
};
