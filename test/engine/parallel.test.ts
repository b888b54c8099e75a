/**
 * Parallel BFS over worker threads gives exactly the single-threaded result (states,
 * transitions, verdicts, counterexamples). Workers cannot load TypeScript under Node 20, so the
 * test first transpiles the engine and the test models to JavaScript in a temporary directory
 * (TypeScript's transpileModule, no type checking) and runs the compiled parallel-node.js.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { check, type CheckResult } from "../../src/engine/index.js";
import type { checkParallel as CheckParallel, ModelFactory } from "../../src/engine/parallel-node.js";
import { makeBuffer, makePeterson, makePhilosophers } from "./models/factories.js";

const root = join(import.meta.dirname, "..", "..");
let dir = "";
let checkParallel: typeof CheckParallel;

function transpileDir(from: string, to: string, only?: (f: string) => boolean): void {
  mkdirSync(to, { recursive: true });
  for (const f of readdirSync(from)) {
    if (!f.endsWith(".ts") || (only && !only(f))) continue;
    const js = ts.transpileModule(readFileSync(join(from, f), "utf8"), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    }).outputText;
    writeFileSync(join(to, f.replace(/\.ts$/, ".js")), js);
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sva-engine-"));
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }');
  transpileDir(join(root, "src", "engine"), join(dir, "src", "engine"));
  transpileDir(join(root, "test", "engine", "models"), join(dir, "test", "engine", "models"), (f) =>
    ["factories.ts", "peterson.ts", "philosophers.ts", "buffer.ts"].includes(f),
  );
  ({ checkParallel } = (await import(pathToFileURL(join(dir, "src", "engine", "parallel-node.js")).href)) as {
    checkParallel: typeof CheckParallel;
  });
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const factory = (exportName: string, config: unknown): ModelFactory => ({
  moduleUrl: pathToFileURL(join(dir, "test", "engine", "models", "factories.js")).href,
  exportName,
  config,
});

const summary = (r: CheckResult): unknown => ({
  complete: r.complete,
  stopReason: r.stopReason,
  states: r.stats.states,
  transitions: r.stats.transitions,
  depth: r.stats.depth,
  results: r.results.map((p) => [p.property, p.status, p.trace?.initialIndex, p.trace?.steps.map((s) => s.action)]),
});

describe("checkParallel", () => {
  const cases: [string, unknown, ReturnType<typeof makePeterson>][] = [
    ["makePeterson", { broken: true }, makePeterson({ broken: true })],
    ["makePhilosophers", { n: 6 }, makePhilosophers({ n: 6 })],
    ["makePhilosophers", { n: 6, broken: true }, makePhilosophers({ n: 6, broken: true })],
    ["makeBuffer", { k: 4, broken: true }, makeBuffer({ k: 4, broken: true })],
  ];
  for (const [name, config, model] of cases) {
    test(`${name}(${JSON.stringify(config)}) matches check()`, async () => {
      for (const opts of [{ stopWhenAllViolated: false }, {}, { maxStates: 300 }, { maxDepth: 5 }]) {
        const seq = check(model, opts);
        const par = await checkParallel(factory(name, config), { ...opts, workers: 2, chunkSize: 7 });
        expect(summary(par)).toEqual(summary(seq));
      }
    });
  }

  test("with symmetry", async () => {
    const seq = check(makePhilosophers({ n: 5, broken: true }), { symmetry: true, stopWhenAllViolated: false });
    const par = await checkParallel(factory("makePhilosophers", { n: 5, broken: true }), { symmetry: true, stopWhenAllViolated: false, workers: 2, chunkSize: 3 });
    expect(summary(par)).toEqual(summary(seq));
  });

  test("misuse throws", async () => {
    await expect(checkParallel(factory("nope", {}))).rejects.toThrow(/no function export "nope"/);
    await expect(checkParallel(factory("makePeterson", {}), { strategy: "dfs" })).rejects.toThrow(/dfs/);
  });
});
