/** Scenario files: the browser-safe API. Node-only helpers: ./load-node.js, ./builtin-node.js. */
export { parseScenario, formatError, COMMAND_LINE } from "./parse.js";
export type { ParseResult, ScenarioError, ScenarioOverrides } from "./parse.js";
export { BUILTIN_SCENARIO_FILES, builtinId, builtinLabel } from "./builtin.js";
export { DEFAULTS, LIMITS } from "./schema.js";
export { STATEMENT_OPS, STATEMENT_FORMS } from "./statements.js";
export type * from "./types.js";
