/**
 * The packed layout: fields a scenario cannot use are left out and read 0 from a shared zero
 * region; no rule may ever write anything but 0 there. Checked on every transition of every
 * built-in scenario (but the largest) under every design and IOMMU driver.
 */
import { describe, expect, test } from "vitest";
import { check, type Model } from "../../src/engine/index.js";
import { DESIGNS } from "../../src/kernel/designs/index.js";
import { IOMMU_NAMES } from "../../src/kernel/names.js";
import { createSvaModel, type SvaModel } from "../../src/kernel/model.js";
import { loadBuiltinScenarios } from "../../src/scenario/builtin-node.js";
import { model } from "./helpers.js";

/** The model, with every successor's zero region checked. */
function guarded(m: SvaModel, bad: string[]): Model {
  const z = m.k.fields.find((f) => f.name === "zero");
  return {
    stateSize: m.stateSize,
    properties: m.properties,
    initialStates: () => m.initialStates(),
    actions: (s, out) => m.actions(s, out),
    next(s, a, out) {
      const r = m.next(s, a, out);
      if (r >= 0 && z) for (let i = 0; i < z.count; i++) if (out[z.offset + i] !== 0 && bad.length < 3) bad.push(m.actionLabel(s, a));
      return r;
    },
    check: (s) => m.check(s),
    checkTerminal: (s) => m.checkTerminal(s),
    actionLabel: (s, a) => m.actionLabel(s, a),
  };
}

describe("layout", () => {
  test("a scenario without ENQCMD, idxd dedicated WQs, kills, threads or forks has none of their fields", () => {
    const m = model(
      `name: plain
pasids: 2
devices: [{ name: acc0, driver: uacce }]
processes:
  - { name: A, program: [open acc0 as q, start q, close q, exit] }`,
      "free-on-mmdrop",
      "arm-smmu-v3",
    );
    const names = m.k.fields.map((f) => f.name);
    for (const f of ["task_msr", "work_pasid", "work_mm", "wq_owner", "task_killed", "q_owner"]) expect(names).not.toContain(f);
    expect(names).toContain("zero");
    expect(m.k.L.q_owner).toBe(m.k.L.q_mm);
  });

  for (const b of loadBuiltinScenarios().filter((x) => x.id !== "five-drivers"))
    test(`${b.id}: no rule writes into the zero region`, () => {
      if (!b.result.ok) throw new Error(b.id);
      const sc = b.result.scenario;
      const bad: string[] = [];
      for (const iommu of IOMMU_NAMES)
        for (const d of DESIGNS) {
          const r = check(guarded(createSvaModel(sc, { design: d.name, iommu }), bad), { stopWhenAllViolated: false, symmetry: false });
          expect(r.complete).toBe(true);
        }
      expect(bad).toEqual([]);
    });
});
