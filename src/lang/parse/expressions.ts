/*
 * Expressions and types, by precedence climbing: `? :` binds loosest, then
 * `=>` (right-associative), `||`, `&&`, one non-chaining comparison, `+ -`,
 * `* / %`, the unary `! -`, indexing and `.member`, and the primaries. Types
 * (`bool`, `lo..hi`, an enum name, `array[I] of T`) are here because range
 * bounds are expressions and quantifiers take a type. Each construct that nests the tree enters
 * a level of the cursor's depth (cursor.ts: MAX_NESTING), so that deep input is a diagnostic at
 * the token too deep, not a stack overflow here or in a later stage.
 */
import type * as A from '../ast.js';
import { fail } from '../diagnostics.js';
import { literalValue } from '../numbers.js';
import { type Cursor, tokenSpan } from './cursor.js';
import { template } from './templates.js';

/** An expression: in parentheses, brackets, a hole, a branch of `? :`, each one level deeper. */
export function expression(c: Cursor): A.Expr {
  c.enter();
  const start = c.tok.offset;
  const test = binary(c, 1);
  if (!c.eat('?')) {
    c.leave();
    return test;
  }
  const then = expression(c);
  c.expect(':');
  const otherwise = expression(c);
  c.leave();
  return { kind: 'cond', test, then, else: otherwise, at: c.span(start) };
}

/**
 * How tightly each binary operator binds. One loop reads them all (precedence climbing), so a
 * parenthesis costs a few stack frames rather than one a precedence level.
 */
const PRECEDENCE: Readonly<Record<string, number>> = {
  '=>': 1,
  '||': 2,
  '&&': 3,
  '==': 4,
  '!=': 4,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
};
const COMPARISON = 4;
const ADDITIVE = 5;

function precedence(c: Cursor): number {
  return c.tok.kind === 'punct' ? (PRECEDENCE[c.tok.text] ?? 0) : 0;
}

/**
 * Operators binding at least as tightly as `min` and their operands: left-associative, but `=>`
 * is right-associative and comparisons do not chain. The tree nests a level for each operator.
 */
function binary(c: Cursor, min: number): A.Expr {
  const start = c.tok.offset;
  let left = unary(c);
  let levels = 0;
  for (let p = precedence(c); p >= min && p > 0; p = precedence(c)) {
    c.enter();
    levels++;
    const op = c.next().text as A.BinaryOp;
    const right = binary(c, op === '=>' ? p : p + 1);
    if (p === COMPARISON && precedence(c) === COMPARISON)
      fail(c.source, tokenSpan(c.tok), 'comparisons do not chain: write a < b && b < c');
    left = { kind: 'binary', op, left, right, at: c.span(start) };
  }
  c.leave(levels);
  return left;
}

function unary(c: Cursor): A.Expr {
  const start = c.tok.offset;
  if (c.is('!') || c.is('-')) {
    c.enter();
    const op = c.next().text as '!' | '-';
    const operand = unary(c);
    c.leave();
    return { kind: 'unary', op, operand, at: c.span(start) };
  }
  return postfixOrPosition(c);
}

/**
 * A postfix expression, then, in an expression, `at NAME` or `at "sentence"` (a process's position; `at` is not
 * reserved, since a name never follows another in an expression).
 */
function postfixOrPosition(c: Cursor): A.Expr {
  const start = c.tok.offset;
  const e = postfix(c);
  if (c.tok.kind !== 'ident' || c.tok.text !== 'at') return e;
  c.next();
  const t = c.tok;
  if (t.kind !== 'ident' && t.kind !== 'string' && t.kind !== 'keyword')
    c.unexpected("the name of a step or call, or a step's sentence in quotes, after at");
  c.next();
  const step = { name: t.text, at: tokenSpan(t) };
  if (t.kind !== 'string') return { kind: 'at', process: e, step, at: c.span(start) };
  return { kind: 'at', process: e, step, sentence: template(c, t, true), at: c.span(start) };
}

/** A primary with any `[index]` and `.member` after it: what can be assigned to or called. */
export function postfix(c: Cursor): A.Expr {
  const start = c.tok.offset;
  let e = primary(c);
  let levels = 0; // `a[i][j].x` nests a level for each index and member
  for (;;) {
    if (c.is('[')) {
      const open = c.next();
      const index = expression(c);
      c.expect(']');
      c.enter(open); // after the index, which is a level of its own: a[a[i]] nests once a bracket
      levels++;
      e = { kind: 'index', target: e, index, at: c.span(start) };
    } else if (c.is('.')) {
      c.enter();
      levels++;
      c.next();
      const name = c.ident('a local variable name after the dot');
      e = { kind: 'member', target: e, name: name.name, at: c.span(start) };
    } else {
      c.leave(levels);
      return e;
    }
  }
}

function primary(c: Cursor): A.Expr {
  const t = c.tok;
  const start = t.offset;
  switch (t.kind) {
    case 'int': {
      c.next();
      const value = literalValue(t.text);
      if (value === undefined) fail(c.source, tokenSpan(t), `number ${t.text} is too large`);
      return { kind: 'int', value, at: tokenSpan(t) };
    }
    case 'ident': {
      c.next();
      if (!c.is('(')) return { kind: 'name', name: t.text, at: tokenSpan(t) };
      c.next();
      const args: A.Expr[] = [];
      if (!c.is(')')) {
        do args.push(expression(c));
        while (c.eat(','));
      }
      c.expect(')', "',' or ')'");
      return { kind: 'apply', name: { name: t.text, at: tokenSpan(t) }, args, at: c.span(start) };
    }
    case 'keyword':
      if (t.text === 'true' || t.text === 'false') {
        c.next();
        return { kind: 'bool', value: t.text === 'true', at: tokenSpan(t) };
      }
      if (t.text === 'forall' || t.text === 'exists' || t.text === 'count') {
        c.next();
        const variable = c.ident('a bound variable');
        c.expect('in');
        const domain = type(c);
        c.expect(':');
        const body = expression(c);
        return { kind: 'quant', quant: t.text, variable, domain, body, at: c.span(start) };
      }
      break;
    case 'punct':
      if (t.text === '(') {
        c.next();
        const e = expression(c);
        c.expect(')');
        return e;
      }
      if (t.text === '[') {
        c.next();
        const items: A.Expr[] = [];
        if (!c.is(']')) {
          do items.push(expression(c));
          while (c.eat(','));
        }
        c.expect(']', "',' or ']'");
        return { kind: 'list', items, at: c.span(start) };
      }
      break;
  }
  c.unexpected('a value');
}

export function type(c: Cursor): A.TypeExpr {
  const start = c.tok.offset;
  if (c.eat('bool')) return { kind: 'bool', at: c.span(start) };
  if (c.is('array')) {
    c.enter();
    c.next();
    c.expect('[');
    const index = type(c);
    c.expect(']');
    c.expect('of');
    const elem = type(c);
    c.leave();
    return { kind: 'array', index, elem, at: c.span(start) };
  }
  const lo = binary(c, ADDITIVE);
  if (c.eat('..')) {
    const hi = binary(c, ADDITIVE);
    return { kind: 'range', lo, hi, at: c.span(start) };
  }
  if (lo.kind === 'name') return { kind: 'named', name: lo.name, at: lo.at };
  fail(c.source, lo.at, 'expected a type: bool, lo..hi, an enum name or array[I] of T');
}
