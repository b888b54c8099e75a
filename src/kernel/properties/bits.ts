/**
 * Property bit positions: bit i of every mask is PROPERTIES[i] (see properties/index.ts), in the
 * order of PROPERTY_NAMES in names.ts.
 */
export const ISOLATION = 1 << 0;
export const STALE_ENTRY = 1 << 1;
export const NO_LEAK = 1 << 2;
export const EXIT_COMPLETES = 1 << 3;
export const BOND_INTEGRITY = 1 << 4;
export const MM_LIVENESS = 1 << 5;
export const QUIET_AFTER_EXIT = 1 << 6;
