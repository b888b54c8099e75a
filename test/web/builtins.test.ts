/**
 * The page bundles the built-in scenarios with one Vite `?raw` import per file: the list of imports
 * must be the library's BUILTIN_SCENARIO_FILES, in order, and each text the file's.
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { BUILTIN_SCENARIO_FILES } from "../../src/index.js";
import { BUILTIN_TEXTS } from "../../web/src/builtins.js";

describe("web/src/builtins.ts", () => {
  test("imports exactly BUILTIN_SCENARIO_FILES, in order", () => {
    const src = readFileSync("web/src/builtins.ts", "utf8");
    const imported = [...src.matchAll(/from "\.\.\/\.\.\/scenarios\/([^"?]+)\?raw"/g)].map((m) => m[1]);
    expect(imported).toEqual([...BUILTIN_SCENARIO_FILES]);
    expect(Object.keys(BUILTIN_TEXTS)).toEqual([...BUILTIN_SCENARIO_FILES]);
  });

  test("each text is the file's", () => {
    for (const f of BUILTIN_SCENARIO_FILES) expect(BUILTIN_TEXTS[f], f).toBe(readFileSync(`scenarios/${f}`, "utf8"));
  });
});
