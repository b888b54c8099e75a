/**
 * sva-lab check through the command line: verdicts, exit codes 0/1/3, warnings apart, the text
 * trace format, JSON against docs/schema/check.schema.json, several files, --property.
 */
import { describe, expect, test } from "vitest";
import { cli, FIXTURES, validate, validateWith } from "./helpers.js";

interface J {
  scenario: string;
  file: string;
  design: string;
  iommu: string;
  complete: boolean;
  stopReason?: string;
  results: { property: string; severity: string; status: string; trace?: { actor: string; event: string; detail: string; step: number; action: number }[] }[];
}

function status(j: J, p: string): string | undefined {
  return j.results.find((r) => r.property === p)?.status;
}

describe("check: verdicts and exit codes", () => {
  test("exit 1: free-on-mmput violates isolation and stale-entry on arm-smmu-v3 (the seed thread's case)", async () => {
    const r = await cli(["check", "scenarios/exit-while-file-open.yaml", "--design", "free-on-mmput", "--iommu", "arm-smmu-v3"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^ {2}isolation +VIOLATED +shortest trace: 8 steps$/m);
    expect(r.stdout).toMatch(/^ {2}stale-entry +VIOLATED +shortest trace: 10 steps$/m);
    expect(r.stdout).toContain("  design free-on-mmput (linux-5.18-rc1), IOMMU arm-smmu-v3, PASIDs 1..2");
    expect(r.stdout).toMatch(/^ {2}[\d,]+ states, [\d,]+ transitions, depth \d+, [\d.]+ s \(complete\)$/m);
  });

  test("exit 0: free-on-mmdrop holds everything on intel-vt-d", async () => {
    const r = await cli(["check", "scenarios/kill-with-mmap.yaml", "--design", "free-on-mmdrop", "--iommu", "intel-vt-d"]);
    expect(r.code).toBe(0);
    for (const p of ["isolation", "stale-entry", "no-leak", "exit-completes", "bond-integrity", "mm-liveness"]) {
      expect(r.stdout).toMatch(new RegExp(`^  ${p} +holds$`, "m"));
    }
    expect(r.stdout).not.toContain("VIOLATED");
  });

  test("a violated warning is shown apart and does not make the exit code 1", async () => {
    const r = await cli(["check", "scenarios/kill-with-mmap.yaml", "--design", "iommu-mm", "--iommu", "arm-smmu-v3"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("  warnings (reported, never a failure):\n  quiet-after-exit  warning");
    expect(r.stdout).toMatch(/^ {2}warning quiet-after-exit: shortest trace, \d+ steps$/m);
    expect(r.stdout).not.toContain("VIOLATED");
  });

  test("exit 3: a cap hit with nothing violated (five-drivers, --max-states)", async () => {
    const r = await cli(["check", "five-drivers", "--design", "iommu-mm", "--iommu", "intel-vt-d", "--max-states", "2000"]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain("INCOMPLETE: stopped by the --max-states cap");
    expect(r.stdout).toMatch(/^ {2}isolation +incomplete$/m);
  });

  test("exit 3 for --max-depth and --timeout too; exit 1 beats 3 when a violation was found before the cap", async () => {
    expect((await cli(["check", "kill-with-mmap", "--design", "iommu-mm", "--iommu", "intel-vt-d", "--max-depth", "3"])).code).toBe(3);
    expect((await cli(["check", "five-drivers", "--design", "iommu-mm", "--timeout", "0.05"])).code).toBe(3);
    const r = await cli(["check", "kill-with-mmap", "--design", "free-on-mmput", "--max-states", "400", "--json"]);
    const j = JSON.parse(r.stdout) as J;
    expect(j.complete).toBe(false);
    expect(j.stopReason).toBe("max-states");
    expect(status(j, "bond-integrity")).toBe("violated");
    expect(r.code).toBe(1);
  });

  test("--property narrows the check (repeatable and comma-separated)", async () => {
    const r = await cli(["check", "exit-while-file-open", "--design", "free-on-mmput", "--property", "isolation,no-leak", "--property", "exit-completes", "--json"]);
    const j = JSON.parse(r.stdout) as J;
    expect(j.results.map((x) => x.property)).toEqual(["isolation", "no-leak", "exit-completes"]);
    expect(r.code).toBe(1);
  });

  test("--no-symmetry gives the same verdicts", async () => {
    const a = JSON.parse((await cli(["check", "enqcmd-two-threads", "--design", "free-on-unbind", "--iommu", "intel-vt-d", "--json"])).stdout) as J;
    const b = JSON.parse((await cli(["check", "enqcmd-two-threads", "--design", "free-on-unbind", "--iommu", "intel-vt-d", "--json", "--no-symmetry"])).stdout) as J;
    expect(b.results.map((x) => [x.property, x.status])).toEqual(a.results.map((x) => [x.property, x.status]));
  });

  test("mmget-in-bind leaks when the queue is mmap'd, not without the mmap", async () => {
    const withMmap = await cli(["check", "scenarios/kill-with-mmap.yaml", "--design", "mmget-in-bind", "--property", "no-leak"]);
    expect(withMmap.code).toBe(1);
    expect(withMmap.stdout).toMatch(/^ {2}no-leak +VIOLATED +shortest trace: 16 steps$/m);
    const without = await cli(["check", `${FIXTURES}/kill-without-mmap.yaml`, "--design", "mmget-in-bind", "--property", "no-leak"]);
    expect(without.code).toBe(0);
    expect(without.stdout).toMatch(/^ {2}no-leak +holds$/m);
  });
});

describe("check: the text trace format", () => {
  test("one line per event (step. actor: event), then its kernel calls and object changes (Δ), violations (✗)", async () => {
    const r = await cli(["check", "exit-while-file-open", "--design", "free-on-mmput", "--property", "isolation"]);
    const lines = r.stdout.split("\n");
    const start = lines.indexOf("  isolation VIOLATED: shortest trace, 8 steps");
    expect(start).toBeGreaterThan(0);
    const trace = lines.slice(start + 1).filter((l) => l !== "");
    const events = trace.filter((l) => /^ {4}\d\. /.test(l));
    expect(events).toEqual([
      "    1. A: open acc0 as q",
      "    2. A: mmap q",
      "    3. A: start q",
      "    4. A: fork C",
      "    5. A: exit",
      "    6. A: do_exit: exit_mm",
      "    7. B: open acc0 as q",
      "    8. acc0: DMA for A:q (PASID 1)",
    ]);
    // under each event: kernel calls, then object changes, indented further
    expect(trace[1]).toBe("        iommu_sva_bind_device(acc0, mm A)");
    expect(trace).toContain("        Δ mm A: mm_count 1 → 2");
    expect(trace).toContain("        Δ PASID 1: pasid_owner none → mm A");
    expect(trace[trace.length - 1]).toBe("        ✗ violates isolation, bond-integrity, quiet-after-exit");
    for (const l of trace) expect(l).toMatch(/^ {4}(\d\. | {4}\S)/);
  });

  test("a terminal property's trace ends with the final-state line; --brief keeps only the events", async () => {
    const r = await cli(["check", "kill-with-mmap", "--design", "mmget-in-bind", "--property", "no-leak", "--brief"]);
    const body = r.stdout.slice(r.stdout.indexOf("no-leak VIOLATED:"));
    expect(body).toContain("     1. A: open acc0 as q\n     2. A: mmap q\n");
    expect(body).not.toContain("Δ");
    expect(body).not.toContain("iommu_sva_bind_device");
    expect(body.trimEnd().split("\n").pop()).toBe("        ✗ final state violates no-leak (nothing left to run)");
  });
});

describe("check --json", () => {
  test("one FILE: one object, valid against docs/schema/check.schema.json, with the issue's fields", async () => {
    const r = await cli(["check", "scenarios/exit-while-file-open.yaml", "--design", "free-on-mmput", "--json"]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as J & Record<string, unknown>;
    expect(Array.isArray(j)).toBe(false);
    expect(validateWith("check.schema.json", j)).toEqual([]);
    for (const k of ["scenario", "design", "iommu", "pasids", "complete", "stats", "results"]) expect(j).toHaveProperty(k);
    expect(Object.keys(j.stats as object)).toEqual(expect.arrayContaining(["states", "transitions", "depth", "seconds"]));
    expect(j).toMatchObject({ scenario: "exit while the device file is still open elsewhere", design: "free-on-mmput", iommu: "arm-smmu-v3", pasids: 2, complete: true });
    const iso = j.results.find((x) => x.property === "isolation")!;
    expect(iso.status).toBe("violated");
    expect(iso.trace).toHaveLength(8);
    expect(iso.trace![0]).toMatchObject({ step: 1, actor: "A", event: "A: open acc0 as q" });
    expect(iso.trace![0]!.detail).toContain("iommu_sva_bind_device(acc0, mm A); ");
    expect(iso.trace![7]!.actor).toBe("acc0");
    for (const x of j.results) expect(x.trace !== undefined).toBe(x.status === "violated");
    expect(r.stderr).toBe("");
  });

  test("several FILEs: an array, each valid; holds, violated and incomplete all in the schema", async () => {
    const r = await cli(["check", "kill-with-mmap", "forked-fd", "five-drivers", "--design", "mmget-in-bind", "--iommu", "intel-vt-d", "--max-states", "5000", "--json"]);
    const j = JSON.parse(r.stdout) as J[];
    expect(Array.isArray(j)).toBe(true);
    expect(j).toHaveLength(3);
    expect(validateWith("check.schema.json", j)).toEqual([]);
    expect(j.map((x) => x.file)).toEqual(["<built-in>/kill-with-mmap.yaml", "<built-in>/forked-fd.yaml", "<built-in>/five-drivers.yaml"]);
    expect(status(j[0]!, "no-leak")).toBe("violated");
    expect(status(j[1]!, "no-leak")).toBe("holds");
    expect(status(j[2]!, "no-leak")).toBe("incomplete");
    expect(r.code).toBe(1);
  });

  test("the validator rejects what the schema forbids", () => {
    expect(validateWith("check.schema.json", { scenario: "x" })).toEqual(["$: matches 0 of oneOf, expected exactly 1"]);
    const bad = { scenario: "x", design: "free-on-mmput", iommu: "arm-smmu-v3", pasids: 2, complete: true, stats: { states: 1, transitions: 0, depth: 0, seconds: 0 }, results: [{ property: "isolation", status: "fine" }] };
    expect(validate(bad, { $ref: "#/$defs/checkResult" }, "check.schema.json")).toEqual(['$.results[0].status: "fine" not in enum']);
    expect(validate({ ...bad, results: [] }, { $ref: "#/$defs/checkResult" }, "check.schema.json")).toEqual([]);
  });

  test("several files in text: a report each, then a summary line", async () => {
    const r = await cli(["check", "kill-with-mmap", "exit-while-file-open", "--design", "free-on-mmdrop-5.19", "--iommu", "intel-vt-d"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("<built-in>/kill-with-mmap.yaml: an unexpected kill with the queue mmap'd\n");
    expect(r.stdout).toContain("\n\n<built-in>/exit-while-file-open.yaml: exit while the device file is still open elsewhere\n");
    expect(r.stdout.trimEnd().split("\n").pop()).toBe("summary: 2 scenarios: 0 with a violation, 0 incomplete, 2 where every property holds");
  });

  test("progress goes to stderr only on a terminal, never with --json", async () => {
    const tty = await cli(["check", "five-drivers", "--design", "iommu-mm", "--iommu", "intel-vt-d", "--max-states", "150000", "--no-symmetry"], { tty: true });
    expect(tty.code).toBe(3);
    expect(tty.stderr).toMatch(/\r\x1b\[Kchecking <built-in>\/five-drivers\.yaml: \S+ states/);
    expect(tty.stderr.endsWith("\r\x1b[K")).toBe(true);
    expect(tty.stdout).not.toContain("\r");
    const json = await cli(["check", "five-drivers", "--design", "iommu-mm", "--iommu", "intel-vt-d", "--max-states", "150000", "--json", "--no-symmetry"], { tty: true });
    expect(json.stderr).toBe("");
    const plain = await cli(["check", "five-drivers", "--design", "iommu-mm", "--iommu", "intel-vt-d", "--max-states", "150000", "--no-symmetry"]);
    expect(plain.stderr).toBe("");
  });
});
