/**
 * Locks that a split kernel function holds across steps (domain reference §9). Only Arm's
 * sva_lock is ever held across a step boundary: arm_smmu_sva_unbind is split where the SRCU
 * callback can overtake it. Any other path that takes the lock is not enabled meanwhile.
 */
import type { Kernel } from "./kernel.js";

/**
 * mutex_lock(&sva_lock) for the current actor: the step is not enabled while another holds it.
 * The step is marked blocked (`k.blocked`) and SvaModel.next discards whatever it computes after
 * this point: the rest of the step runs on a copy nobody reads, which is much cheaper than
 * unwinding it with an exception (about 0.7 µs a throw, 290,040 blocked attempts on
 * five-drivers).
 */
export function sva_lock_wait(k: Kernel, s: Uint8Array): void {
  const owner = s[k.L.lock_owner];
  if (owner !== 0 && owner !== k.actor) k.blocked = true;
}

export function sva_lock_hold(k: Kernel, s: Uint8Array): void {
  s[k.L.lock_owner] = k.actor;
}

export function sva_unlock(k: Kernel, s: Uint8Array): void {
  s[k.L.lock_owner] = 0;
}
