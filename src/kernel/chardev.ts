/**
 * The device-file operations of the user-space SVA drivers, dispatched by the device's driver
 * (the file_operations table of each char device).
 */
import type { Kernel } from "./kernel.js";
import { uacce_fops_open, uacce_fops_release, uacce_put_queue, uacce_start_queue } from "./uacce.js";
import { idxd_cdev_open, idxd_cdev_release, idxd_submit } from "./idxd.js";

/** open(2) of the device node: returns 0 or a negative errno. */
export function driver_open(k: Kernel, s: Uint8Array, t: number, dev: number, f: number): number {
  return k.sys.devices[dev].driver === "uacce"
    ? uacce_fops_open(k, s, t, dev, f)
    : idxd_cdev_open(k, s, t, dev, f);
}

/** file->f_op->release: true when it completed, false when it waits on an unbind continuation. */
export function driver_release(k: Kernel, s: Uint8Array, f: number, actor: number): boolean {
  return k.sys.devices[k.sys.files[f].dev].driver === "uacce"
    ? uacce_fops_release(k, s, f, actor)
    : idxd_cdev_release(k, s, f, actor);
}

/**
 * `start FD` by task t: uacce ioctl UACCE_CMD_START_Q; idxd dedicated WQ: descriptors submitted
 * to the portal. Work is written through a mapping of the queue's region: when t's mm maps this
 * file the work is t's, in t's address space, whoever opened the file (neither uacce 5.8–5.18
 * nor idxd before 8dfa57aabff6, 2025, checks that the caller's mm is the opener's); otherwise it
 * is the opener's (the mapping is the opener's, or nobody's).
 */
export function driver_start(k: Kernel, s: Uint8Array, t: number, f: number): number {
  const r = k.sys.devices[k.sys.files[f].dev].driver === "uacce" ? uacce_start_queue(k, s, f) : idxd_submit(k, s, f);
  if (r !== 0) return r;
  const L = k.L;
  const mm1 = s[L.task_mm + t];
  let mapped = false;
  for (let v = 0; v < k.V; v++) if (s[L.vma_file + v] === f + 1 && s[L.vma_mm + v] === mm1) mapped = true;
  s[L.q_owner + f] = mapped ? mm1 : s[L.q_mm + f];
  if (mapped && mm1 !== s[L.q_mm + f] && k.log) k.note(`${k.fileName(f)}: work submitted through ${k.mmName(mm1 - 1)}'s mapping, with the opener's PASID`);
  return 0;
}

/** `stop FD`: uacce ioctl UACCE_CMD_PUT_Q (uacce_put_queue, no unbind). */
export function driver_stop(k: Kernel, s: Uint8Array, f: number): number {
  return k.sys.devices[k.sys.files[f].dev].driver === "uacce" ? uacce_put_queue(k, s, f) : -22;
}
