/**
 * A parsed scenario: what a scenario file says, with the source position of every part so that
 * later stages (name resolution, the model compiler) can report errors at the right line.
 * The YAML format is a public contract, documented in docs/scenarios.md.
 */
import type { DesignName, DriverName, IommuName, PropertyName, WqMode } from "../kernel/names.js";

/** 1-based line and column in the scenario file. */
export interface SourcePos {
  readonly line: number;
  readonly col: number;
}

/*
 * Statements that name an fd also carry `dev`: the device that fd was opened on, resolved by the
 * parser from the `open` it refers to (in this program, or in the creator before `fork`/`thread`).
 * parseScenario always sets it; it is optional only so that hand-built ASTs may leave it out.
 */
export type Statement =
  /** open DEV as FD: driver open (uacce_fops_open / idxd_cdev_open) → iommu_sva_bind_device. */
  | { readonly op: "open"; readonly dev: string; readonly fd: string; readonly pos: SourcePos }
  /** close FD: close(2) → fput; the release runs from task work. */
  | { readonly op: "close"; readonly fd: string; readonly dev?: string; readonly pos: SourcePos }
  /** mmap FD: map the queue's MMIO / portal region (the VMA holds a file reference). */
  | { readonly op: "mmap"; readonly fd: string; readonly dev?: string; readonly pos: SourcePos }
  /** munmap FD: remove that VMA (fput of its file). */
  | { readonly op: "munmap"; readonly fd: string; readonly dev?: string; readonly pos: SourcePos }
  /** start FD: UACCE_CMD_START_Q (uacce_start_queue) / enabling an idxd dedicated WQ's PASID. */
  | { readonly op: "start"; readonly fd: string; readonly dev?: string; readonly pos: SourcePos }
  /** stop FD: UACCE_CMD_PUT_Q (uacce_put_queue without unbind). */
  | { readonly op: "stop"; readonly fd: string; readonly dev?: string; readonly pos: SourcePos }
  /** enqcmd FD: ENQCMD to the shared WQ portal FD has mapped, PASID from this thread's IA32_PASID. */
  | { readonly op: "enqcmd"; readonly fd: string; readonly dev?: string; readonly pos: SourcePos }
  /** thread NAME: clone(CLONE_VM | CLONE_FILES | CLONE_THREAD) running the program of entry NAME. */
  | { readonly op: "thread"; readonly name: string; readonly pos: SourcePos }
  /** fork NAME: clone without CLONE_VM: dup_mm, dup_fd; the child runs entry NAME's program. */
  | { readonly op: "fork"; readonly name: string; readonly pos: SourcePos }
  /** exec: execve: exec_mmap replaces the mm (mmput of the old one). */
  | { readonly op: "exec"; readonly pos: SourcePos }
  /** exit: exit_group(2): every thread of the group runs do_exit. */
  | { readonly op: "exit"; readonly pos: SourcePos }
  /** sleep: a step that does nothing, to let others move. */
  | { readonly op: "sleep"; readonly pos: SourcePos };

export type StatementOp = Statement["op"];

export interface DeviceSpec {
  readonly name: string;
  readonly driver: DriverName;
  /** idxd only: the work queue mode (default dedicated). */
  readonly wq?: WqMode;
  readonly pos: SourcePos;
}

export interface ProcessSpec {
  readonly name: string;
  readonly program: readonly Statement[];
  /** An unexpected kill (SIGKILL) may end this process after any step. */
  readonly mayDie: boolean;
  /** Created by that process's `fork NAME`; not started at boot. */
  readonly childOf?: string;
  /** Created by that process's `thread NAME`; shares its mm and fd table. */
  readonly threadOf?: string;
  readonly pos: SourcePos;
}

export interface Scenario {
  /** The file it came from ("<built-in>/NAME.yaml" for shipped scenarios, "<input>" for pasted text). */
  readonly file: string;
  readonly name: string;
  readonly description?: string;
  readonly design: DesignName;
  readonly iommu: IommuName;
  /** Usable PASIDs are 1..pasids. */
  readonly pasids: number;
  readonly devices: readonly DeviceSpec[];
  readonly processes: readonly ProcessSpec[];
  /** Properties to report; empty means all. */
  readonly check: readonly PropertyName[];
}
