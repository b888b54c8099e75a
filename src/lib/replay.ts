/**
 * Saved counterexamples and their replay: the file `sva-lab check --save-trace` writes (the
 * scenario's own text, the design, IOMMU and PASID count it was checked with, the property, the
 * engine actions and the trace in kernel terms), reading it back, re-running its actions, and
 * the object graph at any step. Browser-safe: the caller reads and writes the files.
 */
import { z } from "zod";
import { replay as engineReplay } from "../engine/index.js";
import { objectGraph, type ObjectGraph } from "../kernel/describe.js";
import { runEvents } from "../kernel/runner.js";
import { parseScenario, type ParseResult } from "../scenario/parse.js";
import type { Scenario } from "../scenario/types.js";
import { modelOf, replayActions } from "./check.js";
import { traceJson, type TraceEventJson } from "./format-json.js";
import type { TraceEvent } from "./trace.js";

export const SAVED_TRACE_FORMAT = "sva-lab-trace";
export const SAVED_TRACE_VERSION = 1;

export interface SavedTrace {
  readonly format: typeof SAVED_TRACE_FORMAT;
  readonly version: typeof SAVED_TRACE_VERSION;
  /** The scenario file's text (YAML), so that the trace replays without the file. */
  readonly scenarioText: string;
  /** Where the scenario came from (errors in scenarioText are reported under this name). */
  readonly file: string;
  readonly scenario: string;
  readonly design: string;
  readonly iommu: string;
  readonly pasids: number;
  readonly property: string;
  readonly severity: "violation" | "warning";
  /** Engine actions from the initial state: what replay re-runs. */
  readonly actions: readonly number[];
  /** The trace in kernel terms when it was saved (informative; replay recomputes it). */
  readonly trace: readonly TraceEventJson[];
}

const TraceEventSchema = z.looseObject({
  step: z.number(),
  actor: z.string(),
  event: z.string(),
  detail: z.string(),
});

const SavedTraceSchema = z.looseObject({
  format: z.literal(SAVED_TRACE_FORMAT),
  version: z.literal(SAVED_TRACE_VERSION),
  scenarioText: z.string(),
  file: z.string(),
  scenario: z.string().optional(),
  design: z.string(),
  iommu: z.string(),
  pasids: z.number().int(),
  property: z.string(),
  severity: z.enum(["violation", "warning"]).optional(),
  actions: z.array(z.number().int().nonnegative()),
  trace: z.array(TraceEventSchema),
});

export function makeSavedTrace(
  sc: Scenario,
  scenarioText: string,
  verdict: { readonly property: string; readonly severity: "violation" | "warning"; readonly trace: readonly TraceEvent[] },
): SavedTrace {
  return {
    format: SAVED_TRACE_FORMAT,
    version: SAVED_TRACE_VERSION,
    scenarioText,
    file: sc.file,
    scenario: sc.name,
    design: sc.design,
    iommu: sc.iommu,
    pasids: sc.pasids,
    property: verdict.property,
    severity: verdict.severity,
    actions: verdict.trace.map((e) => e.action),
    trace: traceJson(verdict.trace),
  };
}

/** A file name for a saved trace: "kill-with-mmap.mmget-in-bind.arm-smmu-v3.no-leak.json". */
export function savedTraceFileName(sc: Pick<Scenario, "file" | "design" | "iommu">, property: string): string {
  const base = sc.file.replace(/^.*[\\/]/, "").replace(/\.ya?ml$/i, "").replace(/[^A-Za-z0-9._-]+/g, "_") || "scenario";
  return `${base}.${sc.design}.${sc.iommu}.${property}.json`;
}

/** Read a saved trace; a message (no position) when it is not one. */
export function parseSavedTrace(text: string): { ok: true; saved: SavedTrace } | { ok: false; message: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `not JSON: ${(e as Error).message}` };
  }
  const r = SavedTraceSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const where = issue.path.length > 0 ? `'${issue.path.join(".")}'` : "the top level";
    return { ok: false, message: `not an sva-lab trace file (from check --save-trace): ${where}: ${issue.message}` };
  }
  return { ok: true, saved: r.data as unknown as SavedTrace };
}

/** The saved scenario, with the design, IOMMU and PASID count it was checked with. */
export function savedScenario(saved: SavedTrace): ParseResult {
  return parseScenario(saved.scenarioText, saved.file, { design: saved.design, iommu: saved.iommu, pasids: saved.pasids });
}

export interface ReplayResult {
  readonly events: readonly TraceEvent[];
  /** Every property violated along the run, including terminal ones at its end. */
  readonly violated: readonly string[];
  /** Nothing can move at the end. */
  readonly terminal: boolean;
}

/**
 * Re-run actions on a scenario. Throws an Error saying which step is not enabled when the actions
 * do not fit the scenario (it changed since the trace was saved).
 */
export function replayTrace(sc: Scenario, actions: readonly number[]): ReplayResult {
  const model = modelOf(sc);
  try {
    engineReplay(model, actions);
  } catch (e) {
    throw new Error(`the saved actions do not replay on this scenario: ${(e as Error).message.replace(/^replay: /, "")}`);
  }
  const run = runEvents(model, actions);
  const order = model.properties.map((p) => p.name);
  return {
    events: replayActions(sc, actions),
    violated: order.filter((p) => run.violated.has(p)),
    terminal: run.terminal,
  };
}

/** The object graph after `step` actions (0: the initial state; default: after all of them). */
export function graphAt(sc: Scenario, actions: readonly number[], step = actions.length): ObjectGraph {
  const model = modelOf(sc);
  const run = runEvents(model, actions.slice(0, Math.max(0, Math.min(step, actions.length))));
  return objectGraph(model.k, run.final);
}
