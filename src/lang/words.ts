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

/**
 * The control characters a terminal or a CI log may act on: C0 but tab, LF and CR (which every text file
 * holds), DEL and C1. ESC starts colour and cursor sequences; a C1 CSI (U+009B) does the same on some terminals.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
const SHOWN_VISIBLY = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;

/** The offset of the first control character of `text` a file may not hold (see CONTROL), or -1. */
export function controlCharacterAt(text: string): number {
  return text.search(CONTROL);
}

/**
 * `text` as it may go to a terminal or a CI log: every control character, LF and CR included (a line of
 * its own in a log is a workflow command: `::error`), shown as `\xHH`; tab stays. Colour codes are added
 * after, by Paint, and stay.
 */
export function visible(text: string): string {
  return text.replace(SHOWN_VISIBLY, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** A character as a message names it: 'x', or U+001B for one that is not printable ASCII. */
export function characterName(c: string): string {
  const code = c.codePointAt(0)!;
  return code < 32 || code > 126 ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `'${c}'`;
}
