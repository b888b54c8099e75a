/**
 * The design registry: every shell (the command line's `designs`, the matrix, the browser's
 * selector) lists designs from here.
 */
import type { Design } from "./design.js";
import { freeOnUnbind } from "./free-on-unbind.js";
import { freeOnMmput } from "./free-on-mmput.js";
import { mmgetInBind } from "./mmget-in-bind.js";
import { freeOnMmdrop } from "./free-on-mmdrop.js";
import { freeOnMmdrop519 } from "./free-on-mmdrop-5.19.js";
import { iommuMm } from "./iommu-mm.js";
import { DESIGN_ALIASES, resolveDesign, type DesignName } from "../names.js";

export type { Design } from "./design.js";

export const DESIGNS: readonly Design[] = [freeOnUnbind, freeOnMmput, mmgetInBind, freeOnMmdrop, freeOnMmdrop519, iommuMm];

export function getDesign(name: string): Design | undefined {
  const resolved = resolveDesign(name);
  return resolved === undefined ? undefined : DESIGNS.find((d) => d.name === resolved);
}

/** Aliases (kernel versions) of a design. */
export function designAliases(name: DesignName): string[] {
  return Object.entries(DESIGN_ALIASES)
    .filter(([, d]) => d === name)
    .map(([a]) => a);
}
