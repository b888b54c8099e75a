/**
 * Intel VT-d SVA (drivers/iommu/intel/svm.c, 5.17/5.18). The intel_svm is registered per PASID
 * (pasid_private_add) and looked up *by PASID*, not by mm; each device bound through it has an
 * intel_svm_dev with a user count and the PASID recorded at bind time. The svm's mmu notifier
 * (registered with mmgrab) tears the entries down at mm exit with fault processing disabled.
 * Binds and unbinds run under pasid_mutex as single steps.
 */
import { ENT_INVALID, ENT_TORN_DOWN, ENT_VALID, SVM_LIVE, SVM_NONE, SVM_RELEASED } from "./layout.js";
import type { Kernel } from "./kernel.js";
import type { IommuDriver } from "./iommu-driver.js";
import { check_entry_write, set_entry } from "./pasid-table.js";
import { mmdrop, mmgrab } from "./mm.js";

/** intel_pasid_setup_first_level(iommu, dev, mm->pgd, pasid): a present first-level entry. */
function intel_pasid_setup_first_level(k: Kernel, s: Uint8Array, dev: number, pasid: number, mm: number): void {
  if (!check_entry_write(k, s, dev, pasid, mm, "intel_pasid_setup_first_level")) return;
  set_entry(k, s, dev, pasid, ENT_VALID, mm);
  if (k.log) k.note(`intel_pasid_setup_first_level(${k.devName(dev)}, PASID ${pasid}, pgd of ${k.mmName(mm)})`);
}

/** intel_pasid_tear_down_entry(iommu, dev, pasid, fault_ignore): not present; FPD=1 if fault_ignore. */
function intel_pasid_tear_down_entry(k: Kernel, s: Uint8Array, dev: number, pasid: number, faultIgnore: boolean, mm: number): void {
  if (!check_entry_write(k, s, dev, pasid, mm, "intel_pasid_tear_down_entry")) return;
  set_entry(k, s, dev, pasid, faultIgnore ? ENT_TORN_DOWN : ENT_INVALID, -1);
  if (k.log) k.note(`intel_pasid_tear_down_entry(${k.devName(dev)}, PASID ${pasid}, fault_ignore=${faultIgnore})`);
}

function sdev(k: Kernel, pasid: number, dev: number): number {
  return k.L.sdev_users + pasid * k.D + dev;
}

/**
 * intel_svm_bind → intel_svm_alloc_pasid (iommu_sva_alloc_pasid) → intel_svm_bind_mm (5.17/5.18):
 * svm = pasid_private_find(mm->pasid); create one (mmu_notifier_register: mmgrab) only if none is
 * registered at that PASID — there is no check that svm->mm is the caller's mm. Then
 * svm_lookup_device_by_dev: an existing sdev gets users++ and nothing is programmed; otherwise a
 * new sdev (sdev->pasid = the PASID now) and a first-level entry with the caller's pgd.
 */
function intel_svm_bind(k: Kernel, s: Uint8Array, dev: number, mm: number): number {
  const L = k.L;
  const pasid = k.design.iommu_sva_alloc_pasid(k, s, mm);
  if (pasid < 0) return pasid;
  if (s[L.svm_state + pasid] === SVM_NONE) {
    s[L.svm_state + pasid] = SVM_LIVE;
    s[L.svm_mm + pasid] = mm + 1;
    mmgrab(k, s, mm, "mmu_notifier_register");
    if (k.log) k.note(`intel_svm_bind_mm: new intel_svm for ${k.mmName(mm)}, pasid_private_add(${pasid})`);
  } else {
    const owner = s[L.svm_mm + pasid] - 1;
    if (k.log) k.note(
      `intel_svm_bind_mm: pasid_private_find(${pasid}) finds the intel_svm of ${k.mmName(owner)}${owner !== mm ? ` (not ${k.mmName(mm)}: joined anyway)` : ""}`,
    );
  }
  const i = sdev(k, pasid, dev);
  if (s[i] > 0) {
    s[i]++;
    if (k.log) k.note(`svm_lookup_device_by_dev: sdev for ${k.devName(dev)} exists, users ${s[i]}; nothing programmed`);
    return pasid;
  }
  s[i] = 1;
  intel_pasid_setup_first_level(k, s, dev, pasid, mm);
  return pasid;
}

/**
 * intel_svm_unbind → intel_svm_unbind_mm(dev, sdev->pasid) (5.17/5.18), under pasid_mutex:
 * pasid_to_svm_sdev at the bind-time PASID; users--; at zero tear the entry down, drain page
 * requests, and on the svm's last device mmu_notifier_unregister (release if not run,
 * synchronize_srcu, mmdrop) and pasid_private_remove. 5.15–5.17 then intel_svm_free_pasid(mm).
 */
function intel_svm_unbind(k: Kernel, s: Uint8Array, f: number): boolean {
  const L = k.L;
  const dev = k.sys.files[f].dev;
  const pasid = s[L.q_pasid + f];
  const caller = s[L.q_mm + f] - 1;
  if (s[L.svm_state + pasid] === SVM_NONE || s[sdev(k, pasid, dev)] === 0) {
    if (k.log) k.note(`intel_svm_unbind_mm: pasid_to_svm_sdev(${pasid}) finds nothing (-EINVAL)`);
    return true;
  }
  const svmMm = s[L.svm_mm + pasid] - 1;
  const users = --s[sdev(k, pasid, dev)];
  if (k.log) k.note(`intel_svm_unbind_mm(${k.devName(dev)}, PASID ${pasid}): sdev users ${users}`);
  if (users === 0) {
    intel_pasid_tear_down_entry(k, s, dev, pasid, false, caller);
    if (k.log) k.note(`intel_svm_drain_prq(${k.devName(dev)}, ${pasid})`);
    let devs = 0;
    for (let d = 0; d < k.D; d++) devs += s[sdev(k, pasid, d)];
    if (devs === 0) {
      if (s[L.svm_state + pasid] === SVM_LIVE) k.note("mmu_notifier_unregister: release not yet run, runs now (no devices left)");
      mmdrop(k, s, svmMm, "mmu_notifier_unregister");
      s[L.svm_state + pasid] = SVM_NONE;
      s[L.svm_mm + pasid] = 0;
      if (k.log) k.note(`pasid_private_remove(${pasid}), intel_svm freed`);
    }
  }
  k.design.iommu_sva_free_pasid(k, s, svmMm);
  return true;
}

/**
 * intel_mm_release (5.17/5.18), the svm notifier's release from exit_mmap: tear down every
 * device's entry at svm->pasid with fault_ignore = true (not present, FPD=1).
 */
function intel_mm_release(k: Kernel, s: Uint8Array, pasid: number): void {
  const mm = s[k.L.svm_mm + pasid] - 1;
  if (k.log) k.note(`intel_mm_release(${k.mmName(mm)}, svm PASID ${pasid})`);
  for (let d = 0; d < k.D; d++) {
    if (s[sdev(k, pasid, d)] > 0) intel_pasid_tear_down_entry(k, s, d, pasid, true, mm);
  }
  s[k.L.svm_state + pasid] = SVM_RELEASED;
}

export const intelVtd: IommuDriver = {
  name: "intel-vt-d",
  legacyNeeds: { intelSvm: true },
  sva_bind: (k, s, dev, mm) => intel_svm_bind(k, s, dev, mm),
  sva_unbind: (k, s, f) => intel_svm_unbind(k, s, f),
  continueUnbind: () => {
    throw new Error("intel_svm_unbind never splits");
  },
  legacy_mm_release(k, s, mm) {
    for (let p = 1; p <= k.P; p++) {
      if (s[k.L.svm_state + p] === SVM_LIVE && s[k.L.svm_mm + p] === mm + 1) intel_mm_release(k, s, p);
    }
  },
  set_dev_pasid: (k, s, dev, pasid, mm) => intel_pasid_setup_first_level(k, s, dev, pasid, mm),
  remove_dev_pasid: (k, s, dev, pasid, mm) => intel_pasid_tear_down_entry(k, s, dev, pasid, false, mm),
  release_dev_pasid: (k, s, dev, pasid, mm) => intel_pasid_tear_down_entry(k, s, dev, pasid, true, mm),
  faultReported: () => false,
};
