/**
 * Trace outputs shared by check, simulate and replay: Mermaid diagrams, DOT graphs at the
 * violating step, and saved trace files.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Scenario, TraceEvent } from "../index.js";
import { graphToDot } from "../lib/format-dot.js";
import { traceToMermaid } from "../lib/format-mermaid.js";
import { graphAt, makeSavedTrace, savedTraceFileName } from "../lib/replay.js";
import { UsageError } from "./io.js";

export interface Finding {
  readonly property: string;
  readonly severity: "violation" | "warning";
  readonly trace: readonly TraceEvent[];
}

/**
 * The findings to draw or save: every violated property, except warnings unless they were asked
 * for by name (--property).
 */
export function findingsOf(
  results: readonly { property: string; severity: "violation" | "warning"; status: string; trace?: readonly TraceEvent[] }[],
  asked: readonly string[] | undefined,
): Finding[] {
  return results
    .filter((r) => r.status === "violated" && r.trace !== undefined)
    .filter((r) => r.severity === "violation" || (asked ?? []).includes(r.property))
    .map((r) => ({ property: r.property, severity: r.severity, trace: r.trace! }));
}

function where(sc: Scenario): string {
  return `${sc.file} (${sc.design}, ${sc.iommu}, ${sc.pasids} PASIDs)`;
}

export function mermaidOf(sc: Scenario, f: Finding): string {
  return `%% sva-lab: ${where(sc)}: ${f.property}, ${f.trace.length} steps\n` + traceToMermaid(f.trace, sc, { property: f.property, title: `${sc.name}: ${f.property}` });
}

export function dotOf(sc: Scenario, f: Finding, step = f.trace.length): string {
  const actions = f.trace.map((e) => e.action);
  const title = `${sc.name}: ${f.property}, state after step ${step} of ${f.trace.length} (${sc.design}, ${sc.iommu})`;
  return `// sva-lab: ${where(sc)}: ${f.property}, after step ${step}\n` + graphToDot(graphAt(sc, actions, step), { title, name: f.property.replace(/[^A-Za-z0-9_]/g, "_") });
}

/** Write one TRACE.json per finding into dir; returns the paths written. */
export function saveTraces(dir: string, sc: Scenario, text: string, findings: readonly Finding[]): string[] {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new UsageError(`--save-trace: cannot create directory '${dir}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return findings.map((f) => {
    const path = join(dir, savedTraceFileName(sc, f.property));
    try {
      writeFileSync(path, JSON.stringify(makeSavedTrace(sc, text, f), null, 2) + "\n");
    } catch (e) {
      throw new UsageError(`--save-trace: cannot write '${path}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    return path;
  });
}
