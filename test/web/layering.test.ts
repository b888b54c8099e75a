/**
 * The page is a shell over the library: web/src imports no Node module and nothing of the command
 * line, and reaches the library only through its browser-safe surface (src/index.ts, src/lib/explorer.ts,
 * and types of the engine).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";

const ALLOWED_LIBRARY = new Set(["../../src/index.js", "../../src/lib/explorer.js", "../../src/engine/index.js"]);

test("web/src: no node:, no src/cli, the library only through its surface", () => {
  const bad: string[] = [];
  for (const f of readdirSync("web/src").filter((n) => n.endsWith(".ts"))) {
    const src = readFileSync(join("web/src", f), "utf8");
    for (const m of src.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+["']([^"']+)["']/g)) {
      const spec = m[1]!;
      if (spec.startsWith("node:")) bad.push(`${f} imports ${spec}`);
      else if (spec.startsWith("../../src/") && !ALLOWED_LIBRARY.has(spec)) bad.push(`${f} imports ${spec}`);
      else if (spec.startsWith("../../") && !spec.startsWith("../../src/") && !spec.startsWith("../../scenarios/")) bad.push(`${f} imports ${spec}`);
    }
  }
  expect(bad).toEqual([]);
});
