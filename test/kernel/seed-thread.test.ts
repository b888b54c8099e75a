/**
 * The claims of the April 2022 review thread of 701fac40384f ("iommu/sva: Assign a PASID to mm on
 * PASID allocation and free it on mm exit"), each as a fixed event sequence with its verdict.
 */
import { describe, expect, test } from "vitest";
import { ENT_INVALID, ENT_QUIET, ENT_TORN_DOWN, ENT_VALID } from "../../src/kernel/layout.js";
import { allNotes, field, fileIndex, mmIndex, model, run, violatedAt } from "./helpers.js";

/** A forks C (which keeps the queue's fd open) and exits; B opens acc0 and gets A's PASID. */
const EXIT_WHILE_OPEN = `
name: exit while the file is open in a child
pasids: 2
devices: [{ name: acc0, driver: uacce }, { name: acc1, driver: uacce }]
processes:
  - { name: A, program: [open acc0 as q, mmap q, start q, fork C, exit] }
  - { name: C, child-of: A, program: [sleep, close q, exit] }
  - { name: B, program: [open acc0 as q, start q, close q, exit] }
  - { name: B2, program: [open acc1 as q, start q, exit], may-die: true }
`;

const A_EXITS = [
  "A: open acc0 as q",
  "A: mmap q",
  "A: start q",
  "A: fork C",
  "A: exit",
  "A: do_exit: exit_mm",
  "A: do_exit: exit_files",
  "A: do_exit: final schedule",
];

const ent = (m: ReturnType<typeof model>, s: Uint8Array, dev: number, pasid: number) => ({
  state: field(m, s, "ent_state", m.k.ent(dev, pasid)),
  mm: field(m, s, "ent_mm", m.k.ent(dev, pasid)) - 1,
});

describe("free-on-mmput on arm-smmu-v3 (5.18-rc1): the seed thread", () => {
  const m = model(EXIT_WHILE_OPEN, "free-on-mmput", "arm-smmu-v3");
  const A = mmIndex(m, "A");
  const B = mmIndex(m, "B");

  test("A's exit frees PASID 1 while its queue is still started and its CD quiet", () => {
    const r = run(m, A_EXITS);
    const s = r.final;
    expect(field(m, s, "pasid_owner", 1)).toBe(0);
    expect(field(m, s, "mm_pasid", A)).toBe(0);
    expect(ent(m, s, 0, 1)).toEqual({ state: ENT_QUIET, mm: A });
    expect(field(m, s, "q_state", fileIndex(m, "A:q"))).toBe(2); // UACCE_Q_STARTED
    expect(r.violated.size).toBe(0);
  });

  test("B's bind gets the freed PASID, finds the quiet CD live and only swaps the ASID (bond-integrity)", () => {
    const r = run(m, [...A_EXITS, "B: open acc0 as q"]);
    const last = r.steps.at(-1)!;
    expect(last.notes.join("\n")).toContain("PASID 1 allocated (reused: an entry still points at another mm)");
    expect(last.notes.join("\n")).toMatch(/CD already live → only the ASID is replaced; TTB0 stays mm A's, EPD0 stays set/);
    expect(ent(m, r.final, 0, 1)).toEqual({ state: ENT_QUIET, mm: A });
    expect(field(m, r.final, "mm_pasid", B)).toBe(1);
    expect(last.violations).toEqual(["bond-integrity"]);
  });

  test("a fault on A's still-started queue is resolved by PASID to B's mm (isolation)", () => {
    const r = run(m, [...A_EXITS, "B: open acc0 as q", "acc0: DMA for A:q"]);
    const last = r.steps.at(-1)!;
    expect(last.violations).toContain("isolation");
    expect(last.notes.join("\n")).toContain("iopf: handle_mm_fault in mm B on behalf of mm A's work");
  });

  test("A's later unbind clears the CD at mm->pasid = INVALID_IOASID: a write outside the table (stale-entry)", () => {
    const r = run(m, [...A_EXITS, "B: open acc0 as q", "C: sleep", "C: close q", "C: task_work"]);
    const last = r.steps.at(-1)!;
    expect(last.violations).toContain("stale-entry");
    expect(last.notes.join("\n")).toContain("arm_smmu_mmu_notifier_put: mm->pasid reads INVALID_IOASID");
    expect(violatedAt(r, "stale-entry")).toEqual([r.steps.length]);
  });

  test("with B on a second device: B gets a fresh CD while A's quiet CD stays at the reused PASID", () => {
    const r = run(m, [...A_EXITS, "B2: open acc1 as q"]);
    expect(ent(m, r.final, 1, 1)).toEqual({ state: ENT_VALID, mm: mmIndex(m, "B2") });
    expect(ent(m, r.final, 0, 1)).toEqual({ state: ENT_QUIET, mm: A });
    expect(r.steps.at(-1)!.violations).toEqual([]);
    // A's unbind then writes at INVALID_IOASID, and A's quiet CD at PASID 1 is B2's PASID's entry on acc0
    const r2 = run(m, [...A_EXITS, "B2: open acc1 as q", "C: sleep", "C: close q", "C: task_work"]);
    expect(r2.steps.at(-1)!.violations).toContain("stale-entry");
  });
});

describe("free-on-mmput on intel-vt-d (5.18-rc1): does this affect Intel as well?", () => {
  /*
   * The model's rules decide, not this test: B's bind → iommu_sva_alloc_pasid reuses nothing
   * (B has no PASID) and ioasid_alloc hands out the lowest free PASID, A's 1; intel_svm_bind_mm
   * then looks the svm up by PASID (pasid_private_find(1)) and finds A's, still registered
   * because A's queue was never unbound; svm_lookup_device_by_dev(acc0) finds A's sdev, so
   * sdev->users++ and nothing is programmed. The entry at PASID 1 is the one intel_mm_release
   * tore down at A's exit (not present, FPD=1): B's bind "succeeds" with no translation for B
   * (bond-integrity), and every DMA at PASID 1 faults unreported — neither A's queue nor B's can
   * reach another mm through acc0 (isolation holds on one device).
   */
  const m = model(EXIT_WHILE_OPEN, "free-on-mmput", "intel-vt-d");

  test("on one device: B joins A's intel_svm, silently broken (bond-integrity), isolation holds", () => {
    const r = run(m, [...A_EXITS, "B: open acc0 as q", "B: start q", "acc0: DMA for A:q", "acc0: DMA for B:q"]);
    const bind = r.steps[A_EXITS.length];
    expect(bind.notes.join("\n")).toContain("PASID 1 allocated (reused: another mm's intel_svm is still registered at it)");
    expect(bind.notes.join("\n")).toContain("pasid_private_find(1) finds the intel_svm of mm A (not mm B: joined anyway)");
    expect(bind.notes.join("\n")).toContain("svm_lookup_device_by_dev: sdev for acc0 exists, users 2; nothing programmed");
    expect(bind.violations).toEqual(["bond-integrity"]);
    expect(ent(m, r.final, 0, 1).state).toBe(ENT_TORN_DOWN);
    expect(r.violated.has("isolation")).toBe(false);
  });

  test("on a second device: B's entry lives inside A's svm, so B's exit never tears it down (isolation, stale-entry)", () => {
    const r = run(m, [...A_EXITS, "B2: open acc1 as q", "B2: start q", "kill B2", "B2: do_exit: exit_mm", "acc1: DMA for B2:q"]);
    expect(allNotes(r)).toContain("intel_svm_bind_mm: pasid_private_find(1) finds the intel_svm of mm A (not mm B2: joined anyway)");
    const exitMm = r.steps.at(-2)!;
    expect(exitMm.violations).toContain("stale-entry"); // a valid entry now translates an exited mm
    expect(ent(m, r.final, 1, 1)).toEqual({ state: ENT_VALID, mm: mmIndex(m, "B2") });
    expect(r.steps.at(-1)!.violations).toContain("isolation"); // DMA walks page tables exit_mmap freed
  });
});

describe("mmget-in-bind: the mm → VMA → file → bond → mm cycle", () => {
  const yaml = (prog: string) => `
name: killed with the queue
pasids: 2
devices: [{ name: acc0, driver: uacce }]
processes:
  - { name: A, program: [${prog}], may-die: true }
`;

  test("A dies with the queue mmap'd: nothing is ever freed (no-leak)", () => {
    const m = model(yaml("open acc0 as q, mmap q, start q, sleep, exit"), "mmget-in-bind", "arm-smmu-v3");
    const r = run(m, [
      "A: open acc0 as q",
      "A: mmap q",
      "A: start q",
      "kill A",
      "A: do_exit: exit_mm",
      "A: do_exit: exit_files",
      "A: do_exit: final schedule",
    ]);
    expect(r.terminal).toBe(true);
    expect(r.violated.has("no-leak")).toBe(true);
    const A = mmIndex(m, "A");
    expect(field(m, r.final, "mm_users", A)).toBe(1); // the bond's mmget
    expect(field(m, r.final, "f_count", 0)).toBe(1); // the VMA's get_file
    expect(field(m, r.final, "pasid_owner", 1)).toBe(A + 1);
  });

  test("without the mmap the release runs at exit and nothing leaks", () => {
    const m = model(yaml("open acc0 as q, start q, sleep, exit"), "mmget-in-bind", "arm-smmu-v3");
    const r = run(m, [
      "A: open acc0 as q",
      "A: start q",
      "kill A",
      "A: do_exit: exit_mm",
      "A: do_exit: exit_files",
      "A: do_exit: exit_task_work",
      "A: arm_smmu_sva_unbind continues",
      "A: do_exit: final schedule",
      "SRCU callback",
    ]);
    expect(r.terminal).toBe(true);
    expect([...r.violated]).toEqual([]);
    expect(field(m, r.final, "mm_stage", 0)).toBe(3); // freed
  });
});

describe("free-on-unbind with ENQCMD: why Intel wanted the PASID to live as long as the mm", () => {
  const yaml = `
name: enqcmd across unbind
pasids: 2
iommu: intel-vt-d
devices: [{ name: wq0, driver: idxd, wq: shared }]
processes:
  - { name: A, program: [open wq0 as q, mmap q, enqcmd q, munmap q, close q, open wq0 as r, mmap r, enqcmd r] }
  - { name: B, program: [open wq0 as q, sleep, exit] }
`;
  const events = [
    "A: open wq0 as q",
    "A: mmap q",
    "A: enqcmd q",
    "wq0: ENQCMD descriptor of A:q runs",
    "A: munmap q",
    "A: close q",
    "A: task_work",
    "B: open wq0 as q",
    "A: open wq0 as r",
    "A: mmap r",
    "A: enqcmd r",
    "wq0: ENQCMD descriptor of A:r runs",
  ];

  test("the thread's MSR keeps the freed PASID; after reuse its ENQCMD reaches B's mm (isolation)", () => {
    const m = model(yaml, "free-on-unbind", "intel-vt-d");
    const r = run(m, events);
    expect(r.steps[2].notes.join("\n")).toContain("IA32_PASID = 1");
    expect(r.steps[6].notes.join("\n")).toContain("ioasid_put(1) frees it");
    expect(field(m, r.final, "mm_pasid", mmIndex(m, "A"))).toBe(2);
    expect(field(m, r.final, "work_pasid", 1)).toBe(1);
    expect(violatedAt(r, "isolation")).toEqual([events.length]);
  });

  test("free-on-mmdrop: the PASID outlives the unbind, the rebind reuses it, B gets another", () => {
    const m = model(yaml, "free-on-mmdrop", "intel-vt-d");
    const r = run(m, events);
    expect(field(m, r.final, "mm_pasid", mmIndex(m, "A"))).toBe(1);
    expect(field(m, r.final, "mm_pasid", mmIndex(m, "B"))).toBe(2);
    expect(r.violated.has("isolation")).toBe(false);
  });
});

describe("a forked child submitting to its parent's queue (idxd before 8dfa57aabff6, uacce 5.8–5.18)", () => {
  const yaml = (childProgram: string) => `
name: child maps the inherited queue
pasids: 2
devices: [{ name: wq0, driver: idxd, wq: dedicated }]
processes:
  - { name: A, program: [open wq0 as q, fork C, sleep, close q, exit] }
  - { name: C, child-of: A, program: [${childProgram}] }
`;
  test("the child's descriptors are translated through the parent's page tables (isolation), under every design", () => {
    for (const design of ["free-on-mmdrop", "iommu-mm"]) {
      const m = model(yaml("mmap q, start q, sleep, exit"), design, "intel-vt-d");
      const r = run(m, ["A: open wq0 as q", "A: fork C", "C: mmap q", "C: start q", "wq0: DMA for A:q"]);
      expect(r.steps[3].notes.join("\n")).toContain("work submitted through mm C's mapping, with the opener's PASID");
      expect(r.steps.at(-1)!.violations, design).toEqual(["isolation"]);
    }
  });
  test("without its own mapping the child's START only kicks the opener's work", () => {
    const m = model(yaml("start q, sleep, exit"), "free-on-mmdrop", "intel-vt-d");
    const r = run(m, ["A: open wq0 as q", "A: fork C", "C: start q", "wq0: DMA for A:q"]);
    expect(r.violated.has("isolation")).toBe(false);
  });
});

describe("free-on-mmdrop (5.18) and iommu-mm (6.8): the same sequences, exhaustively, break none of the five lifetime properties", () => {
  const KILLED_WITH_MMAP = `
name: killed with the queue mapped
pasids: 2
devices: [{ name: acc0, driver: uacce }]
processes:
  - { name: A, program: [open acc0 as q, mmap q, start q, sleep, exit], may-die: true }
  - { name: B, program: [open acc0 as q, start q, close q, exit] }
`;
  const ENQCMD = `
name: enqcmd across unbind
pasids: 2
devices: [{ name: wq0, driver: idxd, wq: shared }]
processes:
  - { name: A, program: [open wq0 as q, mmap q, enqcmd q, munmap q, close q, open wq0 as r, mmap r, enqcmd r] }
  - { name: B, program: [open wq0 as q, sleep, exit] }
`;
  const FIVE = ["isolation", "stale-entry", "no-leak", "exit-completes", "bond-integrity"];
  for (const design of ["free-on-mmdrop", "iommu-mm"])
    for (const iommu of ["arm-smmu-v3", "intel-vt-d"] as const)
      test(`${design} on ${iommu}`, async () => {
        const { check } = await import("../../src/engine/index.js");
        for (const yaml of [EXIT_WHILE_OPEN, KILLED_WITH_MMAP, ENQCMD]) {
          const res = check(model(yaml, design, iommu), { properties: FIVE, stopWhenAllViolated: false });
          expect(res.complete).toBe(true);
          expect(res.results.map((r) => `${r.property}:${r.status}`)).toEqual(FIVE.map((p) => `${p}:holds`));
        }
      });
});
