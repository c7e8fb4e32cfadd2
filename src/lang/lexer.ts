/*
 * The scanner: one token at a time from any offset, so the parser can step
 * back into raw text (the inside of `step foo(bar baz)`) and out again.
 */
import { fail } from './diagnostics.js';
import type { Source } from './source.js';
import { characterName, controlCharacterAt } from './words.js';

export type TokenKind = 'ident' | 'keyword' | 'int' | 'string' | 'punct' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** The token's text; for strings, the raw text between the quotes. */
  readonly text: string;
  readonly offset: number;
  readonly end: number;
}

export const KEYWORDS = new Set([
  'model',
  'const',
  'enum',
  'var',
  'array',
  'of',
  'bool',
  'process',
  'proc',
  'def',
  'invariant',
  'final',
  'after',
  'step',
  'atomic',
  'call',
  'if',
  'else',
  'while',
  'for',
  'in',
  'either',
  'or',
  'choose',
  'where',
  'await',
  'assert',
  'note',
  'true',
  'false',
  'forall',
  'exists',
  'count',
  'skip',
  'symmetric',
]);

// Longest first, so that `-->` wins over `-` and `..` over `.`.
const PUNCTUATION = [
  '-->',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '=>',
  '+=',
  '-=',
  '..',
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ',',
  ':',
  ';',
  '.',
  '=',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '!',
  '?',
];

const isIdentStart = (c: string) => /[A-Za-z_]/.test(c);
const isIdentPart = (c: string) => /[A-Za-z0-9_]/.test(c);
const isDigit = (c: string) => c >= '0' && c <= '9';

/** Skips blanks and comments (a `//` comment ends at LF, CRLF or a lone CR); returns the offset of the next token. */
export function skipTrivia(source: Source, offset: number): number {
  const t = source.text;
  let i = offset;
  for (;;) {
    while (i < t.length && /\s/.test(t[i]!)) i++;
    if (t.startsWith('//', i)) {
      const start = i;
      while (i < t.length && t[i] !== '\n' && t[i] !== '\r') i++;
      noControlCharacters(source, start, t.slice(start, i), 'a comment');
    } else if (t.startsWith('/*', i)) {
      const close = t.indexOf('*/', i + 2);
      if (close < 0) fail(source, { offset: i, length: 2 }, 'unterminated comment: this /* has no closing */');
      noControlCharacters(source, i, t.slice(i, close), 'a comment');
      i = close + 2;
    } else {
      return i;
    }
  }
}

export function scan(source: Source, from: number): Token {
  const t = source.text;
  const offset = skipTrivia(source, from);
  if (offset >= t.length) return { kind: 'eof', text: '', offset, end: offset };
  const c = t[offset]!;
  if (isIdentStart(c)) {
    let end = offset + 1;
    while (end < t.length && isIdentPart(t[end]!)) end++;
    const text = t.slice(offset, end);
    return { kind: KEYWORDS.has(text) ? 'keyword' : 'ident', text, offset, end };
  }
  if (isDigit(c)) {
    let end = offset + 1;
    while (end < t.length && isDigit(t[end]!)) end++;
    if (end < t.length && isIdentPart(t[end]!)) {
      fail(source, { offset, length: end - offset + 1 }, `malformed number '${t.slice(offset, end + 1)}'`);
    }
    return { kind: 'int', text: t.slice(offset, end), offset, end };
  }
  if (c === '"') return scanString(source, offset);
  for (const p of PUNCTUATION) {
    if (t.startsWith(p, offset)) return { kind: 'punct', text: p, offset, end: offset + p.length };
  }
  fail(source, { offset, length: 1 }, `unexpected character ${characterName(c)}`);
}

/** A string may span lines (a model's long sentence, wrapped: its templates join the lines with a space). */
function scanString(source: Source, offset: number): Token {
  const t = source.text;
  let i = offset + 1;
  while (i < t.length && t[i] !== '"') {
    if (t[i] === '\\') i++;
    i++;
  }
  if (i >= t.length) fail(source, { offset, length: 1 }, 'unterminated string: this " has no closing quote');
  const text = t.slice(offset + 1, i);
  noControlCharacters(source, offset + 1, text, 'a string');
  return { kind: 'string', text, offset, end: i + 1 };
}

/**
 * User text (strings, call text) reaches terminals and CI logs, and a diagnostic shows the line it is on
 * (comments too): a raw control character (ESC, DEL, …) is an error at the character, not an escape sequence
 * for the terminal to act on. Tab, LF and CR are blanks.
 */
function noControlCharacters(source: Source, start: number, text: string, where: string): void {
  const at = controlCharacterAt(text);
  if (at >= 0) {
    fail(
      source,
      { offset: start + at, length: 1 },
      `control character ${characterName(text[at]!)} in ${where}: racecheck shows only printable text`,
    );
  }
}

/**
 * The raw text between a `(` at `open` and its matching `)`, for call text
 * such as `relocate_block_group(rc->stage == MOVE_DATA_EXTENTS)`. Returns the
 * offset just past the closing parenthesis.
 */
export function scanRawParens(source: Source, open: number): { start: number; end: number; next: number } {
  const t = source.text;
  let depth = 0;
  for (let i = open; i < t.length; i++) {
    const c = t[i];
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) {
      noControlCharacters(source, open + 1, t.slice(open + 1, i), 'call text');
      return { start: open + 1, end: i, next: i + 1 };
    }
  }
  fail(source, { offset: open, length: 1 }, 'unclosed parenthesis in call text: this ( has no matching )');
}
