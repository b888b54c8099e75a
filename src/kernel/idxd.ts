/**
 * idxd character devices (drivers/dma/idxd/cdev.c, v5.18): opening a work queue binds the
 * opener's mm; a dedicated WQ is programmed with that PASID (idxd_wq_set_pasid) and admits one
 * open at a time; a shared WQ takes the PASID from each ENQCMD descriptor.
 */
import { UACCE_Q_INIT, UACCE_Q_STARTED } from "./layout.js";
import type { Kernel } from "./kernel.js";
import { iommu_sva_unbind_device } from "./iommu-sva.js";
import { bind_queue } from "./queue.js";

export const EBUSY = -16;

/** idxd_cdev_open: -EBUSY on a dedicated WQ already open; bind; dedicated: idxd_wq_set_pasid. */
export function idxd_cdev_open(k: Kernel, s: Uint8Array, t: number, dev: number, f: number): number {
  const L = k.L;
  const dedicated = k.sys.devices[dev].wq === "dedicated";
  if (dedicated && s[L.wq_owner + dev] !== 0) return EBUSY;
  const pasid = bind_queue(k, s, t, dev, f);
  if (pasid < 0) return pasid;
  if (dedicated) {
    s[L.wq_owner + dev] = f + 1;
    if (k.log) k.note(`idxd_cdev_open: ctx ${k.fileName(f)} PASID ${pasid}; idxd_wq_set_pasid(${k.devName(dev)}, ${pasid})`);
  } else {
    if (k.log) k.note(`idxd_cdev_open: ctx ${k.fileName(f)} PASID ${pasid} (shared WQ)`);
  }
  return 0;
}

/** Descriptors submitted to a dedicated WQ's portal: the device DMAs with the WQ's PASID. */
export function idxd_submit(k: Kernel, s: Uint8Array, f: number): number {
  if (s[k.L.q_state + f] !== UACCE_Q_INIT && s[k.L.q_state + f] !== UACCE_Q_STARTED) return -22;
  s[k.L.q_state + f] = UACCE_Q_STARTED;
  if (k.log) k.note(`${k.fileName(f)}: descriptors submitted to the dedicated WQ`);
  return 0;
}

/**
 * idxd_cdev_release (5.18): drain the PASID's work (shared: idxd_device_drain_pasid;
 * dedicated: idxd_wq_disable_pasid, whose disable drains), then iommu_sva_unbind_device.
 */
export function idxd_cdev_release(k: Kernel, s: Uint8Array, f: number, actor: number): boolean {
  const L = k.L;
  const dev = k.sys.files[f].dev;
  if (k.sys.devices[dev].wq === "dedicated") {
    if (s[L.wq_owner + dev] === f + 1) s[L.wq_owner + dev] = 0;
    if (k.log) k.note(`idxd_cdev_release: idxd_wq_disable_pasid(${k.devName(dev)}) drains the WQ`);
  } else {
    if (k.log) k.note(`idxd_cdev_release: idxd_device_drain_pasid(${s[L.q_pasid + f]})`);
    s[L.work_pasid + f] = 0;
    s[L.work_mm + f] = 0;
  }
  s[L.q_state + f] = UACCE_Q_INIT;
  return iommu_sva_unbind_device(k, s, f, actor);
}
