/**
 * Helpers for the command-line tests: run `run(argv)` in-process with captured streams, temporary
 * folders, and a small JSON Schema validator (the subset docs/schema/*.json use).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { run } from "../../src/cli/main.js";

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the command line in-process. `tty` makes stderr look like a terminal (progress). */
export async function cli(argv: readonly string[], opts: { tty?: boolean } = {}): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await run([...argv], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s), isTTY: opts.tty === true, columns: 120 },
  });
  return { code, stdout, stderr };
}

/** A temporary folder removed after the file's tests. */
export function tempDir(prefix = "sva-lab-cli-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export const FIXTURES = "test/cli/fixtures";

// ------------------------------------------------------------------------------------------
// JSON Schema (2020-12) subset: type, const, enum, properties, required, items, oneOf, anyOf,
// minimum, $ref to "#/$defs/x" or "other.schema.json#/$defs/x" (docs/schema).

type Schema = Record<string, unknown>;
const loaded = new Map<string, Schema>();

export function schema(name: string): Schema {
  if (!loaded.has(name)) loaded.set(name, JSON.parse(readFileSync(join("docs/schema", name), "utf8")) as Schema);
  return loaded.get(name)!;
}

function resolve(ref: string, base: string): [Schema, string] {
  const [file, pointer] = ref.split("#") as [string, string | undefined];
  const doc = file === "" ? base : file;
  let node: unknown = schema(doc);
  for (const part of (pointer ?? "").split("/").filter((p) => p !== "")) node = (node as Schema)[part];
  if (node === undefined) throw new Error(`unresolved $ref ${ref} in ${base}`);
  return [node as Schema, doc];
}

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

/** Errors of `value` against schema `s` of document `doc` ([] when valid). */
export function validate(value: unknown, s: Schema, doc: string, path = "$"): string[] {
  const errs: string[] = [];
  if (typeof s.$ref === "string") {
    const [t, d] = resolve(s.$ref, doc);
    return validate(value, t, d, path);
  }
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    const t = typeOf(value);
    if (!types.some((x) => x === t || (x === "number" && t === "integer"))) return [`${path}: expected ${types.join("|")}, got ${t}`];
  }
  if ("const" in s && value !== s.const) errs.push(`${path}: expected ${JSON.stringify(s.const)}`);
  if (Array.isArray(s.enum) && !s.enum.includes(value)) errs.push(`${path}: ${JSON.stringify(value)} not in enum`);
  if (typeof s.minimum === "number" && typeof value === "number" && value < s.minimum) errs.push(`${path}: below minimum`);
  if (typeOf(value) === "object") {
    const obj = value as Record<string, unknown>;
    for (const r of (s.required as string[] | undefined) ?? []) if (!(r in obj)) errs.push(`${path}: missing '${r}'`);
    const props = (s.properties as Record<string, Schema> | undefined) ?? {};
    for (const [k, sub] of Object.entries(props)) if (k in obj) errs.push(...validate(obj[k], sub, doc, `${path}.${k}`));
  }
  if (Array.isArray(value) && s.items !== undefined) value.forEach((x, i) => errs.push(...validate(x, s.items as Schema, doc, `${path}[${i}]`)));
  if (Array.isArray(s.oneOf)) {
    const ok = (s.oneOf as Schema[]).filter((sub) => validate(value, sub, doc, path).length === 0).length;
    if (ok !== 1) errs.push(`${path}: matches ${ok} of oneOf, expected exactly 1`);
  }
  if (Array.isArray(s.anyOf) && !(s.anyOf as Schema[]).some((sub) => validate(value, sub, doc, path).length === 0)) errs.push(`${path}: matches no anyOf`);
  return errs;
}

/** Validate against docs/schema/NAME. */
export function validateWith(name: string, value: unknown): string[] {
  return validate(value, schema(name), name);
}
