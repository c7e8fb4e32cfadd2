/*
 * The compile stage: Model in, TransitionSystem out. Guards and effects are
 * compiled once into specialised JavaScript functions that read and write
 * the bit fields of packed states directly (no interpreter, no unpacking in
 * the hot loop). The code is generated from the checked IR only: names in it
 * are our own and every literal is a number or a JSON string, so nothing
 * from a model file is ever executed.
 */
import { liftStageLimits, type Model } from '../model/index.js';
import { type Layout, layoutOf } from '../state/layout.js';
import { CodeSize } from './code-size.js';
import { ExprGen } from './expressions.js';
import { type Footprint, makeRuntime } from './runtime.js';
import { Sites } from './sites.js';
import { TransitionGen } from './transitions.js';

export { ModelRuntimeError } from './runtime.js';

/** A state: the model's slots packed into 32-bit words (see state/layout.ts). */
export type State = Uint32Array;

/** Called once per successor, with the successor in the `next` array. */
export type Emit = (proc: number, step: number, failedAssert: number) => void;

export interface TransitionSystem {
  readonly model: Model;
  readonly layout: Layout;
  /** Words per state. */
  readonly words: number;
  initial(): State;
  /**
   * Emits every successor of `cur`, each written into `next`; returns how many.
   * Both arrays may be longer than `words` (an engine's own words follow); the
   * successor's are left for the engine to fill in.
   */
  successors(cur: State, next: State, emit: Emit): number;
  /** The same for one process only. */
  readonly successorsOf: readonly ((cur: State, next: State, emit: Emit) => number)[];
  /**
   * Reports every open invariant or final property that `s` violates; counts, for each open
   * final property, the states it is checked in (where its processes have finished) in `finalChecks`.
   */
  check(s: State, open: Uint8Array, report: (property: number) => void): void;
  /** By property index: how many states `check` has checked a final property in (reset by the engine). */
  readonly finalChecks: Float64Array;
  /** Whether every process has reached its end. */
  allDone(s: State): boolean;
}

/** What the recording variant reports while it runs a transition. */
export interface Recorder {
  enter(depth: number, text: string, notes: [number, string][]): void;
  step(id: number, text: string): void;
  note(arrow: number, text: string): void;
  mark(): number;
  reset(mark: number): void;
}

/**
 * The footprint variant, for partial-order reduction: the same successors, and as it computes
 * them it marks in `reads` and `writes` every tracked slot it reads or writes (the caller clears
 * them), so that a step's footprint is known in the state it is taken from.
 */
export interface FootprintSystem extends TransitionSystem {
  readonly reads: Uint32Array;
  readonly writes: Uint32Array;
}

/** The footprint variant of a model; `tracked` gives each slot's bit in the footprint's sets, or -1. */
export function compileFootprint(model: Model, tracked: Int32Array): FootprintSystem {
  const bits = Math.floor(tracked.reduce((a, b) => Math.max(a, b), 0) / 32) + 1;
  const footprint = { tracked, reads: new Uint32Array(bits), writes: new Uint32Array(bits) };
  return { ...compile(model, undefined, footprint), reads: footprint.reads, writes: footprint.writes };
}

export function compile(model: Model, recorder?: Recorder, footprint?: Footprint): TransitionSystem {
  const layout = layoutOf(model);
  const sites = new Sites();
  const size = new CodeSize(model.source);
  const transitions = new TransitionGen(sites, layout, recorder !== undefined, size, footprint?.tracked);
  const processFns = model.processes.map((p) => transitions.processFunction(p));
  const gen = new ExprGen(sites, layout);

  const checks = model.properties
    .filter((p) => p.kind === 'invariant' || p.kind === 'final')
    .map((p) => {
      const after = p.kind === 'final' ? (p.after.length ? p.after : model.processes.map((q) => q.index)) : [];
      const finished = after.map((q) => `${gen.readSlot(model.processes[q]!.pcSlot)} === 0`);
      const guard = [`open[${p.index}]`, ...finished].join(' && ');
      const test = `if (!(${gen.expr(p.cond!, new Map())})) report(${p.index});`;
      return p.kind === 'final' ? `if (${guard}) { ends[${p.index}]++; ${test} }` : `if (${guard}) ${test}`;
    });
  const done = model.processes.map((p) => `${gen.readSlot(p.pcSlot)} === 0`).join(' && ') || 'true';

  const source = `
const R = rt.footprint.reads, W = rt.footprint.writes;
${processFns.join('\n')}
function successors(cur, s, emit) {
  return ${model.processes.map((p) => `p${p.index}(cur, s, emit)`).join(' + ') || '0'};
}
function check(s, open, report) {
  ${checks.join('\n  ')}
}
function allDone(s) { return ${done}; }
return { successors, successorsOf: [${model.processes.map((p) => `p${p.index}`).join(', ')}], check, allDone };`;

  const words = layout.words;
  // Save buffers for nondeterministic choices, one per nesting depth.
  const saves = Array.from({ length: transitions.maxDepth }, () => new Uint32Array(words));
  const runtime = {
    ...makeRuntime(model.source, sites.locs, sites.types, layout, footprint),
    footprint: footprint ?? { reads: new Uint32Array(1), writes: new Uint32Array(1) },
  };
  const finalChecks = new Float64Array(model.properties.length);
  // The limits of the stages before the first state end here (model/budget.ts).
  liftStageLimits();
  const fns = new Function('rt', 'sv', 'rec', 'ends', source)(runtime, saves, recorder, finalChecks) as Pick<
    TransitionSystem,
    'successors' | 'successorsOf' | 'check' | 'allDone'
  >;
  const init = new Uint32Array(words);
  layout.pack(
    Int32Array.from(model.slots, (s) => s.init),
    init,
  );
  return { model, layout, words, initial: () => init.slice(), finalChecks, ...fns };
}
