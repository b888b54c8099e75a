/**
 * The safety properties, in the fixed order of names.ts (bit i of every mask = PROPERTIES[i]).
 * Transition properties are detected by the kernel rules themselves (device.ts for isolation,
 * pasid-table.ts for stale writes, mm.ts for use-after-free); the state and terminal checks live
 * in this folder, one file per family.
 */
import type { Property } from "../../engine/model.js";

export const PROPERTIES: readonly Property[] = [
  {
    name: "isolation",
    kind: "transition",
    severity: "violation",
    description:
      "No started queue, ENQCMD descriptor or page-fault handler reaches an mm other than the one that owns the work (nor page tables exit_mmap freed).",
  },
  {
    name: "stale-entry",
    kind: "transition",
    // Its write half is detected by the step (pasid-table.ts); its state half, a valid entry
    // translating an exited or freed mm, by `check` where a state is first reached.
    checkedInStates: true,
    severity: "violation",
    description:
      "No PASID-table write or clear at INVALID_IOASID or at a PASID its mm no longer owns, and no valid entry translating an exited or freed mm.",
  },
  {
    name: "no-leak",
    kind: "terminal",
    severity: "violation",
    description:
      "When every process is dead and nothing is pending: no PASID allocated, every mm freed, every file released, every entry cleared, every queue idle.",
  },
  {
    name: "exit-completes",
    kind: "terminal",
    severity: "violation",
    description: "No state where nothing can move while some task is not dead.",
  },
  {
    name: "bond-integrity",
    kind: "always",
    severity: "violation",
    description:
      "While a bond is live and its mm has not exited, the device's entry at the bond's PASID translates that mm.",
  },
  {
    name: "mm-liveness",
    kind: "transition",
    severity: "violation",
    description: "No kernel step reads or writes an mm after __mmdrop freed it (use-after-free).",
  },
  {
    name: "quiet-after-exit",
    kind: "transition",
    severity: "warning",
    description: "A device fault is reported for an mm that has exited (Arm's quiet CD keeps R/S).",
  },
];
