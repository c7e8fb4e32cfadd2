/*
 * The scanner: one token at a time from any offset, so the parser can step
 * back into raw text (the inside of `step foo(bar baz)`) and out again.
 */
import { fail } from './diagnostics.js';
import type { Source } from './source.js';

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

/** Skips blanks and comments; returns the offset of the next token. */
export function skipTrivia(source: Source, offset: number): number {
  const t = source.text;
  let i = offset;
  for (;;) {
    while (i < t.length && /\s/.test(t[i]!)) i++;
    if (t.startsWith('//', i)) {
      while (i < t.length && t[i] !== '\n') i++;
    } else if (t.startsWith('/*', i)) {
      const close = t.indexOf('*/', i + 2);
      if (close < 0) fail(source, { offset: i, length: 2 }, 'unterminated comment: this /* has no closing */');
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
  const shown =
    c.charCodeAt(0) < 32 || c.charCodeAt(0) > 126
      ? `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`
      : `'${c}'`;
  fail(source, { offset, length: 1 }, `unexpected character ${shown}`);
}

function scanString(source: Source, offset: number): Token {
  const t = source.text;
  let i = offset + 1;
  while (i < t.length && t[i] !== '"') {
    if (t[i] === '\\') i++;
    i++;
  }
  if (i >= t.length) fail(source, { offset, length: 1 }, 'unterminated string: this " has no closing quote');
  return { kind: 'string', text: t.slice(offset + 1, i), offset, end: i + 1 };
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
    else if (c === ')' && --depth === 0) return { start: open + 1, end: i, next: i + 1 };
  }
  fail(source, { offset: open, length: 1 }, 'unclosed parenthesis in call text: this ( has no matching )');
}
