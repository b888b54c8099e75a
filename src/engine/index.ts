/**
 * The engine's public surface: the model contract, exhaustive checking (BFS/DFS with symmetry
 * and partial-order reduction), replay of action paths, seeded random simulation and the small
 * building blocks (fingerprints, visited set, PRNG) other engine front-ends reuse.
 *
 * Everything here runs in Node, a Web Worker and tests alike. Parallel exploration over Node
 * worker threads lives apart, in `./parallel-node.js`, so that browser bundles never pull it.
 */
export type { Action, Model, Property, PropertyKind, PropertyMask, Severity } from "./model.js";
export { check } from "./check.js";
export { resolveCheckOptions, validateModel, type CheckConfig, type CheckOptions } from "./options.js";
export type {
  CheckResult,
  CheckStats,
  Progress,
  PropertyResult,
  PropertyStatus,
  StopReason,
  Strategy,
  Trace,
  TraceStep,
} from "./result.js";
export { replay, rebuildTrace, terminalViolations } from "./trace.js";
export {
  simulate,
  SIMULATION_NOTE,
  type SimulateOptions,
  type SimulationPropertyResult,
  type SimulationResult,
} from "./simulate.js";
export { Rng, type RngState } from "./rng.js";
export { fingerprintBytes, fingerprintWords, paddedState, wordsFor, type PaddedState } from "./fingerprint.js";
export { FingerprintSet } from "./visited.js";
