/**
 * Option values and inputs shared by the commands: number parsers (for commander), name lists
 * resolved with "did you mean", and scenario files read and parsed (with the built-ins reachable
 * by their short names).
 */
import { existsSync, readFileSync } from "node:fs";
import { InvalidArgumentError, type Command } from "commander";
import {
  BUILTIN_SCENARIO_FILES,
  builtinId,
  COMMAND_LINE,
  DESIGN_ALIASES,
  DESIGN_NAMES,
  formatError,
  IOMMU_NAMES,
  parseScenario,
  PROPERTY_NAMES,
  resolveDesign,
  type DesignName,
  type IommuName,
  type Scenario,
  type ScenarioError,
  type ScenarioOverrides,
} from "../index.js";
import { didYouMean, oneOf } from "../lib/suggest.js";
import { loadScenarioFileSync } from "../scenario/load-node.js";
import { readBuiltinScenarios } from "../scenario/builtin-node.js";
import { UsageError } from "./io.js";

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive integer.");
  return n;
}

export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError("expected a non-negative integer.");
  return n;
}

/** A seed: any integer (negative allowed). */
export function integer(value: string): number {
  const n = Number(value);
  if (!/^\s*-?\d+\s*$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError("expected an integer.");
  return n;
}

export function seconds(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a positive number of seconds.");
  return n;
}

/** Repeatable, comma-separated: `--property isolation,no-leak --property stale-entry`. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(",").map((s) => s.trim()).filter((s) => s !== "")];
}

const DESIGN_WORDS = [...DESIGN_NAMES, ...Object.keys(DESIGN_ALIASES)];

export function resolveProperties(flag: string, names: readonly string[] | undefined): string[] | undefined {
  if (names === undefined || names.length === 0) return undefined;
  for (const p of names) {
    if (!(PROPERTY_NAMES as readonly string[]).includes(p)) {
      throw new UsageError(`${flag}: unknown property '${p}'${didYouMean(p, PROPERTY_NAMES) || `; expected ${oneOf(PROPERTY_NAMES)}`}`);
    }
  }
  return [...new Set(names)];
}

export function resolveDesigns(flag: string, names: readonly string[] | undefined): DesignName[] | undefined {
  if (names === undefined || names.length === 0) return undefined;
  return [
    ...new Set(
      names.map((n) => {
        const d = resolveDesign(n);
        if (d === undefined) throw new UsageError(`${flag}: unknown design '${n}'${didYouMean(n, DESIGN_WORDS) || `; expected ${oneOf(DESIGN_NAMES)}`}`);
        return d;
      }),
    ),
  ];
}

export function resolveIommus(flag: string, names: readonly string[] | undefined): IommuName[] | undefined {
  if (names === undefined || names.length === 0) return undefined;
  return [
    ...new Set(
      names.map((n) => {
        if (!(IOMMU_NAMES as readonly string[]).includes(n)) {
          throw new UsageError(`${flag}: unknown IOMMU driver '${n}'${didYouMean(n, IOMMU_NAMES) || `; expected ${oneOf(IOMMU_NAMES)}`}`);
        }
        return n as IommuName;
      }),
    ),
  ];
}

/** A scenario ready to run, with its source text (saved with its counterexamples). */
export interface LoadedScenario {
  readonly scenario: Scenario;
  readonly text: string;
}

export interface Loaded {
  readonly scenarios: LoadedScenario[];
  /** Formatted error lines (stderr): `FILE:LINE:COL: message`, `sva-lab: --design: ...`. */
  readonly errors: string[];
}

const BUILTIN_IDS = BUILTIN_SCENARIO_FILES.map(builtinId);

function errorLine(e: ScenarioError): string {
  return e.file === COMMAND_LINE ? `sva-lab: ${e.message}` : formatError(e);
}

/**
 * Read and parse scenario files. A name that is not a file but is a built-in scenario's short
 * name ("kill-with-mmap") reads the built-in. Errors of every file are collected; override
 * errors (from the command line) are reported once.
 */
export function loadScenarios(files: readonly string[], overrides: ScenarioOverrides): Loaded {
  const scenarios: LoadedScenario[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  const add = (e: ScenarioError): void => {
    const line = errorLine(e);
    if (!seen.has(line)) errors.push(line);
    seen.add(line);
  };
  for (const file of files) {
    if (!existsSync(file) && BUILTIN_IDS.includes(file)) {
      const b = readBuiltinScenarios().find((x) => x.id === file)!;
      const r = parseScenario(b.text, b.label, overrides);
      if (r.ok) scenarios.push({ scenario: r.scenario, text: b.text });
      else r.errors.forEach(add);
      continue;
    }
    const r = loadScenarioFileSync(file, overrides);
    if (r.ok) {
      scenarios.push({ scenario: r.scenario, text: readFileSync(file, "utf8") });
      continue;
    }
    for (const e of r.errors) {
      if (e.line === 0 && e.file === file && !existsSync(file)) {
        const hint = didYouMean(file.replace(/\.ya?ml$/i, ""), BUILTIN_IDS);
        add({ ...e, message: e.message + (hint ? hint.replace("did you mean", "did you mean the built-in scenario") : "") });
      } else add(e);
    }
  }
  return { scenarios, errors };
}

/** Overrides from --design/--iommu/--pasids (validated by the parser, reported once). */
export function overridesOf(o: { design?: string; iommu?: string; pasids?: number }): ScenarioOverrides {
  return {
    ...(o.design !== undefined ? { design: o.design } : {}),
    ...(o.iommu !== undefined ? { iommu: o.iommu } : {}),
    ...(o.pasids !== undefined ? { pasids: o.pasids } : {}),
  };
}

/**
 * The options that override what a scenario file says (check, simulate): design, IOMMU driver,
 * PASID count, and which properties to look at (`propertyHelp` says how the command uses them).
 */
export function scenarioOverrideOptions(cmd: Command, designHelp: string, propertyHelp: string): Command {
  return cmd
    .option("-d, --design <D>", designHelp)
    .option("-i, --iommu <I>", "IOMMU driver, overriding the file's: arm-smmu-v3 | intel-vt-d")
    .option("-p, --pasids <N>", "usable PASIDs 1..N, overriding the file's", positiveInt)
    .option("--property <P>", propertyHelp, collect);
}
