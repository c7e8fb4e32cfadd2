/*
 * Interval arithmetic over IR expressions: bounds on the values an integer expression can take,
 * from the declared ranges of the variables it reads. The compiler uses them to prove that an
 * arithmetic result stays within the model's integers (model/integers.ts), so that it checks for
 * overflow only where it might happen, and that a value fits its variable without a range check.
 *
 * Bounds are computed in doubles; they are sound all the same: rounding is monotone, so a bound
 * whose exact value is beyond ±MAX_INT is beyond it after rounding too.
 */
import { type Expr, high, low, MAX_INT } from '../model/index.js';

/** Inclusive bounds [lo, hi] (±Infinity when unknown). */
export type Interval = readonly [number, number];

const BOOLEAN: Interval = [0, 1];

/** x · y for bounds, with 0 · ∞ = 0 (an operand that is always 0 makes the product 0). */
function times(x: number, y: number): number {
  return x === 0 || y === 0 ? 0 : x * y;
}

/** The largest magnitude a value in `i` can have. */
function magnitude(i: Interval): number {
  return Math.max(Math.abs(i[0]), Math.abs(i[1]));
}

/** Each expression's bounds, computed once (an expression's bounds do not depend on where it is used). */
const cache = new WeakMap<Expr, Interval>();

/**
 * Bounds on the values of `e` (bools as 0..1, enum members as their index). A bound variable
 * ranges over its quantifier's domain, also where an unrolled term knows its value.
 */
export function interval(e: Expr): Interval {
  let i = cache.get(e);
  if (i === undefined) {
    i = compute(e);
    cache.set(e, i);
  }
  return i;
}

function compute(e: Expr): Interval {
  switch (e.k) {
    case 'const':
      return [e.value, e.value];
    case 'read':
      return [low(e.type), high(e.type)];
    case 'bound':
      return [low(e.type), high(e.type)];
    case 'unary': {
      if (e.op === '!') return BOOLEAN;
      const [lo, hi] = interval(e.operand);
      return [-hi, -lo];
    }
    case 'cond': {
      const a = interval(e.then);
      const b = interval(e.else);
      return [Math.min(a[0], b[0]), Math.max(a[1], b[1])];
    }
    case 'quant':
      return e.quant === 'count' ? [0, e.hi - e.lo + 1] : BOOLEAN;
    case 'binary':
      return binaryInterval(e.op, interval(e.left), interval(e.right));
  }
}

function binaryInterval(op: string, a: Interval, b: Interval): Interval {
  switch (op) {
    case '+':
      return [a[0] + b[0], a[1] + b[1]];
    case '-':
      return [a[0] - b[1], a[1] - b[0]];
    case '*': {
      const p = [times(a[0], b[0]), times(a[0], b[1]), times(a[1], b[0]), times(a[1], b[1])];
      return [Math.min(...p), Math.max(...p)];
    }
    case '/': {
      // A quotient truncated toward zero is no larger than the dividend.
      const m = magnitude(a);
      return [-m, m];
    }
    case '%': {
      // The remainder has the dividend's sign and is smaller than the divisor in magnitude.
      const m = Math.min(magnitude(a), Math.max(magnitude(b) - 1, 0));
      return [a[0] >= 0 ? 0 : -m, a[1] <= 0 ? 0 : m];
    }
    default:
      // Comparisons and logic.
      return BOOLEAN;
  }
}

/** Whether every value of `i` is a model integer (so that computing it rounds nothing). */
export function exact(i: Interval): boolean {
  return i[0] >= -MAX_INT && i[1] <= MAX_INT;
}
