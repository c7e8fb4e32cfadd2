/*
 * What an integer is in the model language: a whole number of at most 2^53−1 in magnitude
 * (JavaScript's safe integers, which a double holds exactly). Every intermediate result of an
 * integer expression must stay within that bound, so that no value is ever rounded: a constant
 * expression outside it is a diagnostic when the model loads, one that depends on the state a
 * run-time error at the expression (the compiler proves most expressions inside it from the
 * variables' ranges and checks only the others). This is the one place the bound is written.
 */

/** The largest magnitude of an integer value: 2^53 − 1. */
export const MAX_INT = Number.MAX_SAFE_INTEGER;

/** Whether `v` is an integer the model language can hold exactly. */
export function isModelInt(v: number): boolean {
  return Number.isSafeInteger(v);
}

/** The exact value of `a op b` for + - * (BigInt: the doubles themselves may have rounded). */
function exact(op: string, a: number, b: number): bigint {
  const x = BigInt(a);
  const y = BigInt(b);
  return op === '+' ? x + y : op === '-' ? x - y : x * y;
}

/** The message for `a op b` whose exact value is beyond ±MAX_INT (a and b are model integers). */
export function overflowMessage(op: string, a: number, b: number): string {
  return (
    `integer overflow: ${a} ${op} ${b} is ${exact(op, a, b)}, ` +
    'beyond ±9007199254740991 (2^53−1), the largest integers racecheck computes exactly'
  );
}

/**
 * Integer division truncated toward zero. Exact for model integers: a / b rounds to the integer n
 * above only when the exact a/b = n − r/b is within half an ulp of n (about n·2^-53), i.e. r <
 * a/2^53, which for |a| < 2^53 and r >= 1 cannot be.
 */
export function divide(a: number, b: number): number {
  return Math.trunc(a / b);
}
