/**
 * Throughput of check() on a synthetic model (K counters modulo M, M^K states): prints states,
 * transitions, seconds, states/s, bytes per stored state in the visited set, parent-link bytes,
 * the engine's peak buffer bytes and the process's peak RSS.
 *
 *   npm run build && node dist/bench/engine/throughput.js [K] [M] [bfs|dfs]
 * Defaults: K=4, M=40 (2,560,000 states).
 */
import { check } from "../../src/engine/index.js";
import { counters } from "./synthetic-model.js";

const k = Number(process.argv[2] ?? 4);
const m = Number(process.argv[3] ?? 40);
const strategy = (process.argv[4] ?? "bfs") as "bfs" | "dfs";
const model = counters(k, m);
// Warm up the JIT on a small instance first.
check(counters(k, Math.min(m, 8)), { strategy, stopWhenAllViolated: false });
const r = check(model, { strategy, stopWhenAllViolated: false });
const s = r.stats;
const mb = (b: number): string => `${(b / 1048576).toFixed(1)} MiB`;
console.log(`model            counters K=${k} M=${m} (${m ** k} states expected), strategy ${strategy}`);
console.log(`complete         ${r.complete}`);
console.log(`states           ${s.states}`);
console.log(`transitions      ${s.transitions}`);
console.log(`seconds          ${s.seconds.toFixed(3)}`);
console.log(`states/s         ${Math.round(s.statesPerSecond).toLocaleString("en-US")}`);
console.log(`transitions/s    ${Math.round(s.transitions / s.seconds).toLocaleString("en-US")}`);
console.log(`visited set      ${mb(s.visitedBytes)} = ${s.bytesPerState.toFixed(2)} bytes/state`);
console.log(`parent links     ${mb(s.parentBytes)}`);
console.log(`peak frontier    ${s.peakFrontier} states`);
console.log(`engine buffers   ${mb(s.memoryBytes)} (peak)`);
console.log(`peak RSS         ${mb(process.resourceUsage().maxRSS * 1024)}`);
if (s.states !== m ** k) throw new Error("state count mismatch");
