/**
 * Dining philosophers, N around a table, N forks (fork i is philosopher i's left fork, fork
 * (i+1) mod N the right one). State: N bytes, one per philosopher: 0 thinking, 1 hungry,
 * 2 holding the first fork, 3 eating (both forks). Who holds which fork follows from these
 * values, so the state carries no separate fork bytes. Action i = a step of philosopher i:
 * 0→1 get hungry (local), 1→2 take the first fork if free, 2→3 take the second if free,
 * 3→0 put both down.
 *
 * Correct variant: philosopher N-1 takes its right fork first (asymmetric), so no deadlock.
 * `broken: true`: everyone takes the left fork first; all holding their left fork is a deadlock
 * (shortest: 2N steps, each philosopher hungry then left fork).
 */
import type { Model } from "../../../src/engine/index.js";

/** Which fork philosopher i takes first / second. */
function forks(n: number, i: number, broken: boolean): [number, number] {
  const left = i;
  const right = (i + 1) % n;
  return !broken && i === n - 1 ? [right, left] : [left, right];
}

/** Holder of fork f in s, or -1. */
function holder(s: Uint8Array, n: number, f: number, broken: boolean): number {
  for (const i of [f, (f + n - 1) % n]) {
    const [first, second] = forks(n, i, broken);
    if ((s[i] >= 2 && first === f) || (s[i] === 3 && second === f)) return i;
  }
  return -1;
}

export function philosophers(n: number, opts: { broken?: boolean } = {}): Model {
  const broken = opts.broken ?? false;
  const m: Model = {
    stateSize: n,
    properties: [
      { name: "no-deadlock", kind: "terminal", severity: "violation", description: "Someone can always move." },
      { name: "neighbours-not-both-eating", kind: "always", severity: "violation", description: "Adjacent philosophers never eat at once." },
    ],
    initialStates: () => [new Uint8Array(n)],
    actions(_s, out) {
      for (let i = 0; i < n; i++) out.push(i);
    },
    next(s, i, out) {
      const [first, second] = forks(n, i, broken);
      switch (s[i]) {
        case 0:
          out[i] = 1;
          return 0;
        case 1:
          if (holder(s, n, first, broken) !== -1) return -1;
          out[i] = 2;
          return 0;
        case 2:
          if (holder(s, n, second, broken) !== -1) return -1;
          out[i] = 3;
          return 0;
        default:
          out[i] = 0;
          return 0;
      }
    },
    check(s) {
      for (let i = 0; i < n; i++) if (n > 1 && s[i] === 3 && s[(i + 1) % n] === 3) return 2;
      return 0;
    },
    checkTerminal: () => 1,
    actionLabel: (s, i) => `phil ${i}: ${["get hungry", "take first fork", "take second fork", "put forks down"][s[i]]}`,
    ownerOf: (_s, a) => a,
    // Getting hungry touches only the philosopher's own byte, which no property reads (both
    // properties read only the fork-holding values 2 and 3): it commutes with everything.
    independent: (s, a, b) => a !== b && s[a] === 0 && s[b] === 0,
  };
  if (broken) {
    // The symmetric table is invariant under rotation: the canonical form is the least rotation.
    m.canonicalize = (s) => {
      let best = 0;
      for (let r = 1; r < n; r++) {
        for (let k = 0; k < n; k++) {
          const x = s[(r + k) % n];
          const y = s[(best + k) % n];
          if (x < y) {
            best = r;
            break;
          }
          if (x > y) break;
        }
      }
      if (best === 0) return;
      const copy = Uint8Array.from(s);
      for (let k = 0; k < n; k++) s[k] = copy[(best + k) % n];
    };
  }
  return m;
}
