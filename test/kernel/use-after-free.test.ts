/**
 * Use-after-free of the kernel's history, found by the model (mm-liveness), and the fixed orders.
 */
import { describe, expect, test } from "vitest";
import { check } from "../../src/engine/index.js";
import { model, run, violatedAt } from "./helpers.js";

/** The queue's last fput happens in C, after A (the mm's last task) is dead. */
const RELEASE_AFTER_DEATH = `
name: release after the mm's last task is dead
pasids: 2
devices: [{ name: acc0, driver: uacce }]
processes:
  - { name: A, program: [open acc0 as q, fork C, exit] }
  - { name: C, child-of: A, program: [sleep, close q, exit] }
`;

const TO_UNBIND = [
  "A: open acc0 as q",
  "A: fork C",
  "A: exit",
  "A: do_exit: exit_mm",
  "A: do_exit: exit_files",
  "A: do_exit: final schedule",
  "C: sleep",
  "C: close q",
  "C: task_work",
];

describe("Arm 5.17/5.18: arm64_mm_context_put after the SRCU callback's mmdrop (cbd23144f766, CVE-2022-49426)", () => {
  for (const design of ["free-on-mmdrop", "free-on-unbind"]) {
    test(`${design}: the SRCU callback frees the mm between mmu_notifier_put and arm_smmu_free_shared_cd`, () => {
      const m = model(RELEASE_AFTER_DEATH, design, "arm-smmu-v3");
      const r = run(m, [...TO_UNBIND, "SRCU callback", "C: arm_smmu_sva_unbind continues"]);
      expect(r.steps.at(-2)!.notes.join("\n")).toContain("__mmdrop(mm A): mm freed");
      const tail = r.steps.at(-1)!;
      expect(tail.violations).toContain("mm-liveness");
      expect(tail.notes.join("\n")).toContain("use-after-free: arm_smmu_free_shared_cd → arm64_mm_context_put(cd->mm) touches mm A");
      if (design === "free-on-unbind") expect(tail.notes.join("\n")).toContain("use-after-free: iommu_sva_free_pasid reading mm->pasid touches mm A");
      expect(violatedAt(r, "mm-liveness")).toEqual([r.steps.length]);
    });

    test(`${design}: in the other order nothing is freed early`, () => {
      const m = model(RELEASE_AFTER_DEATH, design, "arm-smmu-v3");
      const r = run(m, [...TO_UNBIND, "C: arm_smmu_sva_unbind continues", "SRCU callback"]);
      expect(r.violated.has("mm-liveness")).toBe(false);
    });
  }

  test("free-on-mmdrop-5.19: the shared CD's mmgrab keeps the mm; exhaustively no use-after-free", () => {
    const m = model(RELEASE_AFTER_DEATH, "free-on-mmdrop-5.19", "arm-smmu-v3");
    const r = run(m, [...TO_UNBIND, "SRCU callback", "C: arm_smmu_sva_unbind continues"]);
    expect(r.violated.has("mm-liveness")).toBe(false);
    const res = check(m, { stopWhenAllViolated: false });
    expect(res.complete).toBe(true);
    expect(res.results.find((x) => x.property === "mm-liveness")!.status).toBe("holds");
    const five = ["isolation", "stale-entry", "no-leak", "exit-completes", "bond-integrity"];
    for (const p of five) expect(res.results.find((x) => x.property === p)!.status, p).toBe("holds");
  });

  test("the shortest use-after-free the checker finds on 5.18 ends in arm_smmu_free_shared_cd", () => {
    const m = model(RELEASE_AFTER_DEATH, "free-on-mmdrop", "arm-smmu-v3");
    const res = check(m, { properties: ["mm-liveness"] });
    const r = res.results[0];
    expect(r.status).toBe("violated");
    expect(r.trace!.steps.at(-1)!.label).toBe("C: arm_smmu_sva_unbind continues after mmu_notifier_put");
    expect(r.trace!.steps.length).toBe(TO_UNBIND.length + 2);
  });
});

describe("Intel 5.14-rc7–5.17: intel_svm_free_pasid(mm) after mmu_notifier_unregister's mmdrop", () => {
  test("free-on-unbind: the last unbind, run by C after A is dead, reads the freed mm", () => {
    const m = model(RELEASE_AFTER_DEATH, "free-on-unbind", "intel-vt-d");
    const r = run(m, TO_UNBIND);
    const last = r.steps.at(-1)!;
    expect(last.notes.join("\n")).toMatch(/mmdrop\(mm A\) \[mmu_notifier_unregister\]: mm_count 0[\s\S]*__mmdrop\(mm A\)[\s\S]*use-after-free: iommu_sva_free_pasid reading mm->pasid touches mm A/);
    expect(last.violations).toContain("mm-liveness");
  });

  test("5.18-rc1 removed the call: free-on-mmput and free-on-mmdrop unbind without touching the mm", () => {
    for (const design of ["free-on-mmput", "free-on-mmdrop"]) {
      const m = model(RELEASE_AFTER_DEATH, design, "intel-vt-d");
      const res = check(m, { properties: ["mm-liveness"] });
      expect(res.results[0].status, design).toBe("holds");
    }
  });
});
