/*
 * Partial-order and symmetry reduction never change a verdict on the bundled
 * models: the four kernel versions, the scaled model at sizes fast-check
 * picks, and the benchmark models (the ticket lock is declared symmetric).
 * Every counterexample a reduced search gives is a run to a violation.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compile } from '../../src/compile/index.js';
import { propertyStatus, type SearchOptions, search } from '../../src/explore/index.js';
import { Stepper } from '../../src/trace/stepper.js';
import { load, ROOT } from '../helpers.js';
import { replaysToViolation } from './replays.js';

const VARIANTS: [string, SearchOptions][] = [
  ['partial-order reduction', { reduce: true }],
  ['symmetry reduction', {}],
  ['both', { reduce: true, symmetry: true }],
];

/** Checks the model with no reduction, then with each; returns the verdicts' summary. */
async function sameVerdicts(file: string, defines: Record<string, string> = {}): Promise<string[]> {
  const model = load(readFileSync(`${ROOT}${file}`, 'utf8'), defines, file);
  const ts = compile(model);
  const stepper = Stepper.of(model);
  const truth = await search(ts, { symmetry: false });
  const summary = model.properties.map((p) => `${p.name} ${propertyStatus(truth, p.index)}`);
  for (const [name, options] of VARIANTS) {
    const v = await search(ts, options);
    const got = model.properties.map((p) => `${p.name} ${propertyStatus(v, p.index)}`);
    assert.deepEqual(got, summary, `${file} ${JSON.stringify(defines)} with ${name}`);
    for (const c of v.violations)
      assert.ok(
        replaysToViolation(model, stepper, ts, c),
        `${file} with ${name}: the counterexample for ${model.properties[c.property]!.name} is not a run`,
      );
  }
  return summary;
}

describe('reductions keep the verdicts of the bundled models', () => {
  it('the four kernel versions', async () => {
    const v46 = await sameVerdicts('models/btrfs-relocation/v4.6.race');
    assert.ok(v46.includes('used_bytes_zero violated'), 'v4.6 still races');
    const v47 = await sameVerdicts('models/btrfs-relocation/v4.7.race');
    assert.ok(
      v47.every((s) => s.endsWith('holds')),
      'v4.7 is clean',
    );
    await sameVerdicts('models/btrfs-relocation/578def7c.race');
    await sameVerdicts('models/btrfs-relocation/9cfa3e34.race');
  });

  it('the scaled model, at sizes fast-check picks, fixed or not', async () => {
    const sizes = fc
      .record({
        DIO_COW: fc.integer({ min: 1, max: 2 }),
        DIO_NOCOW: fc.integer({ min: 1, max: 2 }),
        BUFFERED: fc.integer({ min: 1, max: 2 }),
        EXTENTS: fc.integer({ min: 1, max: 2 }),
        FIXED: fc.boolean(),
      })
      .filter((s) => s.DIO_COW + s.DIO_NOCOW + s.BUFFERED <= 4);
    await fc.assert(
      fc.asyncProperty(sizes, async (size) => {
        const summary = await sameVerdicts(
          'models/btrfs-relocation/scaled.race',
          Object.fromEntries(Object.entries(size).map(([k, v]) => [k, String(v)])),
        );
        // The fix is what decides whether a write is lost.
        assert.equal(summary.includes('no_lost_write violated'), !size.FIXED);
      }),
      { numRuns: 8, seed: 5 },
    );
  });

  it('the benchmark models: ticket lock, dining philosophers, Peterson', async () => {
    for (const N of ['3', '4', '5']) {
      assert.deepEqual(await sameVerdicts('bench/models/ticket.race', { N }), ['mutex holds', 'no_deadlock holds']);
      await sameVerdicts('bench/models/philosophers.race', { N });
    }
    for (const N of ['2', '3']) await sameVerdicts('bench/models/peterson.race', { N });
  });
});
