/**
 * The built-in scenario library: the files in scenarios/ at the package root. Browser-safe: only
 * the names live here (a browser cannot read the folder; a bundler can import the texts, e.g.
 * Vite's `import text from "../../scenarios/NAME.yaml?raw"`). Node code reads the texts with
 * src/scenario/builtin-node.ts. A test keeps this list equal to the folder's contents.
 */

/** File names in scenarios/, in the order the matrix shows them. */
export const BUILTIN_SCENARIO_FILES: readonly string[] = [
  "exit-while-file-open.yaml",
  "forked-fd.yaml",
  "kill-with-mmap.yaml",
  "enqcmd-two-threads.yaml",
  "two-devices-one-mm.yaml",
  "reused-pasid-two-devices.yaml",
  "exec-after-bind.yaml",
  "pasid-space-of-one.yaml",
  "five-drivers.yaml",
];

/** The `file` a built-in scenario is parsed under: "<built-in>/NAME.yaml". */
export function builtinLabel(fileName: string): string {
  return `<built-in>/${fileName}`;
}

/** A built-in's short name: its file name without ".yaml". */
export function builtinId(fileName: string): string {
  return fileName.replace(/\.ya?ml$/, "");
}
