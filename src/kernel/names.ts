/**
 * The public vocabulary of the kernel model: design, IOMMU driver, device driver and property
 * names. These strings are a public contract (scenario files, the command line, the matrix and the
 * browser all use them); the registries in designs/ and properties/ are keyed by them.
 */

export const DESIGN_NAMES = [
  "free-on-unbind",
  "free-on-mmput",
  "mmget-in-bind",
  "free-on-mmdrop",
  "free-on-mmdrop-5.19",
  "iommu-mm",
] as const;
export type DesignName = (typeof DESIGN_NAMES)[number];

/** Kernel versions accepted wherever a design name is. */
export const DESIGN_ALIASES: Readonly<Record<string, DesignName>> = {
  "linux-5.17": "free-on-unbind",
  "linux-5.18-rc1": "free-on-mmput",
  "linux-5.18": "free-on-mmdrop",
  "linux-5.19": "free-on-mmdrop-5.19",
  "linux-6.x": "iommu-mm",
  "linux-6.8": "iommu-mm",
};

export const IOMMU_NAMES = ["arm-smmu-v3", "intel-vt-d"] as const;
export type IommuName = (typeof IOMMU_NAMES)[number];

export const DRIVER_NAMES = ["uacce", "idxd"] as const;
export type DriverName = (typeof DRIVER_NAMES)[number];

export const WQ_MODES = ["dedicated", "shared"] as const;
export type WqMode = (typeof WQ_MODES)[number];

export const PROPERTY_NAMES = [
  "isolation",
  "stale-entry",
  "no-leak",
  "exit-completes",
  "bond-integrity",
  "mm-liveness",
  "quiet-after-exit",
] as const;
export type PropertyName = (typeof PROPERTY_NAMES)[number];

/** Resolve a design name or kernel-version alias; undefined when unknown. */
export function resolveDesign(name: string): DesignName | undefined {
  if ((DESIGN_NAMES as readonly string[]).includes(name)) return name as DesignName;
  return DESIGN_ALIASES[name];
}
