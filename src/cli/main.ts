/**
 * The sva-lab command line: a thin shell over the library (src/index.ts) and the node-only
 * scenario loaders. One file per command; this one builds the command table, maps errors to
 * exit codes and never lets a stack trace reach the user.
 *
 * `run(argv, io)` is what bin/sva-lab.js calls; tests call it in-process with their own streams.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Command, CommanderError } from "commander";
import { packageRoot } from "../scenario/builtin-node.js";
import { nearest } from "../lib/suggest.js";
import { registerCheck } from "./check.js";
import type { Ctx } from "./context.js";
import { registerDesigns } from "./designs.js";
import { EXIT, processIo, UsageError, type Io } from "./io.js";
import { registerMatrix } from "./matrix.js";
import { registerReplay } from "./replay.js";
import { registerScenarios } from "./scenarios.js";
import { registerSimulate } from "./simulate.js";
import { registerUi } from "./ui.js";

export { EXIT, type Io } from "./io.js";

const EXAMPLES = `
Examples:
  $ sva-lab matrix
      every design × IOMMU driver × built-in scenario, then the shortest counterexample
      that condemns each design the LKML thread discussed (this is 'npm start')
  $ sva-lab check scenarios/exit-while-file-open.yaml --design free-on-mmput
      the seed thread's case: isolation and stale-entry violated, with the shortest traces
  $ sva-lab check kill-with-mmap --design mmget-in-bind --dot | dot -Tsvg > leak.svg
      the mm -> VMA -> file -> bond -> mm leak cycle of mmget-in-bind
  $ sva-lab simulate scenarios/five-drivers.yaml --design free-on-mmput --seed 7
  $ sva-lab scenarios && sva-lab designs
  $ sva-lab ui
      the browser explorer on http://127.0.0.1:5177/ (npm run ui builds it first)

Exit status: 0 all properties hold (or a report was printed), 1 a property is violated,
2 bad input, 3 incomplete (a cap was hit and nothing was violated), 70 internal error.
Documentation: docs/cli.md, docs/scenarios.md, docs/json.md.`;

function version(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version?: string }).version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}

/** Commander's "error: unknown option '--jsn'\n(Did you mean --json?)" as one line. */
export function commanderMessage(raw: string): string {
  const text = raw.trim().replace(/^error: /, "");
  const m = /\n\(Did you mean (.+)\?\)$/.exec(text);
  const main = (m ? text.slice(0, m.index) : text).replace(/\s*\n\s*/g, " ");
  return m ? `${main}; did you mean '${m[1]}'?` : main;
}

function configure(cmd: Command, io: Io): void {
  cmd
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(`${cmd.name() === "sva-lab" ? "sva-lab" : `sva-lab ${cmd.name()}`}: ${commanderMessage(s)}\n`),
    });
}

function program(ctx: Ctx): Command {
  const p = new Command("sva-lab")
    .description(
      "Model checker for Linux SVA/PASID lifetime designs: runs scenarios (docs/scenarios.md) against an executable model of the kernel's PASID, mm, file and IOMMU lifetimes and reports every violation with its shortest trace in kernel terms.",
    )
    .usage("<command> [options]")
    .version(version(), "-V, --version", "print the version")
    .helpOption("-h, --help", "show help (every command has its own, with examples)")
    .addHelpText("after", EXAMPLES);
  configure(p, ctx.io);
  registerCheck(p, ctx);
  registerSimulate(p, ctx);
  registerReplay(p, ctx);
  registerMatrix(p, ctx);
  registerScenarios(p, ctx);
  registerDesigns(p, ctx);
  registerUi(p, ctx);
  for (const c of p.commands) configure(c, ctx.io);
  return p;
}

/** Run the command line; returns the exit code (docs/cli.md). */
export async function run(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const ctx: Ctx = { io, code: EXIT.ok };
  try {
    const p = program(ctx);
    if (argv.length === 0) {
      p.outputHelp({ error: true });
      return EXIT.usage;
    }
    const [first, topic] = argv;
    if (first === "help" && topic !== undefined && !p.commands.some((c) => c.name() === topic)) {
      // commander would print the general help and exit 2 without saying why
      const near = nearest(topic, p.commands.map((c) => c.name()));
      throw new UsageError(`unknown command '${topic}'${near ? `; did you mean '${near}'?` : ""}`);
    }
    await p.parseAsync([...argv], { from: "user" });
    return ctx.code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") {
        return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
      }
      return EXIT.usage; // the message was already printed by outputError
    }
    if (e instanceof UsageError) {
      io.stderr.write(`sva-lab: ${e.message}\n`);
      return EXIT.usage;
    }
    const msg = e instanceof Error ? e.message : String(e);
    io.stderr.write(`sva-lab: internal error: ${msg.split("\n")[0]}\n`);
    if (process.env.SVA_LAB_DEBUG && e instanceof Error && e.stack) io.stderr.write(e.stack + "\n");
    return EXIT.internal;
  }
}
