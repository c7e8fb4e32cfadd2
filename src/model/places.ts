/*
 * What a type expression, a variable or a process name denotes: types (bool,
 * ranges, enums, arrays) and the domains quantifiers, `for` and `choose`
 * range over; places in the state vector, their constant indices folded
 * into the base slot; process instances (`relocation`, `writer[2]`).
 */
import type * as A from '../lang/ast.js';
import { didYouMean } from '../lang/index.js';
import type { Ctx } from './context.js';
import { constInt, constValue, resolveExpr } from './expressions.js';
import type * as IR from './ir.js';
import { describe, type PlaceRef, resolveName, type Scope } from './scope.js';
import { BOOL, cardinality, compatible, high, low, type ScalarType, slotCount, type Type, typeName } from './types.js';

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

export function resolvePlace(ctx: Ctx, scope: Scope, e: A.Expr): PlaceRef {
  switch (e.kind) {
    case 'name': {
      const b = resolveName(ctx, scope, e.name, e.at);
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
    const b = resolveName(ctx, scope, e.name, e.at);
    if (b.kind !== 'process') ctx.fail(e.at, `'${e.name}' is ${describe(b)}, not a process`);
    if (b.isArray) ctx.fail(e.at, `'${e.name}' is an array of processes; pick one, as in ${e.name}[1]`);
    return b.instances[0]!;
  }
  if (e.kind === 'index' && e.target.kind === 'name') {
    const b = resolveName(ctx, scope, e.target.name, e.target.at);
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
