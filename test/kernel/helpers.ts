/** Test helpers: build a model from inline YAML, run event sequences, read objects by name. */
import { parseScenario } from "../../src/scenario/parse.js";
import { createSvaModel, type SvaModel } from "../../src/kernel/model.js";
import { runEvents, type RunResult } from "../../src/kernel/runner.js";
import type { IommuName } from "../../src/kernel/names.js";
import type { Scenario } from "../../src/scenario/types.js";

export function scenario(yaml: string): Scenario {
  const r = parseScenario(yaml, "test.yaml");
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.line}:${e.col}: ${e.message}`).join("\n"));
  return r.scenario;
}

export function model(yaml: string, design: string, iommu: IommuName): SvaModel {
  return createSvaModel(scenario(yaml), { design, iommu });
}

export function run(m: SvaModel, events: readonly string[]): RunResult {
  return runEvents(m, events);
}

/** Field value of an object: field("mm_users", mmIndexByName) etc. */
export function field(m: SvaModel, s: Uint8Array, name: string, index = 0): number {
  const f = m.k.fields.find((x) => x.name === name);
  if (!f) throw new Error(`no field ${name}`);
  if (index >= f.count) throw new Error(`${name}[${index}] out of range`);
  return s[f.offset + index];
}

export function mmIndex(m: SvaModel, name: string): number {
  const i = m.sys.mms.indexOf(name);
  if (i < 0) throw new Error(`no mm ${name}`);
  return i;
}

export function fileIndex(m: SvaModel, name: string): number {
  const i = m.sys.files.findIndex((f) => f.name === name);
  if (i < 0) throw new Error(`no file ${name}`);
  return i;
}

export function taskIndex(m: SvaModel, name: string): number {
  const i = m.sys.tasks.findIndex((t) => t.name === name);
  if (i < 0) throw new Error(`no task ${name}`);
  return i;
}

/** Step numbers (1-based) at which a property is violated. */
export function violatedAt(r: RunResult, property: string): number[] {
  return r.steps.flatMap((s, i) => (s.violations.includes(property) ? [i + 1] : []));
}

export function allNotes(r: RunResult): string {
  return r.steps.map((s) => `${s.event}\n  ${s.notes.join("\n  ")}`).join("\n");
}
