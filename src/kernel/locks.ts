/**
 * Locks that a split kernel function holds across steps (domain reference §9). Only Arm's
 * sva_lock is ever held across a step boundary: arm_smmu_sva_unbind is split where the SRCU
 * callback can overtake it. Any other path that takes the lock is not enabled meanwhile.
 */
import { BLOCKED, type Kernel } from "./kernel.js";

/** mutex_lock(&sva_lock) for the current actor: the step is not enabled while another holds it. */
export function sva_lock_wait(k: Kernel, s: Uint8Array): void {
  const owner = s[k.L.lock_owner];
  if (owner !== 0 && owner !== k.actor) throw BLOCKED;
}

export function sva_lock_hold(k: Kernel, s: Uint8Array): void {
  s[k.L.lock_owner] = k.actor;
}

export function sva_unlock(k: Kernel, s: Uint8Array): void {
  s[k.L.lock_owner] = 0;
}
