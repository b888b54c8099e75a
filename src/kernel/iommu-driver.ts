/**
 * The IOMMU driver interface: what the core (and each design) calls into. One implementation per
 * driver: arm-smmu-v3-sva.ts and intel-svm.ts.
 */
import type { Kernel, LayoutNeeds } from "./kernel.js";
import type { IommuName } from "./names.js";

export interface IommuDriver {
  readonly name: IommuName;
  /** Object families the legacy (5.17–5.19) bond layer of this driver needs. */
  readonly legacyNeeds: Partial<LayoutNeeds>;

  /** Legacy ops->sva_bind (arm_smmu_sva_bind / intel_svm_bind): PASID or -errno. */
  sva_bind(k: Kernel, s: Uint8Array, dev: number, mm: number, actor: number): number;
  /** Legacy ops->sva_unbind; false when a continuation was queued (see continueUnbind). */
  sva_unbind(k: Kernel, s: Uint8Array, f: number, actor: number): boolean;
  /** Runs the queued tail of sva_unbind; returns the mm whose afterUnbind is due. */
  continueUnbind(k: Kernel, s: Uint8Array, f: number, actor: number): void;
  /** Legacy mmu notifier release callbacks for `mm` (from exit_mmap). */
  legacy_mm_release(k: Kernel, s: Uint8Array, mm: number): void;

  /** 6.x set_dev_pasid: install a translating entry for mm at (dev, pasid). */
  set_dev_pasid(k: Kernel, s: Uint8Array, dev: number, pasid: number, mm: number): void;
  /** 6.x remove_dev_pasid: clear the entry at (dev, pasid) on behalf of mm. */
  remove_dev_pasid(k: Kernel, s: Uint8Array, dev: number, pasid: number, mm: number): void;
  /** 6.x SVA domain's notifier release: quiesce (Arm) or tear down (Intel) (dev, pasid). */
  release_dev_pasid(k: Kernel, s: Uint8Array, dev: number, pasid: number, mm: number): void;

  /** Does a DMA that hits a non-translating entry in this state get reported to IOPF? */
  faultReported(k: Kernel, entState: number): boolean;
}
