/*
 * What an exploration returns: plain data, printed elsewhere. Every engine
 * returns a Verdict, told apart by `engine`: the exhaustive searches (one
 * thread or several) and random search, whose verdict also says how to
 * reproduce what it found. Engines build their statistics and their verdict
 * here, so that a status, a completeness claim or a rate means the same
 * whichever engine produced it.
 */
import { ModelRuntimeError, type State } from '../compile/index.js';
import type { Loc } from '../lang/index.js';
import type { Fairness, Model } from '../model/index.js';
import type { Layout } from '../state/layout.js';

export interface Stats {
  /** Transitions taken (successor states generated, duplicates included). */
  generated: number;
  /** Distinct states stored. */
  distinct: number;
  /** The greatest cost of an expanded state: the BFS depth, or the most context switches. */
  depth: number;
  seconds: number;
  /** Distinct states per second (steps per second for an engine that stores no states). */
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
  /**
   * The process of each step, where the search tells runs apart by it (fewest-switches: two
   * processes' steps can lead to the same state, and the switches counted depend on which; a
   * lasso: the process the fairness argument needs).
   */
  readonly processes?: readonly number[];
  /** For a liveness property: the run repeats its states from `lasso.loop` on forever (or stops at its end). */
  readonly lasso?: LassoShape;
}

/** How a liveness counterexample goes on forever. */
export interface LassoShape {
  /**
   * The index of the state where the cycle starts; the last state is that state again. For a
   * run that stops, the index of the last state (which then repeats without any step).
   */
  readonly loop: number;
  /** The run stops: no process can move in its last state. */
  readonly stop: boolean;
  /** The index of the state where the property's trigger held (P, for leadsto). */
  readonly trigger: number;
  /** Processes that could move at every state of the cycle and never do (no fairness kept them moving). */
  readonly starved: readonly number[];
  /** Processes that could move at some states of the cycle and never do. */
  readonly passedOver: readonly number[];
  /** Processes that cannot move at any state of the cycle (finished, or waiting). */
  readonly still: readonly number[];
}

export type Limit = 'states' | 'time' | 'memory' | 'interrupted';

export interface RuntimeFailure {
  readonly loc: Loc;
  readonly message: string;
  /** The states leading to the state whose step failed. */
  readonly states: readonly State[];
}

export type Engine = 'exhaustive' | 'random';

/** What every verdict says, whichever engine gave it. */
interface VerdictBase {
  readonly engine: Engine;
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
  /** After a search that expanded every reachable state: how often each step was taken. */
  readonly coverage?: StepCoverage;
  /** The liveness check, when liveness properties were checked (their violations are among `violations`). */
  readonly liveness?: LivenessSummary;
}

/** What an exhaustive search saw of the model's code. */
export interface StepCoverage {
  /** By step id + 1 (0: a process reaching its end through control flow): the transitions that took it. */
  readonly fired: readonly number[];
  /** By property index: in how many end states a final property was checked (0 for the others). */
  readonly finalChecks: readonly number[];
}

/** How the liveness properties were checked: a second search that keeps every transition. */
export interface LivenessSummary {
  readonly checked: readonly number[];
  /** Whether the whole state graph was built (else the liveness properties not violated are unknown). */
  readonly complete: boolean;
  readonly limit?: Limit;
  /** States and transitions of the graph, its time and bytes (absent: the liveness search did not run). */
  readonly stats?: Stats;
  /** Per process, the fairness the runs were given. */
  readonly fairness: readonly Fairness[];
  readonly store: { readonly kind: 'exact' | 'compact'; readonly coverage?: string };
}

export interface ExhaustiveVerdict extends VerdictBase {
  readonly engine: 'exhaustive';
}

export type Bias = 'pct' | 'uniform';

/** How fast-check found a counterexample, to reproduce it. */
export interface Found extends Counterexample {
  readonly seed: number;
  readonly path: string;
  readonly runs: number;
  readonly shrinks: number;
  /** Replayed from --seed and --path rather than searched for. */
  readonly replayed: boolean;
}

export interface RandomVerdict extends VerdictBase {
  readonly engine: 'random';
  readonly violations: readonly Found[];
  readonly runs: number;
  readonly seed: number;
  readonly bias: Bias;
}

export type Verdict = ExhaustiveVerdict | RandomVerdict;

/** What an engine counted. */
export interface Counts {
  readonly generated: number;
  readonly distinct: number;
  readonly depth: number;
  readonly bytes: number;
}

/**
 * The statistics of a run `seconds` long. With the layout of the states stored, the rate is of
 * distinct states; without (random search stores none), of steps taken.
 */
export function statistics(counts: Counts, seconds: number, layout?: Pick<Layout, 'bits' | 'words'>): Stats {
  const rated = layout ? counts.distinct : counts.generated;
  return {
    generated: counts.generated,
    distinct: counts.distinct,
    depth: counts.depth,
    seconds,
    statesPerSecond: seconds > 0 ? rated / seconds : 0,
    bytes: counts.bytes,
    stateBits: layout?.bits ?? 0,
    stateWords: layout?.words ?? 0,
  };
}

/** What an engine knows when it stops. */
export interface Ending {
  readonly checked: readonly number[];
  readonly violations: readonly Counterexample[];
  readonly stats: Stats;
  /** Whether nothing was left to explore, or to look for. */
  readonly exhausted: boolean;
  readonly limit?: Limit | undefined;
  readonly failure?: RuntimeFailure | undefined;
  readonly store?: VerdictBase['store'];
  /** The symmetric process arrays, when their permutations were counted once. */
  readonly symmetry?: readonly string[] | undefined;
  readonly coverage?: StepCoverage | undefined;
}

/**
 * The verdict of an engine that stopped so. A run-time failure of the model makes it an error,
 * which says where the model failed and nothing about coverage; otherwise a violation makes it
 * violated, a limit reached makes it incomplete.
 */
export function assembleVerdict<E extends Engine>(engine: E, end: Ending): VerdictBase & { readonly engine: E } {
  const { checked, violations, stats, limit, failure, store, symmetry, coverage } = end;
  if (failure) return { engine, status: 'error', complete: false, checked, violations, stats, failure };
  return {
    engine,
    status: violations.length > 0 ? 'violated' : limit ? 'limit' : 'ok',
    complete: end.exhausted && !limit,
    checked,
    violations,
    stats,
    ...(store && { store }),
    ...(symmetry && { symmetry }),
    ...(coverage && !limit && { coverage }),
    ...(limit && { limit }),
  };
}

/** For callers that show no trace of a run-time failure of the model: the failure as its diagnostic. */
export function throwFailure(model: Model, v: Verdict): void {
  if (v.failure) throw new ModelRuntimeError(model.source, v.failure.loc, v.failure.message);
}

/** holds / violated / unknown (a limit stopped the search before it could tell). */
export function propertyStatus(v: Verdict, property: number): 'holds' | 'violated' | 'unknown' {
  if (v.violations.some((c) => c.property === property)) return 'violated';
  if (v.liveness?.checked.includes(property)) return v.liveness.complete ? 'holds' : 'unknown';
  return v.complete ? 'holds' : 'unknown';
}
