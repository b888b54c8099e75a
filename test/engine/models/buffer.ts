/**
 * A bounded buffer of capacity K with one producer and one consumer.
 * State (3 bytes): [producerHasItem, consumerHasItem, count].
 * Actions: 0 make an item (producer, local), 1 put it (if count < K), 2 take one (if
 * count > 0), 3 consume it (consumer, local). Every (p, c, count) in {0,1}x{0,1}x{0..K} is
 * reachable: 4(K+1) states.
 *
 * Properties: `no-overflow` (always: count <= K), `no-put-when-full` (transition: a put into a
 * full buffer), `progress` (terminal: something can always move).
 * `broken: true` checks count <= K instead of count < K before a put (off by one): both
 * properties are then violated, shortest after 2K+2 steps (K+1 make/put pairs).
 */
import type { Model } from "../../../src/engine/index.js";

export function boundedBuffer(k: number, opts: { broken?: boolean } = {}): Model {
  const broken = opts.broken ?? false;
  return {
    stateSize: 3,
    properties: [
      { name: "no-overflow", kind: "always", severity: "violation", description: "count <= K." },
      { name: "no-put-when-full", kind: "transition", severity: "violation", description: "No put into a full buffer." },
      { name: "progress", kind: "terminal", severity: "violation", description: "Something can always move." },
    ],
    initialStates: () => [new Uint8Array(3)],
    actions(s, out) {
      if (s[0] === 0) out.push(0);
      else out.push(1);
      if (s[1] === 0) out.push(2);
      else out.push(3);
    },
    next(s, a, out) {
      switch (a) {
        case 0:
          out[0] = 1;
          return 0;
        case 1: {
          if (!(broken ? s[2] <= k : s[2] < k)) return -1;
          out[0] = 0;
          out[2] = s[2] + 1;
          return s[2] >= k ? 2 : 0;
        }
        case 2:
          if (s[2] === 0) return -1;
          out[1] = 1;
          out[2] = s[2] - 1;
          return 0;
        default:
          out[1] = 0;
          return 0;
      }
    },
    check: (s) => (s[2] > k ? 1 : 0),
    checkTerminal: () => 4,
    actionLabel: (_s, a) => ["make", "put", "take", "consume"][a],
    ownerOf: (_s, a) => (a < 2 ? 0 : 1),
    // make and consume touch only their own process's byte, which no property reads.
    independent: (_s, a, b) => (a === 0 || a === 3) && (b === 0 || b === 3) && (a < 2) !== (b < 2),
  };
}
