/*
 * Where a DVE transition can fail, and the racecheck conditions that say it does not.
 *
 * In DiVinE an evaluation error (an array index out of bounds, a division by
 * zero) or an assignment out of its variable's range (byte 0..255, int
 * -32768..32767) does not stop the search: the transition is taken and leads to
 * DiVinE's one error state (legacy/system/dve/dve_explicit_system.cc,
 * go_to_error: every variable 0, every process in its first state, the first
 * process in a state past its last), from which the other processes go on. A
 * guard that fails to evaluate counts as enabled. BEEM's state counts include
 * that state and what follows it (anderson.1 overflows `next`). racecheck
 * instead stops with an error, so the translation tests, before each guard and
 * each assignment, that it cannot fail, and otherwise goes to the error state
 * itself (emit.ts).
 *
 * To keep the models readable, a test is written only where it could fail (the
 * interval analysis of expr.ts): `k = k + 1` under `k < 3` needs none.
 */
import { and, compare, type Env, not, type Out, or, rangeOf, type Scope } from './expr.js';
import type { Assignment, Expr } from './parse.js';

/** Conditions under which `e` evaluates without an error, in the order they must be tested. */
export function conditions(scope: Scope, e: Expr, env: Env): Out[] {
  switch (e.kind) {
    case 'num':
      return [];
    case 'var': {
      if (!e.index) return [];
      const size = scope.variable(e).size!;
      const i = scope.interval(e.index, env);
      const index = scope.write(e.index, env);
      return [
        ...conditions(scope, e.index, env),
        ...(i.lo < 0 ? [compare(index, '>=', 0)] : []),
        ...(i.hi > size - 1 ? [compare(index, '<=', size - 1)] : []),
      ];
    }
    case 'unary':
      return conditions(scope, e.arg, env);
    case 'binary': {
      const { op, left, right } = e;
      const ca = conditions(scope, left, env);
      const a = scope.write(left, env);
      // Short-circuit: the right side of && is evaluated only when the left holds, of || when it fails
      // (DiVinE's counts say so: peterson's `k < N && (k == i || pos[k] < j)` would read pos[N] otherwise).
      if (op === 'and' || op === '&&' || op === 'imply') {
        const cb = conditions(scope, right, scope.refine(env, left, true));
        return cb.length === 0 ? ca : [...ca, or(not(a), and(cb))];
      }
      if (op === 'or' || op === '||') {
        const cb = conditions(scope, right, scope.refine(env, left, false));
        return cb.length === 0 ? ca : [...ca, or(a, and(cb))];
      }
      const both = [...ca, ...conditions(scope, right, env)];
      const b = scope.interval(right, env);
      if ((op === '/' || op === '%') && b.lo <= 0 && b.hi >= 0)
        return [...both, compare(scope.write(right, env), '!=', 0)];
      return both;
    }
  }
}

/** What must hold for an assignment not to fail, and what is known after it. */
export function assignment(scope: Scope, a: Assignment, env: Env): { checks: Out[]; after: Env } {
  const type = rangeOf(scope.variable(a.target));
  const v = scope.interval(a.value, env);
  const value = scope.write(a.value, env);
  const checks = [
    ...conditions(scope, a.target, env),
    ...conditions(scope, a.value, env),
    ...(v.lo < type.lo ? [compare(value, '>=', type.lo)] : []),
    ...(v.hi > type.hi ? [compare(value, '<=', type.hi)] : []),
  ];
  const after = new Map(env);
  const k = scope.key(a.target);
  if (k) after.set(k, { lo: Math.max(v.lo, type.lo), hi: Math.min(v.hi, type.hi) });
  // An element written at a computed index: forget what was known of every element.
  else for (const key of after.keys()) if (key.startsWith(`${a.target.name}[`)) after.delete(key);
  return { checks, after };
}
