/**
 * What the device does on its own, at any time: DMA for a started queue (or a submitted ENQCMD
 * descriptor) through the PASID table entry, and page faults (Arm stall / PCI PRI) handled by
 * IOPF (drivers/iommu/io-pgfault.c iopf_handle_single → iommu_sva_find → mmget_not_zero in
 * 5.17/5.18; the attached SVA domain's mm in 6.x). These steps change no kernel state: they are
 * where isolation is decided.
 */
import { ENT_VALID, MM_EXITED } from "./layout.js";
import type { Kernel } from "./kernel.js";
import { entry_mm, entry_state, entryStateName } from "./pasid-table.js";
import { mmget_not_zero } from "./mm.js";
import { ISOLATION, QUIET_AFTER_EXIT } from "./properties/bits.js";

/**
 * The DMA source of file f and the mm its work belongs to: its queue (uacce started / idxd
 * dedicated submitted: the work of whoever started it, in that task's address space) or its
 * ENQCMD descriptor (the submitting thread's).
 */
function source(k: Kernel, s: Uint8Array, f: number, work: boolean): [pasid: number, owner: number] {
  const L = k.L;
  return work ? [s[L.work_pasid + f], s[L.work_mm + f] - 1] : [s[L.q_pasid + f], s[L.q_owner + f] - 1];
}

/** The device issues DMA for file f's work with its PASID. */
export function device_dma(k: Kernel, s: Uint8Array, f: number, work: boolean): void {
  const dev = k.sys.files[f].dev;
  const [pasid, owner] = source(k, s, f, work);
  const st = entry_state(k, s, dev, pasid);
  if (st === ENT_VALID) {
    const reached = entry_mm(k, s, dev, pasid);
    if (reached !== owner) {
      k.viol |= ISOLATION;
      if (k.log) k.note(`DMA at PASID ${pasid} translates through ${k.mmName(reached)}'s page tables on behalf of ${k.mmName(owner)}`);
    } else if (s[k.L.mm_stage + reached] >= MM_EXITED) {
      k.viol |= ISOLATION;
      if (k.log) k.note(`DMA at PASID ${pasid} walks ${k.mmName(reached)}'s page tables, freed by exit_mmap: memory no longer the owner's`);
    } else {
      if (k.log) k.note(`DMA at PASID ${pasid} translated in ${k.mmName(owner)}`);
    }
    return;
  }
  if (k.iommu.faultReported(k, st)) {
    if (k.log) k.note(`DMA at PASID ${pasid}: entry ${entryStateName(st)} → translation fault recorded`);
    iopf(k, s, dev, pasid, owner);
  } else {
    if (k.log) k.note(`DMA at PASID ${pasid}: entry ${entryStateName(st)} → fault, not reported`);
  }
}

/** A page fault (stall or PRI) on a translating entry: IOPF resolves the PASID. */
export function device_page_fault(k: Kernel, s: Uint8Array, f: number, work: boolean): void {
  const dev = k.sys.files[f].dev;
  const [pasid, owner] = source(k, s, f, work);
  if (k.log) k.note(`page fault at PASID ${pasid}`);
  iopf(k, s, dev, pasid, owner);
}

/** IOPF: find the mm for the PASID, mmget_not_zero, handle_mm_fault there, mmput. */
function iopf(k: Kernel, s: Uint8Array, dev: number, pasid: number, owner: number): void {
  const L = k.L;
  const entMm = entry_mm(k, s, dev, pasid);
  if (entMm >= 0 && s[L.mm_stage + entMm] >= MM_EXITED) {
    k.viol |= QUIET_AFTER_EXIT;
    if (k.log) k.note(`fault reported for ${k.mmName(entMm)}, which has exited`);
  }
  const mm = k.design.iopf_find_mm(k, s, dev, pasid);
  if (mm < 0) {
    if (k.log) k.note(`iommu_sva_find(${pasid}): no mm → IOMMU_PAGE_RESP_INVALID`);
    return;
  }
  if (!mmget_not_zero(k, s, mm)) {
    if (k.log) k.note(`iommu_sva_find(${pasid}) → ${k.mmName(mm)}: mmget_not_zero fails → IOMMU_PAGE_RESP_INVALID`);
    return;
  }
  if (mm !== owner) {
    k.viol |= ISOLATION;
    if (k.log) k.note(`iopf: handle_mm_fault in ${k.mmName(mm)} on behalf of ${k.mmName(owner)}'s work`);
  } else {
    if (k.log) k.note(`iopf: handle_mm_fault in ${k.mmName(mm)}`);
  }
  s[L.mm_users + mm]--; // mmput, never the last: the count was non-zero before mmget_not_zero
}
