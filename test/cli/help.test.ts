/**
 * --help with examples for the program and every command, --version, and the two lists
 * (scenarios, designs) in text and JSON.
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { DESIGNS } from "../../src/kernel/designs/index.js";
import { BUILTIN_SCENARIO_FILES } from "../../src/scenario/builtin.js";
import { cli } from "./helpers.js";

const COMMANDS = ["check", "simulate", "replay", "matrix", "scenarios", "designs", "ui"];

describe("help", () => {
  test("sva-lab --help lists every command, examples and the exit codes", async () => {
    const r = await cli(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, "m"));
    expect(r.stdout).toContain("\nExamples:\n  $ sva-lab matrix\n");
    expect(r.stdout).toContain("Exit status: 0 all properties hold");
  });

  for (const c of COMMANDS) {
    test(`sva-lab ${c} --help shows examples`, async () => {
      const r = await cli([c, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: sva-lab ${c} `);
      expect(r.stdout).toContain("\nExamples:\n  $ sva-lab ");
      const examples = r.stdout.slice(r.stdout.indexOf("Examples:")).split("\n").filter((l) => l.startsWith("  $ "));
      expect(examples.length).toBeGreaterThanOrEqual(2);
      expect((await cli(["help", c])).stdout).toBe(r.stdout);
    });
  }

  test("every check flag of the issue is documented in check --help", async () => {
    const r = await cli(["check", "--help"]);
    for (const f of ["--design", "--iommu", "--pasids", "--property", "--max-states", "--max-depth", "--timeout", "--json", "--mermaid", "--dot", "--no-symmetry", "--save-trace"]) {
      expect(r.stdout).toContain(f);
    }
  });

  test("--version prints the package version", async () => {
    const version = (JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version;
    expect(await cli(["--version"])).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });
});

test("docs/cli.md documents every command and every flag", async () => {
  const doc = readFileSync("docs/cli.md", "utf8");
  for (const c of COMMANDS) {
    expect(doc).toContain(`## sva-lab ${c}`);
    const help = (await cli([c, "--help"])).stdout;
    const flags = [...help.matchAll(/^ {2}(?:-\w, )?(--[a-z-]+)/gm)].map((m) => m[1]!).filter((f) => f !== "--help");
    expect(flags.length).toBeGreaterThan(0);
    for (const f of flags) expect(doc, `${c} ${f}`).toContain(f);
  }
  for (const code of ["| 0 |", "| 1 |", "| 2 |", "| 3 |", "| 70 |"]) expect(doc).toContain(code);
});

describe("lists", () => {
  test("scenarios: one line each with id, name and path", async () => {
    const r = await cli(["scenarios"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(BUILTIN_SCENARIO_FILES.length);
    expect(lines[0]).toMatch(/^exit-while-file-open +exit while the device file is still open elsewhere +scenarios\/exit-while-file-open\.yaml$/);
    BUILTIN_SCENARIO_FILES.forEach((f, i) => expect(lines[i]!.endsWith(`scenarios/${f}`)).toBe(true));
    const j = JSON.parse((await cli(["scenarios", "--json"])).stdout) as { id: string; name: string; path: string }[];
    expect(j.map((x) => x.id)).toEqual(BUILTIN_SCENARIO_FILES.map((f) => f.replace(/\.yaml$/, "")));
  });

  test("designs: name, kernel version and summary on one line; aliases and commits below", async () => {
    const r = await cli(["designs"]);
    expect(r.code).toBe(0);
    const heads = r.stdout.split("\n").filter((l) => /^\S/.test(l));
    expect(heads.map((l) => l.split(/\s+/)[0])).toEqual(DESIGNS.map((d) => d.name));
    expect(r.stdout).toMatch(/^free-on-mmput +linux-5\.18-rc1 +PASID freed in __mmput/m);
    expect(r.stdout).toMatch(/^ +aliases: linux-5\.18-rc1$/m);
    expect(r.stdout).toMatch(/^ +commit: 2667ed10d9f0 mm: Fix PASID use-after-free issue$/m);
    const j = JSON.parse((await cli(["designs", "--json"])).stdout) as { name: string; aliases: string[]; kernel: string; commits: string[] }[];
    expect(j.find((d) => d.name === "iommu-mm")!.aliases).toEqual(["linux-6.x", "linux-6.8"]);
  });
});
