/**
 * uacce (drivers/misc/uacce/uacce.c, v5.8–v5.18): one queue per open file, bound to the opener's
 * mm at open. States UACCE_Q_INIT → UACCE_Q_STARTED (START_Q) → UACCE_Q_ZOMBIE (PUT_Q or release).
 */
import { Q_NONE, UACCE_Q_INIT, UACCE_Q_STARTED, UACCE_Q_ZOMBIE } from "./layout.js";
import type { Kernel } from "./kernel.js";
import { iommu_sva_unbind_device } from "./iommu-sva.js";
import { bind_queue } from "./queue.js";

export const EINVAL = -22;

/**
 * uacce_fops_open (5.8–5.18): allocate the queue, uacce_bind_queue → iommu_sva_bind_device(
 * parent, current->mm) and iommu_sva_get_pasid, store handle and PASID in the queue, then
 * ops->get_queue; state UACCE_Q_INIT. A failed bind fails the open.
 */
export function uacce_fops_open(k: Kernel, s: Uint8Array, t: number, dev: number, f: number): number {
  const pasid = bind_queue(k, s, t, dev, f);
  if (pasid > 0 && k.log) k.note(`uacce_fops_open: queue ${k.fileName(f)} bound, PASID ${pasid}, UACCE_Q_INIT`);
  return pasid < 0 ? pasid : 0;
}

/** uacce_start_queue (ioctl UACCE_CMD_START_Q): only from UACCE_Q_INIT; the device may now DMA. */
export function uacce_start_queue(k: Kernel, s: Uint8Array, f: number): number {
  if (s[k.L.q_state + f] !== UACCE_Q_INIT) return EINVAL;
  s[k.L.q_state + f] = UACCE_Q_STARTED;
  if (k.log) k.note(`uacce_start_queue(${k.fileName(f)}): UACCE_Q_STARTED`);
  return 0;
}

/** uacce_put_queue (ioctl UACCE_CMD_PUT_Q, and first half of release): stop if started; ZOMBIE. */
export function uacce_put_queue(k: Kernel, s: Uint8Array, f: number): number {
  const st = s[k.L.q_state + f];
  if (st === Q_NONE || st === UACCE_Q_ZOMBIE) return 0;
  s[k.L.q_state + f] = UACCE_Q_ZOMBIE;
  if (k.log) k.note(`uacce_put_queue(${k.fileName(f)}): ${st === UACCE_Q_STARTED ? "stop_queue, " : ""}UACCE_Q_ZOMBIE`);
  return 0;
}

/**
 * uacce_fops_release (5.8–5.18): uacce_put_queue, then uacce_unbind_queue →
 * iommu_sva_unbind_device, then the queue is freed.
 */
export function uacce_fops_release(k: Kernel, s: Uint8Array, f: number, actor: number): boolean {
  uacce_put_queue(k, s, f);
  return iommu_sva_unbind_device(k, s, f, actor);
}
