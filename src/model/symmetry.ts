/*
 * Symmetry: a process array declared `symmetric` has interchangeable
 * elements, so states that differ only by a permutation of them are one
 * state. That holds only if the elements are used alike, which is checked
 * here on the built model, where names are resolved, procedures inlined and
 * `for` loops unrolled, so no spelling of the source can get round it:
 * - every element's code is element 0's with element 0's slots renamed to
 *   its own (its index shows nowhere but in which slots it uses: a bound, a
 *   type, a loop range or a value that depends on it makes the code differ);
 *   an element's slots are its locals and, in each global array over the
 *   domain that the elements index by their index (`in_cs[i]`), its element;
 * - no code names an element's slot but the element itself (`in_cs[0]`,
 *   `w[1].x`), and no code or property waits for one element to end;
 * - an owned array is otherwise only read through a quantifier over the whole
 *   domain whose variable does nothing but index owned arrays
 *   (`count k in 0..N-1: in_cs[k]`); it is never written with a run-time index;
 * - all elements start alike.
 * The result says which slots belong to which element, to sort them by.
 */
import type * as A from '../lang/ast.js';
import type { Loc } from '../lang/index.js';
import type { Ctx } from './context.js';
import { placeSlots } from './footprint.js';
import type { Expr, Place, Process, Symmetry, Variable } from './ir.js';
import { SameCode } from './same-code.js';
import { high, low, type ScalarType, sameType, slotCount } from './types.js';
import { visitExpr, visitProcess } from './visit.js';

/** A process array declared symmetric: its domain and the process numbers of its elements. */
export interface SymmetricArray {
  readonly decl: A.Decl & { kind: 'process' };
  readonly domain: ScalarType;
  readonly elements: readonly number[];
}

export function findSymmetries(ctx: Ctx, arrays: readonly SymmetricArray[], processes: readonly Process[]): Symmetry[] {
  return arrays.map((array) => new SymmetryCheck(ctx, array, processes).result());
}

class SymmetryCheck {
  private readonly name: string;
  private readonly owned: Variable[];
  /** Each element's slots, in one order for all: its locals (pc included), then its element of each owned array. */
  private readonly slots: number[][];
  /** The element each of those slots belongs to. */
  private readonly elementOf = new Map<number, number>();
  private here: Loc;

  constructor(
    private readonly ctx: Ctx,
    private readonly array: SymmetricArray,
    private readonly processes: readonly Process[],
  ) {
    this.name = array.decl.name.name;
    this.here = array.decl.symmetric!;
    const first = processes[array.elements[0]!]!;
    // The owned arrays: global arrays over the domain that element 0 uses at its own position.
    this.owned = ctx.variables.filter((v) => {
      if (v.owner !== -1 || v.type.kind !== 'array' || !sameType(v.type.index, array.domain)) return false;
      const stride = slotCount(v.type.elem);
      let used = false;
      visitProcess(first, {
        place: (p) => {
          used ||= !this.spansDomain(p, v) && p.base >= v.base && p.base < v.base + stride;
          return false;
        },
      });
      return used;
    });
    this.slots = array.elements.map((proc, k) => {
      const own = ctx.slots.flatMap((s, n) => (s.owner === proc ? [n] : []));
      for (const v of this.owned) {
        const stride = slotCount((v.type as { elem: Variable['type'] }).elem);
        for (let e = 0; e < stride; e++) own.push(v.base + k * stride + e);
      }
      for (const slot of own) this.elementOf.set(slot, k);
      return own;
    });
  }

  result(): Symmetry {
    this.array.elements.forEach((proc, k) => {
      this.uses(this.processes[proc]!, k);
    });
    this.alike();
    for (const p of this.processes) if (!this.array.elements.includes(p.index)) this.uses(p, -1);
    for (const p of this.ctx.properties) {
      if (p.cond && p.kind !== 'assert') this.usesIn(p.cond, -1, p.at);
      const waited = p.after.filter((q) => this.array.elements.includes(q));
      if (waited.length > 0 && waited.length < this.array.elements.length) {
        this.fail(p.at, `the final property ${p.name} waits for some of its elements only`);
      }
    }
    return { name: this.name, processes: this.array.elements, slots: this.slots };
  }

  private fail(at: Loc, why: string): never {
    return this.ctx.fail(at, `${this.name} is declared symmetric, but ${why}`);
  }

  /** Every element has element 0's slot types, start values and code (under renaming). */
  private alike(): void {
    const slots = this.ctx.slots;
    const at = this.array.decl.symmetric!;
    const [first, ...rest] = this.slots;
    rest.forEach((own, k) => {
      if (own.length !== first!.length) this.fail(at, `its elements do not have the same variables`);
      own.forEach((slot, n) => {
        const a = slots[slot]!;
        const b = slots[first![n]!]!;
        if (a.isPc && !sameType(a.type, b.type))
          this.fail(
            at,
            `${this.processes[a.owner]!.name} does not take the steps ${this.processes[b.owner]!.name} takes ` +
              '(its index shapes the control flow)',
          );
        if (!sameType(a.type, b.type))
          this.fail(at, `${a.name} and ${b.name} have different types, so its elements are not alike`);
        if (!a.isPc && a.init !== b.init)
          this.fail(at, `${a.name} starts at another value than ${b.name}, so its elements do not start alike`);
      });
      const rename = new Map(own.map((slot, n) => [slot, first![n]!]));
      const element = this.processes[this.array.elements[k + 1]!]!;
      const zero = this.processes[this.array.elements[0]!]!;
      const same = new SameCode(rename);
      if (element.start !== zero.start || !same.nodes(element.nodes, zero.nodes)) {
        const index = this.array.decl.index!.variable.name;
        this.fail(
          same.at ?? element.at,
          `${element.name} does not do what ${zero.name} does here: ` +
            `its index ${index} may only select its own slots (${this.ownedNames()})`,
        );
      }
    });
  }

  private ownedNames(): string {
    return ['its locals', ...this.owned.map((v) => `${v.name}[${this.array.decl.index!.variable.name}]`)].join(', ');
  }

  /** Process code's use of the elements' slots; `self` is the element it is, or -1. */
  private uses(p: Process, self: number): void {
    visitProcess(p, {
      at: (at) => {
        this.here = at;
      },
      place: (place, write) => this.place(place, self, write),
      expr: (e) => this.expr(e),
    });
  }

  private usesIn(e: Expr, self: number, at: Loc): void {
    this.here = at;
    visitExpr(e, {
      at: (here) => {
        this.here = here;
      },
      place: (place) => this.place(place, self, false),
      expr: (x) => this.expr(x),
    });
  }

  /** Quantifiers over the whole domain, by bound id; and the ids that index owned arrays. */
  private readonly overDomain = new Set<number>();
  private readonly indexing = new Map<number, Loc>();
  private readonly otherUse = new Map<number, Loc>();

  private expr(e: Expr): void {
    if (e.k === 'quant' && e.lo === low(this.array.domain) && e.hi === high(this.array.domain))
      this.overDomain.add(e.id);
    if (e.k === 'bound') {
      if (this.indexing.has(e.id))
        this.fail(
          this.here,
          `a variable that ranges over its elements to index their arrays is used for something else too`,
        );
      this.otherUse.set(e.id, this.here);
    }
  }

  /** A place: returns true when it handled the place's first index itself. */
  private place(p: Place, self: number, write: boolean): boolean {
    this.here = p.at;
    const v = this.owned.find((x) => this.spansDomain(p, x));
    if (v) {
      const index = p.indices[0]!.expr;
      if (write) this.fail(p.at, `one of its elements' ${v.name} is written here with an index computed at run time`);
      if (index.k !== 'bound' || !this.overDomain.has(index.id)) {
        this.fail(
          p.at,
          `its elements' ${v.name} is indexed here by something other than ` +
            'a variable of forall, exists or count ranging over all its elements',
        );
      }
      if (this.otherUse.has(index.id))
        this.fail(
          this.otherUse.get(index.id)!,
          `a variable that ranges over its elements to index their arrays is used for something else too`,
        );
      this.indexing.set(index.id, p.at);
      return true;
    }
    for (const slot of placeSlots(p)) {
      const owner = this.elementOf.get(slot);
      if (owner !== undefined && owner !== self) {
        this.ctx.fail(
          p.at,
          `${this.name} is declared symmetric, but ${this.ctx.slots[slot]!.name} belongs to one of its elements ` +
            `and is named here${self >= 0 ? ' by another' : ''}`,
          "only its own code names an element's slots; elsewhere, read them through forall, exists or count over " +
            'all the elements (a for loop is unrolled, so it names each element in turn)',
        );
      }
    }
    return false;
  }

  /** Whether the place indexes owned array v by a run-time index over the whole domain. */
  private spansDomain(p: Place, v: Variable): boolean {
    if (v.type.kind !== 'array' || p.base !== v.base || p.indices.length === 0) return false;
    const ix = p.indices[0]!;
    return ix.length === this.array.elements.length && ix.stride === slotCount(v.type.elem);
  }
}
