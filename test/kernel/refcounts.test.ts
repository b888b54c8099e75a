/**
 * The refcount rules (mmget/mmput/mmgrab/mmdrop, get_file/fput, release deferral) and the
 * do_exit order, each observed on the packed state after a fixed event sequence.
 */
import { describe, expect, test } from "vitest";
import { MM_EXITED, MM_FREED, MM_LIVE, REL_DELAYED, TASK_DEAD, TASK_EXIT_DEAD, TASK_EXIT_FILES, TASK_EXIT_MM } from "../../src/kernel/layout.js";
import { field, fileIndex, mmIndex, model, run, taskIndex } from "./helpers.js";
import { fput } from "../../src/kernel/file_table.js";
import { ACTOR_KWORKER } from "../../src/kernel/layout.js";

const THREADS = `
name: a process with a thread
pasids: 2
devices: [{ name: acc0, driver: uacce }]
processes:
  - { name: A, program: [open acc0 as q, thread T, mmap q, sleep, close q, exit] }
  - { name: T, thread-of: A, program: [sleep] }
`;

describe("mm_users and mm_count (kernel/fork.c)", () => {
  const m = model(THREADS, "free-on-mmdrop", "arm-smmu-v3");
  const A = mmIndex(m, "A");

  test("boot: one user, one struct reference held by all users together", () => {
    const r = run(m, []);
    expect([field(m, r.final, "mm_users", A), field(m, r.final, "mm_count", A), field(m, r.final, "mm_stage", A)]).toEqual([1, 1, MM_LIVE]);
  });

  test("bind's mmu_notifier_register takes mm_count; a thread (CLONE_VM) takes mm_users", () => {
    const r = run(m, ["A: open acc0 as q", "A: thread T"]);
    expect([field(m, r.final, "mm_users", A), field(m, r.final, "mm_count", A)]).toEqual([2, 2]);
  });

  test("exit_group: each thread's exit_mm grabs active_mm and drops its user; the last runs __mmput", () => {
    const r = run(m, ["A: open acc0 as q", "A: thread T", "A: mmap q", "A: sleep", "A: close q", "A: exit", "T: do_exit: exit_mm"]);
    expect(field(m, r.final, "task_status", taskIndex(m, "A"))).toBe(TASK_EXIT_MM);
    // users' 1 + the notifier's 1 + T's active_mm
    expect([field(m, r.final, "mm_users", A), field(m, r.final, "mm_count", A), field(m, r.final, "mm_stage", A)]).toEqual([1, 3, MM_LIVE]);
    const r2 = run(m, ["A: open acc0 as q", "A: thread T", "A: mmap q", "A: sleep", "A: close q", "A: exit", "T: do_exit: exit_mm", "A: do_exit: exit_mm"]);
    const notes = r2.steps.at(-1)!.notes.join("\n");
    expect(notes).toMatch(/mmput\(mm A\) \[exit_mm\]: mm_users 0\n__mmput\(mm A\) → exit_mmap\narm_smmu_mm_release/);
    expect(notes).toMatch(/remove_vma: VMA of A:q → fput\nfput\(A:q\): f_count 0 → task_work_add\(A, ____fput\)/);
    expect(field(m, r2.final, "mm_stage", A)).toBe(MM_EXITED);
    // + A's active_mm, - the users' reference dropped by __mmput
    expect(field(m, r2.final, "mm_count", A)).toBe(3);
  });

  test("the last mmdrop runs __mmdrop and, in 5.18, mm_pasid_drop", () => {
    const r = run(m, [
      "A: open acc0 as q",
      "A: thread T",
      "A: mmap q",
      "A: sleep",
      "A: close q",
      "A: exit",
      "T: do_exit: exit_mm",
      "A: do_exit: exit_mm",
      "T: do_exit: exit_files",
      "T: do_exit: final",
      "A: do_exit: exit_files",
      "A: do_exit: exit_task_work",
      "A: arm_smmu_sva_unbind continues",
      "A: do_exit: final",
      "SRCU callback",
    ]);
    const notes = r.steps.at(-1)!.notes.join("\n");
    expect(notes).toContain("mm_pasid_drop(mm A): PASID 1 freed");
    expect(notes).toContain("__mmdrop(mm A): mm freed");
    expect(field(m, r.final, "mm_stage", A)).toBe(MM_FREED);
    expect(r.terminal).toBe(true);
    expect([...r.violated]).toEqual([]);
  });
});

describe("f_count and release deferral (fs/file_table.c)", () => {
  const m = model(THREADS, "free-on-mmdrop", "intel-vt-d");
  const q = fileIndex(m, "A:q");

  test("mmap takes a file reference; close drops the fd's; the release waits for the VMA's", () => {
    const r = run(m, ["A: open acc0 as q", "A: thread T", "A: mmap q", "A: sleep", "A: close q"]);
    expect(field(m, r.final, "f_count", q)).toBe(1);
    expect(field(m, r.final, "f_rel", q)).toBe(0);
  });

  test("fput to zero in a user task queues the release on that task's task work; it runs before its next statement", () => {
    const M2 = model(
      `name: x
pasids: 1
devices: [{ name: acc0, driver: uacce }]
processes:
  - { name: A, program: [open acc0 as q, close q, sleep, exit] }
  - { name: B, program: [sleep] }`,
      "free-on-mmdrop",
      "intel-vt-d",
    );
    const r = run(M2, ["A: open acc0 as q", "A: close q"]);
    expect(field(M2, r.final, "f_rel", 0)).toBe(taskIndex(M2, "A") + 1);
    expect(() => run(M2, ["A: open acc0 as q", "A: close q", "A: sleep"])).toThrow(/not enabled/);
    const r2 = run(M2, ["A: open acc0 as q", "A: close q", "B: sleep", "A: task_work"]);
    expect(field(M2, r2.final, "f_state", 0)).toBe(2); // released
  });

  test("an fput from a kworker, or from a task past exit_task_work, goes to delayed_fput_list; the kworker runs it", () => {
    // No built-in path reaches it (the base model handles a device fault, the one kthread that
    // could drop a last mm_users, in one step), so the rule is exercised directly.
    const M3 = model(
      `name: y
pasids: 1
devices: [{ name: acc0, driver: uacce }]
processes:
  - { name: A, program: [open acc0 as q, sleep, exit] }`,
      "free-on-mmdrop",
      "intel-vt-d",
    );
    const r = run(M3, ["A: open acc0 as q"]);
    const s = new Uint8Array(r.final);
    fput(M3.k, s, 0, ACTOR_KWORKER);
    expect(field(M3, s, "f_count", 0)).toBe(0);
    expect(field(M3, s, "f_rel", 0)).toBe(REL_DELAYED);
    const s2 = new Uint8Array(r.final);
    s2[M3.k.L.task_status + 0] = TASK_EXIT_DEAD;
    fput(M3.k, s2, 0, 1);
    expect(field(M3, s2, "f_rel", 0)).toBe(REL_DELAYED);
    const s3 = new Uint8Array(r.final);
    fput(M3.k, s3, 0, 1);
    expect(field(M3, s3, "f_rel", 0)).toBe(1); // task A's task work
    const acts: number[] = [];
    M3.actions(s, acts);
    const delayed = acts.filter((a) => M3.actionLabel(s, a).startsWith("kworker: delayed_fput"));
    expect(delayed).toHaveLength(1);
    const out = new Uint8Array(s);
    expect(M3.next(s, delayed[0], out)).toBe(0);
    expect(field(M3, out, "f_state", 0)).toBe(2); // released, by the kworker
    expect(field(M3, out, "ent_state", M3.k.ent(0, 1))).toBe(0);
  });
});

describe("do_exit order (kernel/exit.c)", () => {
  const m = model(THREADS, "free-on-mmdrop", "intel-vt-d");
  test("exit_mm → exit_files → exit_task_work → final schedule → dead, one step each", () => {
    const A = taskIndex(m, "A");
    const pre = ["A: open acc0 as q", "A: thread T", "A: mmap q", "A: sleep", "A: close q", "A: exit", "T: do_exit: exit_mm", "T: do_exit: exit_files", "T: do_exit: final"];
    const stages = [
      ["A: do_exit: exit_mm", TASK_EXIT_FILES],
      ["A: do_exit: exit_files", 4],
      ["A: do_exit: exit_task_work", TASK_EXIT_DEAD],
      ["A: do_exit: final schedule", TASK_DEAD],
    ] as const;
    const events: string[] = [...pre];
    for (const [ev, status] of stages) {
      events.push(ev);
      expect(field(m, run(m, events).final, "task_status", A), ev).toBe(status);
    }
  });

  test("the exiting task holds mm_count until dead, so its own exit_task_work release cannot free the mm", () => {
    const A = mmIndex(m, "A");
    const r = run(m, ["A: open acc0 as q", "A: thread T", "A: mmap q", "A: sleep", "A: close q", "A: exit", "T: do_exit: exit_mm", "T: do_exit: exit_files", "T: do_exit: final", "A: do_exit: exit_mm", "A: do_exit: exit_files", "A: do_exit: exit_task_work"]);
    expect(field(m, r.final, "mm_stage", A)).toBe(MM_EXITED);
    expect(field(m, r.final, "mm_count", A)).toBe(1);
  });
});

describe("execve in a threaded process (fs/exec.c de_thread)", () => {
  const yaml = `
name: exec with a thread
pasids: 2
devices: [{ name: acc0, driver: uacce }]
processes:
  - { name: A, program: [open acc0 as q, start q, thread T, sleep, exit] }
  - { name: T, thread-of: A, program: [exec, sleep] }
`;
  const m = model(yaml, "free-on-mmdrop", "intel-vt-d");

  test("the other threads are killed and waited for; exec_mmap then mmputs the old mm; the exec'd thread's end is an exit", () => {
    const A = taskIndex(m, "A");
    const pre = ["A: open acc0 as q", "A: start q", "A: thread T", "T: exec"];
    const r = run(m, pre);
    expect(field(m, r.final, "task_status", A)).toBe(TASK_EXIT_MM); // zapped
    expect(() => run(m, [...pre, "T: exec: exec_mmap"])).toThrow(/not enabled/); // waits in de_thread
    const r2 = run(m, [...pre, "A: do_exit: exit_mm", "A: do_exit: exit_files", "T: exec: exec_mmap"]);
    const notes = r2.steps.at(-1)!.notes.join("\n");
    expect(notes).toContain("exec_mmap: T now runs mm T after exec");
    expect(notes).toMatch(/mmput\(mm A\) \[exec_mmap: old mm\]: mm_users 0\n__mmput\(mm A\)/);
    const r3 = run(m, [...pre, "A: do_exit: exit_mm", "A: do_exit: exit_files", "T: exec: exec_mmap", "T: sleep", "T: exit (end of program)"]);
    expect(field(m, r3.final, "task_status", taskIndex(m, "T"))).toBe(TASK_EXIT_MM);
  });

  test("exhaustively: every interleaving completes, nothing leaks", async () => {
    const { check } = await import("../../src/engine/index.js");
    const res = check(m, { stopWhenAllViolated: false });
    expect(res.complete).toBe(true);
    for (const r of res.results) if (r.severity === "violation") expect(r.status, r.property).toBe("holds");
  });
});
