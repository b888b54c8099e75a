import { describe, expect, it, test } from "vitest";
import { COMMAND_LINE, formatError, parseScenario, type ParseResult } from "../../src/scenario/parse.js";
import { parseStatementText, STATEMENT_OPS } from "../../src/scenario/statements.js";
import type { Scenario } from "../../src/scenario/types.js";
import { BAD, OK } from "./bad-cases.js";

function ok(r: ParseResult): Scenario {
  if (!r.ok) throw new Error(`expected no error, got:\n${r.errors.map(formatError).join("\n")}`);
  return r.scenario;
}

function messages(r: ParseResult): string[] {
  if (r.ok) throw new Error("expected errors, got a scenario");
  return r.errors.map(formatError);
}

describe("bad files: each gets exactly these messages", () => {
  it("has unique titles", () => {
    expect(new Set(BAD.map((c) => c.title)).size).toBe(BAD.length);
  });
  test.each(BAD)("$title", ({ text, errors }) => {
    expect(messages(parseScenario(text, "s.yaml"))).toEqual(errors);
  });
  it("gives the issue's example message", () => {
    const text = `name: example
design: free-on-mmput
iommu: arm-smmu-v3
devices:
  - { name: acc0, driver: uacce }
processes:
  - name: A
    program: [open acc0 as q, mapp q, exit]
`.replace("program: [open acc0 as q, mapp q", "program: [mapp q, open acc0 as q");
    // "    program: [" is 14 columns, so the first statement starts at column 15 of line 8.
    expect(messages(parseScenario(text, "scenario.yaml"))).toEqual([
      "scenario.yaml:8:15: unknown statement 'mapp'; did you mean 'mmap'?",
    ]);
  });
});

describe("statements", () => {
  const forms: [string, object][] = [
    ["open acc0 as q", { op: "open", dev: "acc0", fd: "q" }],
    ["close q", { op: "close", fd: "q" }],
    ["mmap q", { op: "mmap", fd: "q" }],
    ["munmap q", { op: "munmap", fd: "q" }],
    ["start q", { op: "start", fd: "q" }],
    ["stop q", { op: "stop", fd: "q" }],
    ["enqcmd w", { op: "enqcmd", fd: "w" }],
    ["thread T", { op: "thread", name: "T" }],
    ["fork C", { op: "fork", name: "C" }],
    ["exec", { op: "exec" }],
    ["exit", { op: "exit" }],
    ["sleep", { op: "sleep" }],
  ];
  it("covers every statement keyword", () => {
    expect(forms.map(([t]) => t.split(" ")[0]).sort()).toEqual([...STATEMENT_OPS].sort());
  });
  test.each(forms)("'%s' parses", (text, body) => {
    expect(parseStatementText(text)).toEqual({ ok: true, stmt: body });
    expect(parseStatementText(`  ${text.split(" ").join("   ")}  `)).toEqual({ ok: true, stmt: body });
  });

  it("parses a scenario using every statement, with positions and resolved devices", () => {
    const text = `name: all statements
devices:
  - { name: acc0, driver: uacce }
  - { name: wq0, driver: idxd, wq: shared }
processes:
  - name: A
    program: [open acc0 as q, mmap q, start q, stop q, munmap q, close q, open wq0 as w, mmap w, enqcmd w, thread T, fork C, sleep, exit]
  - name: T
    thread-of: A
    program: [enqcmd w, sleep]
  - name: C
    child-of: A
    program:
      - exec
      - close w
      - "open acc0 as q"
      - exit
`;
    const sc = ok(parseScenario(text, "all.yaml"));
    const a = sc.processes[0]!;
    expect(a.program.map((s) => s.op)).toEqual([
      "open", "mmap", "start", "stop", "munmap", "close", "open", "mmap", "enqcmd", "thread", "fork", "sleep", "exit",
    ]);
    expect(a.program[0]).toEqual({ op: "open", dev: "acc0", fd: "q", pos: { line: 7, col: 15 } });
    expect(a.program[1]).toEqual({ op: "mmap", fd: "q", dev: "acc0", pos: { line: 7, col: 31 } });
    expect(a.program[8]).toEqual({ op: "enqcmd", fd: "w", dev: "wq0", pos: { line: 7, col: 98 } });
    expect(a.program[9]).toEqual({ op: "thread", name: "T", pos: { line: 7, col: 108 } });
    expect(a.program[10]).toEqual({ op: "fork", name: "C", pos: { line: 7, col: 118 } });
    expect(sc.processes[1]).toEqual({
      name: "T",
      threadOf: "A",
      mayDie: false,
      program: [
        { op: "enqcmd", fd: "w", dev: "wq0", pos: { line: 10, col: 15 } },
        { op: "sleep", pos: { line: 10, col: 25 } },
      ],
      pos: { line: 8, col: 5 },
    });
    const c = sc.processes[2]!;
    expect(c).toMatchObject({ name: "C", childOf: "A" });
    expect(c.program).toEqual([
      { op: "exec", pos: { line: 14, col: 9 } },
      { op: "close", fd: "w", dev: "wq0", pos: { line: 15, col: 9 } },
      { op: "open", dev: "acc0", fd: "q", pos: { line: 16, col: 9 } },
      { op: "exit", pos: { line: 17, col: 9 } },
    ]);
  });

  it("resolves an fd name to the device of its latest open", () => {
    const sc = ok(
      parseScenario(
        `name: reopen
devices: [{ name: acc0, driver: uacce }, { name: acc1, driver: uacce }]
processes:
  - { name: A, program: [open acc0 as q, close q, open acc1 as q, start q, exit] }
`,
        "r.yaml",
      ),
    );
    expect(sc.processes[0]!.program[3]).toMatchObject({ op: "start", fd: "q", dev: "acc1" });
    expect(sc.processes[0]!.program[1]).toMatchObject({ op: "close", fd: "q", dev: "acc0" });
  });

  it("lets a thread use fds and mappings its creator had before 'thread', and a child the fds before 'fork'", () => {
    const r = parseScenario(
      `name: inherit
devices: [{ name: wq0, driver: idxd, wq: shared }]
processes:
  - { name: A, program: [open wq0 as w, mmap w, thread T, fork C, exit] }
  - { name: T, thread-of: A, program: [enqcmd w, munmap w] }
  - { name: C, child-of: A, program: [mmap w, enqcmd w, close w, munmap w, exit] }
`,
      "i.yaml",
    );
    ok(r);
  });

  it("lets a child or thread entry leave its program out", () => {
    const sc = ok(parseScenario(OK.replace("exit]", "fork C, exit]") + "  - name: C\n    child-of: A\n", "c.yaml"));
    expect(sc.processes[1]).toEqual({ name: "C", childOf: "A", mayDie: false, program: [], pos: { line: 7, col: 5 } });
  });
});

describe("defaults and values", () => {
  it("fills the documented defaults", () => {
    const sc = ok(
      parseScenario(
        OK.replace("  - { name: acc0, driver: uacce }", "  - { name: acc0, driver: uacce }\n  - { name: wq0, driver: idxd }"),
        "d.yaml",
      ),
    );
    expect(sc).toMatchObject({
      file: "d.yaml",
      name: "t",
      design: "free-on-mmdrop",
      iommu: "arm-smmu-v3",
      pasids: 2,
      check: [],
    });
    expect(sc.description).toBeUndefined();
    expect(sc.devices).toEqual([
      { name: "acc0", driver: "uacce", pos: { line: 3, col: 5 } },
      { name: "wq0", driver: "idxd", wq: "dedicated", pos: { line: 4, col: 5 } },
    ]);
    expect(sc.processes[0]!.mayDie).toBe(false);
  });

  it("reads every key", () => {
    const sc = ok(
      parseScenario(
        `name: every key
description: |
  two lines
  of text
design: free-on-mmput
iommu: intel-vt-d
pasids: 16
devices:
  - name: wq0
    driver: idxd
    wq: shared
processes:
  - name: A
    program: [open wq0 as w, mmap w, enqcmd w, exit]
    may-die: true
check: [isolation, no-leak]
`,
        "e.yaml",
      ),
    );
    expect(sc).toMatchObject({
      description: "two lines\nof text",
      design: "free-on-mmput",
      iommu: "intel-vt-d",
      pasids: 16,
      devices: [{ name: "wq0", driver: "idxd", wq: "shared" }],
      check: ["isolation", "no-leak"],
    });
    expect(sc.processes[0]!.mayDie).toBe(true);
  });

  test.each([
    ["linux-5.17", "free-on-unbind"],
    ["linux-5.18-rc1", "free-on-mmput"],
    ["linux-5.18", "free-on-mmdrop"],
    ["linux-5.19", "free-on-mmdrop-5.19"],
    ["linux-6.8", "iommu-mm"],
    ["mmget-in-bind", "mmget-in-bind"],
  ])("design %s is %s", (given, design) => {
    expect(ok(parseScenario(`${OK}design: ${given}\n`, "a.yaml")).design).toBe(design);
  });
});

describe("overrides", () => {
  const file = `${OK}design: free-on-mmput\niommu: arm-smmu-v3\npasids: 3\n`;
  it("replace the file's design, iommu and pasids", () => {
    expect(ok(parseScenario(file, "o.yaml"))).toMatchObject({ design: "free-on-mmput", iommu: "arm-smmu-v3", pasids: 3 });
    expect(ok(parseScenario(file, "o.yaml", { design: "iommu-mm", iommu: "intel-vt-d", pasids: 1 }))).toMatchObject({
      design: "iommu-mm",
      iommu: "intel-vt-d",
      pasids: 1,
    });
  });
  it("accept kernel-version aliases and apply to defaults too", () => {
    expect(ok(parseScenario(OK, "o.yaml", { design: "linux-5.17" })).design).toBe("free-on-unbind");
    expect(ok(parseScenario(OK, "o.yaml", { pasids: 16 })).pasids).toBe(16);
  });
  it("are each validated, reported first, as command-line errors", () => {
    expect(messages(parseScenario(file, "o.yaml", { design: "free-on-mput", iommu: "smmu", pasids: 0 }))).toEqual([
      `${COMMAND_LINE}: --design: unknown design 'free-on-mput'; did you mean 'free-on-mmput'?`,
      `${COMMAND_LINE}: --iommu: unknown IOMMU driver 'smmu'; expected arm-smmu-v3 or intel-vt-d`,
      `${COMMAND_LINE}: --pasids: 'pasids' must be an integer from 1 to 16 (PASIDs 1..pasids are usable), got 0`,
    ]);
    expect(messages(parseScenario(`${OK}pasids: 40\n`, "o.yaml", { pasids: 2.5 }))).toEqual([
      `${COMMAND_LINE}: --pasids: 'pasids' must be an integer from 1 to 16 (PASIDs 1..pasids are usable), got 2.5`,
      "o.yaml:7:9: 'pasids' must be an integer from 1 to 16 (PASIDs 1..pasids are usable), got 40",
    ]);
  });
  it("do not excuse a bad value in the file", () => {
    expect(messages(parseScenario(`${OK}design: nope\n`, "o.yaml", { design: "iommu-mm" }))[0]).toMatch(
      /^o\.yaml:7:9: unknown design 'nope'/,
    );
  });
});

describe("formatError", () => {
  it("is FILE:LINE:COL: message, or FILE: message without a position", () => {
    expect(formatError({ file: "a.yaml", line: 7, col: 15, message: "m" })).toBe("a.yaml:7:15: m");
    expect(formatError({ file: "a.yaml", line: 0, col: 0, message: "m" })).toBe("a.yaml: m");
  });
});
