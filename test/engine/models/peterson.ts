/**
 * Peterson's mutual exclusion for two processes, as a known-answer model.
 * State (5 bytes, deliberately not a multiple of 4): [pc0, pc1, flag0, flag1, turn].
 * pc: 0 = idle (next: flag[i] := 1), 1 = flagged (next: turn := 1 - i), 2 = waiting (enter when
 * flag[1-i] = 0 or turn = i; otherwise the action is disabled), 3 = critical (next: flag[i] := 0,
 * back to idle). Action i = one step of process i.
 *
 * `broken: true` writes turn := i (the "impolite" bug): both processes can then be critical.
 */
import type { Model } from "../../../src/engine/index.js";

export const PETERSON_PROPS = ["mutex", "no-deadlock", "both-waiting"] as const;

export function peterson(opts: { broken?: boolean } = {}): Model {
  const broken = opts.broken ?? false;
  return {
    stateSize: 5,
    properties: [
      { name: "mutex", kind: "always", severity: "violation", description: "Never both critical." },
      { name: "no-deadlock", kind: "terminal", severity: "violation", description: "Some process can always move." },
      { name: "both-waiting", kind: "always", severity: "warning", description: "Both processes waiting at once." },
    ],
    initialStates: () => [new Uint8Array(5)],
    actions(_s, out) {
      out.push(0, 1);
    },
    next(s, i, out) {
      const pc = s[i];
      const other = 1 - i;
      switch (pc) {
        case 0:
          out[2 + i] = 1;
          out[i] = 1;
          return 0;
        case 1:
          out[4] = broken ? i : other;
          out[i] = 2;
          return 0;
        case 2:
          if (s[2 + other] === 0 || s[4] === i) {
            out[i] = 3;
            return 0;
          }
          return -1;
        default:
          out[2 + i] = 0;
          out[i] = 0;
          return 0;
      }
    },
    check(s) {
      return (s[0] === 3 && s[1] === 3 ? 1 : 0) | (s[0] === 2 && s[1] === 2 ? 4 : 0);
    },
    checkTerminal: () => 2,
    actionLabel: (s, i) => `P${i}: ${["flag := 1", "turn := other", "enter", "leave"][s[i]]}`,
    canonicalize(s) {
      // The two processes are interchangeable once turn is renamed: keep the smaller of s and swap(s).
      const w = [s[1], s[0], s[3], s[2], 1 - s[4]];
      for (let k = 0; k < 5; k++) {
        if (w[k] < s[k]) {
          for (let j = 0; j < 5; j++) s[j] = w[j];
          return;
        }
        if (w[k] > s[k]) return;
      }
    },
    ownerOf: (_s, a) => a,
    independent: () => false,
  };
}
