/*
 * The parser's hold on the token stream: the current token, the one-token
 * tests the grammar is written with (is, eat, expect), the error for an
 * unexpected token, and the spans of the nodes built. The grammar itself is
 * plain functions over a Cursor, in declarations.ts, statements.ts,
 * templates.ts and expressions.ts.
 */
import type * as A from '../ast.js';
import { fail } from '../diagnostics.js';
import { scan, type Token } from '../lexer.js';
import type { Loc, Source } from '../source.js';

/**
 * How deeply constructs may nest: blocks, parentheses, brackets, operators (each operator of a
 * chain such as `a + b + c` nests the tree one level), quantifiers, types, `{…}` holes. Every
 * later stage (the model builder, the compiler, V8 reading the generated code) walks the tree
 * recursively; at this depth each of them uses less than half of Node's stack (the tests of
 * test/lang/nesting.test.ts pass with 400 KB of its 984), and no model written by hand comes near it.
 */
export const MAX_NESTING = 200;

export class Cursor {
  /** The current token, not yet consumed. */
  tok: Token;

  /** The end of the last token consumed, where a node's span ends. */
  private prevEnd = 0;

  /**
   * @param depth how deeply the text read starts nested (a `{…}` hole in a string is read by a
   *   cursor of its own, as deep as the string).
   */
  constructor(
    readonly source: Source,
    offset: number,
    public depth = 0,
  ) {
    this.tok = scan(source, offset);
  }

  /**
   * One level deeper, for a construct that starts at `at` (the current token unless given); a
   * diagnostic there if that is deeper than MAX_NESTING. The caller leaves the level when the
   * construct is read (a diagnostic ends the whole parse, so no level is left on the way out).
   */
  enter(at: Token = this.tok): void {
    if (++this.depth > MAX_NESTING)
      fail(
        this.source,
        tokenSpan(at),
        `nesting deeper than ${MAX_NESTING} levels`,
        'each block, parenthesis, bracket, quantifier, ! or unary -, and each operator of a chain such as' +
          ' a + b + c nests one level',
      );
  }

  leave(levels = 1): void {
    this.depth -= levels;
  }

  next(): Token {
    const t = this.tok;
    this.prevEnd = t.end;
    this.tok = scan(this.source, t.end);
    return t;
  }

  is(text: string): boolean {
    return (this.tok.kind === 'punct' || this.tok.kind === 'keyword') && this.tok.text === text;
  }

  eat(text: string): boolean {
    if (!this.is(text)) return false;
    this.next();
    return true;
  }

  expect(text: string, what = `'${text}'`): Token {
    if (!this.is(text)) this.unexpected(what);
    return this.next();
  }

  unexpected(what: string): never {
    const t = this.tok;
    const found = t.kind === 'eof' ? 'the end of the file' : t.kind === 'string' ? 'a string' : `'${t.text}'`;
    fail(this.source, { offset: t.offset, length: Math.max(1, t.end - t.offset) }, `expected ${what}, found ${found}`);
  }

  ident(what = 'a name'): A.Ident {
    if (this.tok.kind !== 'ident') {
      if (this.tok.kind === 'keyword') {
        const t = this.tok;
        fail(
          this.source,
          tokenSpan(t),
          `expected ${what}, found the keyword '${t.text}' (keywords cannot be used as names)`,
        );
      }
      this.unexpected(what);
    }
    const t = this.next();
    return { name: t.text, at: tokenSpan(t) };
  }

  string(what: string): Token {
    if (this.tok.kind !== 'string') this.unexpected(what);
    return this.next();
  }

  /** Carries on after text the lexer does not read (raw call text), at `offset`. */
  resumeAt(offset: number): void {
    this.tok = scan(this.source, offset);
    this.prevEnd = offset;
  }

  /** The span of a node that starts at `start` and ends with the last token consumed. */
  span(start: number): Loc {
    return { offset: start, length: Math.max(1, this.prevEnd - start) };
  }
}

export function tokenSpan(t: Token): Loc {
  return { offset: t.offset, length: Math.max(1, t.end - t.offset) };
}
