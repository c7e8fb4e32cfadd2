/*
 * Text with `{expr}` holes: the model title, display names, step sentences,
 * notes and call text. Each hole is parsed where it stands, so a bad hole
 * points at itself rather than at the whole string.
 */
import type * as A from '../ast.js';
import { fail } from '../diagnostics.js';
import type { Token } from '../lexer.js';
import { Cursor, tokenSpan } from './cursor.js';
import { expression } from './expressions.js';

/** The model title: a string without holes. */
export function templateText(c: Cursor, t: Token): string {
  const parts = template(c, t, true).parts;
  const hole = parts.find((p) => typeof p !== 'string');
  if (hole && typeof hole !== 'string')
    fail(c.source, hole.at, 'the model title cannot show values: write \\{ for a literal brace');
  return parts.join('');
}

/** A string token's text, between its quotes. */
export function template(c: Cursor, t: Token, escapes: boolean): A.Template {
  return { parts: templateParts(c, t.offset + 1, t.end - 1, escapes), at: tokenSpan(t) };
}

/**
 * Splits text into literal runs and `{expr}` holes. Runs of blanks and line
 * breaks become one space, so long sentences can be wrapped in the model
 * file; `\n` forces a line break in the diagram.
 */
export function templateParts(c: Cursor, start: number, end: number, escapes: boolean): (string | A.Expr)[] {
  const text = c.source.text;
  const parts: (string | A.Expr)[] = [];
  // The literal run so far, as pieces joined once: `lit += ch` with a look at the run's last
  // character flattened V8's string rope at every blank, quadratic in a long sentence.
  let lit: string[] = [];
  let last = '';
  const add = (s: string) => {
    lit.push(s);
    last = s;
  };
  const endRun = () => {
    if (lit.length) parts.push(lit.join(''));
    lit = [];
    last = '';
  };
  for (let i = start; i < end; i++) {
    const ch = text[i]!;
    if (ch === '\\' && !escapes && (text[i + 1] === '{' || text[i + 1] === '}')) {
      add(text[++i]!); // call text takes \{ and \} only: it is raw C otherwise
    } else if (escapes && ch === '\\') {
      const e = text[++i];
      if (e === undefined || !(e in ESCAPES)) {
        fail(
          c.source,
          { offset: i - 1, length: 2 },
          `unknown escape '\\${e ?? ''}' (use \\n, \\t, \\", \\\\, \\{ or \\})`,
        );
      }
      add(ESCAPES[e]!);
    } else if (ch === '{') {
      const close = matchingBrace(text, i, end);
      if (close < 0) fail(c.source, { offset: i, length: 1 }, "unclosed '{' in text: write \\{ for a literal brace");
      const hole = new Cursor(c.source, i + 1, c.depth);
      const e = expression(hole);
      if (hole.tok.offset !== close) {
        fail(
          c.source,
          tokenSpan(hole.tok),
          `expected '}' to end the value shown in the text, found '${hole.tok.text}'`,
        );
      }
      endRun();
      parts.push(e);
      i = close;
    } else if (/\s/.test(ch)) {
      if (!last.endsWith(' ') && !last.endsWith('\n')) add(' ');
    } else {
      add(ch);
    }
  }
  endRun();
  return trimParts(parts);
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: ' ', '"': '"', '\\': '\\', '{': '{', '}': '}' };

/** Joins adjacent literal runs, as where call text meets the name and parentheses around it. */
export function mergeStrings(parts: (string | A.Expr)[]): (string | A.Expr)[] {
  const out: (string | A.Expr)[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (typeof p === 'string' && typeof last === 'string') out[out.length - 1] = last + p;
    else out.push(p);
  }
  return out;
}

function matchingBrace(text: string, open: number, end: number): number {
  let depth = 0;
  for (let i = open; i < end; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function trimParts(parts: (string | A.Expr)[]): (string | A.Expr)[] {
  const first = parts[0];
  if (typeof first === 'string') parts[0] = first.replace(/^ +/, '');
  const last = parts[parts.length - 1];
  if (typeof last === 'string') parts[parts.length - 1] = last.replace(/ +$/, '');
  return parts.filter((p) => p !== '');
}
