/**
 * bond-integrity: while a bond is live and its mm has not exited, the device's entry at the
 * bond's PASID translates that mm. A bind that returns success but leaves its caller's device
 * pointing at nothing, or at another mm, violates it.
 */
import { ENT_VALID, FILE_OPEN, MM_LIVE, Q_NONE } from "../layout.js";
import type { Kernel } from "../kernel.js";

/** The first file whose bond is broken, or -1. */
export function broken_bond(k: Kernel, s: Uint8Array): number {
  const L = k.L;
  for (let f = 0; f < k.F; f++) {
    if (s[L.f_state + f] !== FILE_OPEN || s[L.q_state + f] === Q_NONE) continue;
    const mm1 = s[L.q_mm + f];
    if (s[L.mm_stage + mm1 - 1] !== MM_LIVE) continue;
    const e = k.ent(k.sys.files[f].dev, s[L.q_pasid + f]);
    if (s[L.ent_state + e] !== ENT_VALID || s[L.ent_mm + e] !== mm1) return f;
  }
  return -1;
}
