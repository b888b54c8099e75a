/**
 * Per-device PASID tables (Arm: the context-descriptor table; Intel: the PASID table), and the
 * stale-write rule (domain reference §9): a write or clear at INVALID_IOASID, or at a PASID that
 * the writer's mm no longer owns, is a stale write, whatever it hits.
 */
import { ENT_INVALID } from "./layout.js";
import type { Kernel } from "./kernel.js";
import { STALE_ENTRY } from "./properties/bits.js";

const STATE_NAMES = ["invalid", "valid", "quiet (EPD0)", "torn down (FPD)"];

export function entryStateName(st: number): string {
  return STATE_NAMES[st] ?? `?${st}`;
}

/**
 * Check a PASID-table write at (dev, pasid) made on behalf of `mm`. Returns false when the write
 * lands outside the table (pasid is INVALID): the caller must then not change any entry.
 */
export function check_entry_write(k: Kernel, s: Uint8Array, dev: number, pasid: number, mm: number, fn: string): boolean {
  if (pasid === 0) {
    k.viol |= STALE_ENTRY;
    if (k.log) k.note(`stale write: ${fn}(${k.devName(dev)}, PASID INVALID_IOASID) for ${k.mmName(mm)}: (int)-1 indexes outside the table`);
    return false;
  }
  const owner = s[k.L.pasid_owner + pasid] - 1;
  if (owner !== mm) {
    k.viol |= STALE_ENTRY;
    if (k.log) k.note(
      `stale write: ${fn}(${k.devName(dev)}, PASID ${pasid}) for ${k.mmName(mm)}, but PASID ${pasid} is ${owner < 0 ? "free" : `owned by ${k.mmName(owner)}`}`,
    );
  }
  return true;
}

/** Set entry (dev, pasid) to state `st` translating `entMm` (-1: none). */
export function set_entry(k: Kernel, s: Uint8Array, dev: number, pasid: number, st: number, entMm: number): void {
  const i = k.ent(dev, pasid);
  s[k.L.ent_state + i] = st;
  s[k.L.ent_mm + i] = st === ENT_INVALID ? 0 : entMm + 1;
}

export function entry_state(k: Kernel, s: Uint8Array, dev: number, pasid: number): number {
  return s[k.L.ent_state + k.ent(dev, pasid)];
}

export function entry_mm(k: Kernel, s: Uint8Array, dev: number, pasid: number): number {
  return s[k.L.ent_mm + k.ent(dev, pasid)] - 1;
}
