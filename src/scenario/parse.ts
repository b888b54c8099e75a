/**
 * Scenario files: YAML text → Scenario AST, or every problem with its file, line and column.
 * Browser-safe (no node imports); src/scenario/load-node.ts reads files.
 *
 * Three passes, all errors collected and returned in source order:
 *  1. YAML syntax (the yaml library, with its positions); stop here if the text is not YAML.
 *  2. Structure (zod: ScenarioSchema), each issue mapped back to its YAML node.
 *  3. Meaning: design names, statement grammar, names and references, fd scopes, process creation.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document } from "yaml";
import type { core as zcore } from "zod";
import {
  DESIGN_ALIASES,
  DESIGN_NAMES,
  DRIVER_NAMES,
  IOMMU_NAMES,
  PROPERTY_NAMES,
  WQ_MODES,
  resolveDesign,
  type DesignName,
  type DriverName,
  type IommuName,
  type WqMode,
} from "../kernel/names.js";
import { DEFAULTS, DEVICE_KEYS, LIMITS, PROCESS_KEYS, ScenarioSchema, TOP_KEYS, type ScenarioInput } from "./schema.js";
import { NAME_RE, NAME_RULE, parseStatementText, type StatementBody } from "./statements.js";
import { didYouMean, nearest, oneOf } from "./suggest.js";
import type { DeviceSpec, ProcessSpec, Scenario, SourcePos, Statement } from "./types.js";

/** One problem in a scenario file. line and col are 1-based; 0 for problems with no position. */
export interface ScenarioError {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

/** Command-line values that replace the file's design, iommu and pasids. */
export interface ScenarioOverrides {
  readonly design?: string;
  readonly iommu?: string;
  readonly pasids?: number;
}

export type ParseResult =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly errors: readonly ScenarioError[] };

/** The file name used in errors about overrides (they come from the command line, not the file). */
export const COMMAND_LINE = "<command line>";

/** `FILE:LINE:COL: message`, or `FILE: message` for a problem with no position (line 0). */
export function formatError(e: ScenarioError): string {
  return e.line > 0 ? `${e.file}:${e.line}:${e.col}: ${e.message}` : `${e.file}: ${e.message}`;
}

const LIMIT_REASON = "to keep the state space small enough to explore exhaustively";

// ---------------------------------------------------------------------------------------------
// Positions

type Seg = string | number;
type YNode = { range?: [number, number, number] | null } & object;

interface Located {
  /** The node at the path (aliases resolved), if it exists. */
  readonly node?: YNode;
  /** The key of the pair holding it, when the last segment is a map key. */
  readonly key?: YNode;
  /** The deepest node that exists along the path. */
  readonly container: YNode;
}

class Reporter {
  readonly errors: ScenarioError[] = [];
  constructor(
    readonly file: string,
    readonly text: string,
    readonly lc: LineCounter,
    readonly doc: Document,
  ) {}

  pos(offset: number): SourcePos {
    const { line, col } = this.lc.linePos(offset);
    return { line, col };
  }

  /** "LINE:COL" of an offset, for messages that point at a second place. */
  where(offset: number): string {
    const { line, col } = this.pos(offset);
    return `${line}:${col}`;
  }

  at(offset: number, message: string): void {
    const { line, col } = this.pos(offset);
    this.errors.push({ file: this.file, line, col, message });
  }

  deref(n: unknown): unknown {
    return isAlias(n) ? n.resolve(this.doc) : n;
  }

  locate(path: readonly Seg[]): Located {
    let cur = this.deref(this.doc.contents) as YNode;
    let key: YNode | undefined;
    for (const seg of path) {
      if (isMap(cur)) {
        const pair = cur.items.find((p) => isScalar(p.key) && p.key.value === seg);
        if (!pair) return { container: cur };
        key = pair.key as YNode;
        const v = this.deref(pair.value) as YNode | null;
        if (v === null || v === undefined) return { key, container: cur };
        cur = v;
      } else if (isSeq(cur) && typeof seg === "number") {
        const v = this.deref(cur.items[seg]) as YNode | null | undefined;
        if (v === null || v === undefined) return { container: cur };
        key = undefined;
        cur = v;
      } else {
        return { container: cur };
      }
    }
    return { node: cur, key, container: cur };
  }

  /** Where to point for the value at path: the value, else its key, else the nearest container. */
  offsetOf(path: readonly Seg[]): number {
    const l = this.locate(path);
    const n = l.node;
    // An empty value (`key:`) has a zero-width range after the colon: point at the key instead.
    const empty = n !== undefined && isScalar(n) && n.value === null && n.range && n.range[0] === n.range[1];
    if (n?.range && !empty) return n.range[0];
    if (l.key?.range) return l.key.range[0];
    return l.container.range?.[0] ?? 0;
  }

  /** Offset of the key `name` in the mapping at path, else of the mapping. */
  keyOffset(path: readonly Seg[], name: string): number {
    const l = this.locate(path);
    if (l.node && isMap(l.node)) {
      const pair = l.node.items.find((p) => isScalar(p.key) && p.key.value === name);
      const r = (pair?.key as YNode | undefined)?.range;
      if (r) return r[0];
    }
    return this.offsetOf(path);
  }

  /**
   * Offset in the file of character `i` of a statement string at path: exact for plain and
   * quoted scalars written on one line without escapes, else the scalar's own start.
   */
  charOffset(path: readonly Seg[], i: number): number {
    const n = this.locate(path).node;
    if (!n || !isScalar(n) || !n.range || typeof n.value !== "string") return this.offsetOf(path);
    const start = n.range[0];
    const v = n.value;
    if (i === 0) return start;
    if (n.type === "PLAIN" && this.text.slice(start, start + v.length) === v) return start + i;
    if ((n.type === "QUOTE_DOUBLE" || n.type === "QUOTE_SINGLE") && this.text.slice(start + 1, start + 1 + v.length) === v) {
      return start + 1 + i;
    }
    return start;
  }
}

// ---------------------------------------------------------------------------------------------
// Raw value helpers

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

function getRaw(root: unknown, path: readonly Seg[]): unknown {
  let cur = root;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === "number") cur = cur[seg];
    else if (isObj(cur) && typeof seg === "string") cur = Object.hasOwn(cur, seg) ? cur[seg] : undefined;
    else return undefined;
  }
  return cur;
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return "an empty value";
  if (typeof v === "string") return `a string '${v.length > 40 ? `${v.slice(0, 37)}...` : v}'`;
  if (typeof v === "number") return `a number ${v}`;
  if (typeof v === "boolean") return `a boolean ${v}`;
  if (Array.isArray(v)) return "a list";
  if (v instanceof Date) return "a date";
  return "a mapping";
}

const DESIGN_CANDIDATES = [...DESIGN_NAMES, ...Object.keys(DESIGN_ALIASES)];
const DESIGN_EXPECTED = `${oneOf(DESIGN_NAMES)}, or a kernel version (${Object.keys(DESIGN_ALIASES).join(", ")})`;

// ---------------------------------------------------------------------------------------------
// Structural issues (zod) → messages

interface FieldInfo {
  /** How messages name the field: "'pasids'", "statement 3 of process 'A'". */
  readonly label: string;
  /** What was expected there. */
  readonly expected: string;
  /** For enum fields: the thing that is unknown ("driver", "IOMMU driver"...). */
  readonly what?: string;
  /** For name fields: the kind of name ("device", "process"). */
  readonly nameKind?: string;
}

function itemName(raw: unknown, list: string, i: number): string {
  const n = str(getRaw(raw, [list, i, "name"]));
  const kind = list === "devices" ? "device" : "process";
  return n !== undefined ? `${kind} '${n}'` : `${kind} ${i + 1}`;
}

function fieldInfo(raw: unknown, path: readonly Seg[]): FieldInfo {
  const [a, i, b, j] = path;
  if (path.length === 0) return { label: "the scenario", expected: "a mapping with name, devices and processes" };
  if (a === "devices" && typeof i === "number") {
    const owner = itemName(raw, "devices", i);
    if (b === undefined) return { label: `device ${i + 1}`, expected: "a device mapping such as '{ name: acc0, driver: uacce }'" };
    if (b === "name") return { label: `'name' of ${owner}`, expected: "a device name such as 'acc0'", nameKind: "device" };
    if (b === "driver") return { label: `'driver' of ${owner}`, expected: oneOf(DRIVER_NAMES), what: "driver" };
    if (b === "wq") return { label: `'wq' of ${owner}`, expected: oneOf(WQ_MODES), what: "wq mode" };
  }
  if (a === "processes" && typeof i === "number") {
    const owner = itemName(raw, "processes", i);
    if (b === undefined) return { label: `process ${i + 1}`, expected: "a process mapping with 'name' and 'program'" };
    if (b === "name") return { label: `'name' of ${owner}`, expected: "a process name such as 'A'", nameKind: "process" };
    if (b === "program" && j === undefined) {
      return { label: `'program' of ${owner}`, expected: "a list of statements such as '[open acc0 as q, start q, exit]'" };
    }
    if (b === "program" && typeof j === "number") {
      return { label: `statement ${j + 1} of ${owner}`, expected: "a statement string such as 'mmap q'" };
    }
    if (b === "may-die") return { label: `'may-die' of ${owner}`, expected: "true or false" };
    if (b === "child-of" || b === "thread-of") {
      return { label: `'${b}' of ${owner}`, expected: "a process name", nameKind: "process" };
    }
  }
  if (a === "check" && typeof i === "number") {
    return { label: `item ${i + 1} of 'check'`, expected: "a property name", what: "property" };
  }
  switch (a) {
    case "name":
      return { label: "'name'", expected: "a string (the scenario's title)" };
    case "description":
      return { label: "'description'", expected: "a string" };
    case "design":
      return { label: "'design'", expected: DESIGN_EXPECTED };
    case "iommu":
      return { label: "'iommu'", expected: oneOf(IOMMU_NAMES), what: "IOMMU driver" };
    case "pasids":
      return { label: "'pasids'", expected: `an integer from ${LIMITS.pasidsMin} to ${LIMITS.pasidsMax}` };
    case "devices":
      return { label: "'devices'", expected: "a list of devices" };
    case "processes":
      return { label: "'processes'", expected: "a list of processes" };
    case "check":
      return { label: "'check'", expected: `a list of property names (${PROPERTY_NAMES.join(", ")})` };
  }
  return { label: path.map(String).join("."), expected: "something else" };
}

function reportIssue(r: Reporter, raw: unknown, issue: zcore.$ZodIssue): void {
  const path = issue.path.filter((s): s is Seg => typeof s === "string" || typeof s === "number");
  const info = fieldInfo(raw, path);
  const value = getRaw(raw, path);
  const at = r.offsetOf(path);
  const last = path[path.length - 1];

  switch (issue.code) {
    case "unrecognized_keys": {
      const where = path.length === 0 ? "top-level" : path[0] === "devices" ? "device" : "process";
      const keys = keysAt(path);
      for (const k of issue.keys) {
        const hint = didYouMean(k, keys);
        r.at(r.keyOffset(path, k), `unknown ${where} key '${k}'${hint || `; expected one of ${oneOf(keys)}`}`);
      }
      return;
    }
    case "invalid_type":
    case "invalid_value": {
      if (value === undefined && path.length > 0) {
        const parentPath = path.slice(0, -1);
        // A misspelt key is one problem, reported as the unknown key: not also as a missing one.
        if (misspeltAs(getRaw(raw, parentPath), parentPath, String(last))) return;
        const owner =
          parentPath.length === 2 && typeof parentPath[1] === "number"
            ? ` in ${itemName(raw, String(parentPath[0]), parentPath[1])}`
            : "";
        r.at(r.offsetOf(parentPath), `missing required key '${String(last)}'${owner}: expected ${info.expected}`);
        return;
      }
      if (last === "pasids" && typeof value === "number") {
        r.at(at, pasidsMessage(value));
        return;
      }
      if (issue.code === "invalid_value" && typeof value === "string" && info.what !== undefined) {
        const candidates = issue.values.map(String);
        const hint = didYouMean(value, candidates);
        r.at(at, `unknown ${info.what} '${value}'${hint || `; expected ${info.expected}`}`);
        return;
      }
      r.at(at, `wrong type for ${info.label}: expected ${info.expected}, got ${describe(value)}`);
      return;
    }
    case "too_small":
    case "too_big": {
      if (issue.origin === "number") {
        r.at(at, pasidsMessage(value));
        return;
      }
      if (issue.origin === "string") {
        r.at(at, `${info.label} is empty: expected ${info.expected}`);
        return;
      }
      if (issue.origin === "array" && Array.isArray(value)) {
        if (issue.code === "too_small") {
          const msg =
            last === "devices"
              ? "'devices' is empty: expected at least one device"
              : last === "processes"
                ? "'processes' is empty: expected at least one process"
                : "'check' is empty: list at least one property, or leave 'check' out to check every property";
          r.at(at, msg);
          return;
        }
        const max = Number(issue.maximum);
        const extra = r.offsetOf([...path, max]);
        if (last === "program") {
          const owner = itemName(raw, "processes", path[1] as number);
          r.at(extra, `too many statements in ${owner}: ${value.length} (at most ${max} per program, ${LIMIT_REASON})`);
        } else {
          r.at(extra, `too many ${String(last)}: ${value.length} (at most ${max}, ${LIMIT_REASON})`);
        }
        return;
      }
      break;
    }
    case "invalid_format": {
      if (info.nameKind !== undefined && typeof value === "string") {
        r.at(at, `invalid ${info.nameKind} name '${value}': ${NAME_RULE}`);
        return;
      }
      break;
    }
    default:
      break;
  }
  r.at(at, `${info.label}: ${issue.message}`);
}

/** Keys accepted by the mapping at path. */
function keysAt(path: readonly Seg[]): readonly string[] {
  return path.length === 0 ? TOP_KEYS : path[0] === "devices" ? DEVICE_KEYS : PROCESS_KEYS;
}

/** Whether the mapping holds an unknown key whose nearest valid key is `key`. */
function misspeltAs(parent: unknown, path: readonly Seg[], key: string): boolean {
  if (!isObj(parent)) return false;
  const keys = keysAt(path);
  return Object.keys(parent).some((k) => !keys.includes(k) && nearest(k, keys) === key);
}

function pasidsMessage(value: unknown): string {
  return (
    `'pasids' must be an integer from ${LIMITS.pasidsMin} to ${LIMITS.pasidsMax} ` +
    `(PASIDs 1..pasids are usable), got ${typeof value === "number" ? value : describe(value)}`
  );
}

// ---------------------------------------------------------------------------------------------
// Meaning: names, references, program flow

interface DevInfo {
  readonly name: string;
  readonly driver?: DriverName;
  readonly wq?: WqMode;
}

/** A statement that parsed, with where it is. */
interface Stmt {
  readonly body: StatementBody;
  readonly path: readonly Seg[];
  readonly text: string;
  /** Word offsets within the text. */
  readonly words: readonly number[];
}

interface Proc {
  readonly index: number;
  readonly name?: string;
  readonly raw: Obj;
  readonly childOf?: string;
  readonly threadOf?: string;
  /** Statements by index; undefined where a statement did not parse. */
  readonly stmts: (Stmt | undefined)[];
}

interface FdInfo {
  readonly dev?: string;
}

interface Scope {
  /** Open fds of this process, by name. */
  readonly fds: Map<string, FdInfo>;
  /** fds whose region is mapped in this process's mm. */
  readonly mapped: Map<string, FdInfo>;
  /** Where ("LINE:COL") each name was last closed, for messages. */
  readonly closed: Map<string, string>;
}

const emptyScope = (): Scope => ({ fds: new Map(), mapped: new Map(), closed: new Map() });

class Checker {
  readonly devices = new Map<string, DevInfo>();
  /** Every device entry has a valid name (else an unknown device may be that entry: do not report it). */
  devicesComplete = true;
  /** Every process entry has a valid name. */
  processesComplete = true;
  /** Entries a fork/thread statement tried to create with the wrong kind or from the wrong process. */
  readonly attempted = new Set<string>();
  readonly procs: Proc[] = [];
  readonly byName = new Map<string, Proc>();
  /** The statement that creates each child/thread entry: creator and statement index. */
  readonly creations = new Map<string, { readonly proc: Proc; readonly index: number }>();
  /** Processes whose initial fd scope is not known (never created, or in a creation cycle). */
  readonly unknownStart = new Set<string>();
  /** Initial scopes of created entries, captured at their creation statement. */
  readonly initial = new Map<string, Scope>();
  readonly analysed = new Set<number>();
  readonly visiting = new Set<number>();
  /** Resolved device of each fd statement, keyed "proc/stmt". */
  readonly resolvedDev = new Map<string, string>();
  /** Opens already reported as duplicates (offsets), so the group check does not repeat them. */
  readonly reportedOpens = new Set<string>();

  constructor(
    readonly r: Reporter,
    readonly raw: Obj,
  ) {}

  run(): void {
    this.checkDesign();
    this.collectDevices();
    this.collectProcesses();
    this.checkCreations();
    this.checkCycles();
    for (const p of this.procs) this.analyse(p);
    this.checkSharedFdNames();
    this.checkCheckList();
  }

  private checkDesign(): void {
    const d = str(this.raw["design"]);
    if (d === undefined || resolveDesign(d) !== undefined) return;
    const hint = didYouMean(d, DESIGN_CANDIDATES);
    this.r.at(this.r.offsetOf(["design"]), `unknown design '${d}'${hint || `; expected ${DESIGN_EXPECTED}`}`);
  }

  private checkCheckList(): void {
    const list = this.raw["check"];
    if (!Array.isArray(list)) return;
    const seen = new Map<string, number>();
    list.forEach((v, k) => {
      if (typeof v !== "string") return;
      const first = seen.get(v);
      if (first !== undefined) {
        this.r.at(this.r.offsetOf(["check", k]), `duplicate property '${v}' in 'check' (already listed as item ${first + 1})`);
      } else seen.set(v, k);
    });
  }

  private collectDevices(): void {
    const list = this.raw["devices"];
    if (!Array.isArray(list)) return;
    list.forEach((d, i) => {
      if (!isObj(d) || typeof d["name"] !== "string" || !NAME_RE.test(d["name"])) this.devicesComplete = false;
      if (!isObj(d)) return;
      const name = str(d["name"]);
      const driver = (DRIVER_NAMES as readonly unknown[]).includes(d["driver"]) ? (d["driver"] as DriverName) : undefined;
      const wqRaw = (WQ_MODES as readonly unknown[]).includes(d["wq"]) ? (d["wq"] as WqMode) : undefined;
      if (driver === "uacce" && d["wq"] !== undefined) {
        this.r.at(
          this.r.keyOffset(["devices", i], "wq"),
          `'wq' applies only to idxd devices; ${name !== undefined ? `'${name}'` : "this device"} is a uacce device`,
        );
      }
      if (name === undefined) return;
      if (this.devices.has(name)) {
        const first = this.r.where(this.r.offsetOf(["devices", list.findIndex((x) => isObj(x) && x["name"] === name), "name"]));
        this.r.at(this.r.offsetOf(["devices", i, "name"]), `duplicate device name '${name}' (already defined at ${first})`);
        return;
      }
      const wq = driver === "idxd" ? (wqRaw ?? (d["wq"] === undefined ? DEFAULTS.wq : undefined)) : undefined;
      this.devices.set(name, { name, driver, wq });
    });
  }

  private collectProcesses(): void {
    const list = this.raw["processes"];
    if (!Array.isArray(list)) return;
    list.forEach((p, i) => {
      if (!isObj(p) || typeof p["name"] !== "string" || !NAME_RE.test(p["name"])) this.processesComplete = false;
      if (!isObj(p)) return;
      const name = str(p["name"]);
      const childOf = str(p["child-of"]);
      const threadOf = str(p["thread-of"]);
      const stmts: (Stmt | undefined)[] = [];
      const program = p["program"];
      if (Array.isArray(program)) {
        program.forEach((s, j) => {
          if (typeof s !== "string") {
            stmts.push(undefined);
            return;
          }
          const path = ["processes", i, "program", j];
          const res = parseStatementText(s);
          if (!res.ok) {
            this.r.at(this.r.charOffset(path, res.offset), res.message);
            stmts.push(undefined);
            return;
          }
          const words = [...s.matchAll(/\S+/g)].map((m) => m.index);
          stmts.push({ body: res.stmt, path, text: s, words });
        });
      } else if (program === undefined && childOf === undefined && threadOf === undefined) {
        this.r.at(
          this.r.offsetOf(["processes", i]),
          `missing required key 'program' in ${itemName(this.raw, "processes", i)}: expected a list of statements ` +
            `(only a 'child-of' or 'thread-of' entry may leave it out)`,
        );
      }
      if (childOf !== undefined && threadOf !== undefined) {
        const later = Math.max(this.r.keyOffset(["processes", i], "child-of"), this.r.keyOffset(["processes", i], "thread-of"));
        this.r.at(
          later,
          `${itemName(this.raw, "processes", i)} is both 'child-of' and 'thread-of'; give one ` +
            `('child-of' for a process made by fork, 'thread-of' for a thread)`,
        );
      }
      const proc: Proc = { index: i, name, raw: p, childOf, threadOf: childOf === undefined ? threadOf : undefined, stmts };
      this.procs.push(proc);
      if (name === undefined) return;
      const first = this.byName.get(name);
      if (first !== undefined) {
        const firstAt = this.r.where(this.r.offsetOf(["processes", first.index, "name"]));
        this.r.at(this.r.offsetOf(["processes", i, "name"]), `duplicate process name '${name}' (already defined at ${firstAt})`);
        return;
      }
      this.byName.set(name, proc);
    });
    // may-die on a thread, and creator names that are no process.
    for (const p of this.procs) {
      for (const key of ["child-of", "thread-of"] as const) {
        const target = str(p.raw[key]);
        if (target === undefined || this.byName.has(target) || !this.processesComplete) continue;
        const hint = didYouMean(target, this.byName.keys());
        this.r.at(this.r.offsetOf(["processes", p.index, key]), `'${key}': unknown process '${target}'${hint}`);
      }
      if (p.threadOf !== undefined && p.raw["may-die"] === true) {
        const leader = this.leader(p);
        this.r.at(
          this.r.keyOffset(["processes", p.index], "may-die"),
          `'may-die' applies to a whole process, not a thread: a kill ends every thread of the group; ` +
            `put 'may-die: true' on ${leader?.name !== undefined ? `'${leader.name}'` : "the process that owns this thread"}`,
        );
      }
    }
  }

  /** The thread-group leader: follow thread-of up (undefined on a loop or a dangling name). */
  leader(p: Proc): Proc | undefined {
    const seen = new Set<Proc>();
    let cur: Proc | undefined = p;
    while (cur?.threadOf !== undefined) {
      if (seen.has(cur)) return undefined;
      seen.add(cur);
      cur = this.byName.get(cur.threadOf);
    }
    return cur;
  }

  private stmtLabel(s: Stmt): string {
    return `'${s.text.trim().split(/\s+/).join(" ")}'`;
  }

  private at(s: Stmt, word: number, message: string): void {
    this.r.at(this.r.charOffset(s.path, s.words[word] ?? 0), message);
  }

  /** fork/thread statements against child-of/thread-of entries. */
  private checkCreations(): void {
    for (const p of this.procs) {
      p.stmts.forEach((s, j) => {
        if (s === undefined || (s.body.op !== "fork" && s.body.op !== "thread")) return;
        const op = s.body.op;
        const name = s.body.name;
        const me = p.name !== undefined ? `'${p.name}'` : "this process";
        const target = this.byName.get(name);
        const wantKey = op === "fork" ? "child-of" : "thread-of";
        if (name === p.name) {
          this.at(s, 1, `'${op} ${name}': a process cannot ${op === "fork" ? "fork" : "create"} itself; add a new entry with '${wantKey}: ${name}'`);
          return;
        }
        if (target === undefined) {
          if (!this.processesComplete) return;
          const hint = didYouMean(name, this.byName.keys());
          this.at(
            s,
            1,
            `'${op} ${name}': no process entry named '${name}'${hint || `; add one with '${wantKey}: ${p.name ?? "..."}' and its program`}`,
          );
          return;
        }
        if ((op === "fork" ? target.childOf : target.threadOf) !== p.name) this.attempted.add(name);
        if (op === "fork" && target.threadOf !== undefined) {
          this.at(s, 1, `'fork ${name}': '${name}' is declared 'thread-of: ${target.threadOf}': use 'thread ${name}', or make it 'child-of: ${p.name ?? "..."}'`);
          return;
        }
        if (op === "thread" && target.childOf !== undefined) {
          this.at(s, 1, `'thread ${name}': '${name}' is declared 'child-of: ${target.childOf}': use 'fork ${name}', or make it 'thread-of: ${p.name ?? "..."}'`);
          return;
        }
        const declared = op === "fork" ? target.childOf : target.threadOf;
        if (declared === undefined) {
          this.at(s, 1, `'${op} ${name}': '${name}' starts at boot; add '${wantKey}: ${p.name ?? "..."}' to its entry`);
          return;
        }
        if (declared !== p.name) {
          this.at(s, 1, `'${op} ${name}' in ${me}, but '${name}' is declared '${wantKey}: ${declared}'`);
          return;
        }
        const prev = this.creations.get(name);
        if (prev !== undefined) {
          const at = this.r.where(this.r.offsetOf(prev.proc.stmts[prev.index]!.path));
          this.at(s, 1, `'${name}' is created twice: already by '${op} ${name}' at ${at}`);
          return;
        }
        this.creations.set(name, { proc: p, index: j });
      });
    }
    for (const p of this.procs) {
      const key = p.childOf !== undefined ? "child-of" : p.threadOf !== undefined ? "thread-of" : undefined;
      if (key === undefined || p.name === undefined) continue;
      const creator = key === "child-of" ? p.childOf! : p.threadOf!;
      if (!this.byName.has(creator)) {
        this.unknownStart.add(p.name);
        continue;
      }
      if (!this.creations.has(p.name) && !this.attempted.has(p.name)) {
        this.unknownStart.add(p.name);
        const op = key === "child-of" ? "fork" : "thread";
        this.r.at(
          this.r.offsetOf(["processes", p.index, key]),
          `'${p.name}' is '${key}: ${creator}', but '${creator}' never runs '${op} ${p.name}'`,
        );
      }
    }
  }

  /** child-of/thread-of chains that never reach a process started at boot. */
  private checkCycles(): void {
    const reported = new Set<string>();
    for (const p of this.procs) {
      if (p.name === undefined) continue;
      const chain: string[] = [p.name];
      let cur: Proc | undefined = p;
      while (cur !== undefined) {
        const up: string | undefined = cur.childOf ?? cur.threadOf;
        if (up === undefined) break;
        const at = chain.indexOf(up);
        if (at >= 0) {
          const cycle = chain.slice(at);
          if (at === 0 && !cycle.some((n) => reported.has(n))) {
            cycle.forEach((n) => reported.add(n));
            const key = p.childOf !== undefined ? "child-of" : "thread-of";
            this.r.at(
              this.r.offsetOf(["processes", p.index, key]),
              `'${p.name}' is never created: the chain ${[...cycle, up].join(" → ")} never reaches a process that starts at boot`,
            );
          }
          for (const n of cycle) this.unknownStart.add(n);
          break;
        }
        chain.push(up);
        cur = this.byName.get(up);
      }
    }
  }

  /** Walk one program in order, tracking its open fds and mapped regions. */
  private analyse(p: Proc): void {
    if (this.analysed.has(p.index) || this.visiting.has(p.index)) return;
    this.visiting.add(p.index);
    let scope: Scope;
    let known = true;
    const creation = p.name !== undefined ? this.creations.get(p.name) : undefined;
    if (p.childOf === undefined && p.threadOf === undefined) {
      scope = emptyScope();
    } else if (creation !== undefined && p.name !== undefined && !this.unknownStart.has(p.name)) {
      this.analyse(creation.proc);
      const init = this.initial.get(p.name);
      scope = init ?? emptyScope();
      known = init !== undefined;
    } else {
      scope = emptyScope();
      known = false;
    }
    this.visiting.delete(p.index);
    this.analysed.add(p.index);

    const me = p.name !== undefined ? `'${p.name}'` : `process ${p.index + 1}`;
    const creatorNote =
      creation !== undefined && p.name !== undefined
        ? `, nor in '${creation.proc.name}' before '${p.childOf !== undefined ? "fork" : "thread"} ${p.name}'`
        : "";
    let exited = false;

    const notOpen = (s: Stmt, fd: string): void => {
      if (!known) return;
      const closedAt = scope.closed.get(fd);
      const why =
        closedAt !== undefined
          ? `it was closed at ${closedAt}`
          : `no earlier 'open DEV as ${fd}' in its program${creatorNote}${didYouMean(fd, scope.fds.keys())}`;
      this.at(s, 1, `fd '${fd}' is not open in ${me}: ${why}`);
    };
    const deviceOf = (fd: string): DevInfo | undefined => {
      const info = scope.fds.get(fd) ?? scope.mapped.get(fd);
      return info?.dev !== undefined ? this.devices.get(info.dev) : undefined;
    };

    p.stmts.forEach((s, j) => {
      if (s === undefined) return;
      if (exited) {
        this.at(s, 0, `${this.stmtLabel(s)} is never run: it comes after 'exit' (exit_group ends the process)`);
        exited = false; // report only the first unreachable statement
        return;
      }
      const b = s.body;
      const key = `${p.index}/${j}`;
      switch (b.op) {
        case "open": {
          const dev = this.devices.get(b.dev);
          if (dev === undefined && this.devicesComplete && this.devices.size > 0) {
            const hint = didYouMean(b.dev, this.devices.keys());
            this.at(s, 1, `unknown device '${b.dev}'${hint || `; expected ${oneOf([...this.devices.keys()])}`}`);
          }
          if (scope.fds.has(b.fd)) {
            this.reportedOpens.add(key);
            this.at(s, 3, `fd '${b.fd}' is already open in ${me}; close it first or use another name`);
          }
          scope.fds.set(b.fd, { dev: dev?.name });
          scope.closed.delete(b.fd);
          return;
        }
        case "close": {
          const info = scope.fds.get(b.fd);
          if (info === undefined) return notOpen(s, b.fd);
          if (info.dev !== undefined) this.resolvedDev.set(key, info.dev);
          scope.fds.delete(b.fd);
          scope.closed.set(b.fd, this.r.where(this.r.offsetOf(s.path)));
          return;
        }
        case "mmap": {
          const info = scope.fds.get(b.fd);
          if (info === undefined) return notOpen(s, b.fd);
          if (info.dev !== undefined) this.resolvedDev.set(key, info.dev);
          if (scope.mapped.has(b.fd)) {
            this.at(s, 1, `'${b.fd}' is already mapped in ${me}; munmap it first`);
            return;
          }
          scope.mapped.set(b.fd, info);
          return;
        }
        case "munmap": {
          const info = scope.mapped.get(b.fd);
          if (info === undefined) {
            if (!scope.fds.has(b.fd)) return notOpen(s, b.fd);
            if (known) this.at(s, 1, `'${b.fd}' is not mapped in ${me}: add 'mmap ${b.fd}' before 'munmap ${b.fd}'`);
            return;
          }
          if (info.dev !== undefined) this.resolvedDev.set(key, info.dev);
          scope.mapped.delete(b.fd);
          return;
        }
        case "start":
        case "stop": {
          const info = scope.fds.get(b.fd);
          if (info === undefined) return notOpen(s, b.fd);
          if (info.dev !== undefined) this.resolvedDev.set(key, info.dev);
          const dev = deviceOf(b.fd);
          if (dev?.driver === "idxd" && dev.wq === "shared") {
            this.at(
              s,
              0,
              `'${b.op} ${b.fd}': '${dev.name}' is an idxd shared work queue; there is no queue to ${b.op}: ` +
                `the device takes the PASID from each ENQCMD descriptor, so use 'enqcmd ${b.fd}'`,
            );
          }
          return;
        }
        case "enqcmd": {
          const info = scope.mapped.get(b.fd) ?? scope.fds.get(b.fd);
          if (info === undefined) return notOpen(s, b.fd);
          if (info.dev !== undefined) this.resolvedDev.set(key, info.dev);
          const dev = deviceOf(b.fd);
          if (dev !== undefined && dev.driver !== undefined && !(dev.driver === "idxd" && dev.wq === "shared")) {
            const what = dev.driver === "idxd" ? `an idxd ${dev.wq ?? "dedicated"} work queue` : `a ${dev.driver} device`;
            this.at(
              s,
              0,
              `'enqcmd ${b.fd}': '${dev.name}' is ${what}; ENQCMD only goes to an idxd shared work queue (wq: shared)` +
                (dev.driver === "uacce" ? `: use 'start ${b.fd}'` : ""),
            );
            return;
          }
          if (!scope.mapped.has(b.fd) && known) {
            this.at(
              s,
              1,
              `'${b.fd}' is not mapped in ${me}: add 'mmap ${b.fd}' before 'enqcmd ${b.fd}' ` +
                `(ENQCMD writes to the mapped portal; a forked child or an exec starts with no mapping)`,
            );
          }
          return;
        }
        case "thread":
        case "fork": {
          const c = this.creations.get(b.name);
          if (c !== undefined && c.proc === p && c.index === j) {
            this.initial.set(b.name, {
              fds: new Map(scope.fds),
              // A thread shares the mm; a forked child gets none of the device mappings (VM_DONTCOPY).
              mapped: b.op === "thread" ? new Map(scope.mapped) : new Map(),
              closed: new Map(),
            });
          }
          return;
        }
        case "exec":
          scope.mapped.clear(); // exec_mmap: the new mm has no mapping; fds stay open
          return;
        case "exit":
          exited = true;
          return;
        case "sleep":
          return;
      }
    });
  }

  /** Threads share one fd table: two programs of one thread group may not open the same fd name. */
  private checkSharedFdNames(): void {
    const firstOpen = new Map<string, { proc: Proc; at: string }>();
    for (const p of this.procs) {
      const leader = this.leader(p);
      if (leader?.name === undefined) continue;
      p.stmts.forEach((s, j) => {
        if (s?.body.op !== "open" || this.reportedOpens.has(`${p.index}/${j}`)) return;
        const k = `${leader.name}\u0000${s.body.fd}`;
        const first = firstOpen.get(k);
        if (first === undefined) {
          firstOpen.set(k, { proc: p, at: this.r.where(this.r.charOffset(s.path, s.words[3] ?? 0)) });
        } else if (first.proc !== p) {
          this.at(
            s,
            3,
            `fd '${s.body.fd}' is also opened by '${first.proc.name}' at ${first.at}; threads share one fd table: use another name`,
          );
        }
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Entry point

function yamlMessage(code: string, message: string, source: string): string {
  if (code === "DUPLICATE_KEY") return `duplicate key '${/^[^:\n]*/.exec(source)![0].trim()}'`;
  if (code === "MULTIPLE_DOCS") return "the file holds more than one YAML document ('---'); a scenario is one document";
  return `YAML syntax error: ${message.split("\n")[0]}`;
}

function checkOverrides(o: ScenarioOverrides | undefined, errors: ScenarioError[]): void {
  if (o === undefined) return;
  const err = (message: string): void => {
    errors.push({ file: COMMAND_LINE, line: 0, col: 0, message });
  };
  if (o.design !== undefined && resolveDesign(o.design) === undefined) {
    err(`--design: unknown design '${o.design}'${didYouMean(o.design, DESIGN_CANDIDATES) || `; expected ${DESIGN_EXPECTED}`}`);
  }
  if (o.iommu !== undefined && !(IOMMU_NAMES as readonly string[]).includes(o.iommu)) {
    err(`--iommu: unknown IOMMU driver '${o.iommu}'${didYouMean(o.iommu, IOMMU_NAMES) || `; expected ${oneOf(IOMMU_NAMES)}`}`);
  }
  if (o.pasids !== undefined && !(Number.isInteger(o.pasids) && o.pasids >= LIMITS.pasidsMin && o.pasids <= LIMITS.pasidsMax)) {
    err(`--pasids: ${pasidsMessage(o.pasids)}`);
  }
}

function byPosition(a: ScenarioError, b: ScenarioError): number {
  return a.line - b.line || a.col - b.col;
}

/**
 * Parse and validate a scenario. `file` names the source in errors and in the result.
 * Overrides (from the command line) replace the file's design, iommu and pasids; the file's own
 * values are still validated.
 */
export function parseScenario(text: string, file: string, overrides?: ScenarioOverrides): ParseResult {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const r = new Reporter(file, text, lc, doc);
  const overrideErrors: ScenarioError[] = [];
  checkOverrides(overrides, overrideErrors);

  if (doc.errors.length > 0) {
    for (const e of doc.errors) r.at(e.pos[0], yamlMessage(e.code, e.message, text.slice(e.pos[0])));
    return fail(r, overrideErrors);
  }
  let unresolved = false;
  visit(doc, {
    Alias: (_, n) => {
      if (n.resolve(doc) === undefined) {
        unresolved = true;
        r.at(n.range?.[0] ?? 0, `unknown alias '*${n.source}': no anchor '&${n.source}' before it`);
      }
    },
  });
  if (unresolved) return fail(r, overrideErrors);

  const contents = r.deref(doc.contents);
  if (contents === null || contents === undefined || (isScalar(contents) && contents.value === null)) {
    r.at(0, "empty scenario: expected a mapping with name, devices and processes");
    return fail(r, overrideErrors);
  }
  if (!isMap(contents)) {
    r.at(r.offsetOf([]), `expected a mapping with name, devices and processes at the top level, got ${describe(doc.toJS())}`);
    return fail(r, overrideErrors);
  }

  const raw = doc.toJS({ maxAliasCount: 1000 }) as Obj;
  const parsed = ScenarioSchema.safeParse(raw);
  if (!parsed.success) for (const issue of parsed.error.issues) reportIssue(r, raw, issue);

  const checker = new Checker(r, raw);
  checker.run();

  if (!parsed.success || r.errors.length > 0 || overrideErrors.length > 0) return fail(r, overrideErrors);
  return { ok: true, scenario: build(file, parsed.data, checker, r, overrides) };
}

function fail(r: Reporter, overrideErrors: readonly ScenarioError[]): ParseResult {
  return { ok: false, errors: [...overrideErrors, ...[...r.errors].sort(byPosition)] };
}

function build(file: string, data: ScenarioInput, c: Checker, r: Reporter, o: ScenarioOverrides | undefined): Scenario {
  const pos = (path: readonly Seg[]): SourcePos => r.pos(r.offsetOf(path));
  const devices: DeviceSpec[] = data.devices.map((d, i) => ({
    name: d.name,
    driver: d.driver,
    ...(d.driver === "idxd" ? { wq: d.wq ?? DEFAULTS.wq } : {}),
    pos: pos(["devices", i]),
  }));
  const processes: ProcessSpec[] = data.processes.map((p, i) => {
    const proc = c.procs[i]!;
    const program: Statement[] = proc.stmts.map((s, j) => {
      const body = s!.body;
      const dev = c.resolvedDev.get(`${i}/${j}`);
      const withDev = "fd" in body && body.op !== "open" && dev !== undefined ? { ...body, dev } : body;
      return { ...withDev, pos: pos(s!.path) } as Statement;
    });
    return {
      name: p.name,
      program,
      mayDie: p["may-die"] ?? DEFAULTS.mayDie,
      ...(p["child-of"] !== undefined ? { childOf: p["child-of"] } : {}),
      ...(p["thread-of"] !== undefined ? { threadOf: p["thread-of"] } : {}),
      pos: pos(["processes", i]),
    };
  });
  const design = resolveDesign(o?.design ?? data.design ?? DEFAULTS.design) as DesignName;
  return {
    file,
    name: data.name,
    ...(data.description !== undefined ? { description: data.description.trimEnd() } : {}),
    design,
    iommu: (o?.iommu ?? data.iommu ?? DEFAULTS.iommu) as IommuName,
    pasids: o?.pasids ?? data.pasids ?? DEFAULTS.pasids,
    devices,
    processes,
    check: data.check ?? [],
  };
}
