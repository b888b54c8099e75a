/**
 * Pinned state and transition counts of every built-in scenario under every design and IOMMU
 * driver (five-drivers with symmetry, the others without), in the manner of Stateright's pinned
 * counts: an unintended change of the model's semantics shows up as a changed number. When a
 * change of the rules is intended, regenerate test/kernel/pinned-counts.json and say why in the
 * commit.
 */
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { check } from "../../src/engine/index.js";
import { DESIGNS } from "../../src/kernel/designs/index.js";
import { IOMMU_NAMES } from "../../src/kernel/names.js";
import { createSvaModel } from "../../src/kernel/model.js";
import { loadBuiltinScenarios } from "../../src/scenario/builtin-node.js";

const PINNED = JSON.parse(readFileSync("test/kernel/pinned-counts.json", "utf8")) as Record<string, [number, number]>;

test("every built-in × design × IOMMU has a pinned count", () => {
  const keys = loadBuiltinScenarios().flatMap((b) =>
    IOMMU_NAMES.flatMap((i) => DESIGNS.map((d) => `${b.id} ${i} ${d.name}${b.id === "five-drivers" ? " +symmetry" : ""}`)),
  );
  expect(Object.keys(PINNED).sort()).toEqual(keys.sort());
});

for (const b of loadBuiltinScenarios())
  test(`${b.id}: states and transitions as pinned`, () => {
    if (!b.result.ok) throw new Error(b.id);
    const sym = b.id === "five-drivers";
    const got: Record<string, [number, number]> = {};
    const want: Record<string, [number, number]> = {};
    for (const iommu of IOMMU_NAMES)
      for (const d of DESIGNS) {
        const key = `${b.id} ${iommu} ${d.name}${sym ? " +symmetry" : ""}`;
        const r = check(createSvaModel(b.result.scenario, { design: d.name, iommu }), { stopWhenAllViolated: false, symmetry: sym });
        got[key] = [r.stats.states, r.stats.transitions];
        want[key] = PINNED[key]!;
      }
    expect(got).toEqual(want);
  }, 60_000);
