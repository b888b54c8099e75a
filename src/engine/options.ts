/**
 * Check options: the public `CheckOptions` are all optional; `resolveCheckOptions` validates
 * them against a model once and fills in every default, so the search code only ever sees a
 * complete `CheckConfig` (fast-check's Parameters → QualifiedParameters pattern).
 */
import type { Model, PropertyMask } from "./model.js";
import type { Progress, Strategy } from "./result.js";

export interface CheckOptions {
  /** `bfs` (default): shortest counterexamples. `dfs`: less memory, counterexamples not shortest. */
  readonly strategy?: Strategy;
  /** Stop after storing this many distinct states (default: unlimited). */
  readonly maxStates?: number;
  /** Do not expand states at this depth (initial states have depth 0; default: unlimited). */
  readonly maxDepth?: number;
  /** Stop after this many milliseconds (default: unlimited). */
  readonly timeoutMs?: number;
  /** Cap on the engine's own buffers: visited set, parent links, frontier (default: unlimited). */
  readonly maxMemoryBytes?: number;
  /** Names of the properties to check (default: all); the others are ignored. */
  readonly properties?: readonly string[];
  /**
   * Stop as soon as every checked property has a counterexample (default true). The result is
   * still complete: every checked property is decided.
   */
  readonly stopWhenAllViolated?: boolean;
  /** Symmetry reduction through `model.canonicalize` (default false). */
  readonly symmetry?: boolean;
  /** Partial-order reduction through `model.ownerOf`/`model.independent` (default false). */
  readonly por?: boolean;
  /** Cancels the run (it then stops with reason `cancelled`). */
  readonly signal?: AbortSignal;
  /** Called about every `progressIntervalMs` while the run lasts. */
  readonly onProgress?: (progress: Progress) => void;
  /** Default 250. */
  readonly progressIntervalMs?: number;
  /** Clock in milliseconds (default `performance.now`). */
  readonly now?: () => number;
}

/** Every option resolved, plus the property masks derived from the model. */
export interface CheckConfig {
  readonly strategy: Strategy;
  readonly maxStates: number;
  readonly maxDepth: number;
  readonly timeoutMs: number;
  readonly maxMemoryBytes: number;
  readonly stopWhenAllViolated: boolean;
  readonly symmetry: boolean;
  readonly por: boolean;
  readonly signal: AbortSignal | undefined;
  readonly onProgress: ((progress: Progress) => void) | undefined;
  readonly progressIntervalMs: number;
  readonly now: () => number;
  /** Checked properties. */
  readonly checkedMask: PropertyMask;
  /** What `Model.check` is asked about: `always` properties and those `checkedInStates`. */
  readonly alwaysMask: PropertyMask;
  readonly transitionMask: PropertyMask;
  readonly terminalMask: PropertyMask;
}

const KNOWN = new Set([
  "strategy", "maxStates", "maxDepth", "timeoutMs", "maxMemoryBytes", "properties",
  "stopWhenAllViolated", "symmetry", "por", "signal", "onProgress", "progressIntervalMs", "now",
]);

function limit(name: string, value: number | undefined): number {
  if (value === undefined) return Infinity;
  if (typeof value !== "number" || Number.isNaN(value) || value < 0) {
    throw new TypeError(`check: option ${name} must be a non-negative number, got ${String(value)}`);
  }
  return value;
}

function flag(name: string, value: boolean | undefined, dflt: boolean): boolean {
  if (value === undefined) return dflt;
  if (typeof value !== "boolean") throw new TypeError(`check: option ${name} must be a boolean`);
  return value;
}

/** Throw when `model` breaks the parts of the contract that can be checked up front. */
export function validateModel(model: Model): void {
  if (!Number.isInteger(model.stateSize) || model.stateSize <= 0) {
    throw new TypeError(`model contract: stateSize must be a positive integer, got ${String(model.stateSize)}`);
  }
  if (model.properties.length > 31) {
    throw new TypeError(`model contract: at most 31 properties, got ${model.properties.length}`);
  }
  const seen = new Set<string>();
  for (const p of model.properties) {
    if (seen.has(p.name)) throw new TypeError(`model contract: duplicate property name "${p.name}"`);
    seen.add(p.name);
    if (p.kind !== "always" && p.kind !== "transition" && p.kind !== "terminal") {
      throw new TypeError(`model contract: property "${p.name}" has unknown kind "${String(p.kind)}"`);
    }
    if (p.severity !== "violation" && p.severity !== "warning") {
      throw new TypeError(`model contract: property "${p.name}" has unknown severity "${String(p.severity)}"`);
    }
    if (p.checkedInStates !== undefined && (typeof p.checkedInStates !== "boolean" || (p.checkedInStates && p.kind !== "transition"))) {
      throw new TypeError(`model contract: property "${p.name}": checkedInStates is only for transition properties (a boolean)`);
    }
  }
}

/** Mask of the properties named in `names` (all properties when undefined). */
export function propertyMask(model: Model, names: readonly string[] | undefined): PropertyMask {
  if (names === undefined) return model.properties.length === 31 ? 0x7fffffff : (1 << model.properties.length) - 1;
  let mask = 0;
  for (const name of names) {
    const i = model.properties.findIndex((p) => p.name === name);
    if (i < 0) {
      const known = model.properties.map((p) => p.name).join(", ") || "(none)";
      throw new TypeError(`check: unknown property "${name}"; this model has: ${known}`);
    }
    mask |= 1 << i;
  }
  return mask;
}

/** Mask of the properties within `within` that satisfy `pick`. */
function maskWhere(model: Model, within: PropertyMask, pick: (p: Model["properties"][number]) => boolean): PropertyMask {
  let mask = 0;
  model.properties.forEach((p, i) => {
    if (pick(p)) mask |= 1 << i;
  });
  return mask & within;
}

export function kindMask(model: Model, kind: string, within: PropertyMask): PropertyMask {
  return maskWhere(model, within, (p) => p.kind === kind);
}

/** Mask of the properties `Model.check` reports: `always` ones and those `checkedInStates`. */
export function stateCheckedMask(model: Model, within: PropertyMask): PropertyMask {
  return maskWhere(model, within, (p) => p.kind === "always" || p.checkedInStates === true);
}

/** Validate `options` against `model` and fill in every default. Throws on misuse. */
export function resolveCheckOptions(model: Model, options: CheckOptions = {}): CheckConfig {
  validateModel(model);
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) throw new TypeError(`check: unknown option "${key}"`);
  }
  const strategy = options.strategy ?? "bfs";
  if (strategy !== "bfs" && strategy !== "dfs") {
    throw new TypeError(`check: strategy must be "bfs" or "dfs", got "${String(strategy)}"`);
  }
  const symmetry = flag("symmetry", options.symmetry, false);
  if (symmetry && typeof model.canonicalize !== "function") {
    throw new TypeError("check: symmetry requested but the model has no canonicalize()");
  }
  const por = flag("por", options.por, false);
  if (por && (typeof model.ownerOf !== "function" || typeof model.independent !== "function")) {
    throw new TypeError("check: por requested but the model lacks ownerOf() or independent()");
  }
  if (options.onProgress !== undefined && typeof options.onProgress !== "function") {
    throw new TypeError("check: onProgress must be a function");
  }
  if (options.now !== undefined && typeof options.now !== "function") {
    throw new TypeError("check: now must be a function");
  }
  const progressIntervalMs = options.progressIntervalMs ?? 250;
  if (typeof progressIntervalMs !== "number" || !(progressIntervalMs >= 0)) {
    throw new TypeError("check: progressIntervalMs must be a non-negative number");
  }
  const checkedMask = propertyMask(model, options.properties);
  return {
    strategy,
    maxStates: limit("maxStates", options.maxStates),
    maxDepth: limit("maxDepth", options.maxDepth),
    timeoutMs: limit("timeoutMs", options.timeoutMs),
    maxMemoryBytes: limit("maxMemoryBytes", options.maxMemoryBytes),
    stopWhenAllViolated: flag("stopWhenAllViolated", options.stopWhenAllViolated, true),
    symmetry,
    por,
    signal: options.signal,
    onProgress: options.onProgress,
    progressIntervalMs,
    now: options.now ?? (() => performance.now()),
    checkedMask,
    alwaysMask: stateCheckedMask(model, checkedMask),
    transitionMask: kindMask(model, "transition", checkedMask),
    terminalMask: kindMask(model, "terminal", checkedMask),
  };
}
