#!/usr/bin/env node
// Thin launcher: the command line lives in src/cli (compiled to dist/ by `npm run build`).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
const main = new URL("../dist/src/cli/main.js", import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write("sva-lab: not built yet; run `npm run build` first (npm start does it for you).\n");
  process.exit(2);
}
const { run } = await import(main.href);
process.exitCode = await run(process.argv.slice(2));
