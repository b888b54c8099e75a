/**
 * Symmetry reduction keeps verdicts and counterexample lengths exact: every built-in scenario
 * (and a small symmetric one) is checked with and without it, under every design and IOMMU.
 */
import { describe, expect, test } from "vitest";
import { check } from "../../src/engine/index.js";
import { DESIGNS } from "../../src/kernel/designs/index.js";
import { IOMMU_NAMES } from "../../src/kernel/names.js";
import { createSvaModel } from "../../src/kernel/model.js";
import { loadBuiltinScenarios } from "../../src/scenario/builtin-node.js";
import type { Scenario } from "../../src/scenario/types.js";
import { model, scenario } from "./helpers.js";

const THREE = `
name: three drivers racing
pasids: 2
devices: [{ name: acc0, driver: uacce }]
processes:
  - { name: P1, program: [open acc0 as q, start q, close q, exit] }
  - { name: P2, program: [open acc0 as q, start q, close q, exit] }
  - { name: P3, program: [open acc0 as q, start q, exit] }
`;

function verdicts(sc: Scenario, design: string, iommu: (typeof IOMMU_NAMES)[number], symmetry: boolean) {
  const m = createSvaModel(sc, { design, iommu });
  const r = check(m, { symmetry, stopWhenAllViolated: false });
  expect(r.complete).toBe(true);
  return { states: r.stats.states, results: r.results.map((x) => `${x.property}:${x.status}:${x.trace?.steps.length ?? "-"}`) };
}

describe("symmetry reduction", () => {
  test("the racing drivers form symmetry classes; the reduction shrinks the state space", () => {
    const m = model(THREE, "free-on-mmdrop", "arm-smmu-v3");
    expect(m.sys.symmetryClasses).toEqual([[0, 1]]);
    const plain = verdicts(scenario(THREE), "free-on-mmdrop", "arm-smmu-v3", false);
    const sym = verdicts(scenario(THREE), "free-on-mmdrop", "arm-smmu-v3", true);
    expect(sym.states).toBeLessThan(plain.states * 0.7);
  });

  const cases: { name: string; sc: Scenario }[] = [
    { name: "three drivers", sc: scenario(THREE) },
    ...loadBuiltinScenarios()
      .filter((b) => b.id !== "five-drivers")
      .map((b) => {
        if (!b.result.ok) throw new Error(b.id);
        return { name: b.id, sc: b.result.scenario };
      }),
  ];
  for (const { name, sc } of cases)
    for (const iommu of IOMMU_NAMES)
      test(`${name} on ${iommu}: same verdicts and counterexample lengths with and without symmetry`, () => {
        for (const d of DESIGNS) expect(verdicts(sc, d.name, iommu, true).results, d.name).toEqual(verdicts(sc, d.name, iommu, false).results);
      });
});
