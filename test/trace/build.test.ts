/*
 * The values a violation shows: exactly the variables its condition reads;
 * counterexamples in the order the properties are written, deadlock last.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check } from '../helpers.js';

describe('violation values', () => {
  it('lists the elements an index reaches, and only those (a constant index and a run-time one mixed)', async () => {
    const r = await check(`var grid: array[0..1] of array[0..2] of 0..3 = 0
var k: 0..1 = 0
var zz1: bool = false
var zz2: bool = false
process p { step s() { grid[1][2] = 3  k = 1 } }
invariant small: grid[k][2] < 3`);
    assert.deepEqual(r.traces[0]!.violation!.values, [
      { name: 'grid[0][2]', value: 0 },
      { name: 'grid[1][2]', value: 3 },
      { name: 'k', value: 1 },
    ]);
  });

  it('orders counterexamples as the summary does: as written, the built-in deadlock check last', async () => {
    const r = await check(
      'var x: 0..3 = 0\nprocess p { step a() { x = 1 } step b() { await false } }\ninvariant small: x < 1',
    );
    assert.deepEqual(
      r.traces.map((t) => t.violation!.property),
      ['small', 'no_deadlock'],
    );
  });
});
