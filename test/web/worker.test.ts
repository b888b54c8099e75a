/**
 * The page's checker (web/src/worker.ts, run here through its pure handler) and the library the
 * command line uses give identical verdicts and traces for every built-in scenario, and the same
 * matrix cells; a scenario error comes back with the command line's messages.
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import {
  BUILTIN_SCENARIO_FILES,
  builtinLabel,
  cellText,
  checkJson,
  formatError,
  parseScenario,
  runMatrix,
  checkScenario,
  type ScenarioCheck,
} from "../../src/index.js";
import { handleRequest, type WorkerRequest, type WorkerResponse } from "../../web/src/worker.js";

function run(req: WorkerRequest): WorkerResponse[] {
  const out: WorkerResponse[] = [];
  // Through structured cloning, as postMessage delivers it to the page.
  handleRequest(req, (r) => out.push(structuredClone(r)));
  return out;
}

/** The JSON the command line prints (`check --json`), without the timings that differ run to run. */
function comparable(r: ScenarioCheck) {
  const j = checkJson(r);
  return { ...j, stats: { ...j.stats, seconds: 0, statesPerSecond: 0 } };
}

describe("worker handler = library", () => {
  for (const f of BUILTIN_SCENARIO_FILES) {
    for (const symmetry of [true, false]) {
      if (f === "five-drivers.yaml" && !symmetry) continue; // the page's default is symmetry on; the big one only so
      test(`${f}${symmetry ? " (symmetry)" : ""}: identical verdicts and traces`, () => {
        const text = readFileSync(`scenarios/${f}`, "utf8");
        const file = builtinLabel(f);
        const msgs = run({ kind: "check", id: 7, text, file, symmetry });
        const verdict = msgs.find((m) => m.kind === "verdict");
        expect(msgs.at(-1)).toEqual({ kind: "done", id: 7 });
        expect(verdict?.kind).toBe("verdict");
        const parsed = parseScenario(text, file);
        if (!parsed.ok) throw new Error(parsed.errors.map(formatError).join("\n"));
        const lib = checkScenario(parsed.scenario, { symmetry });
        const got = (verdict as Extract<WorkerResponse, { kind: "verdict" }>).result;
        expect(comparable(got)).toEqual(comparable(lib));
        // Traces in full, every field (actions, calls, changes, violations).
        expect(got.results.map((r) => r.trace ?? null)).toEqual(lib.results.map((r) => (r.trace ? JSON.parse(JSON.stringify(r.trace)) : null)));
      });
    }
  }

  test("design, IOMMU and PASID selectors override the file as the command line's flags do", () => {
    const f = "exit-while-file-open.yaml";
    const text = readFileSync(`scenarios/${f}`, "utf8");
    const msgs = run({ kind: "check", id: 1, text, file: builtinLabel(f), design: "free-on-mmput", iommu: "arm-smmu-v3", pasids: 2, symmetry: true });
    const got = (msgs.find((m) => m.kind === "verdict") as Extract<WorkerResponse, { kind: "verdict" }>).result;
    const parsed = parseScenario(text, builtinLabel(f), { design: "free-on-mmput", iommu: "arm-smmu-v3", pasids: 2 });
    if (!parsed.ok) throw new Error("parse");
    expect(comparable(got)).toEqual(comparable(checkScenario(parsed.scenario, { symmetry: true })));
    expect(got.results.find((r) => r.property === "isolation")?.status).toBe("violated");
  });

  test("the matrix: the same 12 cells as runMatrix", () => {
    const f = "exit-while-file-open.yaml";
    const text = readFileSync(`scenarios/${f}`, "utf8");
    const msgs = run({ kind: "matrix", id: 3, text, file: builtinLabel(f), symmetry: true });
    const cells = msgs.flatMap((m) => (m.kind === "cell" ? [m.cell] : []));
    const parsed = parseScenario(text, builtinLabel(f));
    if (!parsed.ok) throw new Error("parse");
    const lib = runMatrix([parsed.scenario], { symmetry: true });
    expect(cells.map((c) => [c.design, c.iommu, c.cell, c.states])).toEqual(lib.rows.map((r) => [r.design, r.iommu, cellText(r), r.states]));
    expect(msgs.at(-1)).toEqual({ kind: "done", id: 3 });
  });

  test("a broken scenario: the command line's messages, with positions", () => {
    const text = "name: x\ndevices:\n  - { name: acc0, driver: uacce }\nprocesses:\n  - name: A\n    program: [open acc0 as q, mmapp q, exit]\n";
    const msgs = run({ kind: "check", id: 2, text, file: "<input>", symmetry: true });
    expect(msgs).toHaveLength(1);
    const m = msgs[0]!;
    expect(m.kind).toBe("invalid");
    const parsed = parseScenario(text, "<input>");
    if (parsed.ok) throw new Error("expected errors");
    expect((m as Extract<WorkerResponse, { kind: "invalid" }>).messages).toEqual(parsed.errors.map(formatError));
    expect((m as Extract<WorkerResponse, { kind: "invalid" }>).errors[0]!.line).toBe(6);
  });

  test("an aborted signal stops the run: incomplete, cancelled, nothing claimed", () => {
    const f = "five-drivers.yaml";
    const text = readFileSync(`scenarios/${f}`, "utf8");
    const ac = new AbortController();
    ac.abort();
    const out: WorkerResponse[] = [];
    handleRequest({ kind: "check", id: 4, text, file: builtinLabel(f), symmetry: true }, (r) => out.push(r), ac.signal);
    const v = out.find((m) => m.kind === "verdict") as Extract<WorkerResponse, { kind: "verdict" }>;
    expect(v.result.complete).toBe(false);
    expect(v.result.stopReason).toBe("cancelled");
    expect(v.result.results.every((r) => r.status !== "holds")).toBe(true);
  });
});
