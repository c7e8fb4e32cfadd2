/*
 * The colours a message may use, by what they mean. Diagnostics are
 * formatted in this first stage and every report after it, so the one Paint
 * type lives here; render/paint.ts makes a coloured one from chalk.
 */

export interface Paint {
  bad(s: string): string;
  good(s: string): string;
  warn(s: string): string;
  strong(s: string): string;
  dim(s: string): string;
}

/** No colour: for tests, pipes and NO_COLOR. */
export const plain: Paint = { bad: (s) => s, good: (s) => s, warn: (s) => s, strong: (s) => s, dim: (s) => s };
