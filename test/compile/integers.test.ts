/*
 * Integers are the model language's, not JavaScript's doubles: every intermediate result must be
 * a safe integer (|v| <= 2^53-1). A constant beyond that is a diagnostic at its expression; one
 * that depends on the state is a run-time error at the expression, with the run that gets there;
 * the compiler checks only where the operands' ranges do not prove the result in range.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compile } from '../../src/compile/index.js';
import { check, expectDiagnostic, load, violated } from '../helpers.js';

/** `(x * M * M) / M / M == x`: exact for small M; for large M, x * M * M is beyond 2^53 when x = 1. */
const scaled = `const M = 2147483647
var x: 0..1
process p { step { x = 1 } }
invariant exact: (x * M * M) / M / M == x
`;

describe('integers', () => {
  it('an intermediate result beyond 2^53-1 is a run-time error at the expression, with its run', async () => {
    const r = await check(scaled);
    assert.equal(r.verdict.status, 'error');
    assert.match(r.verdict.failure!.message, /integer overflow: 2147483647 \* 2147483647 is 4611686014132420609/);
    assert.equal(r.failure!.trace.steps.length, 1);
  });

  it('the same model with a small M holds', async () => {
    const r = await check(scaled, {}, { M: '1000' });
    assert.equal(r.verdict.status, 'ok');
    assert.deepEqual(violated(r), []);
  });

  it('(x + M) - M == 0 is false once x = 1, for the largest M that fits', async () => {
    const r = await check(
      `const M = 2147483647 * 2097152
       var x: 0..1
       process p { step { x = 1 } }
       invariant zero: (x + M) - M == 0`,
    );
    // M = 2^52 - 2^21: x + M is exact, so the invariant is violated (doubles would say the same here) …
    assert.deepEqual(violated(r), ['zero']);
    // … and with twice M the sum leaves the bound once x = 1: an error, never a rounded "holds".
    const over = await check(
      `const M = 2147483647 * 4194304
       var x: 0..1
       process p { step { x = 1 } }
       invariant zero: (x * M + M) - M - x * M == 0`,
    );
    assert.equal(over.verdict.status, 'error');
    assert.match(
      over.verdict.failure!.message,
      /integer overflow: 9007199250546688 \+ 9007199250546688 is 18014398501093376/,
    );
  });

  it('a constant expression beyond the bound is a diagnostic where it is written; one inside it folds', () => {
    expectDiagnostic('const M = 2147483647\nconst N = 3 + M * M\nvar x: 0..1', 2, 15, /integer overflow: 2147483647/);
    const m = load('const M = 2147483647\nconst N = M * 4194304\nvar x: 0..1');
    assert.equal(m.constants.get('N')!.value, 2147483647 * 4194304);
  });

  it('-D values are literals: one too large for a literal is refused, the largest literal accepted', () => {
    expectDiagnostic('const M = 1\nvar x: 0..1', 1, 4, /too large \(at most 2147483647\)/, { M: '9'.repeat(400) });
    assert.equal(load('const M = 1\nvar x: 0..1', { M: '2147483647' }).constants.get('M')!.value, 2 ** 31 - 1);
  });

  it('-(-v) is v, also where v is a negative literal in an unrolled quantifier', async () => {
    const r = await check(`var x: -3..3
      process p { step { x = -(-2) } step { x = -x } }
      invariant neg: forall i in -3..-1: -i > 0 && -(-i) == i
      final two: x == -2`);
    assert.equal(r.verdict.status, 'ok');
    assert.deepEqual(violated(r), []);
    assert.match(compile(load('var x: 0..1\ninvariant neg: forall i in -2..-1: -i > 0')).check.toString(), /- -2/);
  });

  it('NaN is never stored: what would be Infinity - Infinity is an overflow error', async () => {
    const r = await check(`var x: 0..1
      var y: 0..3
      process p { step { x = 1 } step { y = (x * 2147483647 * 2147483647 * 2147483647) - (x * 2147483647) } }`);
    assert.equal(r.verdict.status, 'error');
    assert.match(r.verdict.failure!.message, /integer overflow/);
    // The opposite: with x = 0 on every path the same expression stores 0 and the model holds.
    const zero = await check(`var x: 0..1
      var y: 0..3
      process p { step { y = (x * 2147483647 * 2147483647 * 2147483647) - (x * 2147483647) } }
      final stored: y == 0`);
    assert.equal(zero.verdict.status, 'ok');
  });

  it('division truncates toward zero exactly, and by zero is a run-time error', async () => {
    const r = await check(`const M = 2147483647 * 4194304
      var x: 0..1 = 1
      process p { step { x = 0 } }
      invariant q: x == 0 || ((M - x) / M == 0 && (x - M) / M == 0 && -7 / x == -7 && -7 % (x + 2) == -1)`);
    assert.equal(r.verdict.status, 'ok');
    const zero = await check('var x: 0..1 = 1\nprocess p { step { x = 0 } }\ninvariant q: 4 / x > 0 || true');
    assert.equal(zero.verdict.status, 'error');
    assert.match(zero.verdict.failure!.message, /division by zero/);
  });

  it('checks only where the ranges do not prove the result exact', () => {
    const code = (inv: string) => compile(load(`var x: 0..100\nvar y: -5..5\ninvariant i: ${inv}`)).check.toString();
    assert.doesNotMatch(code('x * y + x - y < 1000'), /rt\.(add|sub|mul)/);
    assert.match(code('x * 2147483647 * 2147483647 > 0'), /rt\.mul\(/);
  });

  it('a value its range proves in the variable needs no range check; one outside still fails', async () => {
    const code = (step: string) => compile(load(`var x: 0..9\nvar y: 0..3\nprocess p { step { ${step} } }`));
    assert.doesNotMatch(code('x = y * 2 + y % 2').successorsOf[0]!.toString(), /rt\.range\(/);
    assert.match(code('y = x').successorsOf[0]!.toString(), /rt\.range\(/);
    const r = await check('var x: 0..9\nvar y: 0..3\nprocess p { step { x = 9 } step { y = x } }');
    assert.match(r.verdict.failure!.message, /value 9 is out of range 0\.\.3/);
  });
});
