/**
 * sva-lab ui: serve the browser explorer (web/, built into web/dist by `npm run build:web`) on
 * this machine and keep serving until interrupted. The page runs the checker in a Web Worker;
 * the server only hands out files.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Command } from "commander";
import { packageRoot } from "../scenario/builtin-node.js";
import type { Ctx } from "./context.js";
import { EXIT, UsageError } from "./io.js";
import { nonNegativeInt } from "./options.js";

const EXAMPLES = `
Examples:
  $ sva-lab ui                    serve the built page on http://127.0.0.1:5177/
  $ sva-lab ui --port 8080 --open
  $ npm run ui                    build the page, then serve it
The page needs web/dist: 'npm run build:web' builds it (npm run ui does both).`;

interface ServeModule {
  serveUi(o: { port?: number; host?: string; open?: boolean; quiet?: boolean }): Promise<{ url: string; close(): Promise<void> }>;
}

export function registerUi(program: Command, ctx: Ctx): void {
  program
    .command("ui")
    .summary("serve the browser explorer (check, step through a trace, the refcount graph)")
    .description("Serve the browser explorer on this machine: pick or paste a scenario, check it in the page, step through a counterexample with the object and refcount graph beside it.")
    .option("--port <N>", "port to listen on (0: any free port)", nonNegativeInt, 5177)
    .option("--host <H>", "address to bind", "127.0.0.1")
    .option("--open", "open the page in the desktop's browser")
    .addHelpText("after", EXAMPLES)
    .action(async (opts: { port: number; host: string; open?: boolean }) => {
      const root = packageRoot();
      if (!existsSync(join(root, "web", "dist", "index.html"))) {
        throw new UsageError("the explorer is not built: run 'npm run build:web' (or 'npm run ui', which builds and serves)");
      }
      const mod = (await import(pathToFileURL(join(root, "web", "serve.mjs")).href)) as ServeModule;
      const running = await mod.serveUi({ port: opts.port, host: opts.host, open: opts.open === true, quiet: true });
      ctx.io.stderr.write(`sva-lab ui: serving ${running.url} (Ctrl-C to stop)\n`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          void running.close().then(resolve);
        };
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
      ctx.code = EXIT.ok;
    });
}
