/**
 * The entry point of exhaustive checking: resolve the options once, then run the chosen strategy
 * (breadth-first by default, for shortest counterexamples; depth-first for memory-lean runs).
 */
import type { Model } from "./model.js";
import { resolveCheckOptions, type CheckOptions } from "./options.js";
import type { CheckResult } from "./result.js";
import { bfs } from "./bfs.js";
import { dfs } from "./dfs.js";

/**
 * Explore every reachable state of `model` (within the caps in `options`) and report, for each
 * checked property, whether it holds, is violated (with its own counterexample, shortest under
 * BFS) or could not be decided (`incomplete`). Throws only on misuse: bad options, or a model
 * that breaks its contract.
 */
export function check(model: Model, options: CheckOptions = {}): CheckResult {
  const cfg = resolveCheckOptions(model, options);
  return cfg.strategy === "dfs" ? dfs(model, cfg) : bfs(model, cfg);
}
