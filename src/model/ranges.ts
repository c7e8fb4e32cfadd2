/*
 * Value ranges of a process's private variables, as an abstract
 * interpretation of its code over intervals: the basis of the control units
 * (units.ts). A walk runs one transition of a process on an abstract state
 * (an interval per private slot) and records what the transition can read
 * and write there, and where it can go. Conditions fold when the ranges decide
 * them, so `if state == CS` in a `while true` loop takes one branch, and
 * `if j - 1 >= 0 && j - 1 <= 2 { ... } else { error() }` skips an error branch
 * that no reachable state takes (a translated error branch writes every
 * variable, other processes' too: counting it would make every step conflict).
 *
 * Sound by over-approximation: every value a private slot can hold when the
 * transition starts is in its interval, and then every value it can hold
 * after is in the result's (a value whose range is unknown is its type's
 * whole range). "Private" is the caller's promise that no other process
 * writes the slot (units.ts checks it).
 */
import { arithmeticBounds } from './bounds.js';
import type { Slots } from './footprint.js';
import type { Expr, Place, Stmt } from './ir.js';
import { high, low, type ScalarType } from './types.js';

/** Intervals of the private slots, [lo, hi] at 2k and 2k + 1 for the k-th; null: no state gets here. */
export type Env = Float64Array | null;

type Range = readonly [number, number];

const FALSE: Range = [0, 0];
const TRUE: Range = [1, 1];
const UNKNOWN: Range = [0, 1];
/** No variable bound. */
const NONE: ReadonlyMap<number, Range> = new Map();

/** Above this many abstract states on a path through a step, they are joined into one. */
const MAX_PATHS = 16;
/** After this many rounds an in-step `while` widens what still grows to its type's range. */
const WHILE_ROUNDS = 6;

const NEGATED: Record<string, string> = { '==': '!=', '!=': '==', '<': '>=', '>=': '<', '>': '<=', '<=': '>' };
const SWAPPED: Record<string, string> = { '==': '==', '!=': '!=', '<': '>', '>': '<', '<=': '>=', '>=': '<=' };

function typeRange(t: ScalarType): Range {
  return [low(t), high(t)];
}

export function join(a: Env, b: Env): Env {
  if (a === null) return b;
  if (b === null) return a;
  const out = a.slice();
  for (let i = 0; i < out.length; i += 2) {
    out[i] = Math.min(a[i]!, b[i]!);
    out[i + 1] = Math.max(a[i + 1]!, b[i + 1]!);
  }
  return out;
}

export function sameEnv(a: Env, b: Env): boolean {
  if (a === null || b === null) return a === b;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** What the transitions walked so far can touch. */
export interface Touches {
  readonly reads: Slots;
  readonly writes: Slots;
}

export class RangeWalk {
  /** Each slot's index among the private ones, or -1. */
  readonly index: Int32Array;
  /** The types of the private slots, for widening and clamping. */
  private readonly types: ScalarType[];
  touches: Touches | undefined;
  /** Whether a walked statement checks an assertion. */
  asserts = false;

  constructor(
    slotTypes: readonly ScalarType[],
    /** The private slots, in env order. */
    readonly slots: readonly number[],
  ) {
    this.index = new Int32Array(slotTypes.length).fill(-1);
    slots.forEach((s, k) => {
      this.index[s] = k;
    });
    this.types = slots.map((s) => slotTypes[s]!);
  }

  /** Widens every bound of `next` that grew past `prev` to its type's bound. */
  widen(prev: Env, next: Env): Env {
    if (prev === null || next === null) return next;
    const out = next.slice();
    this.types.forEach((t, k) => {
      if (out[2 * k]! < prev[2 * k]!) out[2 * k] = low(t);
      if (out[2 * k + 1]! > prev[2 * k + 1]!) out[2 * k + 1] = high(t);
    });
    return out;
  }

  /** The interval of private slot `slot` in `env`. */
  get(env: Float64Array, slot: number): Range {
    const k = this.index[slot]!;
    return [env[2 * k]!, env[2 * k + 1]!];
  }

  /** `env` with private slot `slot` narrowed to [lo, hi] (null if that leaves nothing). */
  narrow(env: Env, slot: number, lo: number, hi: number): Env {
    if (env === null) return null;
    const k = this.index[slot]!;
    const l = Math.max(env[2 * k]!, lo);
    const h = Math.min(env[2 * k + 1]!, hi);
    if (l > h) return null;
    if (l === env[2 * k] && h === env[2 * k + 1]) return env;
    const out = env.slice();
    out[2 * k] = l;
    out[2 * k + 1] = h;
    return out;
  }

  // --- Expressions ---------------------------------------------------------------------------

  /** The values `e` can take in `env` (which is not null); notes the slots it reads. */
  eval(e: Expr, env: Float64Array, bound: ReadonlyMap<number, Range>): Range {
    switch (e.k) {
      case 'const':
        return [e.value, e.value];
      case 'read':
        return this.read(e.place, env, bound);
      case 'bound':
        return bound.get(e.id) ?? typeRange(e.type);
      case 'unary': {
        const [lo, hi] = this.eval(e.operand, env, bound);
        return e.op === '!' ? [1 - hi, 1 - lo] : [-hi, -lo];
      }
      case 'cond': {
        const t = this.eval(e.test, env, bound);
        if (t[0] === 1) return this.eval(e.then, env, bound);
        if (t[1] === 0) return this.eval(e.else, env, bound);
        const yes = this.refine(env, e.test, true, bound);
        const no = this.refine(env, e.test, false, bound);
        const a = yes ? this.eval(e.then, yes, bound) : null;
        const b = no ? this.eval(e.else, no, bound) : null;
        if (!a) return b ?? typeRange(e.type);
        if (!b) return a;
        return [Math.min(a[0], b[0]), Math.max(a[1], b[1])];
      }
      case 'quant': {
        if (e.lo > e.hi) return e.quant === 'exists' ? FALSE : e.quant === 'forall' ? TRUE : [0, 0];
        const inner = new Map(bound).set(e.id, [e.lo, e.hi]);
        const b = this.eval(e.body, env, inner);
        const n = e.hi - e.lo + 1;
        if (e.quant === 'count') return b[0] === 1 ? [n, n] : b[1] === 0 ? [0, 0] : [0, n];
        return b[0] === b[1] ? b : UNKNOWN;
      }
      case 'binary':
        return this.binary(e, env, bound);
    }
  }

  private binary(e: Expr & { k: 'binary' }, env: Float64Array, bound: ReadonlyMap<number, Range>): Range {
    const { op } = e;
    if (op === '&&' || op === '||' || op === '=>') {
      // (a => b is !a || b.) `skip`: the left value that decides without the right operand, which
      // then runs only where the left one is the other value.
      const skip = op === '||' ? 1 : 0;
      const decided = op === '&&' ? FALSE : TRUE;
      const l = this.eval(e.left, env, bound);
      if (l[0] === skip && l[1] === skip) return decided;
      const rest = this.refine(env, e.left, skip === 0, bound);
      if (rest === null) return decided;
      const r = this.eval(e.right, rest, bound);
      if (l[0] === l[1]) return r;
      return r[0] === r[1] && r[0] === decided[0] ? decided : UNKNOWN;
    }
    const a = this.eval(e.left, env, bound);
    const b = this.eval(e.right, env, bound);
    return arithmeticBounds(op, a, b) ?? compare(op, a, b);
  }

  /** A read: its slots noted, and its value (a private slot's interval, else its type's range). */
  private read(place: Place, env: Float64Array, bound: ReadonlyMap<number, Range>): Range {
    const slots = this.place(place, env, bound);
    let lo = Infinity;
    let hi = -Infinity;
    let all = slots.length > 0;
    for (const s of slots) {
      this.touches?.reads.add(s);
      if (this.index[s]! < 0) all = false;
      else {
        const [l, h] = this.get(env, s);
        lo = Math.min(lo, l);
        hi = Math.max(hi, h);
      }
    }
    return all ? [lo, hi] : typeRange(place.type);
  }

  /** The slots a place can name in `env` (an index out of bounds is a run-time error: no slot). */
  private place(p: Place, env: Float64Array, bound: ReadonlyMap<number, Range>): number[] {
    let slots = [p.base];
    for (const ix of p.indices) {
      const [lo, hi] = this.eval(ix.expr, env, bound);
      const first = Math.max(0, lo - ix.lo);
      const last = Math.min(ix.length - 1, hi - ix.lo);
      const next: number[] = [];
      for (const b of slots) for (let k = first; k <= last; k++) next.push(b + k * ix.stride);
      slots = next;
    }
    return slots;
  }

  /** refine, for a condition already evaluated to `v` in `env`. */
  where(env: Float64Array, cond: Expr, v: Range, truth: boolean, bound: ReadonlyMap<number, Range>): Env {
    if (v[0] === v[1]) return (v[0] === 1) === truth ? env : null;
    return this.refine(env, cond, truth, bound);
  }

  /** `env` narrowed to the states where `cond` is `truth` (null: none). */
  refine(env: Env, cond: Expr, truth: boolean, bound: ReadonlyMap<number, Range>): Env {
    if (env === null) return null;
    const v = this.eval(cond, env, bound);
    if (v[0] === v[1]) return (v[0] === 1) === truth ? env : null;
    if (cond.k === 'unary' && cond.op === '!') return this.refine(env, cond.operand, !truth, bound);
    if (cond.k === 'read') {
      const slot = this.scalar(cond);
      return slot < 0 ? env : this.narrow(env, slot, truth ? 1 : 0, truth ? 1 : 0);
    }
    if (cond.k !== 'binary') return env;
    const { op, left, right } = cond;
    if (op === '&&' || op === '||' || op === '=>') {
      // As in eval: the right operand decides where the left one is not `skip`. The outcome the
      // left one decides (false for &&, true otherwise) also comes from the right one.
      const skip = op === '||';
      const decided = op !== '&&';
      const viaRight = this.refine(this.refine(env, left, !skip, bound), right, truth, bound);
      return truth === decided ? join(this.refine(env, left, skip, bound), viaRight) : viaRight;
    }
    const cmp = truth ? op : NEGATED[op];
    if (cmp === undefined) return env;
    const l = this.offset(left);
    if (l) env = this.narrowBy(env, l.slot, cmp, this.eval(right, env, bound), l.add);
    const r = this.offset(right);
    if (r && env) env = this.narrowBy(env, r.slot, SWAPPED[cmp]!, this.eval(left, env, bound), r.add);
    return env;
  }

  /** slot + add op [lo, hi]: the slot narrowed accordingly. */
  private narrowBy(env: Env, slot: number, op: string, [lo, hi]: Range, add: number): Env {
    switch (op) {
      case '==':
        return this.narrow(env, slot, lo - add, hi - add);
      case '!=': {
        if (env === null || lo !== hi) return env;
        const [l, h] = this.get(env, slot);
        const v = lo - add;
        return v === l ? this.narrow(env, slot, l + 1, h) : v === h ? this.narrow(env, slot, l, h - 1) : env;
      }
      case '<':
        return this.narrow(env, slot, -Infinity, hi - add - 1);
      case '<=':
        return this.narrow(env, slot, -Infinity, hi - add);
      case '>':
        return this.narrow(env, slot, lo - add + 1, Infinity);
      case '>=':
        return this.narrow(env, slot, lo - add, Infinity);
      default:
        return env;
    }
  }

  /** A private scalar read plus or minus a constant (x, x + 1, x - 1, 2 + x), or undefined. */
  private offset(e: Expr): { slot: number; add: number } | undefined {
    if (e.k === 'read') {
      const slot = this.scalar(e);
      return slot < 0 ? undefined : { slot, add: 0 };
    }
    if (e.k !== 'binary' || (e.op !== '+' && e.op !== '-')) return undefined;
    if (e.right.k === 'const') {
      const inner = this.offset(e.left);
      return inner && { slot: inner.slot, add: inner.add + (e.op === '+' ? e.right.value : -e.right.value) };
    }
    if (e.op === '+' && e.left.k === 'const') {
      const inner = this.offset(e.right);
      return inner && { slot: inner.slot, add: inner.add + e.left.value };
    }
    return undefined;
  }

  /** The slot of a read of a private scalar, or -1. */
  private scalar(e: Expr): number {
    return e.k === 'read' && e.place.indices.length === 0 && this.index[e.place.base]! >= 0 ? e.place.base : -1;
  }

  // --- Statements ----------------------------------------------------------------------------

  /** The abstract states after `list` from those in `ins`. */
  stmts(list: readonly Stmt[], ins: Env[], bound: ReadonlyMap<number, Range> = NONE): Float64Array[] {
    let cur = ins.filter((e) => e !== null);
    for (const s of list) {
      if (cur.length === 0) return cur;
      const out: Float64Array[] = [];
      for (const env of cur) for (const e of this.stmt(s, env, bound)) if (e !== null) out.push(e);
      cur = out.length > MAX_PATHS ? [out.reduce<Env>(join, null)!] : out;
    }
    return cur;
  }

  private stmt(s: Stmt, env: Float64Array, bound: ReadonlyMap<number, Range>): Env[] {
    switch (s.k) {
      case 'assign':
        return [this.assign(s.place, env, this.eval(s.value, env, bound), bound)];
      case 'await':
        return [this.refine(env, s.cond, true, bound)];
      case 'if': {
        const v = this.eval(s.cond, env, bound);
        const then = v[1] === 1 ? this.stmts(s.then, [this.where(env, s.cond, v, true, bound)], bound) : [];
        if (v[0] !== 0) return then;
        const other = this.stmts(s.else, [this.where(env, s.cond, v, false, bound)], bound);
        return then.length === 0 ? other : [...then, ...other];
      }
      case 'either':
        return s.branches.flatMap((b) => this.stmts(b, [env], bound));
      case 'choose': {
        const chosen = this.assign(s.place, env, [s.lo, s.hi], bound);
        return [s.where ? this.refine(chosen, s.where, true, bound) : chosen];
      }
      case 'while': {
        let head: Env = env;
        for (let round = 0; ; round++) {
          const after = this.stmts(s.body, [this.refine(head, s.cond, true, bound)], bound);
          let next: Env = after.reduce<Env>(join, head);
          if (round >= WHILE_ROUNDS) next = this.widen(head, next);
          if (sameEnv(next, head)) break;
          head = next;
        }
        return [this.refine(head, s.cond, false, bound)];
      }
      case 'assert':
        this.eval(s.cond, env, bound);
        this.asserts = true;
        return [env];
      case 'note':
        return [env];
    }
  }

  /** `place = value`: its slots noted as written, a private one's interval updated (null if none fits). */
  assign(place: Place, env: Float64Array, value: Range, bound: ReadonlyMap<number, Range>): Env {
    const slots = this.place(place, env, bound);
    // A value out of the variable's range is a run-time error: the values stored are those in range.
    const lo = Math.max(value[0], low(place.type));
    const hi = Math.min(value[1], high(place.type));
    if (lo > hi || slots.length === 0) return null;
    const out = env.slice();
    for (const s of slots) {
      this.touches?.writes.add(s);
      const k = this.index[s]!;
      if (k < 0) continue;
      // One slot is overwritten; of several, any one may be, so each keeps its old values too.
      out[2 * k] = slots.length === 1 ? lo : Math.min(lo, env[2 * k]!);
      out[2 * k + 1] = slots.length === 1 ? hi : Math.max(hi, env[2 * k + 1]!);
    }
    return out;
  }
}

/** A comparison of two intervals: true, false, or unknown. */
function compare(op: string, a: Range, b: Range): Range {
  const [al, ah] = a;
  const [bl, bh] = b;
  switch (op) {
    case '==':
      return al === ah && bl === bh && al === bl ? TRUE : ah < bl || bh < al ? FALSE : UNKNOWN;
    case '!=':
      return al === ah && bl === bh && al === bl ? FALSE : ah < bl || bh < al ? TRUE : UNKNOWN;
    case '<':
      return ah < bl ? TRUE : al >= bh ? FALSE : UNKNOWN;
    case '<=':
      return ah <= bl ? TRUE : al > bh ? FALSE : UNKNOWN;
    case '>':
      return compare('<', b, a);
    case '>=':
      return compare('<=', b, a);
    default:
      return UNKNOWN;
  }
}
