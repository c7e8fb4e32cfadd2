/*
 * Integer literals, as a model writes them and as -D and a spec's `const` give them: decimal
 * digits, at most LARGEST_LITERAL (a negative number is a minus before one).
 */

export const LARGEST_LITERAL = 2 ** 31 - 1;

/** The value of decimal digits, or undefined when it is larger than LARGEST_LITERAL. */
export function literalValue(digits: string): number | undefined {
  const value = Number(digits);
  return Number.isSafeInteger(value) && value <= LARGEST_LITERAL ? value : undefined;
}
