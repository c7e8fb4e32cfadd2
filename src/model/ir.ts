/*
 * The Model: a resolved, typed, flattened model, ready to compile. Names are
 * gone (replaced by slot numbers), procedures are inlined, each process is a
 * control graph whose stable points are its steps. This is plain data: the
 * compiler, the trace recorder and the renderers all read it.
 */
import type { Diagnostic, Loc, Source } from '../lang/index.js';
import type { ScalarType, Type } from './types.js';

/** One scalar field of the state vector. */
export interface Slot {
  /** As shown in traces: `ro`, `content[A]`, `relocation.stage`, `writer[2].bg`. */
  readonly name: string;
  readonly type: ScalarType;
  readonly init: number;
  /** The process the slot belongs to, or -1 for globals. */
  readonly owner: number;
  /** The program counter of its owner, rather than a variable. */
  readonly isPc: boolean;
}

/** A declared variable; arrays span consecutive slots in row-major order. */
export interface Variable {
  readonly name: string;
  readonly type: Type;
  readonly base: number;
  readonly owner: number;
  readonly at: Loc;
}

/** A place to read or write: a base slot plus array indices computed at run time. */
export interface Place {
  readonly base: number;
  readonly indices: readonly PlaceIndex[];
  readonly type: ScalarType;
  /** Where the place is written in the source, for run-time errors. */
  readonly at: Loc;
}

export interface PlaceIndex {
  readonly expr: Expr;
  readonly lo: number;
  readonly length: number;
  readonly stride: number;
}

export type Expr =
  | { readonly k: 'const'; readonly value: number; readonly type: ScalarType }
  | { readonly k: 'read'; readonly place: Place; readonly type: ScalarType }
  /** A variable bound by a quantifier or an in-step `for`; not part of the state. */
  | { readonly k: 'bound'; readonly id: number; readonly type: ScalarType }
  | { readonly k: 'unary'; readonly op: '!' | '-'; readonly operand: Expr; readonly type: ScalarType }
  | {
      readonly k: 'binary';
      readonly op: string;
      readonly left: Expr;
      readonly right: Expr;
      readonly type: ScalarType;
      readonly at: Loc;
    }
  | { readonly k: 'cond'; readonly test: Expr; readonly then: Expr; readonly else: Expr; readonly type: ScalarType }
  | {
      readonly k: 'quant';
      readonly quant: 'forall' | 'exists' | 'count';
      readonly id: number;
      readonly lo: number;
      readonly hi: number;
      readonly body: Expr;
      readonly type: ScalarType;
    };

/** Display text with holes: literal strings and values to show. */
export type Template = readonly (string | Expr)[];

export interface Note {
  readonly arrow: boolean;
  readonly text: Template;
}

/** Statements inside one atomic step. (`for` loops are unrolled by the builder.) */
export type Stmt =
  | { readonly k: 'assign'; readonly place: Place; readonly value: Expr; readonly at: Loc }
  | { readonly k: 'await'; readonly cond: Expr; readonly at: Loc }
  | {
      readonly k: 'if';
      readonly cond: Expr;
      readonly then: readonly Stmt[];
      readonly else: readonly Stmt[];
      readonly at: Loc;
    }
  | { readonly k: 'either'; readonly branches: readonly (readonly Stmt[])[]; readonly at: Loc }
  | {
      readonly k: 'choose';
      readonly place: Place;
      readonly lo: number;
      readonly hi: number;
      readonly where?: Expr;
      readonly at: Loc;
    }
  | { readonly k: 'while'; readonly cond: Expr; readonly body: readonly Stmt[]; readonly at: Loc }
  | { readonly k: 'assert'; readonly property: number; readonly cond: Expr; readonly at: Loc }
  | { readonly k: 'note'; readonly note: Note };

/** A display frame: a `call` block, drawn as a line its steps nest under. */
export interface FrameSite {
  /** How many frames enclose this one. */
  readonly depth: number;
  readonly text: Template;
  readonly notes: readonly Note[];
  readonly at: Loc;
}

/** A step: one atomic transition of its process. */
export interface StepSite {
  readonly id: number;
  readonly proc: number;
  readonly display?: { readonly kind: 'call' | 'sentence'; readonly text: Template };
  readonly notes: readonly Note[];
  /** Static call path, outermost first: the frame sites the step sits in. */
  readonly frames: readonly FrameSite[];
  readonly body: readonly Stmt[];
  readonly at: Loc;
  /** A silent step that the source did not write: a bare statement, or reaching the end. */
  readonly implicit: boolean;
}

/** A node of a process's control graph. Only `step`, `test` and `end` are places a process can wait at. */
export type Node =
  | { readonly k: 'step'; readonly step: StepSite; readonly next: number }
  /**
   * A process-level `if` or `while` test: decided as part of the next step. `at` is the
   * statement, `condAt` its condition (where a check-then-act warning points).
   */
  | {
      readonly k: 'branch';
      readonly cond: Expr;
      readonly then: number;
      readonly else: number;
      readonly at: Loc;
      readonly condAt: Loc;
    }
  /**
   * A test that is a step of its own (`step if (c)`, `step while (c)`): taking `step` decides
   * `cond` in the state of that moment and moves to `then` or `else`, each a place to wait at.
   */
  | {
      readonly k: 'test';
      readonly step: StepSite;
      readonly cond: Expr;
      readonly then: number;
      readonly else: number;
    }
  | { readonly k: 'choice'; readonly targets: readonly number[]; readonly at: Loc }
  | { readonly k: 'enter'; readonly frame: FrameSite; readonly next: number }
  /** A free assignment, done as part of the next step: a local's initial value on entering its block. */
  | { readonly k: 'set'; readonly place: Place; readonly value: Expr; readonly next: number; readonly at: Loc }
  | { readonly k: 'end' };

/** How a process is scheduled in the runs a liveness property considers (see docs/language.md §7). */
export type Fairness = 'none' | 'weak' | 'strong';

export interface Process {
  readonly index: number;
  /** `relocation`, or `writer[2]` for an element of a process array. */
  readonly name: string;
  /** The diagram's column title, e.g. "CPU 1". */
  readonly display: string;
  readonly pcSlot: number;
  readonly nodes: readonly Node[];
  readonly start: number;
  /** The node index of the process's end. */
  readonly end: number;
  readonly at: Loc;
  /** As declared: `fair process` is weak, `strongly fair process` strong (`--fairness` overrides it). */
  readonly fairness: Fairness;
}

export type PropertyKind = 'invariant' | 'final' | 'assert' | 'deadlock' | 'liveness';

/** A liveness property's temporal form and its state conditions (Q for leadsto only). */
export interface LivenessFormula {
  readonly form: 'eventually' | 'leadsto' | 'always-eventually';
  readonly p: Expr;
  readonly q?: Expr;
  /** The source text of P and of Q, for messages. */
  readonly pText: string;
  readonly qText?: string;
}

export interface Property {
  readonly index: number;
  readonly name: string;
  readonly kind: PropertyKind;
  /** The condition (for an assert, the one at its first site); none for deadlock and liveness. */
  readonly cond?: Expr;
  /** For liveness: what every run must do (checked by the liveness engine, never by the safety search). */
  readonly liveness?: LivenessFormula;
  /** For final: the processes that must have finished (empty = all). */
  readonly after: readonly number[];
  readonly at: Loc;
  /** The source text of the condition, for reports. */
  readonly text: string;
}

/** Interchangeable process instances (a `symmetric` process array) and the slots each owns. */
export interface Symmetry {
  /** The process array's name. */
  readonly name: string;
  readonly processes: readonly number[];
  /** Per instance, in the same order for all: its pc and locals, then its element of each array it owns. */
  readonly slots: readonly (readonly number[])[];
}

export interface Model {
  readonly title: string;
  readonly source: Source;
  readonly constants: ReadonlyMap<string, { readonly value: number; readonly type: ScalarType }>;
  readonly slots: readonly Slot[];
  readonly variables: readonly Variable[];
  readonly processes: readonly Process[];
  readonly steps: readonly StepSite[];
  readonly properties: readonly Property[];
  readonly symmetries: readonly Symmetry[];
  /** What the builder found suspicious but legal (a check-then-act test, …), in source order. */
  readonly warnings: readonly Diagnostic[];
}
