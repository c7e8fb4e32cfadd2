/*
 * Replay's input and result, as plain data: a diagram (or another model's
 * trace) as columns and entries in; out, the run the search came to, or why
 * no run draws the diagram, or the limit that stopped the search first.
 */
import type { Limit, LimitOptions, Stats } from '../../explore/index.js';
import type { Loc, Source } from '../../lang/index.js';
import type { Model } from '../../model/index.js';
import type { Trace, TraceStep, Value } from '../types.js';

export interface ReplayColumn {
  readonly title: string;
  /** The process, by name, when it is known (replaying a trace); else found from the title. */
  readonly process?: string;
}

/** A call `name(...)`, a note `--> ...`, or other text (a sentence, or a note without arrow). */
export type EntryKind = 'call' | 'text' | 'note';

export interface ReplayEntry {
  readonly column: number;
  readonly kind: EntryKind;
  readonly text: string;
  /** How to point at the entry in messages: "line 23". */
  readonly label: string;
  /** Where it is in `ReplayInput.source`, for diagnostics. */
  readonly loc?: Loc;
}

export interface ReplayInput {
  readonly columns: readonly ReplayColumn[];
  readonly entries: readonly ReplayEntry[];
  /** The diagram's text, when entries come from one. */
  readonly source?: Source;
}

/** A step of the model: its text as a diagram shows it, and where it is written (file:line:col). */
export interface StepRef {
  readonly text: string;
  readonly where: string;
}

export interface NamedValue {
  readonly name: string;
  readonly value: Value;
}

/** Where a value a condition reads was set: the process's own step that assigned it, and from what. */
export interface Origin {
  readonly name: string;
  readonly step: StepRef;
  /** The assignment as written, e.g. `nocow = !ro`. */
  readonly assignment: string;
  /** The values it read then. */
  readonly values: readonly NamedValue[];
}

/** A condition of the model, as written, its value, and the values of what it reads. */
export interface Condition {
  readonly text: string;
  readonly value: boolean;
  readonly values: readonly NamedValue[];
  readonly origins: readonly Origin[];
}

/** Why the process of the next entry cannot draw it, in one state where the search stopped. */
export type Reason =
  /** It waits at a step whose `await` is false. */
  | { readonly kind: 'blocked'; readonly at: StepRef; readonly await?: Condition }
  /** An `if` sent it the other way: `at` is the branch, `then` the step it took instead. */
  | { readonly kind: 'branch'; readonly at: StepRef; readonly condition: Condition; readonly then: StepRef }
  /** The step that could draw it ran without drawing it (a condition in its body was false). */
  | { readonly kind: 'not drawn'; readonly at: StepRef; readonly condition?: Condition }
  /** It took other steps (or finished) without a decision the model names. */
  | { readonly kind: 'diverged'; readonly at?: StepRef };

/** A reason and how many of the stopping states it is the reason in. */
export interface StopReason {
  readonly reason: Reason;
  /** The step a reviewer would name: the one that waits, or the one whose result decided the branch. */
  readonly step?: StepRef;
  readonly states: number;
}

export type Outcome =
  | { readonly kind: 'violation'; readonly property: string; readonly afterEntries: number }
  /** Some run draws the whole diagram and none found violates anything (`complete`: searched to the end). */
  | { readonly kind: 'feasible'; readonly complete: boolean }
  /**
   * No run draws entry `entry` (of process `process`) after the ones before it: the search was
   * exhausted. `reasons` covers every state where it stopped (`stops` of them).
   */
  | {
      readonly kind: 'infeasible';
      readonly entry: number;
      readonly process: number;
      readonly reasons: readonly StopReason[];
      readonly stops: number;
      /** The reason in the state where the run drawn stops. */
      readonly shown: Reason;
    }
  /** A limit stopped the search before any run drew the diagram: no verdict (`entry`: the furthest reached). */
  | { readonly kind: 'undecided'; readonly limit: Limit; readonly entry: number };

export interface ReplayResult {
  readonly model: Model;
  /** Column → process index. */
  readonly processes: readonly number[];
  /**
   * The run: for a feasible one, the steps that draw the diagram (and, for a violation, those that
   * complete it); for an infeasible one, a run up to the furthest entry drawn.
   */
  readonly trace: Trace;
  readonly outcome: Outcome;
  /** Entries the model has nothing like, so skipped, with the reason. */
  readonly skipped: readonly { readonly entry: number; readonly why: string }[];
  /** Entry → index of the trace step that drew it. */
  readonly matched: ReadonlyMap<number, number>;
  /** Trace steps the diagram does not draw: filled in by the search. */
  readonly filled: ReadonlySet<number>;
  /** Infeasible: the steps the entry's process takes after the furthest entry, in the run shown. */
  readonly after: readonly TraceStep[];
  readonly stats: Stats;
  /** The properties a run was looked at for (their names), when not every property of the model. */
  readonly only?: readonly string[];
}

/** The search's limits (states, seconds, bytes, Ctrl-C, progress), as every engine takes them. */
export type ReplayLimits = Pick<
  LimitOptions,
  'maxStates' | 'maxSeconds' | 'maxBytes' | 'interrupted' | 'progress' | 'progressEvery'
>;

/** Replay options beyond the limits. */
export interface ReplayOptions extends ReplayLimits {
  /** Every line of the diagram must match something of the model (no commentary skipped). */
  readonly strict?: boolean;
  /** The properties (indices) a run may end in a violation of (default: all). */
  readonly properties?: readonly number[];
}
