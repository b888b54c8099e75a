/**
 * sva-lab check FILE...: exhaustive check of each scenario; verdicts, statistics and the
 * shortest counterexample of each violated property.
 */
import { Option, type Command } from "commander";
import { checkScenario, type ScenarioCheck } from "../index.js";
import { checkJson } from "../lib/format-json.js";
import { formatCheckText } from "../lib/format-text.js";
import type { Ctx } from "./context.js";
import { EXIT, println } from "./io.js";
import { loadScenarios, nonNegativeInt, overridesOf, positiveInt, resolveProperties, scenarioOverrideOptions, seconds } from "./options.js";
import { dotOf, findingsOf, mermaidOf, saveTraces } from "./output.js";
import { compact, progressLine } from "./progress.js";

interface CheckOpts {
  design?: string;
  iommu?: string;
  pasids?: number;
  property?: string[];
  maxStates?: number;
  maxDepth?: number;
  timeout?: number;
  symmetry?: boolean;
  json?: boolean;
  mermaid?: boolean;
  dot?: boolean;
  saveTrace?: string;
  brief?: boolean;
}

const EXAMPLES = `
Examples:
  $ sva-lab check scenarios/exit-while-file-open.yaml --design free-on-mmput
      the seed thread's case: isolation and stale-entry violated on arm-smmu-v3
  $ sva-lab check kill-with-mmap --design mmget-in-bind --property no-leak --dot > leak.dot
      a built-in scenario by name; the leak's mm -> VMA -> file -> bond -> mm cycle as Graphviz
  $ sva-lab check scenarios/*.yaml --design linux-5.19 --iommu intel-vt-d --json
      every built-in on 5.19 and VT-d, one JSON array (docs/json.md)
  $ sva-lab check scenarios/enqcmd-two-threads.yaml --design free-on-unbind --iommu intel-vt-d --mermaid
      the ENQCMD isolation violation as a Mermaid sequence diagram
  $ sva-lab check my.yaml --max-states 100000 --timeout 30 --save-trace traces/
      cap the search (exit 3 if nothing is violated before the cap); save counterexamples
      for 'sva-lab replay traces/FILE.json'

Exit status: 0 every property holds, 1 some property is violated (warnings never count),
2 bad input, 3 incomplete (a cap was hit and nothing was violated).`;

export function verdictCode(r: ScenarioCheck): number {
  if (r.results.some((x) => x.status === "violated" && x.severity === "violation")) return EXIT.violated;
  if (r.results.some((x) => x.status === "incomplete")) return EXIT.incomplete;
  return EXIT.ok;
}

/** Combine per-scenario codes: violated beats incomplete beats ok. */
export function combineCodes(codes: readonly number[]): number {
  if (codes.includes(EXIT.violated)) return EXIT.violated;
  if (codes.includes(EXIT.incomplete)) return EXIT.incomplete;
  return EXIT.ok;
}

export function registerCheck(program: Command, ctx: Ctx): void {
  const cmd = program
    .command("check")
    .summary("exhaustive check: each property holds, is violated (shortest trace) or is incomplete")
    .description(
      "Explore every interleaving of each scenario (exhaustively, breadth-first) and report, per property, holds / VIOLATED / incomplete, the search statistics, and for each violation the shortest trace: one line per event (actor: event) with the kernel calls it made and the objects it changed (Δ).",
    )
    .argument("<FILE...>", "scenario files, or built-in scenario names (see 'sva-lab scenarios')");
  scenarioOverrideOptions(
    cmd,
    "design or kernel version, overriding the file's (see 'sva-lab designs')",
    "check only these properties (repeatable, or comma-separated)",
  )
    .option("--max-states <N>", "stop after N distinct states (then: incomplete)", positiveInt)
    .option("--max-depth <N>", "do not explore beyond N steps (then: incomplete)", nonNegativeInt)
    .option("--timeout <S>", "stop after S seconds per scenario (then: incomplete)", seconds)
    .option("--no-symmetry", "explore without symmetry reduction over identical processes (on by default: it is exact, same verdicts and trace lengths)")
    .addOption(new Option("--json", "print the results as JSON (docs/json.md)").conflicts(["mermaid", "dot"]))
    .addOption(new Option("--mermaid", "print each counterexample as a Mermaid sequence diagram").conflicts(["dot"]))
    .option("--dot", "print the object/refcount graph at each violating step as Graphviz DOT")
    .option("--save-trace <DIR>", "write one TRACE.json per violation into DIR (for 'sva-lab replay')")
    .option("--brief", "traces without kernel calls and object changes")
    .addHelpText("after", EXAMPLES)
    .action((files: string[], opts: CheckOpts) => {
      ctx.code = runCheck(ctx, files, opts);
    });
}

function runCheck(ctx: Ctx, files: readonly string[], opts: CheckOpts): number {
  const { io } = ctx;
  const properties = resolveProperties("--property", opts.property);
  const loaded = loadScenarios(files, overridesOf(opts));
  if (loaded.errors.length > 0) {
    println(io.stderr, loaded.errors);
    return EXIT.usage;
  }
  const progress = progressLine(io.stderr, !opts.json);
  const reports: ScenarioCheck[] = [];
  const codes: number[] = [];
  const diagrams = opts.mermaid === true || opts.dot === true;
  let drawn = 0;
  for (const [i, { scenario: sc, text }] of loaded.scenarios.entries()) {
    let r: ScenarioCheck;
    try {
      r = checkScenario(sc, {
        ...(properties ? { properties } : {}),
        maxStates: opts.maxStates,
        maxDepth: opts.maxDepth,
        timeoutMs: opts.timeout !== undefined ? opts.timeout * 1000 : undefined,
        symmetry: opts.symmetry !== false,
        onProgress: (p) =>
          progress.update(`checking ${sc.file}: ${compact(p.states)} states, depth ${p.depth}, ${compact(p.statesPerSecond)} states/s`),
      });
    } finally {
      progress.done();
    }
    reports.push(r);
    codes.push(verdictCode(r));
    const findings = findingsOf(r.results, properties);
    if (opts.saveTrace !== undefined) {
      for (const p of saveTraces(opts.saveTrace, sc, text, findings)) {
        println(io.stderr, `sva-lab: saved ${p}`);
      }
    }
    if (opts.json) continue;
    if (diagrams) {
      for (const f of findings) {
        if (drawn > 0) io.stdout.write("\n");
        io.stdout.write(opts.mermaid ? mermaidOf(sc, f) : dotOf(sc, f));
        drawn++;
      }
      continue;
    }
    if (i > 0) io.stdout.write("\n");
    println(io.stdout, formatCheckText(r, { brief: opts.brief === true }));
  }
  if (opts.json) {
    const out = reports.map(checkJson);
    io.stdout.write(JSON.stringify(files.length === 1 ? out[0] : out, null, 2) + "\n");
  } else if (diagrams && drawn === 0) {
    println(io.stderr, "sva-lab: nothing to draw: no property is violated");
  } else if (!diagrams && reports.length > 1) {
    const n = (c: number) => codes.filter((x) => x === c).length;
    io.stdout.write("\n");
    println(
      io.stdout,
      `summary: ${reports.length} scenarios: ${n(EXIT.violated)} with a violation, ${n(EXIT.incomplete)} incomplete, ${n(EXIT.ok)} where every property holds`,
    );
  }
  return combineCodes(codes);
}
