/*
 * The options of the exhaustive search (search.ts), apart so that the search's
 * file holds its loop.
 */
import type { State } from '../compile/index.js';
import type { LimitOptions } from './limits.js';
import type { Reduction } from './reduction.js';

export type Order = 'shortest' | 'fewest-switches';

/**
 * exact: every state stored; compact: fingerprints in a compact table; bitstate: a bit array
 * (see state/compact.ts).
 */
export type StoreKind = 'exact' | 'compact' | 'bitstate';

export interface SearchOptions extends LimitOptions {
  /** Property indices to check (default: all). */
  properties?: readonly number[];
  /** shortest (breadth-first, the default) or fewest-switches (exact store only). */
  order?: Order;
  store?: StoreKind;
  /** bitstate: the bit array has 2^bits bits (default 30, 128 MiB), as SPIN's -w. */
  bits?: number;
  /** Stop at the first violation of any property. */
  stopAtFirst?: boolean;
  /** Start from this state instead of the initial one (to complete a replayed run). */
  from?: State;
  /** Explore every reachable state even once every checked property is violated (to count them). */
  exhaust?: boolean;
  /** Partial-order reduction (see reduction.ts); a Reduction to use that one. */
  reduce?: boolean | Reduction;
  /**
   * Symmetry reduction (unless false) where the model has a `symmetric` process array: states
   * are stored in canonical form (see state/symmetry.ts). Not with fewest-switches, whose
   * states carry a process number that a permutation would change.
   */
  symmetry?: boolean;
  /**
   * Breadth-first over the exact store: the table size (slots) from which successors are stored a
   * batch at a time rather than as they are emitted (see search.ts; default 2^20). For tests: 0
   * batches from the first state, Infinity never.
   */
  batchFrom?: number;
  /**
   * Several workers: levels of fewer states are expanded by the starting thread alone, and the worker
   * threads start only at a level this large (default 4096; see LevelSettings.soloBelow). For tests.
   */
  soloBelow?: number;
}
