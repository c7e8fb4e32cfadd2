/*
 * The operators of the model language: which operand types each unary and
 * binary operator takes and what type it gives, and their meaning on stored
 * values, used to fold constant operands at build time (the compiler emits
 * the same meaning as JavaScript). Integers are bounded (integers.ts): a
 * constant result beyond the bound is a diagnostic at its expression.
 */
import type * as A from '../lang/ast.js';
import type { Ctx } from './context.js';
import { divide, isModelInt, overflowMessage } from './integers.js';
import type * as IR from './ir.js';
import { BOOL, compatible, INT, type ScalarType, typeName } from './types.js';

/** A unary operator applied to its resolved operand: type-checked, and folded when it is a constant. */
export function unary(ctx: Ctx, e: A.Expr & { kind: 'unary' }, operand: IR.Expr): IR.Expr {
  const want = e.op === '!' ? 'bool' : 'int';
  if (operand.type.kind !== want)
    ctx.fail(
      e.operand.at,
      `'${e.op}' needs ${want === 'bool' ? 'a bool' : 'an integer'}, but this is ${typeName(operand.type)}`,
    );
  if (operand.k === 'const')
    return {
      k: 'const',
      value: e.op === '!' ? 1 - operand.value : -operand.value,
      type: want === 'bool' ? BOOL : INT,
    };
  return { k: 'unary', op: e.op, operand, type: want === 'bool' ? BOOL : INT };
}

const LOGIC = new Set(['&&', '||', '=>']);
const ORDER = new Set(['<', '<=', '>', '>=']);

/** A binary operator applied to its resolved operands: type-checked, and folded when both are constants. */
export function binary(ctx: Ctx, e: A.Expr & { kind: 'binary' }, left: IR.Expr, right: IR.Expr): IR.Expr {
  const need = (x: IR.Expr, at: A.Expr, kind: 'bool' | 'int') => {
    if (x.type.kind !== kind) {
      ctx.fail(
        at.at,
        `'${e.op}' needs ${kind === 'bool' ? 'bool' : 'integer'} operands, but this is ${typeName(x.type)}`,
      );
    }
  };
  let type: ScalarType;
  if (LOGIC.has(e.op)) {
    need(left, e.left, 'bool');
    need(right, e.right, 'bool');
    type = BOOL;
  } else if (e.op === '==' || e.op === '!=') {
    if (!compatible(left.type, right.type)) {
      ctx.fail(e.at, `cannot compare ${typeName(left.type)} with ${typeName(right.type)}`);
    }
    type = BOOL;
  } else {
    need(left, e.left, 'int');
    need(right, e.right, 'int');
    type = ORDER.has(e.op) ? BOOL : INT;
  }
  if (left.k === 'const' && right.k === 'const') {
    if ((e.op === '/' || e.op === '%') && right.value === 0) ctx.fail(e.right.at, 'division by zero');
    const value = fold(e.op, left.value, right.value);
    // Only + - * can leave the bound (a quotient or remainder is no larger than its operands).
    if (!isModelInt(value)) ctx.fail(e.at, overflowMessage(e.op, left.value, right.value));
    return { k: 'const', value, type };
  }
  return { k: 'binary', op: e.op, left, right, type, at: e.at };
}

/** The meaning of each binary operator on stored values; the compiler emits the same. */
export function fold(op: string, a: number, b: number): number {
  switch (op) {
    case '&&':
      return a && b ? 1 : 0;
    case '||':
      return a || b ? 1 : 0;
    case '=>':
      return !a || b ? 1 : 0;
    case '==':
      return a === b ? 1 : 0;
    case '!=':
      return a !== b ? 1 : 0;
    case '<':
      return a < b ? 1 : 0;
    case '<=':
      return a <= b ? 1 : 0;
    case '>':
      return a > b ? 1 : 0;
    case '>=':
      return a >= b ? 1 : 0;
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return divide(a, b);
    case '%':
      return a % b;
  }
  throw new Error(`unknown operator ${op}`);
}
