/*
 * Fuzzing the compiler's integers: random integer expressions over bounded variables (literals up
 * to the parser's 2^31-1, nesting, negative ranges, unary minus of negative literals, division
 * and remainder) evaluate in the generated code exactly as a BigInt reference says, or fail with
 * an integer overflow exactly when the reference leaves ±(2^53-1), or with a division by zero
 * exactly when it divides by zero. A constant subexpression is folded when the model loads, so
 * its overflow (or division by zero) is a load diagnostic, wherever it stands.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ExprGen } from '../../src/compile/expressions.js';
import { ModelRuntimeError } from '../../src/compile/index.js';
import { makeRuntime } from '../../src/compile/runtime.js';
import { Sites } from '../../src/compile/sites.js';
import { DiagnosticError } from '../../src/lang/index.js';
import { layoutOf } from '../../src/state/layout.js';
import { load } from '../helpers.js';
import { fuzzParameters } from './seed.js';

type E =
  | { k: 'lit'; v: number }
  | { k: 'var'; i: number }
  | { k: 'neg'; e: E }
  | { k: 'bin'; op: '+' | '-' | '*' | '/' | '%'; a: E; b: E }
  | { k: 'cond'; op: '<' | '=='; l: E; r: E; a: E; b: E };

const VARS = 3;
const MAX = 2n ** 53n - 1n;
const LIT = 2 ** 31 - 1;

/** Numbers near the edges: squares and cubes of them come near 2^53 (94906265² ≈ 2^53, 208063³ ≈ 2^53). */
const EDGES = [0, 1, 2, 3, 7, 46341, 65536, 208063, 208064, 2 ** 26, 94906265, 94906266, 2 ** 27, 2 ** 30, LIT];

const literal = fc.oneof(fc.constantFrom(...EDGES), fc.integer({ min: 0, max: LIT }));

const expr: fc.Arbitrary<E> = fc.letrec<{ e: E }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    literal.map((v): E => ({ k: 'lit', v })),
    fc.integer({ min: 0, max: VARS - 1 }).map((i): E => ({ k: 'var', i })),
    tie('e').map((e): E => ({ k: 'neg', e })),
    fc
      .record({ op: fc.constantFrom('+', '-', '*', '*', '/', '%'), a: tie('e'), b: tie('e') })
      .map((r): E => ({ k: 'bin', ...r }) as E),
    fc
      .record({ op: fc.constantFrom('<', '=='), l: tie('e'), r: tie('e'), a: tie('e'), b: tie('e') })
      .map((r): E => ({ k: 'cond', ...r }) as E),
  ),
})).e;

/** A variable: its range (lo..hi, at most 2^30 values, as a state variable may have) and its value. */
const variable = fc
  .tuple(
    fc.oneof(fc.constantFrom(...EDGES, ...EDGES.map((v) => -v)), fc.integer({ min: -LIT, max: LIT })),
    // Narrow ranges make tight bounds, so that the compiler's proofs are tried near the edge.
    fc.oneof(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 0, max: 2 ** 30 })),
    fc.double({ min: 0, max: 1, noNaN: true }),
  )
  .map(([a, width, at]) => {
    const lo = Math.max(-LIT, Math.min(a, LIT - width));
    const hi = lo + width;
    return { lo, hi, value: lo + Math.floor(at * (hi - lo)) };
  });

const show = (e: E): string => {
  switch (e.k) {
    case 'lit':
      return String(e.v);
    case 'var':
      return `x${e.i}`;
    case 'neg':
      return `-(${show(e.e)})`;
    case 'bin':
      return `(${show(e.a)} ${e.op} ${show(e.b)})`;
    case 'cond':
      return `(${show(e.l)} ${e.op} ${show(e.r)} ? ${show(e.a)} : ${show(e.b)})`;
  }
};

class Overflow extends Error {}
class ByZero extends Error {}
class LoadFails extends Error {}

/** `a op b` exactly, or Overflow beyond ±(2^53-1), or ByZero. */
function operate(op: '+' | '-' | '*' | '/' | '%', a: bigint, b: bigint): bigint {
  if ((op === '/' || op === '%') && b === 0n) throw new ByZero();
  // BigInt division and remainder truncate toward zero, as the model language's do.
  const v = op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : op === '/' ? a / b : a % b;
  if (v > MAX || v < -MAX) throw new Overflow();
  return v;
}

/**
 * The expression as the model stage leaves it: every operation on constants folded (LoadFails
 * where that overflows or divides by zero, taken branch or not), a ?: with a constant test
 * replaced by its branch. A constant is a bigint.
 */
function fold(e: E): E | bigint {
  const attempt = (f: () => bigint): bigint => {
    try {
      return f();
    } catch {
      throw new LoadFails();
    }
  };
  switch (e.k) {
    case 'lit':
      return BigInt(e.v);
    case 'var':
      return e;
    case 'neg': {
      const x = fold(e.e);
      return typeof x === 'bigint' ? -x : { k: 'neg', e: x };
    }
    case 'bin': {
      const a = fold(e.a);
      const b = fold(e.b);
      if (typeof a === 'bigint' && typeof b === 'bigint') return attempt(() => operate(e.op, a, b));
      return { k: 'bin', op: e.op, a: lift(a), b: lift(b) };
    }
    case 'cond': {
      const l = fold(e.l);
      const r = fold(e.r);
      const a = fold(e.a);
      const b = fold(e.b);
      if (typeof l === 'bigint' && typeof r === 'bigint') return (e.op === '<' ? l < r : l === r) ? a : b;
      return { k: 'cond', op: e.op, l: lift(l), r: lift(r), a: lift(a), b: lift(b) };
    }
  }
}

/** A folded constant back in an expression (negative ones as the negation of a literal). */
function lift(x: E | bigint): E {
  if (typeof x !== 'bigint') return x;
  return x < 0n ? { k: 'neg', e: { k: 'lit', v: Number(-x) } } : { k: 'lit', v: Number(x) };
}

/** The exact value, evaluated as the generated code does (operands left to right, one branch of ?:). */
function reference(e: E, vars: readonly bigint[]): bigint {
  switch (e.k) {
    case 'lit':
      return BigInt(e.v);
    case 'var':
      return vars[e.i]!;
    case 'neg':
      return -reference(e.e, vars);
    case 'cond': {
      const l = reference(e.l, vars);
      const r = reference(e.r, vars);
      return reference((e.op === '<' ? l < r : l === r) ? e.a : e.b, vars);
    }
    case 'bin':
      return operate(e.op, reference(e.a, vars), reference(e.b, vars));
  }
}

/** What the model should do: a value, an overflow or a division by zero at run time, or fail to load. */
function expected(e: E, vars: readonly bigint[]): bigint | 'overflow' | 'zero' | 'load' {
  let folded: E | bigint;
  try {
    folded = fold(e);
  } catch {
    return 'load';
  }
  if (typeof folded === 'bigint') return folded;
  try {
    return reference(folded, vars);
  } catch (x) {
    return x instanceof Overflow ? 'overflow' : 'zero';
  }
}

/** The generated code for `text` over the variables, called on the state that holds their values. */
function evaluate(text: string, vars: readonly { lo: number; hi: number; value: number }[]): number {
  const decls = vars.map((v, i) => `var x${i}: ${v.lo}..${v.hi} = ${v.value}`).join('\n');
  // Compared with a non-constant so that the comparison is not folded even when the expression is.
  const model = load(`${decls}\ninvariant probe: (${text}) == x0 - x0`);
  const cond = model.properties[0]!.cond!;
  if (cond.k !== 'binary') throw new Error('the probe folded away');
  const layout = layoutOf(model);
  const sites = new Sites();
  const code = new ExprGen(sites, layout).expr(cond.left, new Map());
  const runtime = makeRuntime(model.source, sites.locs, sites.types, layout);
  const f = new Function('rt', `return function (s) { return ${code}; }`)(runtime) as (s: Uint32Array) => number;
  const state = new Uint32Array(layout.words);
  layout.pack(
    Int32Array.from(model.slots, (s) => s.init),
    state,
  );
  return f(state);
}

describe('fuzz: compiled integer expressions', () => {
  it('evaluate as BigInt says, or fail exactly where it leaves the safe integers or divides by zero', () => {
    fc.assert(
      fc.property(expr, fc.array(variable, { minLength: VARS, maxLength: VARS }), (e, vars) => {
        const text = show(e);
        const want = expected(
          e,
          vars.map((v) => BigInt(v.value)),
        );
        let got: number | string;
        try {
          got = evaluate(text, vars);
        } catch (x) {
          if (!(x instanceof DiagnosticError)) throw x;
          const message = x.diagnostic.message;
          if (!(x instanceof ModelRuntimeError)) got = 'load';
          else got = /^integer overflow/.test(message) ? 'overflow' : message === 'division by zero' ? 'zero' : message;
        }
        if (typeof want === 'bigint') {
          assert.ok(typeof got === 'number', `${text}: ${got}, want ${want}`);
          assert.equal(BigInt(got), want, text);
        } else assert.equal(got, want, text);
      }),
      fuzzParameters(3000, 15_000),
    );
  });
});
