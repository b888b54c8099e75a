/**
 * Output formats through the command line: Mermaid sequence diagrams and Graphviz DOT checked
 * structurally, saved traces and replay, simulate (text and JSON against its schema).
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { cli, tempDir, validateWith } from "./helpers.js";

// ------------------------------------------------------------------------------------------
// Mermaid: declared participants, every message between declared participants, notes over
// declared participants, no characters that break the grammar.

function mermaidStructure(text: string): { participants: Map<string, string>; messages: [string, string, string][]; notes: string[] } {
  const lines = text.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("%%"));
  expect(lines[0]).toBe("sequenceDiagram");
  const participants = new Map<string, string>();
  const messages: [string, string, string][] = [];
  const notes: string[] = [];
  for (const raw of lines.slice(1)) {
    const l = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^participant (\w+) as (.+)$/.exec(l))) {
      expect(participants.has(m[1]!)).toBe(false);
      participants.set(m[1]!, m[2]!);
    } else if ((m = /^(\w+)->>(\w+): (.+)$/.exec(l))) {
      messages.push([m[1]!, m[2]!, m[3]!]);
    } else if ((m = /^Note over (\w+)(?:,(\w+))?: (.+)$/.exec(l))) {
      for (const p of [m[1], m[2]]) if (p !== undefined) expect(participants.has(p), `note over undeclared ${p}`).toBe(true);
      notes.push(m[3]!);
    } else if (/^title .+$/.test(l)) {
      // ok
    } else throw new Error(`unexpected Mermaid line: ${l}`);
    expect(l.replace(/#\d+;/g, "").includes(";"), `';' breaks Mermaid: ${l}`).toBe(false);
    expect(l.replace(/#\d+;/g, "").includes("#"), `'#' breaks Mermaid: ${l}`).toBe(false);
  }
  for (const [a, b] of messages) {
    expect(participants.has(a), `undeclared ${a}`).toBe(true);
    expect(participants.has(b), `undeclared ${b}`).toBe(true);
  }
  return { participants, messages, notes };
}

// ------------------------------------------------------------------------------------------
// DOT: balanced braces outside strings, every edge endpoint declared as a node.

function dotStructure(text: string): { graphs: number; nodes: Map<string, string>; edges: [string, string, string][] } {
  let depth = 0;
  let graphs = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") {
      if (depth === 0) graphs++;
      depth++;
    } else if (c === "}") {
      depth--;
      expect(depth).toBeGreaterThanOrEqual(0);
    }
  }
  expect(depth).toBe(0);
  expect(inString).toBe(false);
  const nodes = new Map<string, string>();
  const edges: [string, string, string][] = [];
  for (const l of text.split("\n")) {
    let m: RegExpExecArray | null;
    if ((m = /^ {2}"([^"]+)" -> "([^"]+)" \[(.*)\];$/.exec(l))) edges.push([m[1]!, m[2]!, m[3]!]);
    else if ((m = /^ {2}"([^"]+)" \[label="((?:[^"\\]|\\.)*)"/.exec(l))) nodes.set(m[1]!, m[2]!);
  }
  for (const [a, b] of edges) {
    expect(nodes.has(a), `edge from undeclared ${a}`).toBe(true);
    expect(nodes.has(b), `edge to undeclared ${b}`).toBe(true);
  }
  return { graphs, nodes, edges };
}

describe("--mermaid", () => {
  test("free-on-unbind's ENQCMD isolation violation as a sequence diagram", async () => {
    const r = await cli(["check", "scenarios/enqcmd-two-threads.yaml", "--design", "free-on-unbind", "--iommu", "intel-vt-d", "--mermaid"]);
    expect(r.code).toBe(1);
    expect(r.stdout.startsWith("%% sva-lab: scenarios/enqcmd-two-threads.yaml (free-on-unbind, intel-vt-d, 2 PASIDs): isolation, 12 steps\nsequenceDiagram\n")).toBe(true);
    const { participants, messages, notes } = mermaidStructure(r.stdout);
    expect([...participants.values()]).toEqual(["A", "T", "B", "kernel", "IOMMU", "wq0"]);
    expect(messages[0]).toEqual(["p0", "kernel", "1. open wq0 as q"]);
    expect(messages).toContainEqual(["kernel", "iommu", "iommu_sva_bind_device(wq0, mm A)"]);
    expect(messages.some(([a, b]) => a === "d0" && b === "iommu")).toBe(true); // device → IOMMU for the DMA
    expect(messages.some(([a, b, t]) => a === "p0" && b === "d0" && t.startsWith("ENQCMD to wq0's portal"))).toBe(true);
    expect(notes[notes.length - 1]).toBe("✗ step 12 violates isolation");
    expect(r.stdout).toContain("#35;GP"); // '#' escaped
  });

  test("a terminal violation is a closing note; the kill-with-mmap leak", async () => {
    const r = await cli(["check", "kill-with-mmap", "--design", "mmget-in-bind", "--mermaid"]);
    const { participants, notes } = mermaidStructure(r.stdout);
    expect([...participants.keys()]).toEqual(["p0", "p1", "kernel", "k0", "iommu", "d0"]); // k0: SRCU
    expect(participants.get("k0")).toBe("SRCU");
    expect(notes[notes.length - 1]).toBe("✗ the final state violates no-leak (nothing left to run)");
  });

  test("several violations: one diagram each, every one well-formed", async () => {
    const r = await cli(["check", "exit-while-file-open", "--design", "free-on-mmput", "--mermaid"]);
    const parts = r.stdout.split(/\n(?=%% sva-lab: )/);
    expect(parts.map((p) => /: (\S+), \d+ steps\n/.exec(p)![1])).toEqual(["isolation", "stale-entry", "no-leak", "bond-integrity", "mm-liveness"]);
    for (const p of parts) mermaidStructure(p);
  });

  test("nothing to draw: stdout empty, a note on stderr, exit 0", async () => {
    const r = await cli(["check", "forked-fd", "--design", "iommu-mm", "--iommu", "intel-vt-d", "--mermaid"]);
    expect(r).toEqual({ code: 0, stdout: "", stderr: "sva-lab: nothing to draw: no property is violated\n" });
  });
});

describe("--dot", () => {
  test("mmget-in-bind on kill-with-mmap: the mm → VMA → file → bond → mm leak cycle, in red", async () => {
    const r = await cli(["check", "scenarios/kill-with-mmap.yaml", "--design", "mmget-in-bind", "--property", "no-leak", "--dot"]);
    expect(r.code).toBe(1);
    const { graphs, nodes, edges } = dotStructure(r.stdout);
    expect(graphs).toBe(1);
    expect(r.stdout).toContain("digraph no_leak {");
    const kind = (id: string) => id.replace(/\d+$/, "");
    const red = edges.filter(([, , attrs]) => attrs.includes('color="red"'));
    // follow the red edges from the mm: mm → vma → file → bond → mm
    const next = (from: string) => red.find(([a]) => a === from)?.[1];
    const mm = red.find(([a]) => kind(a) === "mm")![0];
    const cycle = [mm];
    for (let at = next(mm); at !== undefined && at !== mm && cycle.length < 10; at = next(at)) cycle.push(at);
    expect(cycle.map(kind)).toEqual(["mm", "vma", "file", "bond"]);
    expect(next(cycle[3]!)).toBe(mm);
    expect(edges.find(([a, b]) => a === cycle[3] && b === mm)![2]).toContain("mm_users (mmget in bind)");
    expect(nodes.get(mm)).toContain("mm A\\nlive\\nmm_users 1");
  });

  test("no leak cycle where the bond holds only mm_count (free-on-mmdrop's no-leak holds; its graph at a violation has no red)", async () => {
    const r = await cli(["check", "exit-while-file-open", "--design", "free-on-mmdrop", "--dot"]);
    expect(r.code).toBe(1); // mm-liveness on arm-smmu-v3: the 5.18 Arm use-after-free
    const { edges } = dotStructure(r.stdout);
    expect(edges.length).toBeGreaterThan(0);
    expect(r.stdout).not.toContain('color="red"');
  });
});

describe("--save-trace and replay", () => {
  const dir = tempDir();

  test("check --save-trace writes one TRACE.json per violation; replay reproduces it (exit 1)", async () => {
    const r = await cli(["check", "kill-with-mmap", "--design", "mmget-in-bind", "--iommu", "intel-vt-d", "--save-trace", dir, "--brief"]);
    expect(r.code).toBe(1);
    const file = join(dir, "kill-with-mmap.mmget-in-bind.intel-vt-d.no-leak.json");
    expect(r.stderr).toBe(`sva-lab: saved ${file}\n`);
    expect(readdirSync(dir)).toEqual(["kill-with-mmap.mmget-in-bind.intel-vt-d.no-leak.json"]);
    const saved = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    expect(validateWith("trace.schema.json", saved)).toEqual([]);
    expect(saved).toMatchObject({ file: "<built-in>/kill-with-mmap.yaml", design: "mmget-in-bind", iommu: "intel-vt-d", pasids: 2, property: "no-leak" });
    expect(saved.scenarioText).toBe(readFileSync("scenarios/kill-with-mmap.yaml", "utf8"));
    expect((saved.actions as number[]).length).toBe(14);

    const rep = await cli(["replay", file]);
    expect(rep.code).toBe(1);
    expect(rep.stdout.split("\n").slice(0, 2)).toEqual([
      `${file}: replaying no-leak on <built-in>/kill-with-mmap.yaml: an unexpected kill with the queue mmap'd`,
      "  design mmget-in-bind, proposal (on 5.18-rc1), IOMMU intel-vt-d, PASIDs 1..2, 14 steps",
    ]);
    expect(rep.stdout).toContain("   1. A: open acc0 as q\n");
    expect(rep.stdout).toContain("       Δ mm A: mm_users 1 → 2\n");
    expect(rep.stdout.trimEnd().split("\n").pop()).toBe("reproduced: no-leak is violated (the run ends in a terminal state)");
  });

  test("replay --json, --mermaid, --dot --step", async () => {
    const file = join(dir, "kill-with-mmap.mmget-in-bind.intel-vt-d.no-leak.json");
    const j = JSON.parse((await cli(["replay", file, "--json"])).stdout) as { reproduced: boolean; trace: unknown[]; violated: string[] };
    expect(j.reproduced).toBe(true);
    expect(j.violated).toContain("no-leak");
    expect(j.trace).toHaveLength(14);
    mermaidStructure((await cli(["replay", file, "--mermaid"])).stdout);
    const initial = await cli(["replay", file, "--dot", "--step", "0"]);
    expect(initial.code).toBe(1);
    const g0 = dotStructure(initial.stdout);
    expect([...g0.nodes.keys()].filter((n) => n.startsWith("file"))).toEqual([]);
    const g2 = dotStructure((await cli(["replay", file, "--dot", "--step", "2"])).stdout);
    expect([...g2.nodes.keys()]).toContain("vma0");
  });

  test("a trace that no longer violates its property: 'not reproduced', exit 0", async () => {
    const file = join(dir, "kill-with-mmap.mmget-in-bind.intel-vt-d.no-leak.json");
    const saved = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    const fixed = join(dir, "fixed.json");
    writeFileSync(fixed, JSON.stringify({ ...saved, actions: (saved.actions as number[]).slice(0, 3) }));
    const r = await cli(["replay", fixed, "--brief"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split("\n").pop()).toBe("not reproduced: the replay no longer violates no-leak");
  });
});

describe("simulate", () => {
  test("prints the seed and that simulation proves nothing; exit 1 when a walk violates", async () => {
    const r = await cli(["simulate", "kill-with-mmap", "--design", "mmget-in-bind", "--seed", "3", "--walks", "300", "--brief"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("simulation: seed 3, 300 of 300 random walks");
    expect(r.stdout).toContain("Simulation proves nothing");
    expect(r.stdout).toContain("(re-run the same walks with --seed 3)");
    expect(r.stdout).toMatch(/^ {2}no-leak +VIOLATED +trace: \d+ steps$/m);
    expect(r.stdout).toMatch(/^ {2}isolation +not found \(proves nothing\)$/m);
    expect(r.stdout).not.toMatch(/^ +\S+ +holds$/m);
    expect(r.stdout).toMatch(/^ {4,5}1\. /m);
  });

  test("never claims holds: exit 0 when nothing is found; the same seed gives the same output", async () => {
    const a = await cli(["simulate", "forked-fd", "--design", "iommu-mm", "--iommu", "intel-vt-d", "--seed", "42", "--walks", "200"]);
    expect(a.code).toBe(0);
    expect(a.stdout).not.toMatch(/^ +\S+ +holds$/m);
    expect(a.stdout).toMatch(/^ {2}isolation +not found \(proves nothing\)$/m);
    const b = await cli(["simulate", "forked-fd", "--design", "iommu-mm", "--iommu", "intel-vt-d", "--seed", "42", "--walks", "200"]);
    const strip = (s: string) => s.replace(/steps, [\d.]+ s/, "steps, T s");
    expect(strip(b.stdout)).toBe(strip(a.stdout));
  });

  test("--json against docs/schema/simulate.schema.json; warnings do not make exit 1", async () => {
    const r = await cli(["simulate", "kill-with-mmap", "--design", "iommu-mm", "--seed", "5", "--walks", "400", "--json"]);
    const j = JSON.parse(r.stdout) as { seed: number; provesNothing: boolean; results: { property: string; status: string; severity: string }[] };
    expect(validateWith("simulate.schema.json", j)).toEqual([]);
    expect(j.seed).toBe(5);
    expect(j.provesNothing).toBe(true);
    expect(j.results.every((x) => x.status !== "violated" || x.severity === "warning")).toBe(true);
    expect(r.code).toBe(0);
  });

  test("--mermaid and --dot draw what the walks found; --save-trace works too", async () => {
    const dir = tempDir();
    const m = await cli(["simulate", "kill-with-mmap", "--design", "mmget-in-bind", "--seed", "3", "--walks", "300", "--mermaid", "--save-trace", dir]);
    expect(m.code).toBe(1);
    mermaidStructure(m.stdout);
    expect(m.stderr).toContain("sva-lab: seed 3. Simulation proves nothing");
    expect(readdirSync(dir)).toEqual(["kill-with-mmap.mmget-in-bind.arm-smmu-v3.no-leak.json"]);
    const d = await cli(["simulate", "kill-with-mmap", "--design", "mmget-in-bind", "--seed", "3", "--walks", "300", "--dot"]);
    expect(dotStructure(d.stdout).graphs).toBe(1);
  });
});
