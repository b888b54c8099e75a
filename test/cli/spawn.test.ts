/**
 * The real thing: `node bin/sva-lab.js` as a process, after building dist/ once. Exit codes,
 * streams, and that bad input never shows a stack trace.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { beforeAll, describe, expect, test } from "vitest";

function nodeRun(nodeArgs: string[], args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...nodeArgs, "bin/sva-lab.js", ...args], { encoding: "utf8", timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const sva = (...args: string[]): ReturnType<typeof nodeRun> => nodeRun([], args);

describe("bin/sva-lab.js", () => {
  beforeAll(() => {
    execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], { stdio: "pipe" });
  }, 120_000);

  test("--help: examples on stdout, exit 0", () => {
    const r = sva("--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Examples:");
  });

  test("exit codes 0, 1, 3 from a real process", () => {
    expect(sva("check", "kill-with-mmap", "--design", "iommu-mm", "--iommu", "intel-vt-d").status).toBe(0);
    const v = sva("check", "scenarios/exit-while-file-open.yaml", "--design", "free-on-mmput", "--json");
    expect(v.status).toBe(1);
    expect((JSON.parse(v.stdout) as { results: { property: string; status: string }[] }).results.find((x) => x.property === "isolation")!.status).toBe("violated");
    expect(sva("check", "five-drivers", "--max-states", "500").status).toBe(3);
  });

  test("without WebAssembly (node --jitless) the same check gives the same results", () => {
    const args = ["check", "exit-while-file-open", "--design", "free-on-mmput", "--json"];
    const strip = (out: string): unknown => {
      const j = JSON.parse(out) as { stats: Record<string, unknown> };
      delete j.stats.seconds;
      delete j.stats.statesPerSecond;
      return j;
    };
    const plain = sva(...args);
    const jitless = nodeRun(["--jitless"], args);
    expect(jitless.status).toBe(1);
    expect(strip(jitless.stdout)).toEqual(strip(plain.stdout));
  });

  test("exit 2 and one line on stderr for a bad file, no stack trace", () => {
    const r = sva("check", "test/cli/fixtures/does-not-exist.yaml");
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("test/cli/fixtures/does-not-exist.yaml: cannot read scenario file: no such file\n");
    const u = sva("check", "kill-with-mmap", "--desgn", "x");
    expect(u.status).toBe(2);
    expect(u.stderr).toBe("sva-lab check: unknown option '--desgn'; did you mean '--design'?\n");
  });

  test("scenarios and designs", () => {
    expect(sva("scenarios").stdout).toContain("kill-with-mmap");
    expect(sva("designs").stdout).toContain("free-on-mmdrop-5.19");
  });
});
