/** sva-lab scenarios: the built-in scenario library, one line each. */
import { join, relative, isAbsolute } from "node:path";
import type { Command } from "commander";
import { formatError } from "../index.js";
import { builtinScenariosDir, loadBuiltinScenarios, readBuiltinScenarios } from "../scenario/builtin-node.js";
import type { Ctx } from "./context.js";
import { EXIT, println } from "./io.js";

const EXAMPLES = `
Examples:
  $ sva-lab scenarios
  $ sva-lab check kill-with-mmap --design mmget-in-bind     (a built-in by its id)
  $ sva-lab scenarios --json`;

function shownPath(abs: string): string {
  const rel = relative(process.cwd(), abs);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : abs;
}

export function registerScenarios(program: Command, ctx: Ctx): void {
  program
    .command("scenarios")
    .summary("list the built-in scenarios (id, name, path)")
    .description("List the built-in scenarios: id (usable wherever a FILE is), name and path.")
    .option("--json", "print the list as JSON")
    .addHelpText("after", EXAMPLES)
    .action((opts: { json?: boolean }) => {
      const { io } = ctx;
      const texts = readBuiltinScenarios();
      const parsed = loadBuiltinScenarios();
      const dir = builtinScenariosDir();
      const rows = texts.map((t, i) => {
        const r = parsed[i]!.result;
        if (!r.ok) println(io.stderr, r.errors.map(formatError));
        return { id: t.id, name: r.ok ? r.scenario.name : "(does not parse)", path: shownPath(join(dir, t.fileName)) };
      });
      if (opts.json) io.stdout.write(JSON.stringify(rows, null, 2) + "\n");
      else {
        const w = Math.max(...rows.map((r) => r.id.length));
        const wn = Math.max(...rows.map((r) => r.name.length));
        println(io.stdout, rows.map((r) => `${r.id.padEnd(w)}  ${r.name.padEnd(wn)}  ${r.path}`));
      }
      ctx.code = parsed.every((p) => p.result.ok) ? EXIT.ok : EXIT.usage;
    });
}
