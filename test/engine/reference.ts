/**
 * An obvious reference search for tests: breadth-first over states keyed by strings in a plain
 * JS Set/Map, with none of the engine's machinery (no fingerprints, no typed-array queues). It
 * returns the reachable set and the shortest counterexample length per property.
 */
import type { Action, Model } from "../../src/engine/index.js";

export interface Reference {
  /** Reachable states, keyed by their bytes joined with commas, with their BFS depth. */
  readonly depth: Map<string, number>;
  /** Shortest counterexample length per property index (undefined: holds). */
  readonly shortest: (number | undefined)[];
}

export const keyOf = (s: Uint8Array): string => Array.from(s).join(",");

export function referenceSearch(model: Model): Reference {
  const depth = new Map<string, number>();
  const shortest: (number | undefined)[] = [];
  const note = (mask: number, len: number): void => {
    for (let i = 0; i < model.properties.length; i++) {
      if (mask & (1 << i) && (shortest[i] === undefined || shortest[i]! > len)) shortest[i] = len;
    }
  };
  let level: Uint8Array[] = [];
  for (const s of model.initialStates()) {
    const k = keyOf(s);
    if (depth.has(k)) continue;
    depth.set(k, 0);
    level.push(Uint8Array.from(s));
    note(model.check(s) & kindMask(model, "always"), 0);
  }
  for (let d = 0; level.length > 0; d++) {
    const nextLevel: Uint8Array[] = [];
    for (const s of level) {
      const acts: Action[] = [];
      model.actions(s, acts);
      let progress = false;
      for (const a of acts) {
        const t = Uint8Array.from(s);
        const m = model.next(s, a, t);
        if (m === -1) continue;
        if (keyOf(t) !== keyOf(s)) progress = true;
        note(m & kindMask(model, "transition"), d + 1);
        const k = keyOf(t);
        if (depth.has(k)) continue;
        depth.set(k, d + 1);
        nextLevel.push(t);
        note(model.check(t) & kindMask(model, "always"), d + 1);
      }
      if (!progress) note(model.checkTerminal(s) & kindMask(model, "terminal"), d);
    }
    level = nextLevel;
  }
  return { depth, shortest };
}

function kindMask(model: Model, kind: string): number {
  let m = 0;
  model.properties.forEach((p, i) => {
    if (p.kind === kind) m |= 1 << i;
  });
  return m;
}
