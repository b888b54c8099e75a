/** sva-lab designs: the PASID lifetime designs with their kernel versions, one line each. */
import type { Command } from "commander";
import { designAliases, DESIGNS } from "../index.js";
import type { Ctx } from "./context.js";
import { EXIT, println } from "./io.js";

const EXAMPLES = `
Examples:
  $ sva-lab designs
  $ sva-lab check scenarios/forked-fd.yaml --design linux-5.18-rc1   (an alias names its design)
  $ sva-lab designs --json`;

export function registerDesigns(program: Command, ctx: Ctx): void {
  program
    .command("designs")
    .summary("list the designs: name, aliases, kernel version, summary, commits")
    .description("List the PASID lifetime designs: name, aliases (accepted by --design), kernel version, summary, commits.")
    .option("--json", "print the list as JSON")
    .addHelpText("after", EXAMPLES)
    .action((opts: { json?: boolean }) => {
      const { io } = ctx;
      const rows = DESIGNS.map((d) => ({ name: d.name, aliases: designAliases(d.name), kernel: d.kernel, summary: d.summary, commits: [...d.commits] }));
      if (opts.json) io.stdout.write(JSON.stringify(rows, null, 2) + "\n");
      else {
        const w = Math.max(...rows.map((r) => r.name.length));
        const wk = Math.max(...rows.map((r) => r.kernel.length));
        const lines: string[] = [];
        for (const r of rows) {
          lines.push(`${r.name.padEnd(w)}  ${r.kernel.padEnd(wk)}  ${r.summary}`);
          const pad = " ".repeat(w + 2);
          if (r.aliases.length > 0) lines.push(`${pad}aliases: ${r.aliases.join(", ")}`);
          for (const c of r.commits) lines.push(`${pad}commit: ${c}`);
        }
        println(io.stdout, lines);
      }
      ctx.code = EXIT.ok;
    });
}
