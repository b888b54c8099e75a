/**
 * What the explorer shows, computed by src/lib/explorer.ts and the page's DOM-free modules: the
 * shared PASID of the seed thread's isolation break, the leak's reference cycle, the timeline's
 * lanes, graph changes, the fixed graph layout, and the URL's round trip.
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { builtinLabel, checkScenario, parseScenario, type Scenario } from "../../src/index.js";
import { graphDelta, referenceCycles, statesAlong, timelineOf, violatingStep } from "../../src/lib/explorer.js";
import { layoutGraphs } from "../../web/src/graph-layout.js";
import { decodeView, encodeView, packText, unpackText } from "../../web/src/url-state.js";

function scenario(file: string, o: { design?: string; iommu?: string } = {}): Scenario {
  const r = parseScenario(readFileSync(`scenarios/${file}`, "utf8"), builtinLabel(file), o);
  if (!r.ok) throw new Error("parse");
  return r.scenario;
}

function counterexample(sc: Scenario, property: string) {
  const r = checkScenario(sc, { symmetry: true }).results.find((x) => x.property === property);
  if (!r?.trace) throw new Error(`${property} not violated`);
  return r.trace;
}

describe("explorer", () => {
  const seed = scenario("exit-while-file-open.yaml", { design: "free-on-mmput", iommu: "arm-smmu-v3" });
  const iso = counterexample(seed, "isolation");

  test("states along a trace: one per step plus the initial state", () => {
    const t = statesAlong(seed, iso.map((e) => e.action));
    expect(t.steps).toHaveLength(iso.length + 1);
    expect(t.steps[0]!.step).toBe(0);
    expect(t.steps[0]!.delta.added.length).toBe(t.steps[0]!.graph.nodes.length);
  });

  test("free-on-mmput on Arm: at the violating step PASID 1 is mm B's while A's queue is bound at it", () => {
    const t = statesAlong(seed, iso.map((e) => e.action));
    const at = violatingStep(iso, "isolation");
    expect(iso[at - 1]!.violations).toContain("isolation");
    const p1 = t.steps[at]!.pasids.find((p) => p.pasid === 1)!;
    expect(p1.owner).toBe("mm B");
    expect(p1.shared).toBe(true);
    expect(p1.queues.map((q) => `${q.file}→${q.mm}`)).toEqual(["A:q→mm A", "B:q→mm B"]);
    expect(p1.conflicts).toContain("PASID 1 is owned by mm B, but queue A:q (acc0) is bound to mm A at PASID 1");
    // Before B's bind nothing is shared.
    expect(t.steps[1]!.pasids.every((p) => !p.shared)).toBe(true);
  });

  test("mmget-in-bind on kill-with-mmap: the leak is the cycle mm → VMA → file → bond → mm", () => {
    const sc = scenario("kill-with-mmap.yaml", { design: "mmget-in-bind" });
    const leak = counterexample(sc, "no-leak");
    const t = statesAlong(sc, leak.map((e) => e.action));
    const last = t.steps.at(-1)!;
    expect(last.cycles).toHaveLength(1);
    const label = new Map(last.graph.nodes.map((n) => [n.id, n.label]));
    expect(last.cycles[0]!.map((id) => label.get(id))).toEqual(["mm A", "VMA of A:q", "file A:q", "bond acc0 ↔ mm A"]);
    expect(referenceCycles(t.steps[0]!.graph)).toEqual([]);
  });

  test("graph changes: new objects, changed details, references that come and go", () => {
    const t = statesAlong(seed, iso.map((e) => e.action));
    const open = t.steps[1]!.delta; // A: open acc0 as q
    expect(open.added).toEqual(expect.arrayContaining(["file0", "bond0", "ent1"]));
    expect(open.changed["mm0"]).toEqual(expect.arrayContaining(["mm_count 2", "pasid 1"]));
    const d = graphDelta(t.steps[5]!.graph, t.steps[6]!.graph); // A: do_exit: exit_mm
    expect(d.removed.map((n) => n.id)).toContain("vma0");
    expect(d.removedEdges.some((e) => e.from === "pasid1" && e.label.startsWith("owner"))).toBe(true);
  });

  test("timeline: processes, kernel, IOMMU, device lanes; the device's DMA goes to the IOMMU", () => {
    const tl = timelineOf(iso, seed);
    expect(tl.lanes.map((l) => l.name)).toEqual(["A", "C", "B", "kernel", "IOMMU", "acc0"]);
    const dma = tl.rows.at(-1)!;
    expect(dma.messages[0]).toMatchObject({ from: "d0", to: "iommu" });
    expect(dma.violations).toContain("isolation");
    expect(tl.rows[0]!.messages.slice(1).every((m) => m.from === "kernel" && m.to === "iommu")).toBe(true);
  });

  test("graph layout: one fixed box per object of the whole trace, none overlapping", () => {
    const t = statesAlong(seed, iso.map((e) => e.action));
    const l = layoutGraphs(t.steps.map((s) => s.graph));
    const ids = new Set(t.steps.flatMap((s) => s.graph.nodes.map((n) => n.id)));
    expect(new Set(l.boxes.keys())).toEqual(ids);
    const boxes = [...l.boxes.entries()];
    for (const [i, [a, p]] of boxes.entries())
      for (const [b, q] of boxes.slice(i + 1)) {
        const overlap = p.x < q.x + q.w && q.x < p.x + p.w && p.y < q.y + q.h && q.y < p.y + p.h;
        expect(overlap, `${a} overlaps ${b}`).toBe(false);
      }
    for (const b of l.boxes.values()) expect(b.x + b.w <= l.width && b.y + b.h <= l.height).toBe(true);
  });
});

describe("URL state", () => {
  test("pasted YAML survives deflate + base64url", async () => {
    const text = readFileSync("scenarios/five-drivers.yaml", "utf8") + "# ünïcödé ✓\n";
    const packed = await packText(text);
    expect(packed).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(packed.length).toBeLessThan(text.length);
    expect(await unpackText(packed)).toBe(text);
  });

  test("a view round-trips", async () => {
    const v = { scenario: { builtin: "exit-while-file-open" }, design: "free-on-mmput", iommu: "arm-smmu-v3", pasids: 2, property: "isolation", step: 8 };
    const q = await encodeView(v);
    expect(q).toBe("scenario=exit-while-file-open&design=free-on-mmput&iommu=arm-smmu-v3&pasids=2&property=isolation&step=8");
    expect(await decodeView(`?${q}`)).toEqual(v);
    const y = { scenario: { yaml: "name: x\n" }, symmetry: false };
    expect(await decodeView(await encodeView(y))).toEqual(y);
    expect(await decodeView("")).toBeUndefined();
    expect(await decodeView("yaml=@@@")).toHaveProperty("error");
  });
});
