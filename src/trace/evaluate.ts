/*
 * The model's expressions and step bodies evaluated on one state, outside
 * the compiled code: to say *why* a step cannot run (which `await` is false,
 * which way an `if` goes) and with which values. Never in a search's hot
 * loop: replay and the deadlock report call it on the few states they explain.
 * The meaning of each operator is the model stage's `fold`, which the
 * compiler emits too, so the two cannot disagree.
 */
import type { State } from '../compile/index.js';
import type { Loc } from '../lang/index.js';
import { type Expr, type Model, type Place, type Stmt, showValue } from '../model/index.js';
import { fold } from '../model/operators.js';
import { layoutOf } from '../state/layout.js';

/** Slot values of one state (a copy: a body's assignments change it). */
export type Values = Int32Array;

export function valuesOf(model: Model, state: State): Values {
  return layoutOf(model).unpack(state);
}

/** The slot a place names in `v`, or -1 when an index is out of bounds (the step would fail). */
export function slotOf(p: Place, v: Values, env: ReadonlyMap<number, number> = new Map()): number {
  let slot = p.base;
  for (const ix of p.indices) {
    const i = evaluate(ix.expr, v, env) - ix.lo;
    if (i < 0 || i >= ix.length) return -1;
    slot += i * ix.stride;
  }
  return slot;
}

export function evaluate(e: Expr, v: Values, env: ReadonlyMap<number, number> = new Map()): number {
  switch (e.k) {
    case 'const':
      return e.value;
    case 'read': {
      const slot = slotOf(e.place, v, env);
      return slot < 0 ? 0 : v[slot]!;
    }
    case 'bound':
      return env.get(e.id) ?? 0;
    case 'unary':
      return e.op === '!' ? (evaluate(e.operand, v, env) ? 0 : 1) : -evaluate(e.operand, v, env);
    case 'binary': {
      const a = evaluate(e.left, v, env);
      // && and || do not evaluate their right side when the left decides (as the compiled code).
      if (e.op === '&&' && !a) return 0;
      if (e.op === '||' && a) return 1;
      if (e.op === '=>' && !a) return 1;
      const b = evaluate(e.right, v, env);
      if ((e.op === '/' || e.op === '%') && b === 0) return 0;
      return fold(e.op, a, b);
    }
    case 'cond':
      return evaluate(e.test, v, env) ? evaluate(e.then, v, env) : evaluate(e.else, v, env);
    case 'quant': {
      let count = 0;
      for (let x = e.lo; x <= e.hi; x++) if (evaluate(e.body, v, new Map(env).set(e.id, x))) count++;
      if (e.quant === 'count') return count;
      return (e.quant === 'forall' ? count === e.hi - e.lo + 1 : count > 0) ? 1 : 0;
    }
  }
}

/** An await of a step body that is false on every way the body can go from a state. */
export interface FalseAwait {
  readonly cond: Expr;
  readonly at: Loc;
}

/**
 * Runs a step body on `v`: whether some way through it completes (the step
 * can run), and the awaits that stop the ways that do not.
 */
export function runBody(body: readonly Stmt[], v: Values): { enabled: boolean; stops: FalseAwait[] } {
  const stops: FalseAwait[] = [];
  let enabled = false;
  // Each way through the body is run on its own copy of the values; `false` ends a way at an await.
  const run = (list: readonly Stmt[], vals: Values, env: Map<number, number>): boolean => {
    for (let i = 0; i < list.length; i++) {
      const s = list[i]!;
      const rest = list.slice(i + 1);
      switch (s.k) {
        case 'assign': {
          const slot = slotOf(s.place, vals, env);
          if (slot >= 0) vals[slot] = evaluate(s.value, vals, env);
          break;
        }
        case 'await':
          if (!evaluate(s.cond, vals, env)) {
            stops.push({ cond: s.cond, at: s.at });
            return false;
          }
          break;
        case 'if':
          return run([...(evaluate(s.cond, vals, env) ? s.then : s.else), ...rest], vals, env);
        case 'either': {
          let any = false;
          for (const b of s.branches) any = run([...b, ...rest], vals.slice(), new Map(env)) || any;
          return any;
        }
        case 'choose': {
          let any = false;
          for (let x = s.lo; x <= s.hi; x++) {
            const copy = vals.slice();
            const slot = slotOf(s.place, copy, env);
            if (slot >= 0) copy[slot] = x;
            if (s.where && !evaluate(s.where, copy, env)) continue;
            any = run(rest, copy, new Map(env)) || any;
          }
          return any;
        }
        case 'while': {
          for (let n = 0; n < 10_000 && evaluate(s.cond, vals, env); n++) if (!run(s.body, vals, env)) return false;
          break;
        }
        case 'assert':
        case 'note':
          break;
      }
    }
    return true;
  };
  enabled = run(body, v.slice(), new Map());
  return { enabled, stops };
}

/** An expression as the model would write it: slot names, operators, enum member names. */
export function showExpr(model: Model, e: Expr): string {
  const show = (x: Expr, outer: number): string => {
    switch (x.k) {
      case 'const':
        return showValue(x.type, x.value);
      case 'read':
        return placeName(model, x.place, show);
      case 'bound':
        return `x${x.id}`;
      case 'unary':
        return `${x.op}${show(x.operand, 9)}`;
      case 'binary': {
        const p = PRECEDENCE[x.op] ?? 5;
        const text = `${show(x.left, p)} ${x.op} ${show(x.right, p + 1)}`;
        return p < outer ? `(${text})` : text;
      }
      case 'cond':
        return `(${show(x.test, 0)} ? ${show(x.then, 0)} : ${show(x.else, 0)})`;
      case 'quant':
        return `(${x.quant} x${x.id} in ${x.lo}..${x.hi}: ${show(x.body, 0)})`;
    }
  };
  return show(e, 0);
}

const PRECEDENCE: Record<string, number> = {
  '=>': 1,
  '||': 2,
  '&&': 3,
  '==': 4,
  '!=': 4,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 6,
  '-': 6,
  '*': 7,
  '/': 7,
  '%': 7,
};

/** `oe[DIO_COW]` for a place fixed at build time (its slot's name); `oe[w]` with the index shown otherwise. */
function placeName(model: Model, p: Place, show: (x: Expr, outer: number) => string): string {
  if (p.indices.length === 0) return model.slots[p.base]?.name ?? `slot ${p.base}`;
  const variable = [...model.variables].reverse().find((v) => v.base <= p.base);
  const name = variable?.name ?? model.slots[p.base]!.name.replace(/\[.*$/, '');
  return `${name}${p.indices.map((ix) => `[${show(ix.expr, 0)}]`).join('')}`;
}
