/**
 * Reading a packed state back in kernel terms: the changes between two states (for trace lines)
 * and the object graph of one state (tasks, mms with mm_users/mm_count, files with f_count,
 * VMAs, bonds, PASIDs and their owners, PASID-table entries, queues), with references as edges.
 */
import {
  ENT_INVALID,
  FILE_NONE,
  FILE_RELEASED,
  MM_NONE,
  MN_CLEARED,
  MN_LIVE,
  Q_NONE,
  REL_DELAYED,
  SVM_NONE,
  TASK_DEAD,
  TASK_UNBORN,
} from "./layout.js";
import type { Kernel } from "./kernel.js";
import { entryStateName } from "./pasid-table.js";

const TASK_STATUS = ["unborn", "running", "do_exit: exit_mm next", "do_exit: exit_files next", "do_exit: exit_task_work", "do_exit: final schedule next", "dead"];
const MM_STAGE = ["none", "live", "exited (__mmput done)", "freed (__mmdrop done)"];
const FILE_STATE = ["none", "open", "released", "releasing"];
const Q_STATE = ["none", "UACCE_Q_INIT", "UACCE_Q_STARTED", "UACCE_Q_ZOMBIE"];

/** The name of element i of a field (its object). */
function elementName(k: Kernel, of: string, i: number): string {
  const P1 = k.P + 1;
  switch (of) {
    case "task":
      return `task ${k.sys.tasks[i].name}`;
    case "mm":
      return k.mmName(i);
    case "files_struct":
      return `files_struct ${i}`;
    case "fd":
      return `fd ${k.sys.fdNames[i % k.FDN]} of files_struct ${Math.floor(i / k.FDN)}`;
    case "file":
      return `file ${k.fileName(i)}`;
    case "vma":
      return `VMA ${i}`;
    case "pasid":
      return `PASID ${i}`;
    case "entry":
      return `${k.devName(Math.floor(i / P1))} entry ${i % P1}`;
    case "device":
      return k.devName(i);
    case "bond":
    case "handle":
      return `${of} (${k.devName(Math.floor(i / k.M))}, ${k.mmName(i % k.M)})`;
    case "svm":
      return `intel_svm at PASID ${i}`;
    case "sdev":
      return `sdev (PASID ${Math.floor(i / k.D)}, ${k.devName(i % k.D)})`;
    case "domain":
      return `SVA domain of ${k.mmName(i)}`;
    default:
      return of;
  }
}

/** A field's value in words. */
function valueText(k: Kernel, field: string, v: number): string {
  switch (field) {
    case "task_status":
      return TASK_STATUS[v] ?? String(v);
    case "mm_stage":
      return MM_STAGE[v] ?? String(v);
    case "f_state":
      return FILE_STATE[v] ?? String(v);
    case "q_state":
      return Q_STATE[v] ?? String(v);
    case "ent_state":
      return entryStateName(v);
    case "task_mm":
    case "q_mm":
    case "q_owner":
    case "work_mm":
    case "vma_mm":
    case "ent_mm":
    case "pasid_owner":
    case "svm_mm":
      return v === 0 ? "none" : k.mmName(v - 1);
    case "fs_fd":
    case "vma_file":
    case "wq_owner":
      return v === 0 ? "none" : k.fileName(v - 1);
    case "f_rel":
      return v === 0 ? "none" : v === REL_DELAYED ? "delayed_fput_list" : `task_work of ${k.sys.tasks[v - 1].name}`;
    case "mm_pasid":
    case "q_pasid":
    case "work_pasid":
      return v === 0 ? "INVALID" : String(v);
    case "mn_state":
      return v === MN_LIVE ? "registered" : v === MN_CLEARED ? "cleared (release ran)" : "none";
    case "lock_owner":
      return v === 0 ? "free" : `held by ${k.actorName(v)}`;
    default:
      return String(v);
  }
}

/** Fields whose changes are bookkeeping, not kernel objects a reader follows. */
const QUIET_FIELDS = new Set(["task_pc", "task_cont", "kw_cont", "task_killed"]);

/** One phrase per changed field between two states: "mm A: mm_users 1 → 0". */
export function diffStates(k: Kernel, a: Uint8Array, b: Uint8Array): string[] {
  const out: string[] = [];
  for (const f of k.fields) {
    if (QUIET_FIELDS.has(f.name)) continue;
    for (let i = 0; i < f.count; i++) {
      const x = a[f.offset + i];
      const y = b[f.offset + i];
      if (x !== y) out.push(`${elementName(k, f.of, i)}: ${f.name} ${valueText(k, f.name, x)} → ${valueText(k, f.name, y)}`);
    }
  }
  return out;
}

export interface GraphNode {
  readonly id: string;
  readonly kind: "task" | "mm" | "file" | "vma" | "pasid" | "entry" | "bond" | "device";
  readonly label: string;
  /** Extra lines: counts and states. */
  readonly detail: readonly string[];
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** What the reference is ("mm_users", "f_count", "mm_count", "owner", "translates"). */
  readonly label: string;
}

export interface ObjectGraph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

/** The object and reference graph of a state: what a kernel developer would draw. */
export function objectGraph(k: Kernel, s: Uint8Array): ObjectGraph {
  const L = k.L;
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const mmId = (m: number) => `mm${m}`;
  const fileId = (f: number) => `file${f}`;
  for (let t = 0; t < k.T; t++) {
    const st = s[L.task_status + t];
    if (st === TASK_UNBORN) continue;
    const msr = s[L.task_msr + t];
    nodes.push({
      id: `task${t}`,
      kind: "task",
      label: `task ${k.sys.tasks[t].name}`,
      detail: [TASK_STATUS[st], ...(msr ? [`IA32_PASID ${msr === 255 ? "reset by exec" : msr}`] : [])],
    });
    if (st !== TASK_DEAD && s[L.task_mm + t]) edges.push({ from: `task${t}`, to: mmId(s[L.task_mm + t] - 1), label: st >= 3 ? "active_mm (mm_count)" : "mm_users" });
    if (st >= 1 && st <= 2) {
      const g = k.sys.tasks[t].group;
      for (let fd = 0; fd < k.FDN; fd++) {
        const f = s[L.fs_fd + g * k.FDN + fd];
        if (f) edges.push({ from: `task${t}`, to: fileId(f - 1), label: `fd ${k.sys.fdNames[fd]} (f_count)` });
      }
    }
  }
  for (let m = 0; m < k.M; m++) {
    const st = s[L.mm_stage + m];
    if (st === MM_NONE) continue;
    const pasid = s[L.mm_pasid + m];
    nodes.push({
      id: mmId(m),
      kind: "mm",
      label: k.mmName(m),
      detail: [MM_STAGE[st], `mm_users ${s[L.mm_users + m]}`, `mm_count ${s[L.mm_count + m]}`, `pasid ${pasid === 0 ? "INVALID" : pasid}`],
    });
  }
  for (let v = 0; v < k.V; v++) {
    const f = s[L.vma_file + v];
    if (!f) continue;
    nodes.push({ id: `vma${v}`, kind: "vma", label: `VMA of ${k.fileName(f - 1)}`, detail: ["VM_DONTCOPY"] });
    edges.push({ from: mmId(s[L.vma_mm + v] - 1), to: `vma${v}`, label: "mmap" });
    edges.push({ from: `vma${v}`, to: fileId(f - 1), label: "vm_file (f_count)" });
  }
  for (let f = 0; f < k.F; f++) {
    const st = s[L.f_state + f];
    if (st === FILE_NONE || st === FILE_RELEASED) continue;
    const q = s[L.q_state + f];
    const rel = s[L.f_rel + f];
    nodes.push({
      id: fileId(f),
      kind: "file",
      label: `file ${k.fileName(f)}`,
      detail: [
        `f_count ${s[L.f_count + f]}`,
        FILE_STATE[st],
        ...(q !== Q_NONE ? [`queue ${Q_STATE[q]}`, `PASID ${s[L.q_pasid + f]}`] : []),
        ...(rel ? [`release pending: ${valueText(k, "f_rel", rel)}`] : []),
        ...(s[L.work_pasid + f] ? [`ENQCMD work at PASID ${s[L.work_pasid + f]}`] : []),
      ],
    });
    if (q !== Q_NONE) edges.push({ from: fileId(f), to: `bond${f}`, label: "queue → bond (release unbinds)" });
    if (q !== Q_NONE) {
      nodes.push({ id: `bond${f}`, kind: "bond", label: `bond ${k.devName(k.sys.files[f].dev)} ↔ ${k.mmName(s[L.q_mm + f] - 1)}`, detail: [`PASID ${s[L.q_pasid + f]}`] });
      edges.push({ from: `bond${f}`, to: mmId(s[L.q_mm + f] - 1), label: bondRef(k) });
    }
  }
  for (let p = 1; p <= k.P; p++) {
    const owner = s[L.pasid_owner + p];
    nodes.push({ id: `pasid${p}`, kind: "pasid", label: `PASID ${p}`, detail: [owner ? "allocated" : "free", ...(k.hasPasidRefs && owner ? [`refs ${s[L.pasid_refs + p]}`] : [])] });
    if (owner) edges.push({ from: `pasid${p}`, to: mmId(owner - 1), label: "owner (ioasid_find)" });
    if (k.needs.intelSvm && s[L.svm_state + p] !== SVM_NONE) edges.push({ from: `pasid${p}`, to: mmId(s[L.svm_mm + p] - 1), label: "intel_svm->mm (notifier: mm_count)" });
  }
  for (let d = 0; d < k.D; d++) {
    nodes.push({ id: `dev${d}`, kind: "device", label: k.devName(d), detail: [k.sys.devices[d].driver + (k.sys.devices[d].wq ? ` (${k.sys.devices[d].wq} WQ)` : "")] });
    for (let p = 1; p <= k.P; p++) {
      const e = k.ent(d, p);
      const st = s[L.ent_state + e];
      if (st === ENT_INVALID) continue;
      nodes.push({ id: `ent${e}`, kind: "entry", label: `${k.devName(d)} PASID ${p}`, detail: [entryStateName(st)] });
      edges.push({ from: `dev${d}`, to: `ent${e}`, label: "PASID table" });
      edges.push({ from: `ent${e}`, to: `pasid${p}`, label: "at" });
      if (s[L.ent_mm + e]) edges.push({ from: `ent${e}`, to: mmId(s[L.ent_mm + e] - 1), label: "translates (TTB0 / pgd)" });
    }
  }
  return { nodes, edges };
}

function bondRef(k: Kernel): string {
  return k.design.name === "mmget-in-bind" ? "mm_users (mmget in bind) + mm_count" : "mm_count (notifier / domain)";
}
