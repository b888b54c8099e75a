/**
 * sva-lab matrix [FILE...]: every design × IOMMU driver × scenario, one verdict per cell, then the
 * shortest counterexample that condemns each design the review thread discussed.
 */
import { Option, type Command } from "commander";
import { cellText, runMatrix, type Matrix } from "../index.js";
import { matrixJson } from "../lib/format-json.js";
import { condemn, DISCUSSED_DESIGNS, matrixIncomplete, matrixMarkdown, matrixText, scenarioId } from "../lib/format-matrix.js";
import { designLabel, formatTraceText } from "../lib/format-text.js";
import { loadBuiltinScenarios } from "../scenario/builtin-node.js";
import { DESIGNS, formatError, IOMMU_NAMES, type Scenario } from "../index.js";
import type { Ctx } from "./context.js";
import { EXIT, println } from "./io.js";
import { collect, loadScenarios, nonNegativeInt, positiveInt, resolveDesigns, resolveIommus, seconds } from "./options.js";
import { compact, progressLine } from "./progress.js";

interface MatrixOpts {
  designs?: string[];
  iommus?: string[];
  maxStates?: number;
  maxDepth?: number;
  timeout?: number;
  symmetry?: boolean;
  json?: boolean;
  markdown?: boolean;
  traces?: boolean;
  brief?: boolean;
}

const EXAMPLES = `
Examples:
  $ sva-lab matrix
      the built-in scenarios × every design × both IOMMU drivers (what 'npm start' prints)
  $ sva-lab matrix --designs free-on-mmput,free-on-mmdrop --iommus arm-smmu-v3
  $ sva-lab matrix scenarios/kill-with-mmap.yaml my.yaml --markdown > matrix.md
  $ sva-lab matrix --max-states 200000 --json > matrix.json

Cells: OK, or the violated properties with the length of their shortest counterexample
(letters in the text table, names with --markdown and --json). Warnings are not failures.
Exit status: 0 the matrix was printed, 2 bad input, 3 some cell is incomplete (a cap was hit).`;

export function registerMatrix(program: Command, ctx: Ctx): void {
  program
    .command("matrix")
    .summary("verdict table: every design × IOMMU driver × scenario (default: the built-ins)")
    .description(
      "Check every scenario under every design and IOMMU driver and print one verdict per cell, then, for each design the LKML thread discussed (free-on-mmput, mmget-in-bind, free-on-unbind), the shortest counterexample that condemns it. With no FILE, the built-in scenarios.",
    )
    .argument("[FILE...]", "scenario files or built-in scenario names (default: every built-in)")
    .option("--designs <list>", "designs (or kernel versions) to include, comma-separated (default: all)", collect)
    .option("--iommus <list>", "IOMMU drivers to include, comma-separated (default: both)", collect)
    .option("--max-states <N>", "cap each cell at N states (a capped cell is incomplete: '?')", positiveInt)
    .option("--max-depth <N>", "cap each cell at depth N", nonNegativeInt)
    .option("--timeout <S>", "cap each cell at S seconds", seconds)
    .option("--no-symmetry", "explore without symmetry reduction over identical processes (on by default: it is exact, same verdicts and trace lengths)")
    .addOption(new Option("--json", "print the matrix as JSON (docs/json.md)").conflicts(["markdown"]))
    .option("--markdown", "print GitHub Markdown tables")
    .option("--traces", "with --json: include every counterexample (large)")
    .option("--brief", "condemning traces without kernel calls and object changes")
    .addHelpText("after", EXAMPLES)
    .action((files: string[], opts: MatrixOpts) => {
      ctx.code = runMatrixCommand(ctx, files, opts);
    });
}

function runMatrixCommand(ctx: Ctx, files: readonly string[], opts: MatrixOpts): number {
  const { io } = ctx;
  const designs = resolveDesigns("--designs", opts.designs) ?? DESIGNS.map((d) => d.name);
  const iommus = resolveIommus("--iommus", opts.iommus) ?? [...IOMMU_NAMES];
  let scenarios: Scenario[];
  if (files.length > 0) {
    const loaded = loadScenarios(files, {});
    if (loaded.errors.length > 0) {
      println(io.stderr, loaded.errors);
      return EXIT.usage;
    }
    scenarios = loaded.scenarios.map((l) => l.scenario);
  } else {
    const builtins = loadBuiltinScenarios();
    const errors = builtins.flatMap((b) => (b.result.ok ? [] : b.result.errors.map(formatError)));
    if (errors.length > 0) {
      println(io.stderr, errors);
      return EXIT.usage;
    }
    scenarios = builtins.map((b) => (b.result as { scenario: Scenario }).scenario);
  }
  const progress = progressLine(io.stderr, !opts.json);
  const started = Date.now();
  let m: Matrix;
  try {
    // runMatrix's order: scenario, then IOMMU driver, then design.
    const D = designs.length;
    const I = iommus.length;
    const total = scenarios.length * I * D;
    const cellName = (i: number): string =>
      `${scenarioId(scenarios[Math.floor(i / (I * D))]!)} ${designs[i % D]} ${iommus[Math.floor(i / D) % I]}`;
    let done = 0;
    if (total > 0) progress.update(`cell 1/${total} ${cellName(0)}`);
    m = runMatrix(scenarios, {
      designs,
      iommus,
      maxStates: opts.maxStates,
      maxDepth: opts.maxDepth,
      timeoutMs: opts.timeout !== undefined ? opts.timeout * 1000 : undefined,
      symmetry: opts.symmetry !== false,
      onProgress: (p) => progress.update(`cell ${done + 1}/${total} ${cellName(done)}: ${compact(p.states)} states, depth ${p.depth}`),
      onCell: (_row, d) => {
        done = d;
        if (d < total) progress.update(`cell ${d + 1}/${total} ${cellName(d)}`);
      },
    });
  } finally {
    progress.done();
  }
  const seconds = (Date.now() - started) / 1000;
  const states = m.rows.reduce((a, r) => a + r.states, 0);
  const inMatrix = DISCUSSED_DESIGNS.filter((d) => m.rows.some((r) => r.design === d));
  const condemned = inMatrix.map((d) => ({ design: d, c: condemn(m, d) }));
  if (opts.json) {
    const json = {
      ...matrixJson(m, (r) => cellText(r), { traces: opts.traces === true }),
      condemned: condemned.flatMap(({ design, c }) =>
        c === undefined ? [] : [{ design, scenario: c.row.scenario, file: c.row.file, iommu: c.row.iommu, property: c.verdict.property, steps: c.verdict.trace.length }],
      ),
    };
    io.stdout.write(JSON.stringify(json, null, 2) + "\n");
  } else {
    const scen = new Set(m.rows.map((r) => r.file)).size;
    const des = new Set(m.rows.map((r) => r.design)).size;
    const iom = new Set(m.rows.map((r) => r.iommu)).size;
    const head = `sva-lab matrix: ${scen} scenarios × ${des} designs × ${iom} IOMMU drivers = ${m.rows.length} cells, ${states.toLocaleString("en-US")} states, ${seconds.toFixed(1)} s`;
    const md = opts.markdown === true;
    println(io.stdout, md ? [`${head}`, "", ...matrixMarkdown(m)] : [head, "", ...matrixText(m)]);
    if (condemned.length > 0) {
      println(io.stdout, ["", md ? "### The designs the thread discussed, condemned" : "The designs the thread discussed, each condemned by its shortest counterexample:"]);
      for (const { design, c } of condemned) {
        io.stdout.write("\n");
        if (c === undefined) {
          println(io.stdout, `${md ? "#### " : ""}${designLabel(design)}: no violation in these cells`);
          continue;
        }
        const title = `${designLabel(design)}: ${c.verdict.property} on ${scenarioId(c.row)}, ${c.row.iommu}, ${c.verdict.trace.length} steps`;
        const body = formatTraceText(c.verdict.trace, { indent: "  ", calls: !opts.brief, changes: !opts.brief, property: c.verdict.property });
        println(io.stdout, md ? [`#### ${title}`, "", "```text", ...body, "```"] : [title, ...body]);
      }
    }
  }
  return matrixIncomplete(m) ? EXIT.incomplete : EXIT.ok;
}
