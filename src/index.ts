/**
 * sva-lab's public library surface (runs in Node and in the browser). Shells — the command line
 * in src/cli and the web app in web/ — use only what is exported here.
 */
export * from "./lib/check.js";
export * from "./lib/matrix.js";
export * from "./lib/trace.js";
export * from "./lib/explorer.js";
export { objectGraph, diffStates, type ObjectGraph, type GraphNode, type GraphEdge } from "./kernel/describe.js";
export { createSvaModel, SvaModel, IOMMUS } from "./kernel/model.js";
export { runEvents, enabledActions, RunnerError, type RunResult, type RunStep } from "./kernel/runner.js";
export { DESIGNS, getDesign, designAliases, type Design } from "./kernel/designs/index.js";
export { PROPERTIES } from "./kernel/properties/index.js";
export * from "./kernel/names.js";
export * from "./scenario/index.js";
export type { Scenario, Statement, ProcessSpec, DeviceSpec, SourcePos } from "./scenario/types.js";
export * from "./lib/format-text.js";
export * from "./lib/format-json.js";
export * from "./lib/format-mermaid.js";
export * from "./lib/format-dot.js";
export * from "./lib/format-matrix.js";
export * from "./lib/replay.js";
export { didYouMean, nearest, oneOf } from "./lib/suggest.js";
