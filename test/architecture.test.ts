/**
 * The layering the README promises, enforced: the engine knows nothing about kernels, Node or the
 * shells; the kernel model knows nothing about the shells; the library knows nothing about the
 * command line. A violation names the file and the import.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, test } from "vitest";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}

function imports(file: string): string[] {
  const src = readFileSync(file, "utf8");
  return [...src.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+["']([^"']+)["']/g)].map((m) => m[1]);
}

const RULES: { dir: string; forbid: RegExp; why: string; except?: RegExp }[] = [
  { dir: "src/engine", forbid: /\/(kernel|scenario|lib|cli)\//, why: "the engine is generic: it knows no kernel, scenario or shell" },
  { dir: "src/engine", forbid: /^node:/, why: "the engine runs in a Web Worker too", except: /parallel-node\.ts$/ },
  { dir: "src/kernel", forbid: /\/(lib|cli)\/|^node:/, why: "the kernel model knows nothing about shells or Node" },
  { dir: "src/scenario", forbid: /\/(lib|cli)\//, why: "scenario parsing is below the library" },
  { dir: "src/scenario", forbid: /^node:/, why: "the parser runs in the browser", except: /-node\.ts$/ },
  { dir: "src/lib", forbid: /\/cli\/|^node:/, why: "the library serves the CLI and the browser alike" },
];

describe("architecture boundaries", () => {
  for (const rule of RULES)
    test(`${rule.dir}: ${rule.why}`, () => {
      const bad = files(rule.dir)
        .filter((f) => !rule.except?.test(f))
        .flatMap((f) => imports(f).filter((i) => rule.forbid.test(i)).map((i) => `${relative(".", f)} imports ${i}`));
      expect(bad).toEqual([]);
    });

  test("the rules see imports at all", () => {
    expect(imports("src/kernel/model.ts")).toContain("../engine/model.js");
  });
});
