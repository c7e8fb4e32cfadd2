/*
 * A source text (a model file, a spec file, or the command line) and the
 * mapping from character offsets to 1-based line and column numbers. A line
 * ends at LF, CRLF or a lone CR (old Mac files, and what a tool may leave):
 * the same three the lexer ends a `//` comment at.
 */

export interface Source {
  /** The name shown in diagnostics: a path as the user typed it, or "<command line>". */
  readonly name: string;
  readonly text: string;
  /** Offset of the first character of each line. */
  readonly lineStarts: readonly number[];
}

export function makeSource(name: string, text: string): Source {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // CR LF is one line end: the line starts after the LF.
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) lineStarts.push(i + 1);
  }
  return { name, text, lineStarts };
}

/** Where something is: a span of characters in a source. */
export interface Loc {
  readonly offset: number;
  readonly length: number;
}

export interface LineCol {
  readonly line: number;
  readonly col: number;
}

export function lineCol(source: Source, offset: number): LineCol {
  const starts = source.lineStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: offset - starts[lo]! + 1 };
}

/** The text of a 1-based line, without its line break. */
export function lineText(source: Source, line: number): string {
  const start = source.lineStarts[line - 1] ?? source.text.length;
  const next = source.lineStarts[line];
  const end = next === undefined ? source.text.length : next;
  return source.text.slice(start, end).replace(/\r?\n$|\r$/, '');
}

/** "file:line:col", the way compilers name a place. */
export function where(source: Source, loc: Loc): string {
  const { line, col } = lineCol(source, loc.offset);
  return `${source.name}:${line}:${col}`;
}
