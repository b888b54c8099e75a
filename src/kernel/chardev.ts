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

/** `start FD`: uacce ioctl UACCE_CMD_START_Q; idxd dedicated WQ: descriptors submitted to the portal. */
export function driver_start(k: Kernel, s: Uint8Array, f: number): number {
  return k.sys.devices[k.sys.files[f].dev].driver === "uacce" ? uacce_start_queue(k, s, f) : idxd_submit(k, s, f);
}

/** `stop FD`: uacce ioctl UACCE_CMD_PUT_Q (uacce_put_queue, no unbind). */
export function driver_stop(k: Kernel, s: Uint8Array, f: number): number {
  return k.sys.devices[k.sys.files[f].dev].driver === "uacce" ? uacce_put_queue(k, s, f) : -22;
}
