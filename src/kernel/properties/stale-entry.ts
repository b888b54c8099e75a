/**
 * stale-entry, state half: no valid (translating) entry points at an mm that has exited or been
 * freed. SvaModel.check tests it on every state when first reached (the property is
 * `checkedInStates`). The write half (writes at INVALID_IOASID or at a PASID the writer no longer
 * owns) is checked where entries are written (pasid-table.ts).
 */
import { ENT_VALID, MM_EXITED } from "../layout.js";
import type { Kernel } from "../kernel.js";

/** The first entry index translating an exited or freed mm, or -1. */
export function stale_valid_entry(k: Kernel, s: Uint8Array): number {
  const L = k.L;
  const n = k.D * (k.P + 1);
  for (let e = 0; e < n; e++) {
    if (s[L.ent_state + e] === ENT_VALID && s[L.mm_stage + s[L.ent_mm + e] - 1] >= MM_EXITED) return e;
  }
  return -1;
}
