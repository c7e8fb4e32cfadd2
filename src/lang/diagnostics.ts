/*
 * User errors and warnings: a message tied to a place in a source. Every stage
 * reports problems in a model or spec by throwing a DiagnosticError; the CLI
 * prints it as `file:line:col: error: message`, the source line and a caret,
 * and exits 2. A warning (a model that loads but probably does not say what
 * its author meant) has the same shape and is collected, not thrown: the model
 * builder returns its warnings with the model and the CLI prints them on stderr.
 */
import { type Paint, plain } from './paint.js';
import { type Loc, lineCol, lineText, type Source } from './source.js';
import { editDistance, visible } from './words.js';

export interface Diagnostic {
  /** An error stops the load; a warning does not (unless --strict). Default: error. */
  readonly severity?: 'error' | 'warning';
  readonly source: Source;
  readonly loc: Loc;
  readonly message: string;
  /** Extra lines printed after the caret, e.g. "did you mean …?". */
  readonly hint?: string;
}

export class DiagnosticError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(formatDiagnostic(diagnostic));
    this.name = 'DiagnosticError';
  }
}

export function fail(source: Source, loc: Loc, message: string, hint?: string): never {
  throw new DiagnosticError(hint === undefined ? { source, loc, message } : { source, loc, message, hint });
}

/** A warning at a place in a source (not thrown: the caller collects it). */
export function warning(source: Source, loc: Loc, message: string, hint?: string): Diagnostic {
  return { severity: 'warning', source, loc, message, ...(hint !== undefined && { hint }) };
}

/** The same diagnostic as an error (what --strict makes of a warning). */
export function asError(d: Diagnostic, hint?: string): Diagnostic {
  const { severity: _, ...rest } = d;
  return hint === undefined ? rest : { ...rest, hint: d.hint ? `${d.hint}\n${hint}` : hint };
}

/** Renders a diagnostic the way gcc and tsc do; `paint` adds colour when the CLI wants it. */
export function formatDiagnostic(d: Diagnostic, paint: Paint = plain): string {
  const { line, col } = lineCol(d.source, d.loc.offset);
  // A long line is shown around the caret; control characters as \xHH (a terminal would act on them).
  const { text: raw, at } = around(lineText(d.source, line).replace(/\t/g, ' '), col);
  const text = visible(raw);
  const shift = visible(raw.slice(0, at - 1)).length - (at - 1);
  const marked = visible(raw.slice(at - 1, at - 1 + d.loc.length)).length;
  const width = Math.max(1, Math.min(marked, text.length - (at - 1 + shift)));
  const gutter = `${line} | `;
  const kind = d.severity === 'warning' ? paint.warn('warning') : paint.bad('error');
  const lines = [
    `${visible(d.source.name)}:${line}:${col}: ${kind}: ${visible(d.message)}`,
    `${gutter}${text}`,
    `${' '.repeat(gutter.length + at - 1 + shift)}${paint.good(`^${'~'.repeat(width - 1)}`)}`,
  ];
  if (d.hint) lines.push(...d.hint.split('\n').map(visible));
  return lines.join('\n');
}

const SHOWN = 160;

/** A long line (a minified JSON document, a generated model) as the part around column `col`, and its column there. */
function around(line: string, col: number): { text: string; at: number } {
  if (line.length <= SHOWN) return { text: line, at: col };
  const start = Math.max(0, Math.min(col - 1 - SHOWN / 2, line.length - SHOWN));
  const end = start + SHOWN;
  const text = `${start > 0 ? '…' : ''}${line.slice(start, end)}${end < line.length ? '…' : ''}`;
  return { text, at: col - start + (start > 0 ? 1 : 0) };
}

/** The closest names to a misspelt one, for "did you mean …?" hints. */
export function closest(name: string, candidates: Iterable<string>, max = 3): string[] {
  const scored: [number, string][] = [];
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d <= Math.max(2, Math.floor(c.length / 3))) scored.push([d, c]);
  }
  scored.sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]));
  return scored.slice(0, max).map(([, c]) => c);
}

export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const near = closest(name, candidates);
  return near.length ? `did you mean ${near.map((n) => `'${n}'`).join(' or ')}?` : undefined;
}
