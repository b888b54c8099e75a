/**
 * The one place that knows how a kernel state is packed into bytes.
 *
 * A state is a flat Uint8Array; every kernel object field is one byte at a fixed offset computed
 * once per compiled system (scenario × design × IOMMU driver). Kernel rules index the array through
 * the offsets named here (`s[L.mm_users + mm]`), so a successor is one memcpy plus a few writes and
 * the engine hashes bytes, never strings. Fields are named after the kernel's (mm_users, f_count,
 * ...); `describe.ts` and the trace differ read them back by name.
 */

export interface FieldInfo {
  readonly name: string;
  readonly offset: number;
  /** Number of elements (1 for a scalar). */
  readonly count: number;
  /** The object kind each element belongs to, for diffs ("mm", "file", "task", "entry", ...). */
  readonly of: string;
}

export class LayoutBuilder {
  private size = 0;
  readonly fields: FieldInfo[] = [];

  field(name: string, count: number, of: string): number {
    const offset = this.size;
    if (count > 0) {
      this.fields.push({ name, offset, count, of });
      this.size += count;
    }
    return offset;
  }

  get stateSize(): number {
    return this.size;
  }
}

/** Values of byte fields. 0 always means "none / not yet". */

/** task_status: the life of a task (kernel/exit.c do_exit order). */
export const TASK_UNBORN = 0;
export const TASK_RUNNING = 1;
/** do_exit has started; next: exit_mm. */
export const TASK_EXIT_MM = 2;
/** next: exit_files. */
export const TASK_EXIT_FILES = 3;
/** next: exit_task_work (runs this task's queued releases one per step). */
export const TASK_EXIT_TASK_WORK = 4;
/** next: the final schedule (finish_task_switch → mmdrop of active_mm). */
export const TASK_EXIT_DEAD = 5;
export const TASK_DEAD = 6;

/** mm_stage: mm_struct life. */
export const MM_NONE = 0;
export const MM_LIVE = 1;
/** __mmput done (exit_mmap ran): no users, the struct still referenced. */
export const MM_EXITED = 2;
/** __mmdrop done: the struct is freed. */
export const MM_FREED = 3;

/** f_state: struct file life. */
export const FILE_NONE = 0;
export const FILE_OPEN = 1;
export const FILE_RELEASED = 2;
/** __fput is running the driver's release (the bond is being torn down). */
export const FILE_RELEASING = 3;

/** f_rel (who will run the release once f_count hit zero). */
export const REL_NONE = 0;
/** 1..T: queued on task (value-1)'s task work (task_work_add TWA_RESUME). */
/** On delayed_fput_list (run by the delayed-fput kworker). */
export const REL_DELAYED = 255;

/** q_state: uacce queue states (UACCE_Q_*) and idxd context; 0 = no bond. */
export const Q_NONE = 0;
export const UACCE_Q_INIT = 1;
export const UACCE_Q_STARTED = 2;
export const UACCE_Q_ZOMBIE = 3;

/** ent_state: a PASID table entry (Arm context descriptor, Intel PASID entry). */
export const ENT_INVALID = 0;
/** Valid and translating ent_mm's page tables. */
export const ENT_VALID = 1;
/** Arm quiet CD (arm_smmu_mm_release): V=1, EPD0 set, translation disabled; R/S as before. */
export const ENT_QUIET = 2;
/** Intel intel_pasid_tear_down_entry(fault_ignore=true): not present, FPD=1 (faults not reported). */
export const ENT_TORN_DOWN = 3;

/** Arm per-(device, mm) mmu notifier (arm_smmu_mmu_notifier) state. */
export const MN_NONE = 0;
export const MN_LIVE = 1;
/** arm_smmu_mm_release ran: smmu_mn->cleared = true. */
export const MN_CLEARED = 2;

/** Intel intel_svm notifier state. */
export const SVM_NONE = 0;
export const SVM_LIVE = 1;
/** intel_mm_release ran (notifier unhashed by mmu_notifier_release). */
export const SVM_RELEASED = 2;

/** Continuations: the tail of a kernel function split where another context may overtake it. */
export const CONT_NONE = 0;
/** exec waiting in de_thread for the other threads to die. */
export const CONT_DE_THREAD = 1;
/**
 * arm_smmu_sva_unbind after mmu_notifier_put, for the queue of file f: the value is
 * CONT_ARM_UNBIND_TAIL + f (one byte holds the continuation and its file).
 */
export const CONT_ARM_UNBIND_TAIL = 2;

/** task_msr: pasid_activated set but the MSR was reset by exec (fpu_flush_thread). */
export const MSR_CLEARED_BY_EXEC = 255;

/** Lock owner id of the kworker (delayed fput); tasks are 1..T. */
export const ACTOR_KWORKER = 255;
