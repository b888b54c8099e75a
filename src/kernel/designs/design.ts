/**
 * What a PASID lifetime design decides. Each design is one module in this folder; everything
 * that differs between the kernel versions of the history is a member here, so that the rest of
 * the model reads the same for every design.
 */
import type { Kernel, LayoutNeeds } from "../kernel.js";
import type { IommuDriver } from "../iommu-driver.js";
import type { DesignName } from "../names.js";

export interface Design {
  readonly name: DesignName;
  /** The kernel version(s) it mirrors, for `sva-lab designs`. */
  readonly kernel: string;
  /** One line: when the PASID is freed and what holds the mm. */
  readonly summary: string;
  /** Commits that introduced or fixed it. */
  readonly commits: readonly string[];

  layoutNeeds(iommu: IommuDriver): LayoutNeeds;

  /**
   * iommu_sva_bind_device(dev, mm): bind the caller's mm to the device. Returns the PASID stored
   * in the queue (> 0) or a negative errno. Runs as one step under the bind lock.
   */
  bind(k: Kernel, s: Uint8Array, dev: number, mm: number, actor: number): number;

  /**
   * iommu_sva_unbind_device(handle) for the queue of file `f`. Returns true when it completed,
   * false when the caller must wait for a continuation (Arm's unbind tail) that ends with
   * `afterUnbind`.
   */
  unbind(k: Kernel, s: Uint8Array, f: number, actor: number): boolean;

  /** What iommu_sva_unbind_device does after the driver's unbind returned (mmget-in-bind: mmput). */
  afterUnbind(k: Kernel, s: Uint8Array, mm: number, actor: number): void;

  /** Legacy drivers: iommu_sva_alloc_pasid(mm, min, max) (iommu-sva-lib.c). PASID or -errno. */
  iommu_sva_alloc_pasid(k: Kernel, s: Uint8Array, mm: number): number;

  /** Legacy drivers: iommu_sva_free_pasid(mm) as the unbind paths of this version call it. */
  iommu_sva_free_pasid(k: Kernel, s: Uint8Array, mm: number): void;

  /** In __mmput, after exit_mmap and before mmdrop (5.18-rc1: mm_pasid_drop). */
  onMmput(k: Kernel, s: Uint8Array, mm: number): void;

  /** In __mmdrop (5.18: mm_pasid_drop). */
  onMmdrop(k: Kernel, s: Uint8Array, mm: number): void;

  /** mmu_notifier_release(mm) from exit_mmap: the IOMMU's release callbacks for this mm. */
  mm_release(k: Kernel, s: Uint8Array, mm: number): void;

  /** IOPF: the mm a page fault at (dev, pasid) is handled in, before mmget_not_zero (-1: none). */
  iopf_find_mm(k: Kernel, s: Uint8Array, dev: number, pasid: number): number;

  /** Arm: does the shared CD hold an mm_count reference (cbd23144f766, 5.19-rc1)? */
  readonly armCdHoldsMm: boolean;
  /** Arm: does the quiet CD keep R/S so that translation faults are still reported (5.17–6.x)? */
  readonly armQuietRecordsFaults: boolean;
}
