/**
 * The model contract: everything a search strategy needs to know about a model, and nothing about
 * what the model means. In the spirit of Stateright's `Model` trait, but shaped for speed: a state
 * is a fixed-size byte array whose layout only the model knows, and an action is a small integer.
 *
 * The engine never imports a model; a model imports only this file (and the engine's public
 * index). Everything here runs unchanged in Node, in a Web Worker and in tests.
 */

/** A model-defined action: a non-negative integer below 2^31 (a process index and an opcode, say). */
export type Action = number;

/**
 * How a property is checked.
 * - `always`: a state predicate, checked on every reachable state (`Model.check`).
 * - `transition`: reported by `Model.next` when a step does something forbidden (a write to a
 *   freed object, say); the counterexample ends with that step.
 * - `terminal`: checked only on terminal states, i.e. states where no enabled action leads to a
 *   different state (self-loops such as "the device issues DMA" do not count as progress).
 */
export type PropertyKind = "always" | "transition" | "terminal";

/** A violation of a `warning` property is reported apart from violations and never fails a check. */
export type Severity = "violation" | "warning";

export interface Property {
  /** Stable, kebab-case name (`isolation`, `no-leak`, ...). */
  readonly name: string;
  readonly kind: PropertyKind;
  readonly severity: Severity;
  /** One sentence for `--help` and reports. */
  readonly description: string;
  /**
   * Only for a `transition` property that some states violate by themselves (an entry left
   * translating a dead mm, say, whichever step leaves it): `check` then reports it for those
   * states, and every search checks it there as it does `always` properties. A state is checked
   * once, when first reached, where testing it inside `next` would test it again on every step
   * into it (most successors are states already visited). The shortest counterexample is the
   * same: the first step into such a state in breadth-first order is the one that discovers it.
   */
  readonly checkedInStates?: boolean;
}

/**
 * Bit i of a property mask refers to `Model.properties[i]`; so a model has at most 31 properties.
 */
export type PropertyMask = number;

export interface Model {
  /** Bytes in one packed state. Every state of this model has exactly this size. */
  readonly stateSize: number;

  /** The properties this model can check, in a fixed order (bit i of every mask is properties[i]). */
  readonly properties: readonly Property[];

  /** The initial states (usually one). Each has length `stateSize`. */
  initialStates(): Uint8Array[];

  /**
   * Push every action enabled in `state` onto `out` (which the engine has emptied). Order matters
   * only for reproducibility: it must be a function of the state alone.
   */
  actions(state: Uint8Array, out: Action[]): void;

  /**
   * Apply `action` to `state`. On entry `out` already holds a byte copy of `state`; the model
   * mutates `out` into the successor. `state` must not be modified.
   *
   * Returns the mask of `transition` properties this step violates (0 for none), or -1 if the
   * action turned out to be disabled (then `out` is ignored). Must be deterministic.
   */
  next(state: Uint8Array, action: Action, out: Uint8Array): PropertyMask;

  /** Mask of `always` properties violated in `state`. */
  check(state: Uint8Array): PropertyMask;

  /** Mask of `terminal` properties violated in `state`, called only for terminal states. */
  checkTerminal(state: Uint8Array): PropertyMask;

  /** A short, human-readable label for `action` taken in `state` (used in traces only, never on the hot path). */
  actionLabel(state: Uint8Array, action: Action): string;

  /**
   * Optional symmetry reduction: rewrite `state` in place into the canonical representative of
   * its symmetry class (for example, sort the blocks of interchangeable processes). Must satisfy
   * canonical(canonical(s)) = canonical(s), and two states in the same class must get the same
   * bytes. Must commute with the properties: a property holds in s iff it holds in canonical(s).
   */
  canonicalize?(state: Uint8Array): void;

  /**
   * Optional partial-order reduction: the process (or other unit of locality) that owns `action`.
   * Two actions of different owners may be treated as independent only when `independent`
   * returns true for them in `state`.
   */
  ownerOf?(state: Uint8Array, action: Action): number;

  /**
   * Optional partial-order reduction: true when `a` and `b`, both enabled in `state`, commute
   * (either order gives the same state and neither disables the other) and neither is visible to
   * any property. Absent means "never independent".
   */
  independent?(state: Uint8Array, a: Action, b: Action): boolean;
}
