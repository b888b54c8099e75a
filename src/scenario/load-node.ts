/**
 * Reading scenario files from disk (node only; parse.ts stays browser-safe).
 */
import { readFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { parseScenario, type ParseResult, type ScenarioOverrides } from "./parse.js";

function unreadable(path: string, err: unknown): ParseResult {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const why =
    code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : code === "EACCES" ? "permission denied" : String((err as Error | undefined)?.message ?? err);
  return { ok: false, errors: [{ file: path, line: 0, col: 0, message: `cannot read scenario file: ${why}` }] };
}

/** Read and parse a scenario file; an unreadable file is one error with line 0. */
export async function loadScenarioFile(path: string, overrides?: ScenarioOverrides): Promise<ParseResult> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    return unreadable(path, err);
  }
  return parseScenario(text, path, overrides);
}

/** Synchronous twin of loadScenarioFile. */
export function loadScenarioFileSync(path: string, overrides?: ScenarioOverrides): ParseResult {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    return unreadable(path, err);
  }
  return parseScenario(text, path, overrides);
}
