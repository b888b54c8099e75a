/**
 * Partial-order reduction by ample sets (Peled; Clarke, Grumberg and Peled, ch. 10).
 *
 * In a state s with enabled set E, the candidate ample sets are A_p = the enabled actions of one
 * owner p (`model.ownerOf`). A_p replaces E only when all of these hold; otherwise s is fully
 * expanded:
 * - C0: A_p is non-empty (and a proper subset of E, or there is nothing to gain).
 * - C1 (independence): every a in A_p is independent (`model.independent(s, a, b)`) of every
 *   enabled action b of another owner.
 * - C2 (invisibility): every action is treated as visible unless `independent` says otherwise;
 *   the contract makes `independent(s, a, b)` promise that neither a nor b is visible to any
 *   property, so C1 as checked above implies C2 for A_p.
 * - C3 (cycles): no successor through A_p is already in the visited set (the conservative
 *   "fully expand if any ample successor is already visited" rule, sound for BFS and DFS: the
 *   state of a cycle expanded last always sees its successor on the cycle as visited).
 * - No self-loops in A_p, so a reduced state is never mistaken for a terminal one and terminal
 *   states are preserved.
 *
 * Model obligation. `independent` is only asked about actions enabled in s, but C1 really
 * quantifies over every action other owners can take before an action of A_p. The engine
 * therefore assumes: if a is independent of every currently enabled action of the other
 * owners, it also commutes with every action they can take later, before a is taken. Models
 * meet this when independence comes from static footprints (a touches only objects that no
 * other owner can touch, and no property reads them). If a model cannot promise this, it must
 * return false from `independent`, and the reduction is then simply less effective.
 *
 * BFS finds shortest counterexamples in the reduced graph; these can be longer than in the full
 * graph. Verdicts are unchanged.
 */
import type { Action, Model } from "./model.js";
import { fingerprintWords, paddedState, type PaddedState } from "./fingerprint.js";
import type { FingerprintSet } from "./visited.js";
import { emptyActions } from "./search-common.js";

export class AmpleSelector {
  private readonly enabled: Action[] = [];
  private readonly owners: number[] = [];
  private readonly candidate: Action[] = [];
  private readonly scratch: PaddedState;
  private readonly fp = new Int32Array(2);
  private readonly ownerOf: (s: Uint8Array, a: Action) => number;
  private readonly independent: (s: Uint8Array, a: Action, b: Action) => boolean;
  /** States whose expansion was reduced (for statistics and tests). */
  reduced = 0;

  constructor(private readonly model: Model, private readonly symmetry: boolean) {
    this.scratch = paddedState(model.stateSize);
    this.ownerOf = model.ownerOf!.bind(model);
    this.independent = model.independent!.bind(model);
  }

  /**
   * Replace `acts` (the actions listed in `state`) by an ample subset when every proviso holds.
   * `state` must be zero-padded in `stateWords`. Returns true when it reduced.
   */
  reduce(state: Uint8Array, stateWords: Uint32Array, acts: Action[], visited: FingerprintSet): boolean {
    if (acts.length < 2) return false;
    const model = this.model;
    const out = this.scratch;
    const E = this.enabled;
    const owners = this.owners;
    emptyActions(E);
    emptyActions(owners);
    for (const a of acts) {
      out.words.set(stateWords);
      if (model.next(state, a, out.bytes) === -1) continue;
      E.push(a);
      owners.push(this.ownerOf(state, a));
    }
    if (E.length < 2) return false;
    const cand = this.candidate;
    let bestOwner = 0;
    let bestSize = Infinity;
    const tried = new Set<number>();
    for (let i = 0; i < E.length; i++) {
      const p = owners[i];
      if (tried.has(p)) continue;
      tried.add(p);
      let size = 0;
      for (let j = 0; j < E.length; j++) if (owners[j] === p) size++;
      if (size === E.length || size >= bestSize) continue;
      if (this.acceptable(state, stateWords, p, visited)) {
        bestOwner = p;
        bestSize = size;
        if (size === 1) break;
      }
    }
    if (bestSize === Infinity) return false;
    emptyActions(cand);
    for (let j = 0; j < E.length; j++) if (owners[j] === bestOwner) cand.push(E[j]);
    emptyActions(acts);
    for (const a of cand) acts.push(a);
    this.reduced++;
    return true;
  }

  private acceptable(state: Uint8Array, stateWords: Uint32Array, p: number, visited: FingerprintSet): boolean {
    const E = this.enabled;
    const owners = this.owners;
    const out = this.scratch;
    const W = stateWords.length;
    for (let i = 0; i < E.length; i++) {
      if (owners[i] !== p) continue;
      const a = E[i];
      // C1 + C2
      for (let j = 0; j < E.length; j++) {
        if (owners[j] === p) continue;
        if (!this.independent(state, a, E[j])) return false;
      }
      // no self-loop, C3
      out.words.set(stateWords);
      this.model.next(state, a, out.bytes);
      let differs = false;
      for (let w = 0; w < W; w++) {
        if (out.words[w] !== stateWords[w]) {
          differs = true;
          break;
        }
      }
      if (!differs) return false;
      if (this.symmetry) this.model.canonicalize!(out.bytes);
      fingerprintWords(out.words, W, this.fp);
      if (visited.has(this.fp[0], this.fp[1])) return false;
    }
    return true;
  }
}
