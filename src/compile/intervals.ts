/*
 * Interval arithmetic over IR expressions: bounds on the values an integer expression can take,
 * from the declared ranges of the variables it reads. The compiler uses them to prove that an
 * arithmetic result stays within the model's integers (model/integers.ts), so that it checks for
 * overflow only where it might happen, and that a value fits its variable without a range check.
 *
 * Bounds are computed in doubles; they are sound all the same: rounding is monotone, so a bound
 * whose exact value is beyond ±MAX_INT is beyond it after rounding too.
 */
import { arithmeticBounds, type Expr, high, type Interval, low, MAX_INT } from '../model/index.js';

const BOOLEAN: Interval = [0, 1];

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
  return arithmeticBounds(op, a, b) ?? BOOLEAN; // else a comparison or logic
}

/** Whether every value of `i` is a model integer (so that computing it rounds nothing). */
export function exact(i: Interval): boolean {
  return i[0] >= -MAX_INT && i[1] <= MAX_INT;
}
