/**
 * `npm run bench`: the fixed SVA benchmark. Each case runs in its own child process so that its
 * peak memory (maxRSS) is its own; per case it prints states, transitions, seconds, states per
 * second, bytes per stored state (visited set) and peak memory. Then the time to the first
 * counterexample of each seed bug of the history.
 *
 * Each case runs `--runs` times (default 3) and the row is the run with the median time, with
 * the fastest and slowest beside it: on a shared machine one run can be 50 % slower than the
 * next for no reason of the code's.
 *
 *   node dist/bench/run.js [--runs N]   the whole set
 *   node dist/bench/run.js --one ID     one case, as JSON (what the parent runs)
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseScenario } from "../src/scenario/parse.js";
import { checkScenario } from "../src/lib/check.js";
import { builtinScenariosDir } from "../src/scenario/builtin-node.js";
import { racingDrivers } from "./racing.js";

interface Case {
  id: string;
  scenario: string;
  design: string;
  iommu: string;
  symmetry: boolean;
  /** Only the first counterexample of this property matters (time to first counterexample). */
  first?: string;
}

const CASES: Case[] = [
  { id: "five-drivers/free-on-mmdrop/arm", scenario: "five-drivers", design: "free-on-mmdrop", iommu: "arm-smmu-v3", symmetry: false },
  { id: "five-drivers/free-on-mmdrop/intel", scenario: "five-drivers", design: "free-on-mmdrop", iommu: "intel-vt-d", symmetry: false },
  { id: "five-drivers/free-on-mmdrop/arm +sym", scenario: "five-drivers", design: "free-on-mmdrop", iommu: "arm-smmu-v3", symmetry: true },
  { id: "six-drivers/free-on-mmdrop/arm +sym", scenario: "@6", design: "free-on-mmdrop", iommu: "arm-smmu-v3", symmetry: true },
  { id: "seed: free-on-mmput isolation (arm)", scenario: "exit-while-file-open", design: "free-on-mmput", iommu: "arm-smmu-v3", symmetry: false, first: "isolation" },
  { id: "seed: mmget-in-bind leak", scenario: "kill-with-mmap", design: "mmget-in-bind", iommu: "arm-smmu-v3", symmetry: false, first: "no-leak" },
  { id: "seed: free-on-unbind + ENQCMD isolation", scenario: "enqcmd-two-threads", design: "free-on-unbind", iommu: "intel-vt-d", symmetry: false, first: "isolation" },
  { id: "seed: 5.18 Arm unbind use-after-free", scenario: "exit-while-file-open", design: "free-on-mmdrop", iommu: "arm-smmu-v3", symmetry: false, first: "mm-liveness" },
  { id: "seed: free-on-mmput bond-integrity (intel)", scenario: "exit-while-file-open", design: "free-on-mmput", iommu: "intel-vt-d", symmetry: false, first: "bond-integrity" },
];

function runOne(c: Case): Record<string, unknown> {
  const text = c.scenario.startsWith("@") ? racingDrivers(Number(c.scenario.slice(1))) : readFileSync(`${builtinScenariosDir()}/${c.scenario}.yaml`, "utf8");
  const parsed = parseScenario(text, c.scenario, { design: c.design, iommu: c.iommu });
  if (!parsed.ok) throw new Error(`bench scenario ${c.scenario} does not parse`);
  const t0 = performance.now();
  const r = checkScenario(parsed.scenario, {
    symmetry: c.symmetry,
    stopWhenAllViolated: c.first !== undefined,
    properties: c.first ? [c.first] : undefined,
  });
  const seconds = (performance.now() - t0) / 1000;
  const verdict = r.results.map((x) => `${x.property}:${x.status}${x.trace ? `(${x.trace.length})` : ""}`).join(" ");
  return {
    id: c.id,
    states: r.stats.states,
    transitions: r.stats.transitions,
    seconds,
    statesPerSecond: r.stats.states / seconds,
    bytesPerState: r.stats.bytesPerState,
    peakMiB: process.resourceUsage().maxRSS / 1024,
    complete: r.complete,
    verdict,
  };
}

function main(): void {
  const args = process.argv.slice(2);
  if (args[0] === "--one") {
    const c = CASES.find((x) => x.id === args[1]);
    if (!c) throw new Error(`no bench case ${args[1]}`);
    process.stdout.write(JSON.stringify(runOne(c)));
    return;
  }
  let runs = 3;
  if (args[0] === "--runs") {
    runs = Number(args[1]);
    if (!Number.isInteger(runs) || runs < 1) {
      console.error(`bench: --runs takes a whole number of runs per case, at least 1 (got '${args[1] ?? ""}')`);
      process.exit(2);
    }
  } else if (args.length > 0) {
    console.error(`bench: unknown argument '${args[0]}'; usage: node dist/bench/run.js [--runs N]`);
    process.exit(2);
  }
  const self = fileURLToPath(import.meta.url);
  console.log(`sva-lab bench — node ${process.version}, one core per case, median of ${runs} run${runs === 1 ? "" : "s"}`);
  console.log(
    ["case".padEnd(44), "states".padStart(10), "transitions".padStart(12), "seconds".padStart(8), "(fastest-slowest)".padStart(18), "states/s".padStart(10), "B/state".padStart(8), "peak MiB".padStart(9), "  verdict"].join(" "),
  );
  for (const c of CASES) {
    type Row = { id: string; states: number; transitions: number; seconds: number; statesPerSecond: number; bytesPerState: number; peakMiB: number; verdict: string };
    const all: Row[] = [];
    for (let i = 0; i < runs; i++) {
      all.push(JSON.parse(execFileSync(process.execPath, [self, "--one", c.id], { encoding: "utf8", maxBuffer: 1 << 24 })) as Row);
    }
    all.sort((x, y) => x.seconds - y.seconds);
    const r = all[(all.length - 1) >> 1];
    const range = `(${all[0].seconds.toFixed(2)}-${all[all.length - 1].seconds.toFixed(2)})`;
    console.log(
      [
        r.id.padEnd(44),
        String(r.states).padStart(10),
        String(r.transitions).padStart(12),
        r.seconds.toFixed(3).padStart(8),
        range.padStart(18),
        Math.round(r.statesPerSecond).toString().padStart(10),
        r.bytesPerState.toFixed(1).padStart(8),
        r.peakMiB.toFixed(0).padStart(9),
        "  " + r.verdict,
      ].join(" "),
    );
  }
}

main();
