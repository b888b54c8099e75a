import { readdirSync } from "node:fs";
import { describe, expect, it, test } from "vitest";
import { BUILTIN_SCENARIO_FILES, builtinId } from "../../src/scenario/builtin.js";
import { builtinScenariosDir, loadBuiltinScenarios, readBuiltinScenarios } from "../../src/scenario/builtin-node.js";
import { formatError, type ParseResult } from "../../src/scenario/parse.js";
import type { Scenario } from "../../src/scenario/types.js";

function ok(r: ParseResult): Scenario {
  if (!r.ok) throw new Error(r.errors.map(formatError).join("\n"));
  return r.scenario;
}

const byId = new Map(loadBuiltinScenarios().map(({ id, result }) => [id, result]));
const get = (id: string): Scenario => ok(byId.get(id) ?? { ok: false, errors: [{ file: id, line: 0, col: 0, message: "missing" }] });

describe("built-in scenarios", () => {
  it("lists exactly the .yaml files of scenarios/", () => {
    const onDisk = readdirSync(builtinScenariosDir()).filter((f) => f.endsWith(".yaml"));
    expect([...BUILTIN_SCENARIO_FILES].sort()).toEqual(onDisk.sort());
  });

  it("include the library the issue asks for", () => {
    expect(BUILTIN_SCENARIO_FILES.map(builtinId)).toEqual(
      expect.arrayContaining([
        "exit-while-file-open",
        "forked-fd",
        "kill-with-mmap",
        "enqcmd-two-threads",
        "two-devices-one-mm",
        "exec-after-bind",
        "pasid-space-of-one",
        "five-drivers",
      ]),
    );
  });

  test.each(BUILTIN_SCENARIO_FILES.map(builtinId))("%s parses with no error and explains itself", (id) => {
    const sc = get(id);
    expect(sc.file).toBe(`<built-in>/${id}.yaml`);
    expect(sc.description?.length ?? 0).toBeGreaterThan(100);
  });

  it("parse under every override the matrix uses", () => {
    for (const design of ["free-on-unbind", "free-on-mmput", "mmget-in-bind", "free-on-mmdrop", "iommu-mm"]) {
      for (const iommu of ["arm-smmu-v3", "intel-vt-d"]) {
        for (const { id, result } of loadBuiltinScenarios({ design, iommu })) {
          expect(ok(result), id).toMatchObject({ design, iommu });
        }
      }
    }
  });

  it("are read as text with their labels", () => {
    const texts = readBuiltinScenarios();
    expect(texts.map((t) => t.fileName)).toEqual([...BUILTIN_SCENARIO_FILES]);
    expect(texts[0]!.label).toBe(`<built-in>/${BUILTIN_SCENARIO_FILES[0]}`);
    expect(texts[0]!.text).toMatch(/^name: /);
  });

  it("exit-while-file-open: A forks a child that holds the fd, A exits, B opens the same device", () => {
    const sc = get("exit-while-file-open");
    const [a, c, b] = sc.processes;
    expect(a!.program.map((s) => s.op)).toEqual(["open", "mmap", "start", "fork", "exit"]);
    expect(c).toMatchObject({ name: "C", childOf: "A" });
    expect(c!.program.map((s) => s.op)).toContain("close");
    expect(b!.program[0]).toMatchObject({ op: "open", dev: "acc0" });
  });

  it("kill-with-mmap: the uacce queue is mapped and its process may die", () => {
    const sc = get("kill-with-mmap");
    expect(sc.devices[0]!.driver).toBe("uacce");
    const a = sc.processes.find((p) => p.program.some((s) => s.op === "mmap"))!;
    expect(a.mayDie).toBe(true);
  });

  it("enqcmd-two-threads: two threads of one process ENQCMD to an idxd shared wq, which it closes and reopens", () => {
    const sc = get("enqcmd-two-threads");
    expect(sc.devices).toEqual([expect.objectContaining({ driver: "idxd", wq: "shared" })]);
    const a = sc.processes.find((p) => p.name === "A")!;
    const t = sc.processes.find((p) => p.threadOf === "A")!;
    expect(a.program.filter((s) => s.op === "enqcmd").length).toBeGreaterThan(0);
    expect(t.program.filter((s) => s.op === "enqcmd").length).toBeGreaterThan(0);
    expect(a.program.filter((s) => s.op === "open").length).toBe(2);
    expect(a.program.map((s) => s.op)).toContain("close");
    expect(sc.processes.some((p) => p.name !== "A" && p.threadOf === undefined && p.program[0]?.op === "open")).toBe(true);
  });

  it("two-devices-one-mm binds one mm to two devices", () => {
    const a = get("two-devices-one-mm").processes[0]!;
    const devs = new Set(a.program.flatMap((s) => (s.op === "open" ? [s.dev] : [])));
    expect(devs.size).toBe(2);
  });

  it("exec-after-bind runs exec with a bound queue", () => {
    const ops = get("exec-after-bind").processes[0]!.program.map((s) => s.op);
    expect(ops.indexOf("exec")).toBeGreaterThan(ops.indexOf("open"));
  });

  it("pasid-space-of-one has one PASID", () => {
    expect(get("pasid-space-of-one").pasids).toBe(1);
  });

  it("five-drivers: five processes open, start, close and exit; exactly one exits with its queue started", () => {
    const sc = get("five-drivers");
    expect(sc.processes).toHaveLength(5);
    const shapes = sc.processes.map((p) => p.program.map((s) => s.op).join(" "));
    expect(shapes.filter((s) => s === "open start close exit")).toHaveLength(4);
    expect(shapes.filter((s) => s === "open start exit")).toHaveLength(1);
  });
});
