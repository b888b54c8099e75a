/**
 * The checker's Web Worker. `handleRequest` is a pure function of a request (it posts its answers
 * through `post`), so tests run it directly in Node against the library; the bottom of the file
 * wires it to the worker's messages. A run is cancelled by terminating the worker (a synchronous
 * check cannot receive a message while it runs); `signal` serves callers that share a thread.
 */
import {
  cellText,
  checkScenario,
  DESIGN_NAMES,
  formatError,
  IOMMU_NAMES,
  parseScenario,
  runMatrix,
  type ScenarioCheck,
  type ScenarioError,
} from "../../src/index.js";
import type { Progress } from "../../src/engine/index.js";

/** The scenario text, the name its errors are reported under, and the selectors' overrides. */
export interface ScenarioInput {
  readonly text: string;
  readonly file: string;
  readonly design?: string;
  readonly iommu?: string;
  readonly pasids?: number;
}

export interface CheckRequest extends ScenarioInput {
  readonly kind: "check";
  readonly id: number;
  readonly symmetry: boolean;
  readonly properties?: readonly string[];
  readonly maxStates?: number;
  readonly timeoutMs?: number;
}

/** Every design × IOMMU driver for the scenario (its design and IOMMU are ignored). */
export interface MatrixRequest extends ScenarioInput {
  readonly kind: "matrix";
  readonly id: number;
  readonly symmetry: boolean;
  readonly maxStates?: number;
  readonly timeoutMs?: number;
}

export type WorkerRequest = CheckRequest | MatrixRequest;

export interface MatrixCell {
  readonly design: string;
  readonly iommu: string;
  readonly complete: boolean;
  readonly states: number;
  /** cellText of the row: "OK", "isolation(8) stale-entry(10)", ... */
  readonly cell: string;
  readonly violated: readonly string[];
}

export type WorkerResponse =
  | { readonly kind: "progress"; readonly id: number; readonly progress: Progress; readonly cell?: { readonly done: number; readonly total: number } }
  | { readonly kind: "invalid"; readonly id: number; readonly errors: readonly ScenarioError[]; readonly messages: readonly string[] }
  | { readonly kind: "verdict"; readonly id: number; readonly result: ScenarioCheck }
  | { readonly kind: "cell"; readonly id: number; readonly cell: MatrixCell; readonly done: number; readonly total: number }
  | { readonly kind: "done"; readonly id: number }
  | { readonly kind: "failed"; readonly id: number; readonly message: string };

function parse(req: ScenarioInput, overrides: { design?: string; iommu?: string; pasids?: number }) {
  return parseScenario(req.text, req.file, overrides);
}

/** Run one request to its end, posting progress and results. Never throws. */
export function handleRequest(req: WorkerRequest, post: (r: WorkerResponse) => void, signal?: AbortSignal): void {
  const { id } = req;
  try {
    const parsed = parse(req, {
      ...(req.kind === "check" && req.design !== undefined ? { design: req.design } : {}),
      ...(req.kind === "check" && req.iommu !== undefined ? { iommu: req.iommu } : {}),
      ...(req.pasids !== undefined ? { pasids: req.pasids } : {}),
    });
    if (!parsed.ok) {
      post({ kind: "invalid", id, errors: parsed.errors, messages: parsed.errors.map(formatError) });
      return;
    }
    const sc = parsed.scenario;
    const common = {
      symmetry: req.symmetry,
      ...(req.maxStates !== undefined ? { maxStates: req.maxStates } : {}),
      ...(req.timeoutMs !== undefined ? { timeoutMs: req.timeoutMs } : {}),
      ...(signal ? { signal } : {}),
    };
    if (req.kind === "check") {
      const result = checkScenario(sc, {
        ...common,
        ...(req.properties && req.properties.length > 0 ? { properties: req.properties } : {}),
        onProgress: (progress) => post({ kind: "progress", id, progress }),
      });
      post({ kind: "verdict", id, result });
    } else {
      const total = DESIGN_NAMES.length * IOMMU_NAMES.length;
      let done = 0;
      runMatrix([sc], {
        ...common,
        onProgress: (progress) => post({ kind: "progress", id, progress, cell: { done, total } }),
        onCell: (row, n) => {
          done = n;
          post({
            kind: "cell",
            id,
            done: n,
            total,
            cell: {
              design: row.design,
              iommu: row.iommu,
              complete: row.complete,
              states: row.states,
              cell: cellText(row),
              violated: row.results.filter((r) => r.status === "violated" && r.severity === "violation").map((r) => r.property),
            },
          });
        },
      });
    }
    post({ kind: "done", id });
  } catch (e) {
    post({ kind: "failed", id, message: e instanceof Error ? e.message : String(e) });
  }
}

// Wire the handler to the worker's messages (not when imported by tests or the page).
interface WorkerScope {
  postMessage(m: WorkerResponse): void;
  addEventListener(type: "message", fn: (ev: { data: WorkerRequest }) => void): void;
}
if ("WorkerGlobalScope" in globalThis) {
  const w = globalThis as unknown as WorkerScope;
  w.addEventListener("message", (ev) => handleRequest(ev.data, (r) => w.postMessage(r)));
}
