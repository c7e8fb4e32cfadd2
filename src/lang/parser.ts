/*
 * Recursive-descent parser for `.race` models: tokens in, ModelAst out.
 * Statements need no terminators (a `;` is allowed); strings and call text may
 * hold `{expr}` holes, parsed here so that a bad hole points at itself.
 */
import type * as A from './ast.js';
import { fail } from './diagnostics.js';
import { scan, scanRawParens, type Token } from './lexer.js';
import type { Loc, Source } from './source.js';

export function parseModel(source: Source): A.ModelAst {
  return new Parser(source, 0).model();
}

const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);

export class Parser {
  private tok: Token;

  constructor(
    readonly source: Source,
    offset: number,
  ) {
    this.tok = scan(source, offset);
  }

  // ---------------------------------------------------------------- tokens

  /** The end of the last token consumed, where a node's span ends. */
  private prevEnd = 0;

  private next(): Token {
    const t = this.tok;
    this.prevEnd = t.end;
    this.tok = scan(this.source, t.end);
    return t;
  }

  private is(text: string): boolean {
    return (this.tok.kind === 'punct' || this.tok.kind === 'keyword') && this.tok.text === text;
  }

  private eat(text: string): boolean {
    if (!this.is(text)) return false;
    this.next();
    return true;
  }

  private expect(text: string, what = `'${text}'`): Token {
    if (!this.is(text)) this.unexpected(what);
    return this.next();
  }

  private unexpected(what: string): never {
    const t = this.tok;
    const found = t.kind === 'eof' ? 'the end of the file' : t.kind === 'string' ? 'a string' : `'${t.text}'`;
    fail(this.source, { offset: t.offset, length: Math.max(1, t.end - t.offset) }, `expected ${what}, found ${found}`);
  }

  private ident(what = 'a name'): A.Ident {
    if (this.tok.kind !== 'ident') {
      if (this.tok.kind === 'keyword') {
        const t = this.tok;
        fail(
          this.source,
          span(t),
          `expected ${what}, found the keyword '${t.text}' (keywords cannot be used as names)`,
        );
      }
      this.unexpected(what);
    }
    const t = this.next();
    return { name: t.text, at: span(t) };
  }

  // ----------------------------------------------------------- declarations

  model(): A.ModelAst {
    let title: string | undefined;
    if (this.eat('model')) title = this.templateText(this.string('the model title in quotes'));
    const decls: A.Decl[] = [];
    while (this.tok.kind !== 'eof') decls.push(this.decl());
    return title === undefined ? { decls } : { title, decls };
  }

  private decl(): A.Decl {
    const start = this.tok.offset;
    switch (this.tok.kind === 'keyword' ? this.tok.text : '') {
      case 'const': {
        this.next();
        const name = this.ident('a constant name');
        this.expect('=');
        const value = this.expr();
        return { kind: 'const', name, value, at: this.span(start) };
      }
      case 'enum': {
        this.next();
        const name = this.ident('an enum name');
        this.expect('{');
        const members: A.Ident[] = [];
        do {
          if (this.is('}')) break;
          members.push(this.ident('an enum member'));
        } while (this.eat(','));
        this.expect('}', "',' or '}'");
        return { kind: 'enum', name, members, at: this.span(start) };
      }
      case 'var':
        return this.varDecl();
      case 'process': {
        this.next();
        const name = this.ident('a process name');
        let index: { variable: A.Ident; domain: A.TypeExpr } | undefined;
        if (this.eat('[')) {
          const variable = this.ident('an index name, as in writer[i in 1..N]');
          this.expect('in');
          const domain = this.type();
          this.expect(']');
          index = { variable, domain };
        }
        let symmetric: Loc | undefined;
        if (this.is('symmetric')) {
          symmetric = span(this.next());
          if (!index)
            fail(
              this.source,
              symmetric,
              `only a process array can be symmetric: process ${name.name}[i in 1..N] symmetric`,
            );
        }
        const displayName = this.tok.kind === 'string' ? this.template(this.next(), true) : undefined;
        const body = this.block();
        return {
          kind: 'process',
          name,
          ...(index && { index }),
          ...(symmetric && { symmetric }),
          ...(displayName && { displayName }),
          body,
          at: this.span(start),
        };
      }
      case 'proc': {
        this.next();
        const name = this.ident('a procedure name');
        this.expect('(');
        const params: A.Ident[] = [];
        if (!this.is(')')) {
          do params.push(this.ident('a parameter name'));
          while (this.eat(','));
        }
        this.expect(')', "',' or ')'");
        const body = this.block();
        return { kind: 'proc', name, params, body, at: this.span(start) };
      }
      case 'def': {
        this.next();
        const name = this.ident('a name for the expression');
        const params: A.Ident[] = [];
        if (this.eat('(')) {
          if (!this.is(')')) {
            do params.push(this.ident('a parameter name'));
            while (this.eat(','));
          }
          this.expect(')', "',' or ')'");
        }
        this.expect('=');
        const body = this.expr();
        return { kind: 'def', name, params, body, at: this.span(start) };
      }
      case 'invariant': {
        this.next();
        const name = this.ident('a property name');
        this.expect(':');
        const cond = this.expr();
        return { kind: 'invariant', name, cond, at: this.span(start) };
      }
      case 'final': {
        this.next();
        const name = this.ident('a property name');
        const after: A.Expr[] = [];
        if (this.eat('after')) {
          do after.push(this.postfix());
          while (this.eat(','));
        }
        this.expect(':');
        const cond = this.expr();
        return { kind: 'final', name, after, cond, at: this.span(start) };
      }
      default:
        this.unexpected('a declaration (const, enum, var, def, process, proc, invariant or final)');
    }
  }

  private varDecl(): A.VarDecl {
    const start = this.tok.offset;
    this.expect('var');
    const name = this.ident('a variable name');
    this.expect(':', "':' and a type");
    const type = this.type();
    const init = this.eat('=') ? this.expr() : undefined;
    return { kind: 'var', name, type, ...(init && { init }), at: this.span(start) };
  }

  private type(): A.TypeExpr {
    const start = this.tok.offset;
    if (this.eat('bool')) return { kind: 'bool', at: this.span(start) };
    if (this.eat('array')) {
      this.expect('[');
      const index = this.type();
      this.expect(']');
      this.expect('of');
      const elem = this.type();
      return { kind: 'array', index, elem, at: this.span(start) };
    }
    const lo = this.additive();
    if (this.eat('..')) {
      const hi = this.additive();
      return { kind: 'range', lo, hi, at: this.span(start) };
    }
    if (lo.kind === 'name') return { kind: 'named', name: lo.name, at: lo.at };
    fail(this.source, lo.at, 'expected a type: bool, lo..hi, an enum name or array[I] of T');
  }

  // ------------------------------------------------------------- statements

  private block(): A.Stmt[] {
    this.expect('{');
    const body: A.Stmt[] = [];
    while (!this.is('}')) {
      if (this.tok.kind === 'eof') this.unexpected("'}'");
      body.push(this.stmt());
      this.eat(';');
    }
    this.next();
    return body;
  }

  private stmt(): A.Stmt {
    const start = this.tok.offset;
    const word = this.tok.kind === 'keyword' || this.tok.kind === 'punct' ? this.tok.text : '';
    switch (word) {
      case 'step': {
        this.next();
        const display = this.optionalDisplay();
        const body = this.is('{') ? this.block() : [];
        const notes = this.notes();
        return { kind: 'step', ...(display && { display }), body, notes, at: this.span(start) };
      }
      case 'atomic': {
        this.next();
        return { kind: 'atomic', body: this.block(), at: this.span(start) };
      }
      case 'call': {
        this.next();
        const display = this.optionalDisplay();
        if (!display) this.unexpected('the call text, as in call btrfs_direct_IO() { … }');
        const notes = this.notes();
        return { kind: 'call', display, notes, body: this.block(), at: this.span(start) };
      }
      case 'if':
        return this.ifStmt();
      case 'while': {
        this.next();
        const cond = this.expr();
        return { kind: 'while', cond, body: this.block(), at: this.span(start) };
      }
      case 'for': {
        this.next();
        const variable = this.ident('a loop variable');
        this.expect('in');
        const domain = this.type();
        return { kind: 'for', variable, domain, body: this.block(), at: this.span(start) };
      }
      case 'either': {
        this.next();
        const branches = [this.block()];
        if (!this.is('or')) this.unexpected("'or' (either needs at least two branches)");
        while (this.eat('or')) branches.push(this.block());
        return { kind: 'either', branches, at: this.span(start) };
      }
      case 'choose': {
        this.next();
        const target = this.postfix();
        this.expect('in');
        const domain = this.type();
        const where = this.eat('where') ? this.expr() : undefined;
        return { kind: 'choose', target, domain, ...(where && { where }), at: this.span(start) };
      }
      case 'await': {
        this.next();
        return { kind: 'await', cond: this.expr(), at: this.span(start) };
      }
      case 'assert': {
        this.next();
        const name = this.ident('a property name, as in assert name: condition');
        this.expect(':');
        return { kind: 'assert', name, cond: this.expr(), at: this.span(start) };
      }
      case '-->':
      case 'note': {
        const note = this.note();
        return { kind: 'note', note, at: note.at };
      }
      case 'var':
        return this.varDecl();
      case 'skip':
        this.next();
        return { kind: 'skip', at: this.span(start) };
    }
    if (this.tok.kind !== 'ident') this.unexpected('a statement');
    const target = this.postfix();
    if (target.kind === 'apply') return { kind: 'invoke', name: target.name, args: target.args, at: target.at };
    if (this.is('=') || this.is('+=') || this.is('-=')) {
      const op = this.next().text as '=' | '+=' | '-=';
      const value = this.expr();
      return { kind: 'assign', target, op, value, at: this.span(start) };
    }
    this.unexpected("'=', '+=' or '-=' (an assignment), or a procedure call");
  }

  private ifStmt(): A.Stmt {
    const start = this.tok.offset;
    this.expect('if');
    const cond = this.expr();
    const then = this.block();
    if (!this.eat('else')) return { kind: 'if', cond, then, at: this.span(start) };
    const otherwise = this.is('if') ? [this.ifStmt()] : this.block();
    return { kind: 'if', cond, then, else: otherwise, at: this.span(start) };
  }

  private notes(): A.Note[] {
    const notes: A.Note[] = [];
    while (this.is('-->') || this.is('note')) notes.push(this.note());
    return notes;
  }

  private note(): A.Note {
    const start = this.tok.offset;
    const arrow = this.next().text === '-->';
    const text = this.template(this.string('the note text in quotes'), true);
    return { arrow, text, at: this.span(start) };
  }

  /** `"a free sentence"`, `name(raw call text)`, or nothing. */
  private optionalDisplay(): A.Display | undefined {
    if (this.tok.kind === 'string') return { kind: 'sentence', text: this.template(this.next(), true) };
    const name = this.tok;
    const after = scan(this.source, name.end);
    const opens = after.kind === 'punct' && after.text === '(';
    // Call text is display only, so a keyword may name a call: `step count()`.
    if (name.kind === 'keyword' && opens) {
      // fall through to read it as call text
    } else if (name.kind !== 'ident') {
      return undefined;
    } else if (!opens) {
      fail(this.source, span(name), `call text needs parentheses: write ${name.text}() or put a sentence in quotes`);
    }
    const raw = scanRawParens(this.source, after.offset);
    const inner = this.templateParts(raw.start, raw.end, false);
    const parts = [`${name.text}(`, ...inner, ')'];
    this.tok = scan(this.source, raw.next);
    this.prevEnd = raw.next;
    return {
      kind: 'call',
      text: { parts: mergeStrings(parts), at: { offset: name.offset, length: raw.next - name.offset } },
    };
  }

  private string(what: string): Token {
    if (this.tok.kind !== 'string') this.unexpected(what);
    return this.next();
  }

  // ------------------------------------------------------------ templates

  private templateText(t: Token): string {
    const parts = this.template(t, true).parts;
    const hole = parts.find((p) => typeof p !== 'string');
    if (hole && typeof hole !== 'string')
      fail(this.source, hole.at, 'the model title cannot show values: write \\{ for a literal brace');
    return parts.join('');
  }

  private template(t: Token, escapes: boolean): A.Template {
    return { parts: this.templateParts(t.offset + 1, t.end - 1, escapes), at: span(t) };
  }

  /**
   * Splits text into literal runs and `{expr}` holes. Runs of blanks and line
   * breaks become one space, so long sentences can be wrapped in the model
   * file; `\n` forces a line break in the diagram.
   */
  private templateParts(start: number, end: number, escapes: boolean): (string | A.Expr)[] {
    const text = this.source.text;
    const parts: (string | A.Expr)[] = [];
    let lit = '';
    for (let i = start; i < end; i++) {
      const c = text[i]!;
      if (c === '\\' && !escapes && (text[i + 1] === '{' || text[i + 1] === '}')) {
        lit += text[++i]; // call text takes \{ and \} only: it is raw C otherwise
      } else if (escapes && c === '\\') {
        const e = text[++i];
        const map: Record<string, string> = { n: '\n', t: ' ', '"': '"', '\\': '\\', '{': '{', '}': '}' };
        if (e === undefined || !(e in map)) {
          fail(
            this.source,
            { offset: i - 1, length: 2 },
            `unknown escape '\\${e ?? ''}' (use \\n, \\t, \\", \\\\, \\{ or \\})`,
          );
        }
        lit += map[e];
      } else if (c === '{') {
        const close = matchingBrace(text, i, end);
        if (close < 0)
          fail(this.source, { offset: i, length: 1 }, "unclosed '{' in text: write \\{ for a literal brace");
        const hole = new Parser(this.source, i + 1);
        const e = hole.expr();
        if (hole.tok.offset !== close) {
          fail(
            this.source,
            span(hole.tok),
            `expected '}' to end the value shown in the text, found '${hole.tok.text}'`,
          );
        }
        if (lit) parts.push(lit);
        lit = '';
        parts.push(e);
        i = close;
      } else if (/\s/.test(c)) {
        if (!lit.endsWith(' ') && !lit.endsWith('\n')) lit += ' ';
      } else {
        lit += c;
      }
    }
    if (lit) parts.push(lit);
    return trimParts(parts);
  }

  // ------------------------------------------------------------ expressions

  expr(): A.Expr {
    const start = this.tok.offset;
    const test = this.implication();
    if (!this.eat('?')) return test;
    const then = this.expr();
    this.expect(':');
    const otherwise = this.expr();
    return { kind: 'cond', test, then, else: otherwise, at: this.span(start) };
  }

  private implication(): A.Expr {
    const start = this.tok.offset;
    const left = this.or();
    if (!this.is('=>')) return left;
    this.next();
    const right = this.implication();
    return { kind: 'binary', op: '=>', left, right, at: this.span(start) };
  }

  private or(): A.Expr {
    return this.leftAssoc(() => this.and(), ['||']);
  }

  private and(): A.Expr {
    return this.leftAssoc(() => this.comparison(), ['&&']);
  }

  private comparison(): A.Expr {
    const start = this.tok.offset;
    const left = this.additive();
    if (this.tok.kind !== 'punct' || !COMPARISONS.has(this.tok.text)) return left;
    const op = this.next().text as A.BinaryOp;
    const right = this.additive();
    if (this.tok.kind === 'punct' && COMPARISONS.has(this.tok.text)) {
      fail(this.source, span(this.tok), 'comparisons do not chain: write a < b && b < c');
    }
    return { kind: 'binary', op, left, right, at: this.span(start) };
  }

  private additive(): A.Expr {
    return this.leftAssoc(() => this.multiplicative(), ['+', '-']);
  }

  private multiplicative(): A.Expr {
    return this.leftAssoc(() => this.unary(), ['*', '/', '%']);
  }

  private leftAssoc(operand: () => A.Expr, ops: string[]): A.Expr {
    const start = this.tok.offset;
    let left = operand();
    while (this.tok.kind === 'punct' && ops.includes(this.tok.text)) {
      const op = this.next().text as A.BinaryOp;
      const right = operand();
      left = { kind: 'binary', op, left, right, at: this.span(start) };
    }
    return left;
  }

  private unary(): A.Expr {
    const start = this.tok.offset;
    if (this.is('!') || this.is('-')) {
      const op = this.next().text as '!' | '-';
      const operand = this.unary();
      return { kind: 'unary', op, operand, at: this.span(start) };
    }
    return this.postfix();
  }

  postfix(): A.Expr {
    const start = this.tok.offset;
    let e = this.primary();
    for (;;) {
      if (this.eat('[')) {
        const index = this.expr();
        this.expect(']');
        e = { kind: 'index', target: e, index, at: this.span(start) };
      } else if (this.is('.')) {
        this.next();
        const name = this.ident('a local variable name after the dot');
        e = { kind: 'member', target: e, name: name.name, at: this.span(start) };
      } else {
        return e;
      }
    }
  }

  private primary(): A.Expr {
    const t = this.tok;
    const start = t.offset;
    switch (t.kind) {
      case 'int': {
        this.next();
        const value = Number(t.text);
        if (!Number.isSafeInteger(value) || value > 2 ** 31 - 1)
          fail(this.source, span(t), `number ${t.text} is too large`);
        return { kind: 'int', value, at: span(t) };
      }
      case 'ident': {
        this.next();
        if (!this.is('(')) return { kind: 'name', name: t.text, at: span(t) };
        this.next();
        const args: A.Expr[] = [];
        if (!this.is(')')) {
          do args.push(this.expr());
          while (this.eat(','));
        }
        this.expect(')', "',' or ')'");
        return { kind: 'apply', name: { name: t.text, at: span(t) }, args, at: this.span(start) };
      }
      case 'keyword':
        if (t.text === 'true' || t.text === 'false') {
          this.next();
          return { kind: 'bool', value: t.text === 'true', at: span(t) };
        }
        if (t.text === 'forall' || t.text === 'exists' || t.text === 'count') {
          this.next();
          const variable = this.ident('a bound variable');
          this.expect('in');
          const domain = this.type();
          this.expect(':');
          const body = this.expr();
          return { kind: 'quant', quant: t.text, variable, domain, body, at: this.span(start) };
        }
        break;
      case 'punct':
        if (t.text === '(') {
          this.next();
          const e = this.expr();
          this.expect(')');
          return e;
        }
        if (t.text === '[') {
          this.next();
          const items: A.Expr[] = [];
          if (!this.is(']')) {
            do items.push(this.expr());
            while (this.eat(','));
          }
          this.expect(']', "',' or ']'");
          return { kind: 'list', items, at: this.span(start) };
        }
        break;
    }
    this.unexpected('a value');
  }

  // ---------------------------------------------------------------- spans

  private span(start: number): Loc {
    return { offset: start, length: Math.max(1, this.prevEnd - start) };
  }
}

function span(t: Token): Loc {
  return { offset: t.offset, length: Math.max(1, t.end - t.offset) };
}

function matchingBrace(text: string, open: number, end: number): number {
  let depth = 0;
  for (let i = open; i < end; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function mergeStrings(parts: (string | A.Expr)[]): (string | A.Expr)[] {
  const out: (string | A.Expr)[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (typeof p === 'string' && typeof last === 'string') out[out.length - 1] = last + p;
    else out.push(p);
  }
  return out;
}

function trimParts(parts: (string | A.Expr)[]): (string | A.Expr)[] {
  const first = parts[0];
  if (typeof first === 'string') parts[0] = first.replace(/^ +/, '');
  const last = parts[parts.length - 1];
  if (typeof last === 'string') parts[parts.length - 1] = last.replace(/ +$/, '');
  return parts.filter((p) => p !== '');
}
