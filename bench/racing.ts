/** n user drivers racing for two PASIDs: open, start, close, exit; the last exits with its queue started. */
export function racingDrivers(n: number): string {
  const procs = Array.from({ length: n }, (_, i) =>
    i === n - 1 ? `  - { name: P${i + 1}, program: [open acc0 as q, start q, exit] }` : `  - { name: P${i + 1}, program: [open acc0 as q, start q, close q, exit] }`,
  );
  return `name: ${n} drivers racing\npasids: 2\ndevices: [{ name: acc0, driver: uacce }]\nprocesses:\n${procs.join("\n")}\n`;
}
