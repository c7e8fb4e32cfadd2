/*
 * What an exploration returns: plain data, printed elsewhere. Every engine
 * (breadth-first now, random later) returns a Verdict of this shape.
 */
import { ModelRuntimeError, type State } from '../compile/index.js';
import type { Loc } from '../lang/index.js';
import type { Model } from '../model/index.js';

export interface Stats {
  /** Transitions taken (successor states generated, duplicates included). */
  generated: number;
  /** Distinct states stored. */
  distinct: number;
  /** The greatest cost of an expanded state: the BFS depth, or the most context switches. */
  depth: number;
  seconds: number;
  /** Distinct states per second. */
  statesPerSecond: number;
  /** Bytes held by the state store, and per state. */
  bytes: number;
  /** Bits a state needs, and the 32-bit words it is packed into. */
  stateBits: number;
  stateWords: number;
}

/** A path from the initial state to a violation. */
export interface Counterexample {
  readonly property: number;
  /** What the search minimised: steps (shortest) or context switches (fewest-switches). */
  readonly cost: number;
  readonly states: readonly State[];
}

export type Limit = 'states' | 'time' | 'memory' | 'interrupted';

export interface RuntimeFailure {
  readonly loc: Loc;
  readonly message: string;
  /** The states leading to the state whose step failed. */
  readonly states: readonly State[];
}

export interface Verdict {
  /** ok: the whole state space was explored; limit: a limit stopped it first; error: the model failed at run time. */
  readonly status: 'ok' | 'violated' | 'limit' | 'error';
  /** Whether every reachable state was explored (so unviolated properties hold). */
  readonly complete: boolean;
  /** The property indices that were checked. */
  readonly checked: readonly number[];
  /** The first counterexample of each violated property, in the order found. */
  readonly violations: readonly Counterexample[];
  readonly stats: Stats;
  readonly limit?: Limit;
  readonly failure?: RuntimeFailure;
  /** The process arrays whose elements' permutations were counted as one state (symmetry reduction). */
  readonly symmetry?: readonly string[];
  /** How states were stored; for compact and bitstate, what that may have cost in completeness. */
  readonly store?: { readonly kind: 'exact' | 'compact' | 'bitstate'; readonly coverage?: string };
}

/** For callers that show no trace of a run-time failure of the model: the failure as its diagnostic. */
export function throwFailure(model: Model, v: Verdict): void {
  if (v.failure) throw new ModelRuntimeError(model.source, v.failure.loc, v.failure.message);
}

/** holds / violated / unknown (a limit stopped the search before it could tell). */
export function propertyStatus(v: Verdict, property: number): 'holds' | 'violated' | 'unknown' {
  if (v.violations.some((c) => c.property === property)) return 'violated';
  return v.complete ? 'holds' : 'unknown';
}
