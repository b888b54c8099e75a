/**
 * sva-lab replay TRACE.json: re-run a saved counterexample (from check --save-trace) and show
 * each step with the objects it changed, i.e. the state after it.
 */
import { readFileSync } from "node:fs";
import { Option, type Command } from "commander";
import { formatError } from "../index.js";
import { graphToDot } from "../lib/format-dot.js";
import { traceJson } from "../lib/format-json.js";
import { traceToMermaid } from "../lib/format-mermaid.js";
import { designLabel, formatTraceText } from "../lib/format-text.js";
import { graphAt, parseSavedTrace, replayTrace, savedScenario } from "../lib/replay.js";
import type { Ctx } from "./context.js";
import { EXIT, println, UsageError } from "./io.js";
import { nonNegativeInt } from "./options.js";

interface ReplayOpts {
  json?: boolean;
  mermaid?: boolean;
  dot?: boolean;
  step?: number;
  brief?: boolean;
}

const EXAMPLES = `
Examples:
  $ sva-lab check kill-with-mmap --design mmget-in-bind --save-trace traces/
  $ sva-lab replay traces/kill-with-mmap.mmget-in-bind.arm-smmu-v3.no-leak.json
      every step with its kernel calls and the objects it changed
  $ sva-lab replay traces/kill-with-mmap.mmget-in-bind.arm-smmu-v3.no-leak.json --dot --step 9 | dot -Tsvg > step9.svg
      the object and refcount graph after step 9

Exit status: 1 the replay violates the saved property again, 0 it runs and no longer violates it,
2 bad input (not a trace file, or its actions do not fit its scenario).`;

export function registerReplay(program: Command, ctx: Ctx): void {
  program
    .command("replay")
    .summary("re-run a saved counterexample step by step")
    .description(
      "Re-run a counterexample saved by 'sva-lab check --save-trace DIR' on the scenario text stored in it (with the design, IOMMU driver and PASID count it was checked with) and show each step: the event, its kernel calls and the objects it changed (Δ), i.e. the state after it.",
    )
    .argument("<TRACE.json>", "a trace file written by --save-trace")
    .addOption(new Option("--json", "print the replayed steps as JSON").conflicts(["mermaid", "dot"]))
    .addOption(new Option("--mermaid", "print the replay as a Mermaid sequence diagram").conflicts(["dot"]))
    .option("--dot", "print the object/refcount graph after a step (default: the last) as Graphviz DOT")
    .option("--step <N>", "with --dot: the step to draw (0 = the initial state)", nonNegativeInt)
    .option("--brief", "steps without kernel calls and object changes")
    .addHelpText("after", EXAMPLES)
    .action((file: string, opts: ReplayOpts) => {
      ctx.code = runReplay(ctx, file, opts);
    });
}

function runReplay(ctx: Ctx, file: string, opts: ReplayOpts): number {
  const { io } = ctx;
  if (opts.step !== undefined && !opts.dot) throw new UsageError("--step: only with --dot");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${file}: cannot read trace file: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (code ?? String(e))}`);
  }
  const parsed = parseSavedTrace(text);
  if (!parsed.ok) throw new UsageError(`${file}: ${parsed.message}`);
  const saved = parsed.saved;
  const sr = savedScenario(saved);
  if (!sr.ok) {
    println(io.stderr, [`${file}: the scenario stored in this trace does not parse:`, ...sr.errors.map(formatError)]);
    return EXIT.usage;
  }
  const sc = sr.scenario;
  let rep;
  try {
    rep = replayTrace(sc, saved.actions);
  } catch (e) {
    throw new UsageError(`${file}: ${(e as Error).message}`);
  }
  if (opts.step !== undefined && opts.step > saved.actions.length) {
    throw new UsageError(`--step: the trace has ${saved.actions.length} steps; expected 0..${saved.actions.length}`);
  }
  const reproduced = rep.violated.includes(saved.property);
  if (opts.json) {
    io.stdout.write(
      JSON.stringify(
        { file: saved.file, scenario: sc.name, design: sc.design, iommu: sc.iommu, pasids: sc.pasids, property: saved.property, reproduced, violated: rep.violated, terminal: rep.terminal, trace: traceJson(rep.events) },
        null,
        2,
      ) + "\n",
    );
  } else if (opts.mermaid) {
    io.stdout.write(traceToMermaid(rep.events, sc, { property: reproduced ? saved.property : undefined, title: `${sc.name}: ${saved.property} (replay)` }));
  } else if (opts.dot) {
    const step = opts.step ?? saved.actions.length;
    io.stdout.write(graphToDot(graphAt(sc, saved.actions, step), { title: `${sc.name}: state after step ${step} of ${saved.actions.length} (${sc.design}, ${sc.iommu})` }));
  } else {
    println(io.stdout, [
      `${file}: replaying ${saved.property} on ${saved.file}: ${sc.name}`,
      `  design ${designLabel(sc.design)}, IOMMU ${sc.iommu}, PASIDs 1..${sc.pasids}, ${saved.actions.length} steps`,
      `  each step: the event, its kernel calls, then the objects it changed (Δ): the state after it`,
      "",
      ...formatTraceText(rep.events, { indent: "  ", calls: !opts.brief, changes: !opts.brief, property: reproduced ? saved.property : undefined }),
      "",
      reproduced
        ? `reproduced: ${saved.property} is violated${rep.terminal ? " (the run ends in a terminal state)" : ""}`
        : `not reproduced: the replay no longer violates ${saved.property}${rep.violated.length > 0 ? ` (it violates ${rep.violated.join(", ")})` : ""}`,
    ]);
  }
  return reproduced && saved.severity !== "warning" ? EXIT.violated : EXIT.ok;
}
