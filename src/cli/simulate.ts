/**
 * sva-lab simulate FILE: seeded random walks. Finds violations; proves nothing.
 */
import { Option, type Command } from "commander";
import { simulateScenario } from "../index.js";
import { simulationJson } from "../lib/format-json.js";
import { formatSimulationText } from "../lib/format-text.js";
import type { Ctx } from "./context.js";
import { EXIT, println } from "./io.js";
import { integer, loadScenarios, overridesOf, positiveInt, resolveProperties, scenarioOverrideOptions, seconds } from "./options.js";
import { dotOf, findingsOf, mermaidOf, saveTraces } from "./output.js";

interface SimulateOpts {
  design?: string;
  iommu?: string;
  pasids?: number;
  property?: string[];
  seed?: number;
  walks?: number;
  depth?: number;
  timeout?: number;
  json?: boolean;
  mermaid?: boolean;
  dot?: boolean;
  saveTrace?: string;
  brief?: boolean;
}

const EXAMPLES = `
Examples:
  $ sva-lab simulate scenarios/five-drivers.yaml --design free-on-mmput --seed 1
      random walks on a scenario too large to check quickly; the same seed gives the same walks
  $ sva-lab simulate kill-with-mmap --design mmget-in-bind --walks 5000 --depth 60 --json

Simulation proves nothing: a property not violated on the walks may still be violated elsewhere.
Use 'sva-lab check' to show that a property holds.

Exit status: 1 a walk violated some property (warnings never count), 0 otherwise (which is not
"holds"), 2 bad input.`;

export function registerSimulate(program: Command, ctx: Ctx): void {
  const cmd = program
    .command("simulate")
    .summary("random walks: find violations fast in large scenarios (proves nothing)")
    .description(
      "Seeded random walks through a scenario. Reports the seed, what the walks found (with the same trace output as check), and plainly that simulation proves nothing.",
    )
    .argument("<FILE>", "a scenario file, or a built-in scenario name");
  scenarioOverrideOptions(cmd, "design or kernel version, overriding the file's", "look only for these properties (repeatable, or comma-separated)")
    .option("--seed <S>", "seed of the walks (default: a random one, printed)", integer)
    .option("--walks <N>", "number of walks (default 1000)", positiveInt)
    .option("--depth <N>", "maximum steps per walk (default 1000)", positiveInt)
    .option("--timeout <S>", "stop after S seconds", seconds)
    .addOption(new Option("--json", "print the result as JSON (docs/json.md)").conflicts(["mermaid", "dot"]))
    .addOption(new Option("--mermaid", "print each trace found as a Mermaid sequence diagram").conflicts(["dot"]))
    .option("--dot", "print the object/refcount graph at each violating step as Graphviz DOT")
    .option("--save-trace <DIR>", "write one TRACE.json per violation found into DIR")
    .option("--brief", "traces without kernel calls and object changes")
    .addHelpText("after", EXAMPLES)
    .action((file: string, opts: SimulateOpts) => {
      ctx.code = runSimulate(ctx, file, opts);
    });
}

function runSimulate(ctx: Ctx, file: string, opts: SimulateOpts): number {
  const { io } = ctx;
  const properties = resolveProperties("--property", opts.property);
  const loaded = loadScenarios([file], overridesOf(opts));
  if (loaded.errors.length > 0) {
    println(io.stderr, loaded.errors);
    return EXIT.usage;
  }
  const { scenario: sc, text } = loaded.scenarios[0]!;
  const r = simulateScenario(sc, {
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.walks !== undefined ? { walks: opts.walks } : {}),
    ...(opts.depth !== undefined ? { depth: opts.depth } : {}),
    ...(opts.timeout !== undefined ? { timeoutMs: opts.timeout * 1000 } : {}),
    ...(properties ? { properties } : {}),
  });
  const findings = findingsOf(r.results, properties);
  if (opts.saveTrace !== undefined) for (const p of saveTraces(opts.saveTrace, sc, text, findings)) println(io.stderr, `sva-lab: saved ${p}`);
  if (opts.json) io.stdout.write(JSON.stringify(simulationJson(r), null, 2) + "\n");
  else if (opts.mermaid || opts.dot) {
    println(io.stderr, `sva-lab: seed ${r.seed}. ${r.note}`);
    findings.forEach((f, i) => io.stdout.write((i > 0 ? "\n" : "") + (opts.mermaid ? mermaidOf(sc, f) : dotOf(sc, f))));
    if (findings.length === 0) println(io.stderr, "sva-lab: nothing to draw: the walks found no violation");
  } else println(io.stdout, formatSimulationText(r, { brief: opts.brief === true }));
  return r.results.some((x) => x.status === "violated" && x.severity === "violation") ? EXIT.violated : EXIT.ok;
}
