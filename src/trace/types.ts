/*
 * A Trace: the steps from an initial state to a violation, with everything a
 * renderer needs (display text, notes, call frames, variable values) and
 * nothing it must look up in the model. Plain JSON-ready data.
 */
import type { PropertyKind } from '../model/index.js';

/** A variable's value as the model writes it: bools, integers, enum member names. */
export type Value = boolean | number | string;

export interface TraceNote {
  readonly arrow: boolean;
  readonly text: string;
}

/** One entered `call` frame; `id` tells two entries of the same call apart. */
export interface TraceFrame {
  readonly id: number;
  readonly depth: number;
  readonly text: string;
  readonly notes: readonly TraceNote[];
}

export interface TraceStep {
  /** Index into Trace.processes. */
  readonly process: number;
  /** The step's index in the model; -1 when a process reached its end through control flow. */
  readonly step: number;
  /** Where the step is written: file:line:col. */
  readonly at: string;
  /** The call path the step runs in, outermost first. */
  readonly frames: readonly TraceFrame[];
  readonly display?: { readonly kind: 'call' | 'sentence'; readonly text: string };
  readonly notes: readonly TraceNote[];
  /**
   * The violation does not depend on this step (trace/slice.ts, docs/slicing.md): a diagram folds
   * it; every state is kept, so a listing, JSON or ITF still has it (marked).
   */
  readonly folded?: true;
}

export interface Violation {
  readonly property: string;
  readonly kind: PropertyKind;
  /** Where the property is written: file:line:col (empty for the built-in deadlock check). */
  readonly at: string;
  /** The condition as written in the model. */
  readonly condition: string;
  /** What went wrong, in a sentence. */
  readonly message: string;
  /**
   * The values that break it: the variables the condition reads, in the last state (for a
   * liveness property: in the state where the run's cycle starts).
   */
  readonly values: readonly { readonly name: string; readonly value: Value }[];
  /** Liveness: processes that could move at every state of the cycle and never do (no fairness made them). */
  readonly starved?: readonly string[];
  /** Liveness: processes that could move at some states of the cycle and never do. */
  readonly passedOver?: readonly string[];
  /** Liveness: where the processes that cannot move anywhere in the cycle wait ("relocation waits at …"). */
  readonly waiting?: readonly string[];
}

export interface Trace {
  readonly model: string;
  readonly file: string;
  /** The constants of the run, defaults and -D's alike, in the order declared: which variant of the model this is. */
  readonly constants?: Readonly<Record<string, Value>>;
  readonly processes: readonly { readonly name: string; readonly display: string }[];
  /** State variable names (program counters excluded). */
  readonly variables: readonly string[];
  /** states[0] is the initial state; states[i + 1] follows steps[i]. Values align with `variables`. */
  readonly states: readonly (readonly Value[])[];
  readonly steps: readonly TraceStep[];
  /** Steps taken by a different process than the step before. */
  readonly contextSwitches: number;
  /** Context switches away from a process that could still have moved (CHESS's preemptions). */
  readonly preemptions: number;
  /** What the trace shows going wrong; absent for a sampled run (simulate) or a replay that violates nothing. */
  readonly violation?: Violation;
  /**
   * A liveness counterexample is a lasso: from states[loop] on, the run repeats forever. Its
   * last state is states[loop] again (the steps from steps[loop] on are the cycle), or, when
   * `stops` is set, loop is the last state's index and the run stops there: no process can move.
   */
  readonly loop?: number;
  readonly stops?: boolean;
  /** A deadlock: each process that cannot move, at the step it waits at (drawn last, in its column). */
  readonly waits?: readonly WaitingStep[];
}

/** The steps of a lasso's cycle (none for a run that stops), or undefined for a trace that is not a lasso. */
export function cycleSteps(trace: Trace): readonly TraceStep[] | undefined {
  return trace.loop === undefined ? undefined : trace.steps.slice(trace.loop);
}

/** A step a process waits at forever, as the diagram would draw it, and the condition that keeps it there. */
export interface WaitingStep {
  readonly step: TraceStep;
  /** The `await` that is false, as written (without the keyword), and the values it reads. */
  readonly until?: string;
  readonly values: readonly { readonly name: string; readonly value: Value }[];
}

/** Whether a diagram draws the step: it has text, notes, or frames to show. */
export function isVisible(step: TraceStep): boolean {
  return step.display !== undefined || step.notes.length > 0;
}
