/**
 * The design matrix: every design × IOMMU driver × scenario, one verdict cell each.
 */
import { DESIGNS } from "../kernel/designs/index.js";
import { IOMMU_NAMES, type DesignName, type IommuName } from "../kernel/names.js";
import type { Scenario } from "../scenario/types.js";
import { checkScenario, type CheckScenarioOptions, type PropertyVerdict, type ScenarioCheck } from "./check.js";

export interface MatrixRow {
  readonly scenario: string;
  /** The scenario's file ("<built-in>/NAME.yaml" for the shipped ones). */
  readonly file: string;
  readonly design: DesignName;
  readonly iommu: IommuName;
  readonly complete: boolean;
  readonly states: number;
  readonly results: readonly PropertyVerdict[];
}

export interface Matrix {
  readonly rows: readonly MatrixRow[];
}

export interface MatrixOptions extends CheckScenarioOptions {
  readonly designs?: readonly DesignName[];
  readonly iommus?: readonly IommuName[];
  /** Called after each cell (progress). */
  readonly onCell?: (row: MatrixRow, done: number, total: number) => void;
}

/** A cell's text: "OK", or the violated properties with their trace lengths; "?" marks incomplete. */
export function cellText(row: Pick<MatrixRow, "results" | "complete">, withWarnings = false): string {
  const bad = row.results.filter((r) => r.status === "violated" && (withWarnings || r.severity === "violation"));
  const unknown = row.results.filter((r) => r.status === "incomplete");
  const parts = bad.map((r) => `${r.property}(${r.trace?.length ?? "?"})`);
  if (unknown.length > 0) parts.push(`incomplete: ${unknown.map((r) => r.property).join(",")}`);
  return parts.length === 0 ? "OK" : parts.join(" ");
}

export function runMatrix(scenarios: readonly Scenario[], opts: MatrixOptions = {}): Matrix {
  const designs = opts.designs ?? DESIGNS.map((d) => d.name);
  const iommus = opts.iommus ?? IOMMU_NAMES;
  const rows: MatrixRow[] = [];
  const total = scenarios.length * designs.length * iommus.length;
  for (const sc of scenarios)
    for (const iommu of iommus)
      for (const design of designs) {
        const r: ScenarioCheck = checkScenario({ ...sc, design, iommu }, { ...opts, stopWhenAllViolated: false });
        const row: MatrixRow = { scenario: sc.name, file: sc.file, design, iommu, complete: r.complete, states: r.stats.states, results: r.results };
        rows.push(row);
        opts.onCell?.(row, rows.length, total);
      }
  return { rows };
}
