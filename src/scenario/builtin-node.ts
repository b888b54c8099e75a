/**
 * Reading the built-in scenarios from the scenarios/ folder (node only). The folder is found
 * from this module's own location, walking up to the package.json of sva-lab, so it works from
 * src/ (tests) and from dist/src/ (the built command line) alike.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseScenario, type ParseResult, type ScenarioOverrides } from "./parse.js";
import { BUILTIN_SCENARIO_FILES, builtinId, builtinLabel } from "./builtin.js";

let cachedRoot: string | undefined;

/** The sva-lab package root (the folder holding its package.json). */
export function packageRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, "utf8")) as { name?: unknown }).name === "sva-lab") return (cachedRoot = dir);
      } catch {
        // not ours (or unreadable): keep walking up
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error("sva-lab: cannot find the package root (package.json) above " + fileURLToPath(import.meta.url));
    dir = up;
  }
}

/** The scenarios/ folder of the package. */
export function builtinScenariosDir(): string {
  return join(packageRoot(), "scenarios");
}

export interface BuiltinScenarioText {
  /** Short name: the file name without ".yaml" (e.g. "forked-fd"). */
  readonly id: string;
  /** File name in scenarios/. */
  readonly fileName: string;
  /** The name errors and the Scenario carry: "<built-in>/NAME.yaml". */
  readonly label: string;
  readonly text: string;
}

/** The texts of all built-in scenarios, in BUILTIN_SCENARIO_FILES order. */
export function readBuiltinScenarios(): BuiltinScenarioText[] {
  const dir = builtinScenariosDir();
  return BUILTIN_SCENARIO_FILES.map((fileName) => ({
    id: builtinId(fileName),
    fileName,
    label: builtinLabel(fileName),
    text: readFileSync(join(dir, fileName), "utf8"),
  }));
}

/** Parse every built-in scenario (with the same overrides for each). */
export function loadBuiltinScenarios(overrides?: ScenarioOverrides): { readonly id: string; readonly result: ParseResult }[] {
  return readBuiltinScenarios().map((b) => ({ id: b.id, result: parseScenario(b.text, b.label, overrides) }));
}
