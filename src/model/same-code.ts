/*
 * Whether two elements of a symmetric process array run the same code: the
 * same control graphs, node by node, with the first element's slots renamed
 * to the second's and bound variables matched one to one.
 *
 * The comparison is driven by one table per IR type that says, for every
 * field of every kind, how to compare it or that it is ignored. The tables'
 * types list every kind and every field, so a kind or a field added to the IR
 * is a compile error here, never a difference that the symmetry check skips.
 * Ignored are only what does not change what a step does: source locations,
 * display text and notes, step and process numbers, the call frames around.
 */
import type { Loc } from '../lang/index.js';
import type { Expr, Node, Place, PlaceIndex, StepSite, Stmt } from './ir.js';
import { sameType } from './types.js';

type Compare<V> = (a: V, b: V) => boolean;
/** A field that does not change what the code does. */
const IGNORED = 'ignored';
/** How each field of T compares; all of T's fields must be listed. */
type Fields<T> = { readonly [F in keyof T]-?: Compare<T[F]> | typeof IGNORED };
/** The fields of each kind of a union discriminated by `k`; all kinds must be listed. */
type Kinds<U extends { readonly k: string }> = { readonly [K in U['k']]: Fields<Extract<U, { readonly k: K }>> };

const equal = <V>(a: V, b: V): boolean => a === b;

const list =
  <T>(same: Compare<T>): Compare<readonly T[]> =>
  (a, b) =>
    a.length === b.length && a.every((x, n) => same(x, b[n]!));

const optional =
  <T>(same: Compare<T>): Compare<T | undefined> =>
  (a, b) =>
    a === undefined || b === undefined ? a === b : same(a, b);

export class SameCode {
  /** After a difference: the innermost source location around it. */
  at: Loc | undefined;
  /** The pairing of bound variables' ids, both ways. */
  private readonly bound = new Map<number, number>();
  private readonly boundBack = new Map<number, number>();

  /** `rename` maps the first element's slots to the second's. */
  constructor(private readonly rename: ReadonlyMap<number, number>) {}

  readonly nodes: Compare<readonly Node[]> = (a, b) => list(this.node)(a, b);

  private readonly node: Compare<Node> = (a, b) => this.kinds(this.nodeFields, a, b);
  private readonly stmt: Compare<Stmt> = (a, b) => this.kinds(this.stmtFields, a, b);
  private readonly expr: Compare<Expr> = (a, b) => this.kinds(this.exprFields, a, b);
  private readonly stmts = list(this.stmt);
  private readonly step: Compare<StepSite> = (a, b) => this.fields(this.stepFields, a, b);
  private readonly place: Compare<Place> = (a, b) => this.fields(this.placeFields, a, b);

  /** A slot of the first element is the same as the second's slot it is renamed to. */
  private readonly slot: Compare<number> = (a, b) => (this.rename.get(a) ?? a) === b;

  /** Bound variables correspond one to one: the first pairing of two ids holds for the rest of the code. */
  private readonly sameBound: Compare<number> = (a, b) => {
    if (!this.bound.has(a) && !this.boundBack.has(b)) {
      this.bound.set(a, b);
      this.boundBack.set(b, a);
    }
    return this.bound.get(a) === b; // false when a, or b, is paired with another id already
  };

  private readonly nodeFields: Kinds<Node> = {
    step: { k: equal, step: this.step, next: equal },
    branch: { k: equal, cond: this.expr, then: equal, else: equal, at: IGNORED, condAt: IGNORED },
    test: { k: equal, step: this.step, cond: this.expr, then: equal, else: equal },
    choice: { k: equal, targets: list(equal), at: IGNORED },
    enter: { k: equal, frame: IGNORED, next: equal },
    set: { k: equal, place: this.place, value: this.expr, next: equal, at: IGNORED },
    end: { k: equal },
  };

  private readonly stepFields: Fields<StepSite> = {
    id: IGNORED,
    proc: IGNORED,
    display: IGNORED,
    notes: IGNORED,
    frames: IGNORED,
    body: this.stmts,
    at: IGNORED,
    implicit: equal,
  };

  private readonly stmtFields: Kinds<Stmt> = {
    assign: { k: equal, place: this.place, value: this.expr, at: IGNORED },
    await: { k: equal, cond: this.expr, at: IGNORED },
    if: { k: equal, cond: this.expr, then: this.stmts, else: this.stmts, at: IGNORED },
    either: { k: equal, branches: list(this.stmts), at: IGNORED },
    choose: { k: equal, place: this.place, lo: equal, hi: equal, where: optional(this.expr), at: IGNORED },
    while: { k: equal, cond: this.expr, body: this.stmts, at: IGNORED },
    assert: { k: equal, property: equal, cond: this.expr, at: IGNORED },
    note: { k: equal, note: IGNORED },
  };

  private readonly placeFields: Fields<Place> = {
    base: this.slot,
    indices: list<PlaceIndex>((a, b) => this.fields(this.indexFields, a, b)),
    type: sameType,
    at: IGNORED,
  };

  private readonly indexFields: Fields<PlaceIndex> = { expr: this.expr, lo: equal, length: equal, stride: equal };

  private readonly exprFields: Kinds<Expr> = {
    const: { k: equal, value: equal, type: sameType },
    read: { k: equal, place: this.place, type: sameType },
    bound: { k: equal, id: this.sameBound, type: sameType },
    unary: { k: equal, op: equal, operand: this.expr, type: sameType },
    binary: { k: equal, op: equal, left: this.expr, right: this.expr, type: sameType, at: IGNORED },
    cond: { k: equal, test: this.expr, then: this.expr, else: this.expr, type: sameType },
    quant: {
      k: equal,
      quant: equal,
      id: this.sameBound,
      lo: equal,
      hi: equal,
      body: this.expr,
      type: sameType,
    },
  };

  /** Two values of a union of kinds: a's kind's fields, `k` first (so b of another kind differs there). */
  private kinds<U extends { readonly k: string }>(table: Kinds<U>, a: U, b: U): boolean {
    // Which kind's fields apply depends on a.k, a correlation TypeScript cannot follow: hence the cast.
    return this.fields(table[a.k as U['k']] as unknown as Fields<U>, a, b);
  }

  /** Field by field, in the table's order; when they differ, notes a's location if it has one. */
  private fields<T extends object>(table: Fields<T>, a: T, b: T): boolean {
    for (const f of Object.keys(table) as (keyof T)[]) {
      const same = table[f];
      if (same === IGNORED || same(a[f], b[f])) continue;
      if (!this.at && 'at' in a) this.at = a.at as Loc;
      return false;
    }
    return true;
  }
}
