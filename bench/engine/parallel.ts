/**
 * Parallel BFS over worker threads against single-threaded check() on the synthetic counters
 * model; asserts identical states, transitions and verdicts. The synthetic model is so cheap
 * that the main thread's in-order insertion dominates: parallelism pays off only for models
 * whose next()/check() are expensive.
 *
 *   npm run build && node dist/bench/engine/parallel.js [K] [M] [workers]
 */
import { check } from "../../src/engine/index.js";
import { checkParallel } from "../../src/engine/parallel-node.js";
import { counters } from "./synthetic-model.js";

const k = Number(process.argv[2] ?? 4);
const m = Number(process.argv[3] ?? 30);
const workers = Number(process.argv[4] ?? 2);
const seq = check(counters(k, m), { stopWhenAllViolated: false });
const par = await checkParallel(
  { moduleUrl: new URL("./synthetic-model.js", import.meta.url).href, exportName: "countersFactory", config: { k, m } },
  { stopWhenAllViolated: false, workers },
);
if (par.stats.states !== seq.stats.states || par.stats.transitions !== seq.stats.transitions) {
  throw new Error("parallel and sequential runs differ");
}
for (const [name, r] of [["check", seq], [`checkParallel x${workers}`, par]] as const) {
  console.log(`${name.padEnd(18)} states ${r.stats.states}  transitions ${r.stats.transitions}  ${r.stats.seconds.toFixed(2)} s  ${Math.round(r.stats.statesPerSecond).toLocaleString("en-US")} states/s`);
}
