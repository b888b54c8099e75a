/**
 * ENQCMD and the per-thread IA32_PASID MSR (arch/x86/kernel/traps.c, 5.18, fa6af69f38d3
 * "x86/traps: Demand-populate PASID MSR via #GP"). A thread whose MSR is not valid takes #GP on
 * ENQCMD; try_fixup_enqcmd_gp loads current->mm->pasid (with the VALID bit) and sets
 * pasid_activated, then ENQCMD is retried. It refuses (SIGSEGV) when the mm has no valid PASID
 * or pasid_activated is already set. Nothing ever reloads the MSR of a thread that has it.
 */
import { MSR_CLEARED_BY_EXEC } from "./layout.js";
import type { Kernel } from "./kernel.js";
import { do_group_exit } from "./exit.js";

/** `enqcmd FD` by task t: submit a descriptor to file f's shared WQ portal. */
export function enqcmd(k: Kernel, s: Uint8Array, t: number, f: number): void {
  const L = k.L;
  let msr = s[L.task_msr + t];
  if (msr === 0 || msr === MSR_CLEARED_BY_EXEC) {
    const mm = s[L.task_mm + t] - 1;
    const pasid = s[L.mm_pasid + mm];
    if (msr === MSR_CLEARED_BY_EXEC || pasid === 0) {
      if (k.log) k.note(
        `ENQCMD #GP → try_fixup_enqcmd_gp refuses (${msr === MSR_CLEARED_BY_EXEC ? "pasid_activated already set" : "mm->pasid is not valid"}) → SIGSEGV`,
      );
      do_group_exit(k, s, t, "SIGSEGV");
      return;
    }
    msr = pasid;
    s[L.task_msr + t] = msr;
    if (k.log) k.note(`ENQCMD #GP → try_fixup_enqcmd_gp: IA32_PASID = ${pasid} (mm->pasid), pasid_activated`);
  }
  s[L.work_pasid + f] = msr;
  s[L.work_mm + f] = s[L.task_mm + t];
  if (k.log) k.note(`ENQCMD to ${k.devName(k.sys.files[f].dev)}'s portal: descriptor with PASID ${msr}`);
}
