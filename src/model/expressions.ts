/*
 * Resolves and type-checks expressions, types and display templates: names
 * become slots, constants fold, and every mismatch is a diagnostic.
 */
import type * as A from '../lang/ast.js';
import { didYouMean, plural } from '../lang/index.js';
import type { Ctx } from './context.js';
import type * as IR from './ir.js';
import type { Binding, PlaceRef, Scope } from './scope.js';
import { BOOL, cardinality, high, INT, low, type ScalarType, slotCount, type Type, typeName } from './types.js';

export function resolveType(ctx: Ctx, scope: Scope, t: A.TypeExpr): Type {
  switch (t.kind) {
    case 'bool':
      return BOOL;
    case 'range': {
      const lo = constInt(ctx, scope, t.lo);
      const hi = constInt(ctx, scope, t.hi);
      if (hi < lo) ctx.fail(t.at, `empty range ${lo}..${hi}: the upper bound must be at least the lower one`);
      if (hi - lo > 2 ** 30) ctx.fail(t.at, `range ${lo}..${hi} is too large for a state variable`);
      return { kind: 'int', lo, hi };
    }
    case 'named': {
      const b = scope.lookup(t.name);
      if (b?.kind === 'enumType') return b.type;
      if (!b) ctx.fail(t.at, `unknown type '${t.name}'`, didYouMean(t.name, typeNames(scope)));
      ctx.fail(t.at, `'${t.name}' is not a type (types are bool, lo..hi, enum names and arrays)`);
    }
    case 'array': {
      const index = resolveType(ctx, scope, t.index);
      if (index.kind === 'array') ctx.fail(t.index.at, 'an array index must be bool, a range or an enum');
      const elem = resolveType(ctx, scope, t.elem);
      if (slotCount(elem) * cardinality(index) > 1 << 20) ctx.fail(t.at, 'array is too large for a state variable');
      return { kind: 'array', index, elem };
    }
  }
}

function* typeNames(scope: Scope): Iterable<string> {
  for (const n of scope.visible()) if (scope.lookup(n)?.kind === 'enumType') yield n;
  yield 'bool';
}

/** A scalar type as a domain to iterate over (quantifiers, `for`, `choose`). */
export function resolveDomain(ctx: Ctx, scope: Scope, t: A.TypeExpr): ScalarType {
  const type = resolveType(ctx, scope, t);
  if (type.kind === 'array') ctx.fail(t.at, 'cannot range over an array type');
  return type;
}

export function constInt(ctx: Ctx, scope: Scope, e: A.Expr): number {
  const r = resolveExpr(ctx, scope, e);
  if (r.k !== 'const') ctx.fail(e.at, 'this must be a constant (it depends on the state)');
  if (r.type.kind !== 'int') ctx.fail(e.at, `expected an integer, found ${typeName(r.type)}`);
  return r.value;
}

export function constValue(ctx: Ctx, scope: Scope, e: A.Expr): { value: number; type: ScalarType } {
  const r = resolveExpr(ctx, scope, e);
  if (r.k !== 'const') ctx.fail(e.at, 'this must be a constant (it depends on the state)');
  return { value: r.value, type: r.type };
}

export function expectBool(ctx: Ctx, scope: Scope, e: A.Expr, what = 'a condition'): IR.Expr {
  const r = resolveExpr(ctx, scope, e);
  if (r.type.kind !== 'bool') ctx.fail(e.at, `${what} must be bool, but this is ${typeName(r.type)}`);
  return r;
}

// ------------------------------------------------------------------ places

export function resolvePlace(ctx: Ctx, scope: Scope, e: A.Expr): PlaceRef {
  switch (e.kind) {
    case 'name': {
      const b = lookup(ctx, scope, e.name, e.at);
      if (b.kind === 'place') return b.place;
      if (b.kind === 'expr' && b.expr.k === 'read') return b.expr.place;
      ctx.fail(e.at, `'${e.name}' is ${describe(b)}, not a variable`);
    }
    case 'index': {
      const target = resolvePlace(ctx, scope, e.target);
      if (target.type.kind !== 'array')
        ctx.fail(e.target.at, `cannot index ${typeName(target.type)}: it is not an array`);
      const { index: indexType, elem } = target.type;
      const index = resolveExpr(ctx, scope, e.index);
      if (!compatible(index.type, indexType)) {
        ctx.fail(e.index.at, `index must be ${typeName(indexType)}, but this is ${typeName(index.type)}`);
      }
      if (index.k === 'const' && (index.value < low(indexType) || index.value > high(indexType))) {
        ctx.fail(e.index.at, `index ${index.value} is out of bounds ${typeName(indexType)}`);
      }
      const indices = [
        ...target.indices,
        { expr: index, lo: low(indexType), length: cardinality(indexType), stride: slotCount(elem) },
      ];
      return { base: target.base, indices, type: elem };
    }
    case 'member': {
      const proc = processOf(ctx, scope, e.target);
      const local = ctx.locals.get(proc)?.get(e.name);
      if (!local) {
        ctx.fail(
          e.at,
          `process has no local variable '${e.name}'`,
          didYouMean(e.name, ctx.locals.get(proc)?.keys() ?? []),
        );
      }
      return { base: local.base, indices: [], type: local.type };
    }
    default:
      ctx.fail(e.at, 'expected a variable');
  }
}

/** A scalar place, with its array indices folded into the base when constant. */
export function scalarPlace(ctx: Ctx, scope: Scope, e: A.Expr): IR.Place {
  const p = resolvePlace(ctx, scope, e);
  if (p.type.kind === 'array') ctx.fail(e.at, `this is a whole array (${typeName(p.type)}); index it`);
  return foldPlace(p.base, p.indices, p.type, e.at);
}

function foldPlace(base: number, indices: IR.Place['indices'], type: ScalarType, at: A.Expr['at']): IR.Place {
  let b = base;
  const dynamic: IR.PlaceIndex[] = [];
  for (const ix of indices) {
    if (ix.expr.k === 'const') b += (ix.expr.value - ix.lo) * ix.stride;
    else dynamic.push(ix);
  }
  return { base: b, indices: dynamic, type, at };
}

/** The process instance an expression names: `relocation` or `writer[2]`. */
export function processOf(ctx: Ctx, scope: Scope, e: A.Expr): number {
  if (e.kind === 'name') {
    const b = lookup(ctx, scope, e.name, e.at);
    if (b.kind !== 'process') ctx.fail(e.at, `'${e.name}' is ${describe(b)}, not a process`);
    if (b.isArray) ctx.fail(e.at, `'${e.name}' is an array of processes; pick one, as in ${e.name}[1]`);
    return b.instances[0]!;
  }
  if (e.kind === 'index' && e.target.kind === 'name') {
    const b = lookup(ctx, scope, e.target.name, e.target.at);
    if (b.kind !== 'process' || !b.isArray) ctx.fail(e.target.at, `'${e.target.name}' is not an array of processes`);
    const domain = resolveDomain(ctx, scope, b.decl.index!.domain);
    const index = constValue(ctx, scope, e.index);
    if (!compatible(index.type, domain))
      ctx.fail(e.index.at, `process index must be ${typeName(domain)}, but this is ${typeName(index.type)}`);
    const i = index.value;
    if (i < low(domain) || i > high(domain))
      ctx.fail(e.index.at, `process index ${i} is out of bounds ${typeName(domain)}`);
    return b.instances[i - low(domain)]!;
  }
  ctx.fail(e.at, 'expected a process name, as in relocation or writer[1]');
}

/** Every process instance an expression names (`writer` names them all). */
export function processesOf(ctx: Ctx, scope: Scope, e: A.Expr): readonly number[] {
  if (e.kind === 'name') {
    const b = scope.lookup(e.name);
    if (b?.kind === 'process' && b.isArray) return b.instances;
  }
  return [processOf(ctx, scope, e)];
}

// ------------------------------------------------------------- expressions

export function resolveExpr(ctx: Ctx, scope: Scope, e: A.Expr): IR.Expr {
  switch (e.kind) {
    case 'int':
      return { k: 'const', value: e.value, type: INT };
    case 'bool':
      return { k: 'const', value: e.value ? 1 : 0, type: BOOL };
    case 'name': {
      const b = lookup(ctx, scope, e.name, e.at);
      if (b.kind === 'const') return { k: 'const', value: b.value, type: b.type };
      if (b.kind === 'bound') return { k: 'bound', id: b.id, type: b.type };
      if (b.kind === 'place') return read(ctx, scope, e);
      if (b.kind === 'expr') return b.expr;
      if (b.kind === 'def' && b.decl.params.length === 0) return expand(ctx, scope, b.decl, [], e);
      ctx.fail(e.at, `'${e.name}' is ${describe(b)}, not a value`);
    }
    case 'apply': {
      const b = lookup(ctx, scope, e.name.name, e.name.at);
      if (b.kind !== 'def') {
        const what =
          b.kind === 'proc' ? 'a procedure: call it as a statement, not in an expression' : `${describe(b)}, not a def`;
        ctx.fail(e.name.at, `'${e.name.name}' is ${what}`);
      }
      return expand(ctx, scope, b.decl, e.args, e);
    }
    case 'index':
    case 'member':
      return read(ctx, scope, e);
    case 'unary': {
      const operand = resolveExpr(ctx, scope, e.operand);
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
    case 'binary':
      return binary(ctx, scope, e);
    case 'cond': {
      const test = expectBool(ctx, scope, e.test);
      const then = resolveExpr(ctx, scope, e.then);
      const otherwise = resolveExpr(ctx, scope, e.else);
      if (!compatible(then.type, otherwise.type)) {
        ctx.fail(e.at, `the two branches have different types: ${typeName(then.type)} and ${typeName(otherwise.type)}`);
      }
      const type = then.type.kind === 'int' ? INT : then.type;
      if (test.k === 'const') return test.value ? then : otherwise;
      return { k: 'cond', test, then, else: otherwise, type };
    }
    case 'quant': {
      const domain = resolveDomain(ctx, scope, e.domain);
      const inner = scope.child();
      const id = ctx.boundId();
      inner.define(e.variable.name, { kind: 'bound', id, type: domain });
      const body = expectBool(ctx, inner, e.body, `the body of ${e.quant}`);
      return {
        k: 'quant',
        quant: e.quant,
        id,
        lo: low(domain),
        hi: high(domain),
        body,
        type: e.quant === 'count' ? INT : BOOL,
      };
    }
    case 'list':
      ctx.fail(e.at, 'a list [ … ] can only initialise an array variable');
  }
}

const expanding: string[] = [];

/** A use of a `def`: its body, with each parameter standing for the argument's value. */
function expand(ctx: Ctx, scope: Scope, decl: A.Decl & { kind: 'def' }, args: readonly A.Expr[], use: A.Expr): IR.Expr {
  if (args.length !== decl.params.length) {
    const given = `${args.length} ${args.length === 1 ? 'was' : 'were'} given`;
    ctx.fail(use.at, `${decl.name.name} takes ${plural(decl.params.length, 'argument')}, but ${given}`);
  }
  if (expanding.includes(decl.name.name)) ctx.fail(use.at, `'${decl.name.name}' is defined in terms of itself`);
  const inner = ctx.globals.child();
  decl.params.forEach((p, i) => {
    inner.define(p.name, { kind: 'expr', expr: resolveExpr(ctx, scope, args[i]!) });
  });
  expanding.push(decl.name.name);
  try {
    return resolveExpr(ctx, inner, decl.body);
  } finally {
    expanding.pop();
  }
}

function read(ctx: Ctx, scope: Scope, e: A.Expr): IR.Expr {
  const place = scalarPlace(ctx, scope, e);
  return { k: 'read', place, type: place.type };
}

const LOGIC = new Set(['&&', '||', '=>']);
const ORDER = new Set(['<', '<=', '>', '>=']);

function binary(ctx: Ctx, scope: Scope, e: A.Expr & { kind: 'binary' }): IR.Expr {
  const left = resolveExpr(ctx, scope, e.left);
  const right = resolveExpr(ctx, scope, e.right);
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
    return { k: 'const', value: fold(e.op, left.value, right.value), type };
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
      return Math.trunc(a / b);
    case '%':
      return a % b;
  }
  throw new Error(`unknown operator ${op}`);
}

export function compatible(a: Type, b: Type): boolean {
  if (a.kind === 'int' && b.kind === 'int') return true;
  if (a.kind === 'enum' && b.kind === 'enum') return a.name === b.name;
  return a.kind === b.kind && a.kind !== 'array';
}

export function resolveTemplate(ctx: Ctx, scope: Scope, t: A.Template): IR.Template {
  return t.parts.map((p) => (typeof p === 'string' ? p : resolveExpr(ctx, scope, p)));
}

function lookup(ctx: Ctx, scope: Scope, name: string, at: A.Expr['at']): Binding {
  const b = scope.lookup(name);
  if (!b) ctx.fail(at, `unknown name '${name}'`, didYouMean(name, scope.visible()));
  return b;
}

function describe(b: Binding): string {
  switch (b.kind) {
    case 'const':
      return 'a constant';
    case 'place':
      return 'a variable';
    case 'bound':
      return 'a bound variable';
    case 'enumType':
      return 'a type';
    case 'process':
      return 'a process';
    case 'proc':
      return 'a procedure';
    case 'def':
      return 'a def';
    case 'expr':
      return 'a parameter';
  }
}
