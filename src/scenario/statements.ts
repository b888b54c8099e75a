/**
 * The statement grammar of scenario programs: one statement per string, words separated by
 * blanks. Browser-safe. Only syntax lives here; references (devices, fds, processes) are resolved
 * by the checks in parse.ts.
 *
 *   open DEV as FD | close FD | mmap FD | munmap FD | start FD | stop FD | enqcmd FD
 *   thread NAME | fork NAME | exec | exit | sleep
 */
import type { Statement, StatementOp } from "./types.js";
import { didYouMean, oneOf } from "./suggest.js";

/** Every statement keyword, in the order the docs present them. */
export const STATEMENT_OPS = [
  "open",
  "close",
  "mmap",
  "munmap",
  "start",
  "stop",
  "enqcmd",
  "thread",
  "fork",
  "exec",
  "exit",
  "sleep",
] as const satisfies readonly StatementOp[];

// Compile-time proof that STATEMENT_OPS lists every op of the Statement union.
type MissingOps = Exclude<StatementOp, (typeof STATEMENT_OPS)[number]>;
const _allOpsListed: MissingOps extends never ? true : never = true;
void _allOpsListed;

/** Statements whose one argument is an fd name. */
export const FD_OPS = ["close", "mmap", "munmap", "start", "stop", "enqcmd"] as const;
export type FdOp = (typeof FD_OPS)[number];

/** The shape of each statement, as shown in messages and docs. */
export const STATEMENT_FORMS: Readonly<Record<StatementOp, string>> = {
  open: "open DEV as FD",
  close: "close FD",
  mmap: "mmap FD",
  munmap: "munmap FD",
  start: "start FD",
  stop: "stop FD",
  enqcmd: "enqcmd FD",
  thread: "thread NAME",
  fork: "fork NAME",
  exec: "exec",
  exit: "exit",
  sleep: "sleep",
};

/**
 * Names of devices, processes and fds: a letter, then letters, digits, '_', '-' or '.'.
 * (Programs are split on blanks, so a name cannot contain one.)
 */
export const NAME_RE = /^[A-Za-z][A-Za-z0-9_.-]*$/;
export const NAME_RULE = "a name starts with a letter and has only letters, digits, '_', '-' or '.'";

/** A statement without its position (parse.ts adds that). */
export type StatementBody = Statement extends infer S ? (S extends Statement ? Omit<S, "pos"> : never) : never;

export type StatementParse =
  | { readonly ok: true; readonly stmt: StatementBody }
  /** offset: index in the statement text of the word the message is about. */
  | { readonly ok: false; readonly message: string; readonly offset: number };

interface Word {
  readonly text: string;
  readonly offset: number;
}

function words(text: string): Word[] {
  const out: Word[] = [];
  for (const m of text.matchAll(/\S+/g)) out.push({ text: m[0], offset: m.index });
  return out;
}

function isOp(w: string): w is StatementOp {
  return (STATEMENT_OPS as readonly string[]).includes(w);
}

/** Parse one statement string. */
export function parseStatementText(text: string): StatementParse {
  const ws = words(text);
  const head = ws[0];
  if (head === undefined) {
    return { ok: false, message: `empty statement; expected one of ${oneOf(STATEMENT_OPS)}`, offset: 0 };
  }
  if (!isOp(head.text)) {
    const hint = didYouMean(head.text, STATEMENT_OPS);
    return {
      ok: false,
      message: `unknown statement '${head.text}'${hint || `; expected one of ${oneOf(STATEMENT_OPS)}`}`,
      offset: head.offset,
    };
  }
  const op = head.text;
  const form = STATEMENT_FORMS[op];
  const arity = op === "open" ? 3 : op === "exec" || op === "exit" || op === "sleep" ? 0 : 1;
  const args = ws.slice(1);
  if (args.length > arity) {
    const extra = args[arity]!;
    const what = arity === 0 ? `'${op}' takes no argument` : `expected '${form}'`;
    return { ok: false, message: `unexpected '${extra.text}': ${what}`, offset: extra.offset };
  }
  if (args.length < arity) {
    if (op === "open" && args.length === 2 && args[1]!.text !== "as") {
      return { ok: false, message: `expected 'as' before the fd name: the form is '${form}'`, offset: args[1]!.offset };
    }
    const missing =
      op === "open"
        ? args.length === 0
          ? "a device"
          : args.length === 1
            ? "'as FD'"
            : "an fd name"
        : op === "thread" || op === "fork"
          ? "a process name"
          : "an fd name";
    return { ok: false, message: `'${op}' needs ${missing}: expected '${form}'`, offset: head.offset };
  }
  const checkName = (w: Word, kind: string): StatementParse | undefined =>
    NAME_RE.test(w.text) ? undefined : { ok: false, message: `invalid ${kind} name '${w.text}': ${NAME_RULE}`, offset: w.offset };

  switch (op) {
    case "open": {
      const [dev, as, fd] = args as [Word, Word, Word];
      if (as.text !== "as") {
        return { ok: false, message: `expected 'as', got '${as.text}': the form is '${form}'`, offset: as.offset };
      }
      return checkName(dev, "device") ?? checkName(fd, "fd") ?? { ok: true, stmt: { op, dev: dev.text, fd: fd.text } };
    }
    case "close":
    case "mmap":
    case "munmap":
    case "start":
    case "stop":
    case "enqcmd": {
      const fd = args[0]!;
      return checkName(fd, "fd") ?? { ok: true, stmt: { op, fd: fd.text } };
    }
    case "thread":
    case "fork": {
      const name = args[0]!;
      return checkName(name, "process") ?? { ok: true, stmt: { op, name: name.text } };
    }
    case "exec":
    case "exit":
    case "sleep":
      return { ok: true, stmt: { op } };
  }
}
