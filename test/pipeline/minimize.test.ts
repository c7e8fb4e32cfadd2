/*
 * check --minimize-config (pipeline/minimize.ts): the smallest configuration
 * that still violates a property, on the bundled model and on small ones
 * where the answer is known, with the opposite cases: a constant the race
 * needs stays, a -D setting stays, a constant computed from others is not
 * set on its own, a model with nothing smaller says so.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { makeSource } from '../../src/lang/index.js';
import type { Define } from '../../src/model/index.js';
import { checkModel } from '../../src/pipeline.js';
import { load, ROOT } from '../helpers.js';

const V46 = readFileSync(join(ROOT, 'models/btrfs-relocation/v4.6.race'), 'utf8');

/** Defines as the command line gives them. */
function defines(settings: Record<string, string>): Define[] {
  const text = Object.entries(settings)
    .map(([k, v]) => `-D ${k}=${v}`)
    .join(' ');
  const source = makeSource('<command line>', text);
  return Object.entries(settings).map(([name, value]) => ({
    name,
    value,
    source,
    at: { offset: text.indexOf(`${name}=`), length: name.length },
  }));
}

async function smallest(text: string, property: string, given: Record<string, string> = {}) {
  const model = load(text, given);
  const index = model.properties.findIndex((p) => p.name === property);
  const r = await checkModel(model, { properties: [index], minimize: { defines: defines(given) } });
  return { r, settings: r.configurations?.find((c) => c.property === property)?.settings };
}

describe('the smallest configuration that still violates a property', () => {
  it("draws f78c436c's lost write on v4.6 with only the direct IO nocow writer", async () => {
    const { r, settings } = await smallest(V46, 'no_lost_dio_write');
    assert.deepEqual(settings, [
      { name: 'WITH_DIO_COW', value: 'false' },
      { name: 'WITH_BUFFERED_NOCOW', value: 'false' },
      { name: 'WITH_UNRELATED', value: 'false' },
    ]);
    const names = new Set(r.traces[0]!.steps.map((s) => r.traces[0]!.processes[s.process]!.name));
    assert.deepEqual([...names].sort(), ['dio_nocow_writer', 'relocation']);
    assert.equal(r.verdict.violations.length, 1, 'the verdict is the model as written');
  });

  it('keeps a switch the race needs, and what the command line set', async () => {
    const { settings } = await smallest(V46, 'used_bytes_zero', { WITH_UNRELATED: 'true' });
    assert.ok(settings);
    assert.ok(!settings.some((s) => s.name === 'WITH_DIO_COW'), 'the COW writer is the race');
    assert.ok(!settings.some((s) => s.name === 'WITH_UNRELATED'), 'set with -D: not changed');
  });

  it('makes an integer constant as small as the race allows', async () => {
    const text = `const N = 4
      const SPARE = 3
      var total: 0..9 = 0
      process w[i in 1..N] "CPU {i}" { var t: 0..9 = 0 step read() { t = total } step write() { total = t + 1 } }
      process idle[i in 1..SPARE] "idle {i}" { step nothing() { } }
      final lost: total == N`;
    const { settings } = await smallest(text, 'lost');
    // Two writers lose an update; 1..0 is no process array the model accepts, so one idle process stays.
    assert.deepEqual(settings, [
      { name: 'N', value: '2' },
      { name: 'SPARE', value: '1' },
    ]);
  });

  it('leaves a constant computed from others to follow them (a layout, not a count)', async () => {
    const text = `const N = 4
      const LAST = N - 1
      var total: 0..9 = 0
      var mark: 0..LAST = LAST
      process w[i in 1..N] "CPU {i}" { var t: 0..9 = 0 step read() { t = total } step write() { total = t + 1 } }
      final lost: total == N`;
    const { r, settings } = await smallest(text, 'lost');
    // LAST = 0 would still lose the update, but LAST is N - 1: it becomes 1 with N = 2.
    assert.deepEqual(settings, [{ name: 'N', value: '2' }]);
    assert.deepEqual(r.traces[0]!.constants, { N: 2, LAST: 1 });
  });

  it('says so when no constant can be made smaller', async () => {
    const text = `const WITH_B = true
      var x: 0..2 = 0
      process a "CPU 1" { step one() { x += 1 } }
      process b "CPU 2" { if WITH_B { step two() { x += 1 } } }
      invariant below_two: x < 2`;
    const { r, settings } = await smallest(text, 'below_two');
    assert.deepEqual(settings, []);
    assert.equal(r.traces.length, 1);
  });
});
