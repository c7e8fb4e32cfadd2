import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { propertyStatus } from '../../src/explore/index.js';
import { check, violated } from '../helpers.js';

const COUNTER = `var n: 0..20
  process p { while n < 20 { step { n += 1 } } }
  process q { step { } step { } }
  invariant below_ten: n < 10`;

describe('breadth-first search', () => {
  it('finds a shortest counterexample', async () => {
    const r = await check(COUNTER);
    assert.deepEqual(violated(r), ['below_ten']);
    assert.equal(r.traces[0]!.steps.length, 10);
    assert.ok(
      r.traces[0]!.steps.every((s) => s.process === 0),
      'q takes no step that is not needed',
    );
  });

  it('keeps searching after a violation to decide every property', async () => {
    const r = await check(COUNTER.replace('invariant', 'invariant never: n < 21\ninvariant'));
    assert.equal(r.verdict.complete, true);
    assert.equal(
      propertyStatus(
        r.verdict,
        r.model.properties.findIndex((p) => p.name === 'never'),
      ),
      'holds',
    );
  });

  it('stops at --first', async () => {
    const r = await check(COUNTER.replace('invariant', 'invariant never: n < 21\ninvariant'), { stopAtFirst: true });
    assert.equal(r.verdict.complete, false);
    assert.equal(
      propertyStatus(
        r.verdict,
        r.model.properties.findIndex((p) => p.name === 'never'),
      ),
      'unknown',
    );
  });

  it('stops at the state limit with the statistics so far', async () => {
    const r = await check(COUNTER.replace('invariant below_ten: n < 10', 'invariant fine: true'), { maxStates: 10 });
    assert.equal(r.verdict.status, 'limit');
    assert.equal(r.verdict.limit, 'states');
    assert.ok(r.verdict.stats.distinct >= 10 && r.verdict.stats.distinct < 63);
    assert.ok(r.verdict.stats.generated > 0);
  });

  it('stops at the memory limit instead of running out of memory', async () => {
    const big = `var a: 0..255
      var b: 0..255
      process p { while true { step { a = (a + 1) % 256 } } }
      process q { while true { step { b = (b + 1) % 256 } } }`;
    const r = await check(big, { maxBytes: 256 * 1024 });
    assert.equal(r.verdict.limit, 'memory');
    assert.ok(r.verdict.stats.bytes <= 256 * 1024);
  });

  it('checks only the properties asked for', async () => {
    const r = await check(COUNTER.replace('invariant', 'invariant other: n < 5\ninvariant'), { properties: [1] });
    assert.deepEqual(violated(r), ['below_ten']);
  });

  it('reports statistics: distinct, generated, depth, bits per state', async () => {
    const r = await check(COUNTER.replace('invariant below_ten: n < 10', ''));
    const s = r.verdict.stats;
    assert.equal(s.distinct, 22 * 3);
    assert.equal(s.depth, 23);
    assert.equal(s.stateBits, 5 + 2 + 2); // n: 0..20 in 5 bits, p's pc and q's pc (3 nodes each) in 2
    assert.equal(s.stateWords, 1);
  });
});
