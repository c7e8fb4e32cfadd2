/*
 * The statements inside one atomic step: assignments, awaits, branches and
 * choices that all happen in a single transition.
 */
import type * as A from '../lang/ast.js';
import type { Ctx } from './context.js';
import { expectBool, resolveExpr, resolveTemplate } from './expressions.js';
import type { Inliner } from './inline.js';
import type * as IR from './ir.js';
import { resolveDomain, scalarPlace } from './places.js';
import type { Scope } from './scope.js';
import { compatible, high, INT, low, showValue, typeName } from './types.js';
import { chooses } from './visit.js';

export class BodyBuilder {
  constructor(
    private readonly ctx: Ctx,
    private readonly inliner: Inliner,
  ) {}

  stmts(stmts: readonly A.Stmt[], scope: Scope): IR.Stmt[] {
    this.inliner.enterBlock(stmts);
    const out: IR.Stmt[] = [];
    let s = scope;
    for (const stmt of stmts) {
      if (stmt.kind === 'var') {
        s = s.child();
        append(out, this.inliner.declareLocal(stmt, s));
      } else {
        append(out, this.stmt(stmt, s));
      }
    }
    this.inliner.leaveBlock();
    return out;
  }

  stmt(stmt: A.Stmt, scope: Scope): IR.Stmt[] {
    const ctx: Ctx = this.ctx;
    ctx.tick(stmt.at);
    switch (stmt.kind) {
      case 'assign':
        return [assignment(ctx, scope, stmt)];
      case 'await':
        return [{ k: 'await', cond: expectBool(ctx, scope, stmt.cond, 'an await condition'), at: stmt.at }];
      case 'if': {
        const cond = expectBool(ctx, scope, stmt.cond, 'an if condition');
        const then = this.stmts(stmt.then, scope.child());
        const otherwise = stmt.else ? this.stmts(stmt.else, scope.child()) : [];
        if (cond.k === 'const') return cond.value ? then : otherwise;
        return [{ k: 'if', cond, then, else: otherwise, at: stmt.at }];
      }
      case 'either':
        return [{ k: 'either', branches: stmt.branches.map((b) => this.stmts(b, scope.child())), at: stmt.at }];
      case 'choose':
        return [choice(ctx, scope, stmt)];
      case 'while': {
        const body = this.stmts(stmt.body, scope.child());
        if (chooses(body)) {
          ctx.fail(
            stmt.at,
            'a while loop inside a step cannot contain either or choose; use a for loop, or make each iteration a step',
          );
        }
        return [{ k: 'while', cond: expectBool(ctx, scope, stmt.cond, 'a while condition'), body, at: stmt.at }];
      }
      case 'for': {
        const out: IR.Stmt[] = [];
        unroll(ctx, scope, stmt, (inner) => append(out, this.stmts(stmt.body, inner)));
        return out;
      }
      case 'assert': {
        const cond = expectBool(ctx, scope, stmt.cond, 'an assertion');
        const property = ctx.property(stmt.name.name, 'assert', stmt.at, sourceText(ctx, stmt.cond), { cond });
        return [{ k: 'assert', property, cond, at: stmt.at }];
      }
      case 'note':
        return [{ k: 'note', note: note(ctx, scope, stmt.note) }];
      case 'invoke':
        return this.inliner.inline(stmt, scope, (body, procScope) => this.stmts(body, procScope));
      case 'skip':
        return [];
      case 'var':
        return this.stmts([stmt], scope);
      case 'step':
      case 'atomic':
      case 'call':
        ctx.fail(stmt.at, `'${stmt.kind}' cannot appear inside a step: a step is already one atomic transition`);
      case 'test':
        ctx.fail(
          stmt.at,
          `'step ${stmt.loop ? 'while' : 'if'}' cannot appear inside a step: a step is already one atomic transition ` +
            `(inside a step, write ${stmt.loop ? 'while' : 'if'} without 'step')`,
        );
    }
  }
}

/** `out.push(...more)` without spreading: an unrolled loop's statements may be more than a call's arguments can be. */
function append<T>(out: T[], more: readonly T[]): void {
  for (const x of more) out.push(x);
}

function assignment(ctx: Ctx, scope: Scope, stmt: A.Stmt & { kind: 'assign' }): IR.Stmt {
  const place = scalarPlace(ctx, scope, stmt.target);
  let value = resolveExpr(ctx, scope, stmt.value);
  if (stmt.op !== '=') {
    if (place.type.kind !== 'int')
      ctx.fail(stmt.target.at, `'${stmt.op}' needs an integer variable, but this is ${typeName(place.type)}`);
    if (value.type.kind !== 'int')
      ctx.fail(stmt.value.at, `'${stmt.op}' needs an integer, but this is ${typeName(value.type)}`);
    value = {
      k: 'binary',
      op: stmt.op[0]!,
      left: { k: 'read', place, type: place.type },
      right: value,
      type: INT,
      at: stmt.at,
    };
  }
  if (!compatible(value.type, place.type)) {
    ctx.fail(stmt.value.at, `cannot assign ${typeName(value.type)} to a variable of type ${typeName(place.type)}`);
  }
  if (value.k === 'const' && (value.value < low(place.type) || value.value > high(place.type))) {
    ctx.fail(stmt.value.at, `value ${showValue(value.type, value.value)} is out of range ${typeName(place.type)}`);
  }
  return { k: 'assign', place, value, at: stmt.at };
}

function choice(ctx: Ctx, scope: Scope, stmt: A.Stmt & { kind: 'choose' }): IR.Stmt {
  const place = scalarPlace(ctx, scope, stmt.target);
  const domain = resolveDomain(ctx, scope, stmt.domain);
  if (!compatible(domain, place.type)) {
    ctx.fail(stmt.domain.at, `cannot choose ${typeName(domain)} for a variable of type ${typeName(place.type)}`);
  }
  if (low(domain) < low(place.type) || high(domain) > high(place.type)) {
    ctx.fail(stmt.domain.at, `the choices ${typeName(domain)} do not all fit in ${typeName(place.type)}`);
  }
  const where = stmt.where ? expectBool(ctx, scope, stmt.where, 'a where condition') : undefined;
  return { k: 'choose', place, lo: low(domain), hi: high(domain), ...(where && { where }), at: stmt.at };
}

/**
 * Unrolls a `for` loop: calls `build` with one scope per value of its domain (the loop variable
 * a constant there), in order or, `backwards`, last value first. The size of all the rounds is
 * estimated from the first one built and refused past the model's budget (budget.ts).
 */
export function unroll(
  ctx: Ctx,
  scope: Scope,
  stmt: A.Stmt & { kind: 'for' },
  build: (inner: Scope) => void,
  backwards = false,
): void {
  const domain = resolveDomain(ctx, scope, stmt.domain);
  if (high(domain) - low(domain) > 1024)
    ctx.fail(stmt.domain.at, 'a for loop may have at most 1025 iterations (it is unrolled)');
  const rounds = high(domain) - low(domain) + 1;
  ctx.repeat(stmt.at, rounds, (round) => {
    const inner = scope.child();
    const v = backwards ? high(domain) - round : low(domain) + round;
    inner.define(stmt.variable.name, { kind: 'const', value: v, type: domain.kind === 'int' ? INT : domain });
    build(inner);
  });
}

export function note(ctx: Ctx, scope: Scope, n: A.Note): IR.Note {
  return { arrow: n.arrow, text: resolveTemplate(ctx, scope, n.text) };
}

export function sourceText(ctx: Ctx, e: { at: { offset: number; length: number } }): string {
  return ctx.source.text.slice(e.at.offset, e.at.offset + e.at.length).replace(/\s+/g, ' ');
}
