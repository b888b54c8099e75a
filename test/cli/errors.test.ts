/**
 * Bad input through the command line: every bad scenario file of the parser's table gets its
 * exact FILE:LINE:COL message on stderr and exit 2; bad flags, values and trace files get one
 * clear line naming the nearest valid word; nothing ever prints a stack trace; a bug is exit 70.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { run } from "../../src/cli/main.js";
import { BAD } from "../scenario/bad-cases.js";
import { cli, tempDir } from "./helpers.js";

const dir = tempDir();

describe("bad scenario files: the parser's whole table, through `sva-lab check`", () => {
  BAD.forEach((c, i) => {
    test(c.title, async () => {
      const sub = join(dir, `case${i}`);
      mkdirSync(sub, { recursive: true });
      const file = join(sub, "s.yaml");
      writeFileSync(file, c.text);
      const r = await cli(["check", file]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toBe(c.errors.map((e) => e.replace(/^s\.yaml/, file)).join("\n") + "\n");
    });
  });

  test("errors of several files are all reported, and nothing is checked", async () => {
    const a = join(dir, "a.yaml");
    const b = join(dir, "b.yaml");
    writeFileSync(a, "name: t\ndevices:\n  - { name: acc0, driver: uacce }\nprocesses:\n  - name: A\n    program: [open acc0 as q, mapp q, exit]\n");
    writeFileSync(b, "name: u\n");
    const r = await cli(["check", "kill-with-mmap", a, b]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`${a}:6:31: unknown statement 'mapp'; did you mean 'mmap'?\n${b}:1:1: missing required key 'devices': expected a list of devices\n${b}:1:1: missing required key 'processes': expected a list of processes\n`);
  });
});

const CASES: { argv: string[]; stderr: string | RegExp }[] = [
  { argv: ["check"], stderr: "sva-lab check: missing required argument 'FILE'" },
  { argv: ["chek", "x.yaml"], stderr: "sva-lab: unknown command 'chek'; did you mean 'check'?" },
  { argv: ["help", "chek"], stderr: "sva-lab: unknown command 'chek'; did you mean 'check'?" },
  { argv: ["check", "kill-with-mmap", "--jsn"], stderr: "sva-lab check: unknown option '--jsn'; did you mean '--json'?" },
  { argv: ["matrix", "--design", "iommu-mm"], stderr: "sva-lab matrix: unknown option '--design'; did you mean '--designs'?" },
  { argv: ["check", "kill-with-mmap", "--design", "free-on-mmpt"], stderr: "sva-lab: --design: unknown design 'free-on-mmpt'; did you mean 'free-on-mmput'?" },
  { argv: ["check", "kill-with-mmap", "forked-fd", "--iommu", "intel-vtd"], stderr: "sva-lab: --iommu: unknown IOMMU driver 'intel-vtd'; did you mean 'intel-vt-d'?" },
  { argv: ["check", "kill-with-mmap", "--property", "isolaton"], stderr: "sva-lab: --property: unknown property 'isolaton'; did you mean 'isolation'?" },
  { argv: ["check", "kill-with-mmap", "--property", "isolation,banana"], stderr: "sva-lab: --property: unknown property 'banana'; expected isolation, stale-entry, no-leak, exit-completes, bond-integrity, mm-liveness or quiet-after-exit" },
  { argv: ["check", "kill-with-mmap", "--pasids", "0"], stderr: "sva-lab check: option '-p, --pasids <N>' argument '0' is invalid. expected a positive integer." },
  { argv: ["check", "kill-with-mmap", "--pasids", "99"], stderr: /^sva-lab: --pasids: .*99/ },
  { argv: ["check", "kill-with-mmap", "--max-states", "many"], stderr: "sva-lab check: option '--max-states <N>' argument 'many' is invalid. expected a positive integer." },
  { argv: ["check", "kill-with-mmap", "--timeout", "-1"], stderr: "sva-lab check: option '--timeout <S>' argument '-1' is invalid. expected a positive number of seconds." },
  { argv: ["check", "kill-with-mmap", "--json", "--mermaid"], stderr: "sva-lab check: option '--json' cannot be used with option '--mermaid'" },
  { argv: ["check", "kill-with-mmap", "--mermaid", "--dot"], stderr: "sva-lab check: option '--mermaid' cannot be used with option '--dot'" },
  { argv: ["check", "nope.yaml"], stderr: "nope.yaml: cannot read scenario file: no such file" },
  { argv: ["check", "kill-with-map"], stderr: "kill-with-map: cannot read scenario file: no such file; did you mean the built-in scenario 'kill-with-mmap'?" },
  { argv: ["check", "scenarios"], stderr: "scenarios: cannot read scenario file: is a directory" },
  { argv: ["simulate", "kill-with-mmap", "forked-fd"], stderr: "sva-lab simulate: too many arguments for 'simulate'. Expected 1 argument but got 2." },
  { argv: ["simulate", "kill-with-mmap", "--seed", "1.5"], stderr: "sva-lab simulate: option '--seed <S>' argument '1.5' is invalid. expected an integer." },
  { argv: ["simulate", "kill-with-mmap", "--walks", "0"], stderr: "sva-lab simulate: option '--walks <N>' argument '0' is invalid. expected a positive integer." },
  { argv: ["matrix", "--designs", "free-on-mmput,mmget-in-bnd"], stderr: "sva-lab: --designs: unknown design 'mmget-in-bnd'; did you mean 'mmget-in-bind'?" },
  { argv: ["matrix", "--iommus", "smmu"], stderr: "sva-lab: --iommus: unknown IOMMU driver 'smmu'; expected arm-smmu-v3 or intel-vt-d" },
  { argv: ["matrix", "--json", "--markdown"], stderr: "sva-lab matrix: option '--json' cannot be used with option '--markdown'" },
  { argv: ["replay", "nope.json"], stderr: "sva-lab: nope.json: cannot read trace file: no such file" },
  { argv: ["replay", "scenarios/kill-with-mmap.yaml"], stderr: /^sva-lab: scenarios\/kill-with-mmap\.yaml: not JSON: / },
  { argv: ["replay", "package.json"], stderr: /^sva-lab: package\.json: not an sva-lab trace file \(from check --save-trace\): 'format': / },
  { argv: ["replay", "x.json", "--step", "2"], stderr: "sva-lab: --step: only with --dot" },
  { argv: ["scenarios", "extra"], stderr: "sva-lab scenarios: too many arguments for 'scenarios'. Expected 0 arguments but got 1." },
];

describe("bad flags and values: one line, the nearest valid word, exit 2", () => {
  for (const c of CASES) {
    test(c.argv.join(" "), async () => {
      const r = await cli(c.argv);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      const lines = r.stderr.split("\n").filter((l) => l !== "");
      expect(lines).toHaveLength(1);
      if (typeof c.stderr === "string") expect(lines[0]).toBe(c.stderr);
      else expect(lines[0]).toMatch(c.stderr);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }

  test("no arguments: the help on stderr, exit 2", async () => {
    const r = await cli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("Usage: sva-lab <command> [options]");
  });
});

describe("bad trace files for replay", () => {
  const good = {
    format: "sva-lab-trace",
    version: 1,
    scenarioText: "name: t\ndevices:\n  - { name: acc0, driver: uacce }\nprocesses:\n  - name: A\n    program: [open acc0 as q, exit]\n",
    file: "t.yaml",
    design: "free-on-mmput",
    iommu: "arm-smmu-v3",
    pasids: 2,
    property: "no-leak",
    actions: [0],
    trace: [],
  };
  const write = (name: string, v: unknown): string => {
    const p = join(dir, name);
    writeFileSync(p, JSON.stringify(v));
    return p;
  };

  test("actions that do not fit the scenario", async () => {
    const p = write("bad-actions.json", { ...good, actions: [0, 999] });
    const r = await cli(["replay", p]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^sva-lab: ${p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: the saved actions do not replay on this scenario: step 2 of 2: action 999 is not enabled \\(enabled: [\\d, ]+\\)\\n$`));
  });

  test("a stored scenario that does not parse: its errors under the stored file name", async () => {
    const p = write("bad-scenario.json", { ...good, scenarioText: good.scenarioText.replace("open acc0", "opn acc0") });
    const r = await cli(["replay", p]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${p}: the scenario stored in this trace does not parse:\nt.yaml:6:15: unknown statement 'opn'; did you mean 'open'?\n`);
  });

  test("a stored design that no longer exists", async () => {
    const p = write("bad-design.json", { ...good, design: "free-on-mmputt" });
    const r = await cli(["replay", p]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${p}: the scenario stored in this trace does not parse:\n<command line>: --design: unknown design 'free-on-mmputt'; did you mean 'free-on-mmput'?\n`);
  });

  test("--step beyond the trace", async () => {
    const p = write("ok.json", good);
    const r = await cli(["replay", p, "--dot", "--step", "5"]);
    expect(r).toMatchObject({ code: 2, stderr: "sva-lab: --step: the trace has 1 steps; expected 0..1\n" });
  });

  test("--save-trace into a path that cannot be a directory", async () => {
    const f = join(dir, "plain-file");
    writeFileSync(f, "");
    const r = await cli(["check", "kill-with-mmap", "--design", "mmget-in-bind", "--save-trace", join(f, "sub")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`sva-lab: --save-trace: cannot create directory '${join(f, "sub")}': ENOTDIR\n`);
  });
});

test("an unexpected error is one line, 'internal error', exit 70, no stack trace", async () => {
  let stderr = "";
  const code = await run(["designs"], {
    stdout: {
      write: () => {
        throw new Error("disk on fire\nsecond line");
      },
    },
    stderr: { write: (s: string) => (stderr += s) },
  });
  expect(code).toBe(70);
  expect(stderr).toBe("sva-lab: internal error: disk on fire\n");
});
