/*
 * Replay's input and result, as plain data: a diagram (or another model's
 * trace) as columns and entries in, the run it comes to out.
 */
import type { SearchOptions } from '../../explore/index.js';
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

export type Reason =
  /** The process cannot move: it waits at a step (its text, and file:line:col) whose await is false. */
  | {
      readonly kind: 'blocked';
      readonly steps: readonly TraceStep[];
      readonly at: { readonly text: string; readonly where: string };
      readonly await?: { readonly text: string; readonly values: readonly { name: string; value: Value }[] };
    }
  /** The process takes other steps and finishes without showing the entry (or runs on too long). */
  | { readonly kind: 'diverged'; readonly steps: readonly TraceStep[]; readonly ends: 'finished' | 'too long' };

export type Outcome =
  | { readonly kind: 'violation'; readonly property: string; readonly afterEntries: number }
  | { readonly kind: 'feasible'; readonly complete: boolean }
  | { readonly kind: 'infeasible'; readonly entry: number; readonly process: number; readonly reason: Reason };

export interface ReplayResult {
  readonly model: Model;
  /** Column → process index. */
  readonly processes: readonly number[];
  /** The run: the steps replayed (and, for a violation, those that complete it). */
  readonly trace: Trace;
  readonly outcome: Outcome;
  /** Entries the model has nothing like, so skipped (indices into the input's entries). */
  readonly skipped: readonly number[];
  /** Entry → index of the trace step that showed it (frames: the step that entered them). */
  readonly matched: ReadonlyMap<number, number>;
}

/** Limits of the search for a violation after the diagram's last entry (default: 2 million states, 30 s). */
export type ReplayLimits = Pick<SearchOptions, 'maxStates' | 'maxSeconds' | 'maxBytes' | 'interrupted'>;
