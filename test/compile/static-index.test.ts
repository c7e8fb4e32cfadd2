/*
 * Indices known at compile time (a quantifier's variable in an unrolled term) read and write the
 * element's bit field directly, not through the runtime's bounds-checked calls; an index known to
 * be out of bounds still fails at run time, and only where it is reached.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compile } from '../../src/compile/index.js';
import { check, load, violated } from '../helpers.js';

const model = (property: string) => `var a: array[0..2] of 0..3 = 0
var x: 0..2 = 0
process p { step { x = 2 } step { a[x] = 1 } }
invariant inv: ${property}`;

describe('indices known at compile time', () => {
  it('an unrolled quantifier reads its elements directly; an index from the state goes through the runtime', () => {
    const direct = compile(load(model('forall k in 0..2: a[k] <= 1'))).check.toString();
    assert.doesNotMatch(direct, /rt\.(rd|index)\(/);
    const dynamic = compile(load(model('a[x] <= 1'))).check.toString();
    assert.match(dynamic, /rt\.rd\(/);
    assert.match(dynamic, /rt\.index\(/);
  });

  it('means what the runtime read means: the same verdicts', async () => {
    assert.deepEqual(violated(await check(model('forall k in 0..2: a[k] == 0'))), ['inv']);
    assert.deepEqual(violated(await check(model('(count k in 0..2: a[k] == 1) <= 1'))), []);
    assert.deepEqual(violated(await check(model('exists k in 0..2: a[k] == 1'))), ['inv']);
  });

  it('an index out of bounds fails at run time where it is reached, and not where it is not', async () => {
    const guarded = await check(model('forall k in 0..3: k < 3 => a[k] <= 1'));
    assert.equal(guarded.verdict.status, 'ok');
    const reached = await check(model('forall k in 0..3: a[k] <= 1'));
    assert.equal(reached.verdict.status, 'error');
    assert.match(reached.verdict.failure!.message, /index 3 is out of bounds 0\.\.2/);
  });
});
