/*
 * Bounds on the result of an integer operator from bounds on its operands: shared by the
 * compiler's overflow proofs (compile/intervals.ts) and the reduction's value ranges (ranges.ts).
 */

/** Inclusive bounds [lo, hi] (±Infinity when unknown). */
export type Interval = readonly [number, number];

/** x · y for bounds, with 0 · ∞ = 0 (an operand that is always 0 makes the product 0). */
function times(x: number, y: number): number {
  return x === 0 || y === 0 ? 0 : x * y;
}

/** The largest magnitude a value in `i` can have. */
function magnitude(i: Interval): number {
  return Math.max(Math.abs(i[0]), Math.abs(i[1]));
}

/** The bounds of `a op b` for an arithmetic operator (+ - * / %); undefined for any other. */
export function arithmeticBounds(op: string, a: Interval, b: Interval): Interval | undefined {
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
      return undefined;
  }
}
