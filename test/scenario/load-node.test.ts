import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenarioFile, loadScenarioFileSync } from "../../src/scenario/load-node.js";
import { formatError } from "../../src/scenario/parse.js";
import { OK } from "./bad-cases.js";

describe("loadScenarioFile", () => {
  const dir = mkdtempSync(join(tmpdir(), "sva-lab-scenario-"));
  const good = join(dir, "good.yaml");
  const bad = join(dir, "bad.yaml");
  writeFileSync(good, OK);
  writeFileSync(bad, OK.replace("start q", "strat q"));

  it("reads and parses a file, naming it in the scenario", async () => {
    const r = await loadScenarioFile(good, { pasids: 4 });
    expect(r.ok && r.scenario).toMatchObject({ file: good, name: "t", pasids: 4 });
    expect(loadScenarioFileSync(good)).toEqual(await loadScenarioFile(good));
  });

  it("names the file in errors", async () => {
    const r = await loadScenarioFile(bad);
    expect(r.ok ? [] : r.errors.map(formatError)).toEqual([`${bad}:6:31: unknown statement 'strat'; did you mean 'start'?`]);
  });

  it("reports a missing file as one error without a position", async () => {
    const missing = join(dir, "nope.yaml");
    const r = await loadScenarioFile(missing);
    expect(r.ok ? [] : r.errors.map(formatError)).toEqual([`${missing}: cannot read scenario file: no such file`]);
    expect(loadScenarioFileSync(missing)).toEqual(r);
  });

  it("reports a directory", async () => {
    const r = await loadScenarioFile(dir);
    expect(r.ok ? [] : r.errors.map(formatError)).toEqual([`${dir}: cannot read scenario file: is a directory`]);
  });
});
