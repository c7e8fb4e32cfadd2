/*
 * Each broken variant of the btrfs models (variants.ts) is caught by the
 * property it names, and by no other than it lists; the fixtures the gate
 * checks are still their variants of the current models.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CheckResult } from '../../src/pipeline.js';
import { check, ROOT, violated } from '../helpers.js';
import { fixtureText, VARIANTS, variant } from './variants.js';

/** The bundled model's check, once per model and constants. */
const checked = new Map<string, Promise<CheckResult>>();
function bundled(model: string, defines: Readonly<Record<string, string>>): Promise<CheckResult> {
  const key = `${model} ${JSON.stringify(defines)}`;
  if (!checked.has(key)) checked.set(key, check(variant(model, []), {}, { ...defines }));
  return checked.get(key)!;
}

describe('broken variants of the btrfs models', () => {
  for (const v of VARIANTS) {
    it(`${v.name} (${v.what}) is caught by ${v.caughtBy}`, async () => {
      const r = await check(variant(v.model, v.edits), {}, { ...v.defines });
      assert.equal(r.verdict.complete, true);
      assert.equal(r.verdict.failure, undefined, 'a run-time error, not a property violation');
      assert.deepEqual(violated(r), [...v.violates].sort());
      assert.ok(v.violates.includes(v.caughtBy));
      // The opposite: the model as bundled, with the same constants, holds that property.
      const base = await bundled(v.model, v.defines ?? {});
      assert.equal(base.verdict.complete, true);
      assert.ok(!violated(base).includes(v.caughtBy), `${v.model} itself violates ${v.caughtBy}`);
    });
  }

  it('has at least six variants, each on a bundled model', () => {
    assert.ok(VARIANTS.length >= 6);
    assert.equal(new Set(VARIANTS.map((v) => v.name)).size, VARIANTS.length);
  });

  it('refuses an edit whose text is not in the model exactly once', () => {
    assert.throws(() => variant('v4.7.race', [['no such text in the model', '']]), /found 0 times/);
    const twice = 'step btrfs_dec_nocow_writers(bg X) { atomic_dec(nocow_writers) }';
    assert.throws(() => variant('v4.7.race', [[twice, '']]), /found 2 times/);
  });

  for (const v of VARIANTS.filter((x) => x.fixture)) {
    it(`test/models/fixtures/${v.name}.race is the variant of the current ${v.model}`, () => {
      const file = join(ROOT, 'test/models/fixtures', `${v.name}.race`);
      if (process.env.UPDATE_FIXTURES) writeFileSync(file, fixtureText(v));
      assert.ok(
        existsSync(file),
        `${file} is missing: run UPDATE_FIXTURES=1 node --test dist/test/models/variants.test.js`,
      );
      assert.equal(readFileSync(file, 'utf8'), fixtureText(v), 'regenerate it with UPDATE_FIXTURES=1');
    });
  }
});
