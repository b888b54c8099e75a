/**
 * `sva-lab ui` as a real process: with the explorer built it serves the page over HTTP on a free
 * port; without it, it says how to build it and exits 2.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { beforeAll, expect, test } from "vitest";

beforeAll(() => {
  execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], { stdio: "pipe" });
}, 120_000);

test("ui serves the explorer, or explains how to build it", async () => {
  if (!existsSync("web/dist/index.html")) {
    const r = spawnSync(process.execPath, ["bin/sva-lab.js", "ui", "--port", "0"], { encoding: "utf8", timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("sva-lab: the explorer is not built: run 'npm run build:web' (or 'npm run ui', which builds and serves)\n");
    return;
  }
  const child = spawn(process.execPath, ["bin/sva-lab.js", "ui", "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let err = "";
      const timer = setTimeout(() => reject(new Error(`no URL within 20 s: ${err}`)), 20_000);
      child.stderr.on("data", (d: Buffer) => {
        err += d.toString();
        const m = /serving (http:\/\/127\.0\.0\.1:\d+\/?)/.exec(err);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
    });
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("sva-lab");
    const missing = await fetch(new URL("/no-such-file.js", url));
    expect(missing.status).toBe(404);
  } finally {
    child.kill("SIGTERM");
  }
  const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
  expect(code).toBe(0);
}, 60_000);
