/**
 * The explorer page: inputs (scenario, design, IOMMU, PASIDs), the check and the matrix in Web
 * Workers, the verdicts, and the trace view (timeline, object graph, step details). Everything
 * it shows is computed by the library (src/index.ts, src/lib/explorer.ts); this file only wires
 * the page and keeps its state in the URL.
 */
import {
  BUILTIN_SCENARIO_FILES,
  builtinId,
  builtinLabel,
  DESIGNS,
  IOMMU_NAMES,
  LIMITS,
  makeSavedTrace,
  parseSavedTrace,
  parseScenario,
  replayTrace,
  resolveDesign,
  savedScenario,
  savedTraceFileName,
  type PropertyVerdict,
  type Scenario,
  type ScenarioCheck,
  type ScenarioError,
  type TraceEvent,
} from "../../src/index.js";
import { statesAlong, timelineOf, violatingStep, type ExplorerTrace, type Timeline } from "../../src/lib/explorer.js";
import { BUILTIN_TEXTS } from "./builtins.js";
import { $, h } from "./dom.js";
import { YamlEditor } from "./editor.js";
import { layoutGraphs, type GraphLayout } from "./graph-layout.js";
import { renderCycles, renderGraph } from "./graph-view.js";
import { renderTimeline } from "./timeline-view.js";
import { decodeView, encodeView } from "./url-state.js";
import type { MatrixCell, WorkerRequest, WorkerResponse } from "./worker.js";

const PASTED = "<input>";
const DEFAULT_BUILTIN = "exit-while-file-open.yaml";

// ---------------------------------------------------------------------------------------------
// Workers

/**
 * One worker per kind of run, kept between runs (its compiled code stays warm) and started before
 * the first one. Cancelling terminates it (a running check reads no messages) and starts a fresh one.
 */
class Runner {
  private worker: Worker | undefined;
  private running = false;
  private seq = 0;
  private handler: ((m: WorkerResponse) => void) | undefined;

  /** Start the worker now, so that the first run does not wait for it to load. */
  warm(): Worker {
    if (!this.worker) this.worker = this.spawn();
    return this.worker;
  }

  private spawn(): Worker {
    const w = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
    w.addEventListener("message", (ev: MessageEvent<WorkerResponse>) => {
      const m = ev.data;
      if (w !== this.worker || m.id !== this.seq) return;
      if (m.kind === "done" || m.kind === "failed" || m.kind === "invalid") this.running = false;
      this.handler?.(m);
    });
    w.addEventListener("error", (ev) => {
      if (w !== this.worker) return;
      const wasRunning = this.running;
      this.running = false;
      this.worker = undefined;
      w.terminate();
      if (wasRunning) this.handler?.({ kind: "failed", id: this.seq, message: ev.message || "the worker failed to start" });
    });
    return w;
  }

  run(req: Omit<WorkerRequest, "id">, onMessage: (m: WorkerResponse) => void): void {
    if (this.running) this.cancel();
    const w = this.warm();
    this.seq++;
    this.handler = onMessage;
    this.running = true;
    w.postMessage({ ...req, id: this.seq } as WorkerRequest);
  }

  get busy(): boolean {
    return this.running;
  }

  cancel(): boolean {
    if (!this.running || !this.worker) return false;
    this.worker.terminate();
    this.worker = undefined;
    this.running = false;
    this.warm();
    return true;
  }
}

// ---------------------------------------------------------------------------------------------
// State

interface TraceView {
  readonly property: string;
  readonly severity: "violation" | "warning";
  readonly events: readonly TraceEvent[];
  readonly scenario: Scenario;
  readonly text: string;
  readonly explorer: ExplorerTrace;
  readonly timeline: Timeline;
  readonly layout: GraphLayout;
  readonly violating: number;
  readonly origin: string;
}

const app = {
  /** The built-in file shown, or undefined for edited/pasted text. */
  builtin: DEFAULT_BUILTIN as string | undefined,
  parsed: undefined as Scenario | undefined,
  errors: [] as readonly ScenarioError[],
  result: undefined as ScenarioCheck | undefined,
  /** The inputs the result is for. */
  resultKey: "",
  matrix: new Map<string, MatrixCell>(),
  matrixKey: "",
  matrixDone: false,
  trace: undefined as TraceView | undefined,
  step: 0,
  /** File values of the text (design, iommu, pasids), to follow edits of those keys. */
  fileValues: "",
  checkStarted: 0,
  /** What to show once the running check's verdict arrives (from a link). */
  pending: undefined as { property: string; step?: number } | undefined,
};

const checker = new Runner();
const matrixRunner = new Runner();

const el = {
  scenario: $("scenario") as HTMLSelectElement,
  design: $("design") as HTMLSelectElement,
  iommu: $("iommu") as HTMLSelectElement,
  pasids: $("pasids") as HTMLInputElement,
  symmetry: $("symmetry") as HTMLInputElement,
  check: $("check") as HTMLButtonElement,
  cancel: $("cancel") as HTMLButtonElement,
  controls: $("controls") as HTMLFormElement,
  status: $("status"),
  description: $("description"),
  scenarioFile: $("scenario-file"),
  verdicts: $("verdicts-body"),
  matrix: $("matrix-body"),
  traceTitle: $("trace-h"),
  stepinfo: $("stepinfo"),
  first: $("first") as HTMLButtonElement,
  prev: $("prev") as HTMLButtonElement,
  next: $("next") as HTMLButtonElement,
  last: $("last") as HTMLButtonElement,
  jump: $("jump") as HTMLButtonElement,
  download: $("download") as HTMLButtonElement,
  load: $("load") as HTMLInputElement,
  timeline: $("timeline"),
  graph: $("graph"),
  detail: $("detail"),
};

const editor = new YamlEditor($("editor"), $("errors"), () => onTextEdited());

// ---------------------------------------------------------------------------------------------
// Inputs

function fillSelectors(): void {
  for (const f of BUILTIN_SCENARIO_FILES) el.scenario.append(h("option", { value: f }, builtinId(f)));
  el.scenario.append(h("option", { value: PASTED }, "(edited / pasted YAML)"));
  for (const d of DESIGNS) {
    const alias = Object.entries({ "free-on-unbind": "5.17", "free-on-mmput": "5.18-rc1", "free-on-mmdrop": "5.18", "free-on-mmdrop-5.19": "5.19", "iommu-mm": "6.8", "mmget-in-bind": "proposal" }).find(([k]) => k === d.name)?.[1];
    el.design.append(h("option", { value: d.name }, alias ? `${d.name} (${alias})` : d.name));
  }
  for (const i of IOMMU_NAMES) el.iommu.append(h("option", { value: i }, i));
  el.pasids.min = String(LIMITS.pasidsMin);
  el.pasids.max = String(LIMITS.pasidsMax);
}

function fileName(): string {
  return app.builtin ? builtinLabel(app.builtin) : PASTED;
}

function overrides(): { design: string; iommu: string; pasids?: number } {
  const n = Number(el.pasids.value);
  return { design: el.design.value, iommu: el.iommu.value, ...(el.pasids.value !== "" && Number.isFinite(n) ? { pasids: n } : {}) };
}

/** The inputs a result belongs to. */
function inputsKey(withCombination = true): string {
  const o = overrides();
  return JSON.stringify([editor.text, o.pasids, el.symmetry.checked, ...(withCombination ? [o.design, o.iommu] : [])]);
}

/** Parse the text (file values first, to follow edits of design/iommu/pasids), then with the selectors. */
function reparse(adoptFileValues: boolean): void {
  const own = parseScenario(editor.text, fileName());
  if (own.ok) {
    const fv = JSON.stringify([own.scenario.design, own.scenario.iommu, own.scenario.pasids]);
    if (adoptFileValues || fv !== app.fileValues) {
      if (app.fileValues !== "" || adoptFileValues) {
        el.design.value = own.scenario.design;
        el.iommu.value = own.scenario.iommu;
        el.pasids.value = String(own.scenario.pasids);
      }
      app.fileValues = fv;
    }
    el.description.textContent = own.scenario.description ?? "";
    el.scenarioFile.textContent = `${fileName()}: ${own.scenario.name}`;
  } else {
    el.description.textContent = "";
    el.scenarioFile.textContent = fileName();
  }
  const r = parseScenario(editor.text, fileName(), overrides());
  app.parsed = r.ok ? r.scenario : undefined;
  app.errors = r.ok ? [] : r.errors;
  editor.setErrors(app.errors);
  el.check.disabled = !r.ok;
  if (!r.ok) setStatus(`${app.errors.length} error${app.errors.length > 1 ? "s" : ""} in the scenario: fix ${app.errors[0]!.line > 0 ? `line ${app.errors[0]!.line}` : "it"} to check`, "error");
  else if (el.status.dataset.kind === "error") setStatus("");
}

let editTimer: number | undefined;
function onTextEdited(): void {
  window.clearTimeout(editTimer);
  editTimer = window.setTimeout(() => {
    const same = BUILTIN_SCENARIO_FILES.find((f) => BUILTIN_TEXTS[f] === editor.text);
    app.builtin = same;
    el.scenario.value = same ?? PASTED;
    reparse(false);
    inputsChanged();
  }, 150);
}

function selectBuiltin(file: string): void {
  app.builtin = file;
  el.scenario.value = file;
  editor.text = BUILTIN_TEXTS[file] ?? "";
  app.fileValues = "";
  reparse(true);
}

/** Inputs changed: results for other inputs are no longer shown. */
function inputsChanged(): void {
  if (app.result && app.resultKey !== inputsKey()) {
    checker.cancel();
    app.result = undefined;
    app.trace = undefined;
    app.step = 0;
    renderVerdicts();
    renderTrace();
  }
  if (app.matrixKey !== inputsKey(false)) {
    matrixRunner.cancel();
    app.matrix.clear();
    app.matrixKey = "";
    app.matrixDone = false;
  }
  renderMatrix();
  updateBusy();
  saveUrl();
}

// ---------------------------------------------------------------------------------------------
// Running

function setStatus(text: string, kind: "" | "error" | "busy" | "done" = ""): void {
  el.status.textContent = text;
  el.status.dataset.kind = kind;
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const compact = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e4 ? `${(n / 1e3).toFixed(0)}k` : fmt(n));

function updateBusy(): void {
  el.cancel.disabled = !checker.busy && !matrixRunner.busy;
}

function startCheck(): void {
  reparse(false);
  if (!app.parsed) return;
  const text = editor.text;
  const o = overrides();
  const key = inputsKey();
  app.result = undefined;
  app.resultKey = key;
  app.trace = undefined;
  app.step = 0;
  renderVerdicts();
  renderTrace();
  app.checkStarted = performance.now();
  delete el.status.dataset.verdictMs;
  setStatus("checking: starting the worker…", "busy");
  checker.run({ kind: "check", text, file: fileName(), ...o, symmetry: el.symmetry.checked }, (m) => {
    if (m.kind === "progress") {
      const p = m.progress;
      setStatus(`checking: ${fmt(p.states)} states, depth ${p.depth}, ${compact(p.statesPerSecond)} states/s, ${p.seconds.toFixed(1)} s`, "busy");
    } else if (m.kind === "verdict") {
      const ms = performance.now() - app.checkStarted;
      app.result = m.result;
      el.status.dataset.verdictMs = String(Math.round(ms));
      const st = m.result.stats;
      setStatus(
        `${m.result.complete ? "complete" : `incomplete (${m.result.stopReason})`}: ${fmt(st.states)} states, ${fmt(st.transitions)} transitions, depth ${st.depth}; ${st.seconds.toFixed(2)} s in the checker, verdict ${(ms / 1000).toFixed(2)} s after Check`,
        "done",
      );
      renderVerdicts();
      const next = afterVerdict;
      afterVerdict = undefined;
      next?.();
      const want = app.pending;
      app.pending = undefined;
      const pick = want ? m.result.results.find((r) => r.property === want.property && r.trace) : m.result.results.find((r) => r.trace && r.severity === "violation");
      if (pick?.trace) showTrace(pick, fileName(), want?.step ?? 0);
      else {
        if (want) setStatus(`${el.status.textContent}. The link's property ${want.property} has no counterexample here.`, "done");
        renderTrace();
      }
    } else if (m.kind === "invalid") {
      editor.setErrors(m.errors);
      setStatus(m.messages.join("\n"), "error");
    } else if (m.kind === "failed") {
      setStatus(`the check failed: ${m.message}`, "error");
    }
    updateBusy();
  });
  // The matrix starts once the verdict is in: the first verdict gets the machine to itself.
  const needMatrix = app.matrixKey !== inputsKey(false) || !app.matrixDone;
  if (needMatrix) {
    matrixRunner.cancel();
    app.matrix.clear();
    app.matrixKey = "";
    renderMatrix(true);
  }
  afterVerdict = needMatrix ? () => startMatrix(text, o.pasids) : undefined;
  updateBusy();
}

/** Runs when the check's verdict arrives (the matrix, queued behind it). */
let afterVerdict: (() => void) | undefined;

function startMatrix(text: string, pasids: number | undefined): void {
  app.matrix.clear();
  app.matrixKey = inputsKey(false);
  app.matrixDone = false;
  matrixRunner.run({ kind: "matrix", text, file: fileName(), ...(pasids !== undefined ? { pasids } : {}), symmetry: el.symmetry.checked }, (m) => {
    if (m.kind === "cell") {
      app.matrix.set(`${m.cell.design}/${m.cell.iommu}`, m.cell);
      renderMatrix();
    } else if (m.kind === "done") {
      app.matrixDone = true;
      renderMatrix();
    } else if (m.kind === "failed" || m.kind === "invalid") {
      el.matrix.replaceChildren(h("p", { class: "error" }, m.kind === "failed" ? m.message : m.messages.join("\n")));
    }
    updateBusy();
  });
  renderMatrix();
}

function cancel(): void {
  afterVerdict = undefined;
  const a = checker.cancel();
  matrixRunner.cancel();
  if (a) setStatus("cancelled: nothing is claimed", "");
  if (!app.matrixDone) {
    app.matrix.clear();
    app.matrixKey = "";
  }
  renderMatrix();
  renderVerdicts();
  updateBusy();
}

// ---------------------------------------------------------------------------------------------
// Results

function verdictRow(r: PropertyVerdict): HTMLElement {
  const status = r.status === "violated" ? (r.severity === "warning" ? "warning" : "VIOLATED") : r.status;
  const current = app.trace?.property === r.property && app.trace.origin !== "file";
  const cell = r.trace
    ? h(
        "button",
        { type: "button", class: `show-trace${current ? " current" : ""}`, "data-property": r.property, "aria-pressed": current ? "true" : "false" },
        `${r.trace.length} steps`,
      )
    : h("span", { class: "muted" }, r.status === "holds" ? "every interleaving" : "—");
  if (r.trace) cell.addEventListener("click", () => showTrace(r, fileName(), 0));
  return h("tr", { class: `verdict ${r.status} ${r.severity}`, "data-property": r.property }, h("th", { scope: "row" }, r.property), h("td", { class: "status" }, status), h("td", {}, cell));
}

function renderVerdicts(): void {
  const r = app.result;
  if (!r) {
    el.verdicts.replaceChildren(h("p", { class: "muted" }, checker.busy ? "Checking…" : "Press Check to explore every interleaving."));
    if (app.trace?.origin && app.trace.origin !== "check")
      el.verdicts.append(h("p", {}, `Showing the trace loaded from ${app.trace.origin} (replayed, not re-checked).`));
    return;
  }
  const main = r.results.filter((x) => x.severity === "violation");
  const warn = r.results.filter((x) => x.severity === "warning");
  const table = (rows: readonly PropertyVerdict[], caption: string) =>
    h("table", { class: "verdicts" }, h("caption", {}, caption), h("tbody", {}, ...rows.map(verdictRow)));
  el.verdicts.replaceChildren(
    h("p", { class: "muted" }, `${r.design}, ${r.iommu}, PASIDs 1..${r.pasids}; ${r.complete ? "complete" : `incomplete (${r.stopReason})`}`),
    table(main, "Properties"),
    ...(warn.length > 0 ? [table(warn, "Warnings (reported, never a failure)")] : []),
  );
}

function renderMatrix(queued = false): void {
  if (app.matrix.size === 0 && !matrixRunner.busy && !queued) {
    el.matrix.replaceChildren(h("p", { class: "muted" }, "Filled in by Check: all 12 combinations."));
    return;
  }
  const cur = overrides();
  const head = h("tr", {}, h("th", { scope: "col" }, "design"), ...IOMMU_NAMES.map((i) => h("th", { scope: "col" }, i)));
  const rows = DESIGNS.map((d) =>
    h(
      "tr",
      {},
      h("th", { scope: "row" }, d.name),
      ...IOMMU_NAMES.map((i) => {
        const c = app.matrix.get(`${d.name}/${i}`);
        const isCur = d.name === cur.design && i === cur.iommu;
        const cls = `cell ${c ? (c.violated.length > 0 ? "bad" : c.complete ? "ok" : "incomplete") : "pending"}${isCur ? " current" : ""}`;
        const b = h(
          "button",
          { type: "button", class: cls, title: c ? `${d.name} on ${i}: ${c.cell} (${fmt(c.states)} states). Check this combination.` : `${d.name} on ${i}: pending. Check this combination.`, "data-design": d.name, "data-iommu": i },
          c ? c.cell : "…",
        );
        b.addEventListener("click", () => {
          el.design.value = d.name;
          el.iommu.value = i;
          reparse(false);
          inputsChanged();
          startCheck();
        });
        return h("td", {}, b);
      }),
    ),
  );
  el.matrix.replaceChildren(
    h("table", { class: "matrix" }, h("thead", {}, head), h("tbody", {}, ...rows)),
    h(
      "p",
      { class: "muted" },
      app.matrixDone
        ? "cell: OK, or the violated properties with their shortest trace's length; a click checks that combination"
        : matrixRunner.busy
          ? `running: ${app.matrix.size}/12 combinations`
          : queued
            ? "queued: runs once the verdict is in"
            : "stopped",
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// The trace view

function showTrace(v: { property: string; severity: "violation" | "warning"; trace?: readonly TraceEvent[] }, origin: string, step: number, sc = app.parsed, text = editor.text): void {
  if (!v.trace || !sc) return;
  const explorer = statesAlong(sc, v.trace.map((e) => e.action));
  app.trace = {
    property: v.property,
    severity: v.severity,
    events: v.trace,
    scenario: sc,
    text,
    explorer,
    timeline: timelineOf(v.trace, sc),
    layout: layoutGraphs(explorer.steps.map((s) => s.graph)),
    violating: violatingStep(v.trace, v.property),
    origin,
  };
  app.step = Math.max(0, Math.min(step, v.trace.length));
  renderVerdicts();
  renderTrace();
}

function setStep(n: number): void {
  if (!app.trace) return;
  const s = Math.max(0, Math.min(n, app.trace.events.length));
  if (s === app.step) return;
  app.step = s;
  renderTrace();
}

function list(title: string, items: readonly string[], cls = ""): HTMLElement {
  return h("section", { class: `detail-list ${cls}` }, h("h3", {}, title), items.length > 0 ? h("ul", {}, ...items.map((i) => h("li", {}, i))) : h("p", { class: "muted" }, "none"));
}

function renderTrace(): void {
  const t = app.trace;
  const buttons = [el.first, el.prev, el.next, el.last, el.jump];
  el.download.disabled = !t;
  if (!t) {
    el.traceTitle.textContent = "Trace";
    el.stepinfo.textContent = "no trace";
    buttons.forEach((b) => (b.disabled = true));
    const r = app.result;
    const hint = !r
      ? "A violated property's shortest counterexample appears here."
      : r.results.some((x) => x.trace)
        ? "Pick a trace in the verdicts to step through it."
        : r.complete
          ? "Every property holds in every interleaving: there is no counterexample to show."
          : "Nothing was violated before the run stopped: nothing is claimed.";
    el.timeline.replaceChildren(h("p", { class: "muted pad" }, hint));
    el.graph.replaceChildren();
    el.detail.replaceChildren();
    saveUrl();
    return;
  }
  const n = t.events.length;
  el.traceTitle.textContent = `${t.property}: ${n} steps`;
  el.traceTitle.title = `${t.scenario.name} — ${t.scenario.design}, ${t.scenario.iommu}, ${t.scenario.pasids} PASIDs`;
  el.stepinfo.textContent = `step ${app.step} of ${n}`;
  el.first.disabled = el.prev.disabled = app.step === 0;
  el.next.disabled = el.last.disabled = app.step === n;
  el.jump.disabled = false;
  el.jump.textContent = `Jump to violation (step ${t.violating})`;
  renderTimeline(el.timeline, t.timeline, app.step, (s) => setStep(s));

  const st = t.explorer.steps[app.step]!;
  renderGraph(el.graph, t.layout, st);

  const ev = app.step > 0 ? t.events[app.step - 1]! : undefined;
  const head = h(
    "div",
    { class: "step-head" },
    h("h3", {}, ev ? `Step ${ev.step}: ${ev.event}` : "Initial state"),
    ...(ev && ev.violations.length > 0 ? [h("p", { class: "violates" }, `✗ violates ${ev.violations.join(", ")}`)] : []),
    ...(app.step === n && ev && !ev.violations.includes(t.property) ? [h("p", { class: "violates" }, `✗ the final state violates ${t.property} (nothing left to run)`)] : []),
  );
  const pasidRows = st.pasids.map((p) =>
    h(
      "tr",
      { class: p.shared ? "shared" : "", "data-pasid": p.pasid },
      h("th", { scope: "row" }, `PASID ${p.pasid}`),
      h("td", {}, p.owner ?? "free"),
      h("td", {}, p.mmPasid.join(", ") || "—"),
      h("td", {}, p.queues.map((q) => `${q.file} (${q.device}) → ${q.mm}, ${q.state}`).join("; ") || "—"),
      h("td", {}, [...p.entries.map((e) => `${e.device}: ${e.state}${e.mm ? ` → ${e.mm}` : ""}`), ...(p.svm ? [`intel_svm → ${p.svm}`] : [])].join("; ") || "—"),
    ),
  );
  const conflicts = st.pasids.flatMap((p) => p.conflicts.map((c) => `⚠ ${p.owner ? "shared PASID" : "stale PASID (freed, still in use)"}: ${c}`));
  const pasids = h(
    "section",
    { class: "pasids" },
    h("h3", {}, "PASIDs: owners and users"),
    ...conflicts.map((c) => h("p", { class: "shared-note" }, c)),
    h(
      "table",
      { class: "pasid-table" },
      h("thead", {}, h("tr", {}, ...["PASID", "owner (ioasid)", "mm->pasid", "queues bound", "table entries"].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, ...pasidRows),
    ),
  );
  const cycles = h("section", { class: "cycles" });
  if (st.cycles.length > 0) {
    const label = new Map(st.graph.nodes.map((x) => [x.id, x.label]));
    cycles.append(
      h("h3", {}, "Reference cycle (leak)"),
      ...st.cycles.map((c) => h("p", { class: "cycle-text" }, [...c, c[0]!].map((id) => label.get(id) ?? id).join(" → "))),
    );
    const drawing = h("div", { class: "cycle-drawings" });
    renderCycles(drawing, st);
    cycles.append(drawing);
  }
  el.detail.replaceChildren(
    head,
    cycles,
    pasids,
    h("div", { class: "two" }, list("Kernel calls", ev?.calls ?? []), list("Changes (Δ)", ev?.changes ?? [], "changes")),
  );
  saveUrl();
}

// ---------------------------------------------------------------------------------------------
// URL, files, keys

let urlSeq = 0;
function saveUrl(): void {
  const seq = ++urlSeq;
  const o = overrides();
  const t = app.trace;
  void encodeView({
    scenario: app.builtin ? { builtin: builtinId(app.builtin) } : { yaml: editor.text },
    design: o.design,
    iommu: o.iommu,
    ...(o.pasids !== undefined ? { pasids: o.pasids } : {}),
    symmetry: el.symmetry.checked,
    ...(t && t.origin === fileName() && app.result ? { property: t.property, step: app.step } : {}),
  }).then((q) => {
    if (seq === urlSeq) history.replaceState(null, "", `${location.pathname}?${q}`);
  });
}

async function loadFromUrl(): Promise<boolean> {
  const v = await decodeView(location.search);
  if (v === undefined) return false;
  if ("error" in v) {
    setStatus(v.error, "error");
    return false;
  }
  if ("builtin" in v.scenario) {
    const id = v.scenario.builtin;
    const file = BUILTIN_SCENARIO_FILES.find((f) => builtinId(f) === id);
    if (!file) {
      setStatus(`the link names a built-in scenario '${id}' that this build does not have`, "error");
      return false;
    }
    selectBuiltin(file);
  } else {
    const same = BUILTIN_SCENARIO_FILES.find((f) => BUILTIN_TEXTS[f] === (v.scenario as { yaml: string }).yaml);
    app.builtin = same;
    el.scenario.value = same ?? PASTED;
    editor.text = v.scenario.yaml;
    app.fileValues = "";
    reparse(true);
  }
  const unknown: string[] = [];
  if (v.design) {
    const d = resolveDesign(v.design);
    if (d) el.design.value = d;
    else unknown.push(`design '${v.design}'`);
  }
  if (v.iommu) {
    if ((IOMMU_NAMES as readonly string[]).includes(v.iommu)) el.iommu.value = v.iommu;
    else unknown.push(`IOMMU '${v.iommu}'`);
  }
  if (v.pasids !== undefined) el.pasids.value = String(v.pasids);
  if (v.symmetry === false) el.symmetry.checked = false;
  reparse(false);
  if (unknown.length > 0) setStatus(`the link names an unknown ${unknown.join(" and ")}; using the scenario's`, "error");
  if (v.property && app.parsed) {
    app.pending = { property: v.property, ...(v.step !== undefined ? { step: v.step } : {}) };
    startCheck();
  }
  return true;
}

function download(): void {
  const t = app.trace;
  if (!t) return;
  const saved = makeSavedTrace(t.scenario, t.text, { property: t.property, severity: t.severity, trace: t.events });
  const blob = new Blob([JSON.stringify(saved, null, 2) + "\n"], { type: "application/json" });
  const a = h("a", { href: URL.createObjectURL(blob), download: savedTraceFileName(t.scenario, t.property) });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

async function loadTraceFile(file: File): Promise<void> {
  const text = await file.text();
  const r = parseSavedTrace(text);
  if (!r.ok) {
    setStatus(`${file.name}: ${r.message}`, "error");
    return;
  }
  const saved = r.saved;
  const parsed = savedScenario(saved);
  if (!parsed.ok) {
    setStatus(`${file.name}: its scenario does not parse: ${parsed.errors.map((e) => `${e.file}:${e.line}:${e.col}: ${e.message}`).join("; ")}`, "error");
    return;
  }
  checker.cancel();
  const same = BUILTIN_SCENARIO_FILES.find((f) => BUILTIN_TEXTS[f] === saved.scenarioText);
  app.builtin = same;
  el.scenario.value = same ?? PASTED;
  editor.text = saved.scenarioText;
  app.fileValues = "";
  reparse(true);
  el.design.value = parsed.scenario.design;
  el.iommu.value = parsed.scenario.iommu;
  el.pasids.value = String(parsed.scenario.pasids);
  reparse(false);
  inputsChanged();
  app.result = undefined;
  let events: readonly TraceEvent[];
  try {
    events = replayTrace(parsed.scenario, saved.actions).events;
  } catch (e) {
    setStatus(`${file.name}: ${(e as Error).message}`, "error");
    return;
  }
  showTrace({ property: saved.property, severity: saved.severity, trace: events }, file.name, 0, parsed.scenario, saved.scenarioText);
  setStatus(`loaded ${file.name}: ${saved.property}, ${events.length} steps, replayed on ${parsed.scenario.design} / ${parsed.scenario.iommu}`, "done");
}

function wire(): void {
  el.controls.addEventListener("submit", (ev) => {
    ev.preventDefault();
    startCheck();
  });
  el.cancel.addEventListener("click", cancel);
  el.scenario.addEventListener("change", () => {
    if (el.scenario.value === PASTED) {
      app.builtin = undefined;
      reparse(false);
      editor.textarea.focus();
    } else selectBuiltin(el.scenario.value);
    inputsChanged();
  });
  for (const s of [el.design, el.iommu, el.symmetry]) s.addEventListener("change", () => (reparse(false), inputsChanged()));
  el.pasids.addEventListener("input", () => (reparse(false), inputsChanged()));
  el.first.addEventListener("click", () => setStep(0));
  el.prev.addEventListener("click", () => setStep(app.step - 1));
  el.next.addEventListener("click", () => setStep(app.step + 1));
  el.last.addEventListener("click", () => setStep(app.trace?.events.length ?? 0));
  el.jump.addEventListener("click", () => setStep(app.trace?.violating ?? 0));
  el.download.addEventListener("click", download);
  el.load.addEventListener("change", () => {
    const f = el.load.files?.[0];
    if (f) void loadTraceFile(f);
    el.load.value = "";
  });
  document.addEventListener("keydown", (ev) => {
    const t = ev.target as HTMLElement | null;
    if (t && (t.tagName === "TEXTAREA" || t.tagName === "INPUT" || t.tagName === "SELECT" || t.isContentEditable)) return;
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    if (!app.trace) return;
    const map: Record<string, () => void> = {
      ArrowLeft: () => setStep(app.step - 1),
      ArrowRight: () => setStep(app.step + 1),
      Home: () => setStep(0),
      End: () => setStep(app.trace!.events.length),
      v: () => setStep(app.trace!.violating),
    };
    const fn = map[ev.key];
    if (fn) {
      ev.preventDefault();
      fn();
    }
  });
  window.addEventListener("resize", () => app.trace && renderTimeline(el.timeline, app.trace.timeline, app.step, (s) => setStep(s)));
}

fillSelectors();
wire();
checker.warm();
renderTrace();
void loadFromUrl().then((loaded) => {
  if (!loaded && !app.parsed && editor.text === "") selectBuiltin(DEFAULT_BUILTIN);
  if (!loaded) inputsChanged();
  document.body.dataset.ready = "true";
});
