/*
 * Words that every stage's messages share: a count with its noun in the
 * right number, and how far apart two names are (for "did you mean …?" and
 * for a diagram's misspelt call). Here, in the first stage, so that every
 * later stage may import them without breaking the pipeline's order.
 */

/** `n` and its noun: "1 step", "2 steps", "0 context switches" (give the plural when it is not `noun + s`). */
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : nouns}`;
}

/** Levenshtein distance: the fewest insertions, deletions and substitutions that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
