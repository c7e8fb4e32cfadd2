/*
 * The progress line of a long run, on standard error: on a terminal one line
 * updated in place (as npm and cargo draw theirs), cleared when the run ends so
 * that the report starts on a clean line; elsewhere (a pipe, a CI log) a plain
 * line each time, which a log keeps.
 */

/** What progress needs of a stream (process.stderr in the commands). */
export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

export interface ProgressLine {
  /** Shows `text` as the current progress. */
  readonly update: (text: string) => void;
  /** Clears the line on a terminal (nothing to do elsewhere); safe to call more than once. */
  readonly done: () => void;
}

export function progressLine(stream: ProgressStream): ProgressLine {
  if (!stream.isTTY) return { update: (text) => stream.write(`${text}\n`), done: () => {} };
  let shown = false;
  return {
    update: (text) => {
      // One column short of the width, so that the terminal never wraps the line (which would scroll it).
      const width = Math.max(20, (stream.columns ?? 80) - 1);
      const line = text.length > width ? `${text.slice(0, width - 1)}…` : text;
      stream.write(`\r${line}\x1b[K`);
      shown = true;
    },
    done: () => {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
