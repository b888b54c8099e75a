/**
 * A compiled system: the static shape of one scenario (which tasks, devices, object slots exist
 * and what each statement refers to), independent of any state. Every object a run can create
 * gets a slot up front (one mm per root process, fork and exec; one file per `open`; one VMA per
 * `mmap`), so a state is a fixed-size byte array (see layout.ts).
 */
import type { Scenario, Statement } from "../scenario/types.js";
import type { DriverName, WqMode } from "./names.js";

export const OP_OPEN = 1;
export const OP_CLOSE = 2;
export const OP_MMAP = 3;
export const OP_MUNMAP = 4;
export const OP_START = 5;
export const OP_STOP = 6;
export const OP_ENQCMD = 7;
export const OP_THREAD = 8;
export const OP_FORK = 9;
export const OP_EXEC = 10;
export const OP_EXIT = 11;
export const OP_SLEEP = 12;

export interface Op {
  readonly op: number;
  /** The statement as written (`open acc0 as q`). */
  readonly text: string;
  /** fd-name slot (open, close, mmap, munmap, start, stop, enqcmd). */
  readonly fd: number;
  /** Device index (open). */
  readonly dev: number;
  /** Task index created (thread, fork). */
  readonly task: number;
  /** File slot created (open). */
  readonly file: number;
  /** VMA slot created (mmap). */
  readonly vma: number;
  /** mm slot created (fork: the child's, exec: the new one). */
  readonly mm: number;
}

export interface TaskInfo {
  readonly name: string;
  readonly program: readonly Op[];
  readonly mayDie: boolean;
  /** Present at boot (a root process), rather than created by fork/thread. */
  readonly root: boolean;
  readonly isThread: boolean;
  /**
   * Program index of this task's first `exec` (program length when none): past it the task is
   * its group's main thread (de_thread made it the leader), so the end of its program is an exit.
   */
  readonly execAt: number;
  /** Thread group (also the files_struct slot: CLONE_FILES threads share it). */
  readonly group: number;
  /** The group leader's task index. */
  readonly leader: number;
  /** mm slot a root task starts with (-1 otherwise). */
  readonly initialMm: number;
}

export interface DeviceInfo {
  readonly name: string;
  readonly driver: DriverName;
  readonly wq: WqMode | undefined;
}

export interface FileInfo {
  /** "A:q" — the opener and the fd name. */
  readonly name: string;
  readonly dev: number;
  readonly opener: number;
}

export interface SystemConfig {
  readonly name: string;
  readonly pasids: number;
  readonly tasks: readonly TaskInfo[];
  readonly devices: readonly DeviceInfo[];
  /** Human names of the mm slots ("A", "C", "A after exec"). */
  readonly mms: readonly string[];
  readonly files: readonly FileInfo[];
  /** VMA slots: the fd name each `mmap` statement mapped (munmap and ENQCMD find it by that). */
  readonly vmas: readonly { readonly fd: number; readonly task: number }[];
  readonly groups: number;
  readonly fdNames: readonly string[];
  /**
   * Symmetry classes: sets of root processes (task indices) with identical programs and no
   * threads or children, which no property or rule tells apart except by their objects.
   */
  readonly symmetryClasses: readonly (readonly number[])[];
}

const OPCODES: Record<Statement["op"], number> = {
  open: OP_OPEN,
  close: OP_CLOSE,
  mmap: OP_MMAP,
  munmap: OP_MUNMAP,
  start: OP_START,
  stop: OP_STOP,
  enqcmd: OP_ENQCMD,
  thread: OP_THREAD,
  fork: OP_FORK,
  exec: OP_EXEC,
  exit: OP_EXIT,
  sleep: OP_SLEEP,
};

export function statementText(st: Statement): string {
  switch (st.op) {
    case "open":
      return `open ${st.dev} as ${st.fd}`;
    case "close":
    case "mmap":
    case "munmap":
    case "start":
    case "stop":
    case "enqcmd":
      return `${st.op} ${st.fd}`;
    case "thread":
    case "fork":
      return `${st.op} ${st.name}`;
    default:
      return st.op;
  }
}

/** Thrown only for a scenario the parser should have rejected (a bug, not user input). */
export class SystemError extends Error {}

/**
 * Compile a validated scenario into its static system shape. Task order follows the scenario's
 * process order; slot numbering follows statement order, so it is deterministic.
 */
export function compileSystem(sc: Pick<Scenario, "name" | "pasids" | "devices" | "processes">): SystemConfig {
  const procIndex = new Map(sc.processes.map((p, i) => [p.name, i]));
  const devIndex = new Map(sc.devices.map((d, i) => [d.name, i]));
  const fdNames: string[] = [];
  const fdSlot = (name: string): number => {
    let i = fdNames.indexOf(name);
    if (i < 0) i = fdNames.push(name) - 1;
    return i;
  };

  // Groups (thread groups = files_struct slots) and leaders.
  const group: number[] = new Array(sc.processes.length).fill(-1);
  const leader: number[] = new Array(sc.processes.length).fill(-1);
  let groups = 0;
  const resolveGroup = (i: number, depth = 0): void => {
    if (group[i] >= 0) return;
    const p = sc.processes[i];
    if (p.threadOf !== undefined) {
      const parent = procIndex.get(p.threadOf);
      if (parent === undefined || depth > sc.processes.length) throw new SystemError(`bad thread-of in ${p.name}`);
      resolveGroup(parent, depth + 1);
      group[i] = group[parent];
      leader[i] = leader[parent];
    } else {
      group[i] = groups++;
      leader[i] = i;
    }
  };
  sc.processes.forEach((_, i) => resolveGroup(i));

  const mms: string[] = [];
  const initialMm: number[] = sc.processes.map((p) =>
    p.childOf === undefined && p.threadOf === undefined ? mms.push(p.name) - 1 : -1,
  );
  const files: FileInfo[] = [];
  const vmas: { fd: number; task: number }[] = [];

  const tasks: TaskInfo[] = sc.processes.map((p, i) => {
    const program: Op[] = p.program.map((st) => {
      const base = { op: OPCODES[st.op], text: statementText(st), fd: -1, dev: -1, task: -1, file: -1, vma: -1, mm: -1 };
      switch (st.op) {
        case "open": {
          const dev = devIndex.get(st.dev);
          if (dev === undefined) throw new SystemError(`unknown device ${st.dev}`);
          const file = files.push({ name: `${p.name}:${st.fd}`, dev, opener: i }) - 1;
          return { ...base, fd: fdSlot(st.fd), dev, file };
        }
        case "mmap": {
          const fd = fdSlot(st.fd);
          return { ...base, fd, vma: vmas.push({ fd, task: i }) - 1 };
        }
        case "close":
        case "munmap":
        case "start":
        case "stop":
        case "enqcmd":
          return { ...base, fd: fdSlot(st.fd) };
        case "thread":
        case "fork": {
          const task = procIndex.get(st.name);
          if (task === undefined) throw new SystemError(`unknown process ${st.name}`);
          const mm = st.op === "fork" ? mms.push(st.name) - 1 : -1;
          return { ...base, task, mm };
        }
        case "exec":
          return { ...base, mm: mms.push(`${p.name} after exec`) - 1 };
        default:
          return base;
      }
    });
    return {
      name: p.name,
      program,
      mayDie: p.mayDie,
      root: p.childOf === undefined && p.threadOf === undefined,
      isThread: p.threadOf !== undefined,
      execAt: ((): number => {
        const e = program.findIndex((op) => op.op === OP_EXEC);
        return e < 0 ? program.length : e;
      })(),
      group: group[i],
      leader: leader[i],
      initialMm: initialMm[i],
    };
  });

  return {
    name: sc.name,
    pasids: sc.pasids,
    symmetryClasses: symmetryClasses(tasks, sc.processes.map((p) => p.childOf ?? p.threadOf)),
    tasks,
    devices: sc.devices.map((d) => ({ name: d.name, driver: d.driver, wq: d.driver === "idxd" ? (d.wq ?? "dedicated") : undefined })),
    mms,
    files,
    vmas,
    groups,
    fdNames,
  };
}

/** Root processes that are interchangeable: same program (as written), same may-die, alone in their group. */
function symmetryClasses(tasks: readonly TaskInfo[], parents: readonly (string | undefined)[]): number[][] {
  const hasKids = new Set(parents.filter((p): p is string => p !== undefined));
  const byKey = new Map<string, number[]>();
  tasks.forEach((t, i) => {
    if (!t.root || hasKids.has(t.name)) return;
    if (t.program.some((op) => op.op === OP_THREAD || op.op === OP_FORK || op.op === OP_EXEC)) return;
    const key = `${t.mayDie}|${t.program.map((op) => op.text).join(";")}`;
    const list = byKey.get(key) ?? [];
    list.push(i);
    byKey.set(key, list);
  });
  return [...byKey.values()].filter((c) => c.length > 1);
}
