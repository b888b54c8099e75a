/**
 * The terminal properties, checked where nothing can move any more.
 * exit-completes: every task that was created is dead.
 * no-leak: once all are dead, nothing remains: no PASID, no live mm, no unreleased file, no
 * installed entry (Intel's torn-down entries are not present), no queue work, no bond.
 */
import { ENT_QUIET, ENT_VALID, FILE_RELEASED, FILE_NONE, MM_FREED, MM_NONE, TASK_DEAD, TASK_UNBORN } from "../layout.js";
import type { Kernel } from "../kernel.js";

/** Tasks that were created and are not dead. */
export function undead_tasks(k: Kernel, s: Uint8Array): number[] {
  const out: number[] = [];
  for (let t = 0; t < k.T; t++) {
    const st = s[k.L.task_status + t];
    if (st !== TASK_UNBORN && st !== TASK_DEAD) out.push(t);
  }
  return out;
}

/** What is left over in a state where every task is dead: one phrase per leaked object. */
export function leaks(k: Kernel, s: Uint8Array): string[] {
  const L = k.L;
  const out: string[] = [];
  for (let p = 1; p <= k.P; p++) if (s[L.pasid_owner + p] !== 0) out.push(`PASID ${p} still allocated to ${k.mmName(s[L.pasid_owner + p] - 1)}`);
  for (let m = 0; m < k.M; m++) {
    const st = s[L.mm_stage + m];
    if (st !== MM_NONE && st !== MM_FREED) out.push(`${k.mmName(m)} not freed (mm_users ${s[L.mm_users + m]}, mm_count ${s[L.mm_count + m]})`);
  }
  for (let f = 0; f < k.F; f++) {
    const st = s[L.f_state + f];
    if (st !== FILE_NONE && st !== FILE_RELEASED) out.push(`${k.fileName(f)} never released (f_count ${s[L.f_count + f]})`);
  }
  for (let d = 0; d < k.D; d++)
    for (let p = 1; p <= k.P; p++) {
      const st = s[L.ent_state + k.ent(d, p)];
      if (st === ENT_VALID || st === ENT_QUIET) out.push(`${k.devName(d)} entry at PASID ${p} still installed`);
    }
  return out;
}
