/*
 * The stores that keep no states: the same verdicts and counts as the exact
 * store on the bundled models, counterexamples rebuilt from the parent log,
 * and what they may have missed said in the result; on bench/models/counters.race,
 * the state counts worked out by hand (K^N).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { compile } from '../../src/compile/index.js';
import { search } from '../../src/explore/index.js';
import { Stepper } from '../../src/trace/stepper.js';
import { load, ROOT } from '../helpers.js';
import { replaysToViolation } from './replays.js';

const model = (name: string) => load(readFileSync(join(ROOT, 'models/btrfs-relocation', `${name}.race`), 'utf8'));

describe('compact and bitstate stores', () => {
  for (const name of ['v4.6', 'v4.7']) {
    it(`${name}: the same verdicts and state counts as the exact store`, async () => {
      const ts = compile(model(name));
      const exact = await search(ts);
      for (const store of ['compact', 'bitstate'] as const) {
        const v = await search(ts, { store });
        assert.equal(v.stats.distinct, exact.stats.distinct, store);
        assert.equal(v.stats.generated, exact.stats.generated, store);
        assert.deepEqual(
          v.violations.map((c) => c.property).sort(),
          exact.violations.map((c) => c.property).sort(),
          store,
        );
        // Counterexamples are rebuilt from the parent log: as long as breadth-first's.
        for (const c of v.violations)
          assert.equal(c.states.length, exact.violations.find((e) => e.property === c.property)!.states.length);
        assert.match(v.store!.coverage!, store === 'compact' ? /at most \d/ : /hash factor/);
      }
    });
  }

  it('keeps at most 7.6 bytes a state in the compact store, and says how likely a miss was', async () => {
    const ts = compile(
      load(readFileSync(join(ROOT, 'models/btrfs-relocation/scaled.race'), 'utf8'), { DIO_NOCOW: '2', FIXED: 'true' }),
    );
    const v = await search(ts, { store: 'compact', properties: [] });
    assert.ok(v.stats.distinct > 100_000);
    const perState = Number(/\(([\d.]+) bytes a state\)/.exec(v.store!.coverage!)?.[1]);
    assert.ok(perState >= 6 && perState <= 7.6, `${perState} bytes a state`);
    const chance = Number(/at most ([\d.e+-]+)/.exec(v.store!.coverage!)?.[1]);
    assert.ok(chance > 0 && chance < 1e-4, v.store!.coverage);
  });

  it('counts the K^N states and N * K^N transitions of N counters modulo K, as worked out by hand', async () => {
    const text = readFileSync(join(ROOT, 'bench/models/counters.race'), 'utf8');
    for (const [n, k] of [
      [1, 2],
      [3, 4],
      [2, 10],
      [4, 7],
      [3, 61],
    ] as const) {
      const ts = compile(load(text, { N: String(n), K: String(k) }));
      for (const store of ['exact', 'compact'] as const) {
        const v = await search(ts, { store, exhaust: true });
        const size = `${store}, N = ${n}, K = ${k}`;
        assert.deepEqual([v.stats.distinct, v.stats.generated], [k ** n, n * k ** n], size);
        assert.equal(v.status, 'ok', size);
      }
    }
  });

  it('rebuilds counterexamples through a step with more than 65,536 successors', async () => {
    const model = load(`var x: 0..99999 = 0
      var done: bool = false
      process p { step { choose x in 0..99999 } step { done = true } }
      invariant inv: !(done && x == 99998)`);
    const ts = compile(model);
    for (const store of ['compact', 'bitstate'] as const) {
      const v = await search(ts, { store });
      const c = v.violations[0]!;
      assert.ok(replaysToViolation(model, Stepper.of(model), ts, c), `${store}: the counterexample is a run`);
      assert.equal(ts.layout.unpack(c.states.at(-1)!)[0], 99998, store);
    }
  });

  it('sizes the bit array to --max-memory', async () => {
    const ts = compile(model('v4.6'));
    const v = await search(ts, { store: 'bitstate', maxBytes: 2 ** 20, properties: [] });
    assert.match(v.store!.coverage!, /^bitstate: 4,194,304 bits/);
    assert.ok(v.stats.bytes <= 2 ** 20, `${v.stats.bytes} bytes`);
  });

  it('misses states when the bit array is too small, and says how likely that was', async () => {
    const ts = compile(model('v4.6'));
    const exact = await search(ts, { properties: [] });
    const small = await search(ts, { store: 'bitstate', bits: 20, properties: [] });
    assert.ok(small.stats.distinct < exact.stats.distinct);
    assert.match(small.store!.coverage!, /hash factor 6\b.*may have been missed/);
  });
});
