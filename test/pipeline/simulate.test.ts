/*
 * simulateModel: the same seed gives the same run; each way a run can end.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { simulateModel } from '../../src/pipeline.js';
import { load, ROOT } from '../helpers.js';

const v47 = () =>
  load(readFileSync(join(ROOT, 'models/btrfs-relocation/v4.7.race'), 'utf8'), {}, 'models/btrfs-relocation/v4.7.race');

describe('simulateModel', () => {
  it('gives the same run for the same seed, and another for another seed', async () => {
    const model = v47();
    const a = await simulateModel(model, { seed: 11 });
    const b = await simulateModel(model, { seed: 11 });
    assert.equal(a.seed, 11);
    assert.deepEqual(a.trace, b.trace);
    assert.equal(a.ended, 'finished');
    const others = await Promise.all([1, 2, 3, 4, 5].map(async (seed) => (await simulateModel(model, { seed })).trace));
    assert.ok(
      others.some((t) => JSON.stringify(t) !== JSON.stringify(a.trace)),
      'five other seeds all gave seed 11s run',
    );
  });

  it('says how the run ended: a property broke (a deadlock too) or the depth was reached', async () => {
    const broken = await simulateModel(
      load('var n: 0..2 = 0\nprocess p { step up() { n = 1 } }\ninvariant zero: n == 0\n'),
      {
        seed: 1,
      },
    );
    assert.equal(broken.ended, 'violated');
    assert.equal(broken.trace.violation?.property, 'zero');
    const stuck = await simulateModel(load('var go: bool = false\nprocess p { step wait() { await go } }\n'), {
      seed: 1,
    });
    assert.deepEqual([stuck.ended, stuck.trace.violation?.property], ['violated', 'no_deadlock']);
    const forever = load('var n: 0..1 = 0\nprocess p { while true { step flip() { n = 1 - n } } }\n');
    const deep = await simulateModel(forever, { seed: 1, depth: 7 });
    assert.deepEqual([deep.ended, deep.depth, deep.trace.steps.length], ['depth', 7, 7]);
  });
});
