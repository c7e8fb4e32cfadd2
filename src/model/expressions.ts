/*
 * Resolves and type-checks expressions and display templates: names become
 * slots, bound variables or constants, `def`s expand, constants fold, and
 * every mismatch is a diagnostic. Places and types are resolved in
 * places.ts, operators typed and folded in operators.ts.
 */
import type * as A from '../lang/ast.js';
import { MAX_NESTING, plural } from '../lang/index.js';
import { count } from './budget.js';
import type { Ctx } from './context.js';
import type * as IR from './ir.js';
import { binary, unary } from './operators.js';
import { resolveDomain, scalarPlace } from './places.js';
import { resolveDone, resolvePosition } from './positions.js';
import { describe, resolveName, type Scope } from './scope.js';
import { BOOL, compatible, high, INT, low, type ScalarType, typeName } from './types.js';

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

export function resolveExpr(ctx: Ctx, scope: Scope, e: A.Expr): IR.Expr {
  ctx.tick(e.at);
  switch (e.kind) {
    case 'int':
      return { k: 'const', value: e.value, type: INT };
    case 'bool':
      return { k: 'const', value: e.value ? 1 : 0, type: BOOL };
    case 'name': {
      const b = resolveName(ctx, scope, e.name, e.at);
      if (b.kind === 'const') return { k: 'const', value: b.value, type: b.type };
      if (b.kind === 'bound') return { k: 'bound', id: b.id, type: b.type };
      if (b.kind === 'place') return read(ctx, scope, e);
      if (b.kind === 'expr') return b.expr;
      if (b.kind === 'def' && b.decl.params.length === 0) return expand(ctx, scope, b.decl, [], e);
      ctx.fail(e.at, `'${e.name}' is ${describe(b)}, not a value`);
    }
    case 'apply': {
      // `done(p)` is built in, unless the model declares a name `done` of its own.
      if (e.name.name === 'done' && !scope.lookup('done')) return resolveDone(ctx, scope, e);
      const b = resolveName(ctx, scope, e.name.name, e.name.at);
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
    case 'unary':
      return unary(ctx, e, resolveExpr(ctx, scope, e.operand));
    case 'binary':
      return binary(ctx, e, resolveExpr(ctx, scope, e.left), resolveExpr(ctx, scope, e.right));
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
      const quant: IR.Expr = {
        k: 'quant',
        quant: e.quant,
        id,
        lo: low(domain),
        hi: high(domain),
        body,
        type: e.quant === 'count' ? INT : BOOL,
      };
      const work = evaluations(quant);
      if (work > EVALUATION_LIMIT)
        ctx.fail(
          e.at,
          `this ${e.quant} evaluates about ${count(work)} terms each time it is evaluated; ` +
            `the limit is ${count(EVALUATION_LIMIT)}`,
          '(nested quantifiers multiply their domains: one evaluation of this one would take seconds or more)',
        );
      return quant;
    }
    case 'at':
      return resolvePosition(ctx, scope, e);
    case 'list':
      ctx.fail(e.at, 'a list [ … ] can only initialise an array variable');
  }
}

/** A use of a `def`: its body, with each parameter standing for the argument's value. */
function expand(ctx: Ctx, scope: Scope, decl: A.Decl & { kind: 'def' }, args: readonly A.Expr[], use: A.Expr): IR.Expr {
  if (args.length !== decl.params.length) {
    ctx.fail(use.at, argumentCount(decl.name.name, decl.params.length, args.length));
  }
  if (ctx.expanding.includes(decl.name.name)) ctx.fail(use.at, `'${decl.name.name}' is defined in terms of itself`);
  const inner = ctx.globals.child();
  decl.params.forEach((p, i) => {
    inner.define(p.name, { kind: 'expr', expr: resolveExpr(ctx, scope, args[i]!) });
  });
  ctx.expanding.push(decl.name.name);
  ctx.expansions.push(use.at);
  let expanded: IR.Expr;
  try {
    expanded = resolveExpr(ctx, inner, decl.body);
  } finally {
    ctx.expanding.pop();
    ctx.expansions.pop();
  }
  // A def's body nests on its arguments, and a def used in a def on that: the parser's bound on
  // each text does not bound the expansion, so it is bounded here, for every later stage.
  if (depthOf(expanded) > MAX_NESTING)
    ctx.fail(
      use.at,
      `nesting deeper than ${MAX_NESTING} levels once '${decl.name.name}' is expanded`,
      '(a def is expanded where it is used: its body nests as deep as its arguments and the defs it uses)',
    );
  return expanded;
}

/**
 * Terms one evaluation of a quantifier visits at most: nested quantifiers multiply. The compiler
 * loops rather than unrolls a large one (compile/expressions.ts), so its code stays small, but a
 * search cannot stop inside one evaluation: past this bound (seconds of work per state) it is refused.
 */
const EVALUATION_LIMIT = 2 ** 27;

const WORK = new WeakMap<IR.Expr, number>();

/** How many expression nodes one evaluation of `e` visits at most (its subexpressions' counts are remembered). */
function evaluations(e: IR.Expr): number {
  let n = WORK.get(e);
  if (n !== undefined) return n;
  const inner = children(e).reduce((sum, c) => sum + evaluations(c), 0);
  n = e.k === 'quant' ? (e.hi - e.lo + 1) * inner : 1 + inner;
  WORK.set(e, n);
  return n;
}

/** Expressions' depths, remembered: expansions share their arguments' trees, which are measured once. */
const DEPTHS = new WeakMap<IR.Expr, number>();

/** How deep an expression's tree is, without recursion (it may be too deep for that). */
function depthOf(root: IR.Expr): number {
  const stack: { e: IR.Expr; opened: boolean }[] = [{ e: root, opened: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (DEPTHS.has(top.e)) {
      stack.pop();
    } else if (!top.opened) {
      top.opened = true;
      for (const c of children(top.e)) if (!DEPTHS.has(c)) stack.push({ e: c, opened: false });
    } else {
      stack.pop();
      DEPTHS.set(top.e, 1 + Math.max(0, ...children(top.e).map((c) => DEPTHS.get(c)!)));
    }
  }
  return DEPTHS.get(root)!;
}

function children(e: IR.Expr): readonly IR.Expr[] {
  switch (e.k) {
    case 'const':
    case 'bound':
      return [];
    case 'read':
      return e.place.indices.map((i) => i.expr);
    case 'unary':
      return [e.operand];
    case 'binary':
      return [e.left, e.right];
    case 'cond':
      return [e.test, e.then, e.else];
    case 'quant':
      return [e.body];
  }
}

function read(ctx: Ctx, scope: Scope, e: A.Expr): IR.Expr {
  const place = scalarPlace(ctx, scope, e);
  return { k: 'read', place, type: place.type };
}

/** The message for a def or procedure given the wrong number of arguments. */
export function argumentCount(name: string, takes: number, given: number): string {
  const were = given === 1 ? 'was' : 'were';
  return `${name} takes ${plural(takes, 'argument')}, but ${given} ${were} given`;
}

export function resolveTemplate(ctx: Ctx, scope: Scope, t: A.Template): IR.Template {
  return t.parts.map((p) => (typeof p === 'string' ? p : resolveExpr(ctx, scope, p)));
}
