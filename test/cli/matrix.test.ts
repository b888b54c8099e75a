/**
 * sva-lab matrix through the command line: the history the LKML thread argued, cell by cell;
 * the text grid, Markdown, JSON (against docs/schema/matrix.schema.json), exit codes, progress.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { BUILTIN_SCENARIO_FILES } from "../../src/scenario/builtin.js";
import { cli, FIXTURES, validateWith } from "./helpers.js";

interface Row {
  scenario: string;
  file: string;
  design: string;
  iommu: string;
  complete: boolean;
  cell: string;
  results: { property: string; severity: string; status: string; steps?: number; trace?: unknown[] }[];
}
interface M {
  rows: Row[];
  condemned: { design: string; file: string; iommu: string; property: string; steps: number }[];
}

const SMALL = BUILTIN_SCENARIO_FILES.filter((f) => f !== "five-drivers.yaml").map((f) => f.replace(/\.yaml$/, ""));
const NO_MMAP = `${FIXTURES}/kill-without-mmap.yaml`;
const HEADLINE = ["isolation", "stale-entry", "no-leak", "exit-completes", "bond-integrity"];

function cell(m: M, file: string, design: string, iommu: string): Row {
  const r = m.rows.find((x) => x.file.endsWith(`/${file}.yaml`) && x.design === design && x.iommu === iommu);
  if (r === undefined) throw new Error(`no cell ${file} ${design} ${iommu}`);
  return r;
}

function st(r: Row, p: string): string | undefined {
  return r.results.find((x) => x.property === p)?.status;
}

describe("matrix: the history, through the command line", () => {
  let m: M;
  let code: number;
  beforeAll(async () => {
    const r = await cli(["matrix", ...SMALL, NO_MMAP, "--json"]);
    code = r.code;
    m = JSON.parse(r.stdout) as M;
  });

  test("exit 0, every cell complete, JSON valid against docs/schema/matrix.schema.json", () => {
    expect(code).toBe(0);
    expect(m.rows).toHaveLength((SMALL.length + 1) * 6 * 2);
    expect(m.rows.every((r) => r.complete)).toBe(true);
    expect(validateWith("matrix.schema.json", m)).toEqual([]);
    expect(m.rows.every((r) => r.results.every((x) => x.trace === undefined))).toBe(true); // only with --traces
  });

  test("free-on-mmput violates isolation and stale-entry on arm-smmu-v3 (exit-while-file-open)", () => {
    const r = cell(m, "exit-while-file-open", "free-on-mmput", "arm-smmu-v3");
    expect(st(r, "isolation")).toBe("violated");
    expect(st(r, "stale-entry")).toBe("violated");
    expect(r.cell).toBe("isolation(8) stale-entry(10) no-leak(27) bond-integrity(7) mm-liveness(13)");
  });

  test("mmget-in-bind leaks when the queue is mmap'd (kill-with-mmap), not without the mmap", () => {
    for (const iommu of ["arm-smmu-v3", "intel-vt-d"]) {
      expect(st(cell(m, "kill-with-mmap", "mmget-in-bind", iommu), "no-leak")).toBe("violated");
      const without = cell(m, "kill-without-mmap", "mmget-in-bind", iommu);
      expect(st(without, "no-leak")).toBe("holds");
      expect(without.cell).toBe("OK");
    }
  });

  test("free-on-unbind violates isolation once ENQCMD is used (enqcmd-two-threads, intel-vt-d)", () => {
    expect(st(cell(m, "enqcmd-two-threads", "free-on-unbind", "intel-vt-d"), "isolation")).toBe("violated");
    expect(st(cell(m, "kill-with-mmap", "free-on-unbind", "intel-vt-d"), "isolation")).toBe("holds");
  });

  test("free-on-mmdrop on arm-smmu-v3 violates mm-liveness (the 5.18 Arm use-after-free); 5.19 fixes it", () => {
    expect(st(cell(m, "exit-while-file-open", "free-on-mmdrop", "arm-smmu-v3"), "mm-liveness")).toBe("violated");
    for (const f of SMALL) expect(cell(m, f, "free-on-mmdrop-5.19", "arm-smmu-v3").cell).toBe("OK");
  });

  test("the condemned designs, each with its shortest counterexample for what the thread condemned it for", () => {
    expect(m.condemned.map((c) => c.design)).toEqual(["free-on-mmput", "mmget-in-bind", "free-on-unbind"]);
    const why: Record<string, string[]> = { "free-on-mmput": ["isolation", "stale-entry"], "mmget-in-bind": ["no-leak"], "free-on-unbind": ["isolation"] };
    for (const c of m.condemned) {
      expect(c.property).toBe(why[c.design][0]);
      const lengths = m.rows
        .filter((r) => r.design === c.design)
        .flatMap((r) => r.results.filter((x) => x.status === "violated" && x.property === c.property).map((x) => x.steps!));
      expect(c.steps).toBe(Math.min(...lengths));
    }
    expect(m.condemned.find((c) => c.design === "free-on-unbind")!.file).toContain("enqcmd-two-threads");
  });
});

test("free-on-mmdrop and iommu-mm hold isolation, stale-entry, no-leak, exit-completes and bond-integrity on every built-in scenario, both IOMMUs", async () => {
  const r = await cli(["matrix", "--designs", "free-on-mmdrop,iommu-mm", "--json"]);
  expect(r.code).toBe(0);
  const m = JSON.parse(r.stdout) as M;
  expect(m.rows).toHaveLength(BUILTIN_SCENARIO_FILES.length * 2 * 2);
  for (const row of m.rows) {
    expect(row.complete).toBe(true);
    for (const p of HEADLINE) expect(`${row.file} ${row.design} ${row.iommu} ${p}: ${st(row, p)}`).toBe(`${row.file} ${row.design} ${row.iommu} ${p}: holds`);
  }
  expect(m.rows.filter((x) => x.design === "iommu-mm").every((x) => x.cell === "OK")).toBe(true);
  expect(m.condemned).toEqual([]);
});

describe("matrix: formats and exit codes", () => {
  test("text: a grid per IOMMU driver within 120 columns, the legend, then the condemned designs' traces", async () => {
    const r = await cli(["matrix", ...SMALL]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(new RegExp(`^sva-lab matrix: ${SMALL.length} scenarios × 6 designs × 2 IOMMU drivers = ${SMALL.length * 12} cells, [\\d,]+ states, [\\d.]+ s$`));
    const tableEnd = lines.findIndex((l) => l.startsWith("The designs the thread discussed"));
    for (const l of lines.slice(0, tableEnd)) expect(l.length, l).toBeLessThanOrEqual(120);
    expect(lines[2]).toMatch(/^arm-smmu-v3 +free-on-unbind +free-on-mmput +mmget-in-bind +free-on-mmdrop +free-on-mmdrop-5\.19 +iommu-mm$/);
    expect(lines[3]).toMatch(/^ +5\.17 +5\.18-rc1 +proposal +5\.18 +5\.19 +6\.8$/);
    const row = lines.find((l) => l.startsWith("exit-while-file-open"))!;
    expect(row.split(/ +/).filter((x) => x !== "").join(" ")).toBe("exit-while-file-open U13 I8 S10 L27 B7 U13 L24 U13 OK OK");
    expect(r.stdout).toContain("I isolation · S stale-entry · L no-leak · X exit-completes · B bond-integrity · U mm-liveness\n");
    const heads = lines.filter((l) => /^\S.*: \S+ on \S+, \S+, \d+ steps$/.test(l));
    expect(heads.map((h) => h.split(" ")[0]!.replace(/,$/, ""))).toEqual(["free-on-mmput", "mmget-in-bind", "free-on-unbind"]);
    expect(heads[0]).toMatch(/^free-on-mmput \(linux-5\.18-rc1\): isolation on \S+, \S+, \d+ steps$/);
    const first = lines.indexOf(heads[0]!);
    expect(lines[first + 1]).toMatch(/^  1\. [AB]: open acc[01] as q$/);
  });

  test("--markdown: GitHub tables with full names, traces in fenced blocks", async () => {
    const r = await cli(["matrix", "exit-while-file-open", "kill-with-mmap", "--designs", "free-on-mmput,iommu-mm", "--iommus", "arm-smmu-v3", "--markdown", "--brief"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines.slice(2, 8)).toEqual([
      "### arm-smmu-v3",
      "",
      "| scenario | free-on-mmput (5.18-rc1) | iommu-mm (6.8) |",
      "|---|---|---|",
      "| exit-while-file-open | isolation(8) stale-entry(10) no-leak(27) bond-integrity(7) mm-liveness(13) | OK |",
      "| kill-with-mmap | isolation(7) stale-entry(5) no-leak(18) bond-integrity(4) | OK |",
    ]);
    for (const l of lines.filter((x) => x.startsWith("|"))) expect(l.split("|").length).toBe(5);
    expect(r.stdout).toContain("#### free-on-mmput (linux-5.18-rc1): isolation on kill-with-mmap, arm-smmu-v3, 7 steps\n\n```text\n  1. A: open acc0 as q\n");
    expect(r.stdout.match(/```/g)!.length % 2).toBe(0);
  });

  test("--json --traces includes the counterexamples", async () => {
    const r = await cli(["matrix", "kill-with-mmap", "--designs", "mmget-in-bind", "--iommus", "intel-vt-d", "--json", "--traces"]);
    const m = JSON.parse(r.stdout) as M;
    expect(validateWith("matrix.schema.json", m)).toEqual([]);
    const leak = m.rows[0]!.results.find((x) => x.property === "no-leak")!;
    expect(leak.trace).toHaveLength(leak.steps!);
    expect(m.condemned).toEqual([{ design: "mmget-in-bind", scenario: "an unexpected kill with the queue mmap'd", file: "<built-in>/kill-with-mmap.yaml", iommu: "intel-vt-d", property: "no-leak", steps: 14 }]);
  });

  test("exit 3 when a cell is incomplete; the cell shows '?'", async () => {
    const r = await cli(["matrix", "five-drivers", "--designs", "iommu-mm", "--iommus", "intel-vt-d", "--max-states", "1000"]);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^five-drivers +\?$/m);
  });

  test("progress (cell i/N) on stderr only on a terminal, never with --json", async () => {
    const tty = await cli(["matrix", "kill-with-mmap", "--designs", "iommu-mm,free-on-mmdrop"], { tty: true });
    expect(tty.code).toBe(0);
    expect(tty.stderr).toContain("\r\x1b[Kcell 1/4 kill-with-mmap iommu-mm arm-smmu-v3");
    expect(tty.stderr.endsWith("\r\x1b[K")).toBe(true);
    expect((await cli(["matrix", "kill-with-mmap", "--designs", "iommu-mm", "--json"], { tty: true })).stderr).toBe("");
    expect((await cli(["matrix", "kill-with-mmap", "--designs", "iommu-mm"])).stderr).toBe("");
  });

  test("kernel versions name designs in --designs", async () => {
    const r = await cli(["matrix", "forked-fd", "--designs", "linux-5.18-rc1,linux-6.8", "--iommus", "intel-vt-d", "--json"]);
    expect((JSON.parse(r.stdout) as M).rows.map((x) => x.design)).toEqual(["free-on-mmput", "iommu-mm"]);
  });
});
