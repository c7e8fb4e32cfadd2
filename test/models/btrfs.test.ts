/*
 * The btrfs relocation models: each version's verdicts, and proof that each
 * fix matters — take it out of v4.7 and its race comes back.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { propertyStatus } from '../../src/explore/index.js';
import { check, ROOT, violated } from '../helpers.js';
import { variant } from './variants.js';

const read = (name: string) => readFileSync(join(ROOT, 'models/btrfs-relocation', `${name}.race`), 'utf8');
const V47 = read('v4.7');

function without(text: string, find: string, replace: string): string {
  assert.ok(text.includes(find), `the model no longer contains: ${find}`);
  return text.replace(find, replace);
}

describe('btrfs relocation models', () => {
  const expected: Record<string, string[]> = {
    'v4.6': ['no_dangling_extent', 'no_lost_dio_write', 'no_unrelated_wait', 'used_bytes_zero'],
    '578def7c': ['no_dangling_extent', 'no_lost_dio_write', 'used_bytes_zero'],
    '9cfa3e34': ['no_lost_buffered_write', 'no_lost_dio_write'],
    'v4.7': [],
  };
  for (const [name, races] of Object.entries(expected)) {
    it(`${name} violates exactly ${races.join(', ') || 'nothing'}`, async () => {
      const r = await check(read(name));
      assert.equal(r.verdict.complete, true);
      assert.deepEqual(violated(r), races);
    });
  }

  it('v4.7 without the groups_sem barrier loses the used-bytes and dangling-extent fixes', async () => {
    const r = await check(
      without(
        V47,
        'step down_write(&space_info->groups_sem) { await alloc_readers == 0 }',
        'step down_write(&space_info->groups_sem) { }',
      ),
    );
    assert.deepEqual(violated(r), ['no_dangling_extent', 'used_bytes_zero']);
  });

  it('v4.7 without btrfs_wait_nocow_writers() loses writes again', async () => {
    const r = await check(
      without(
        V47,
        'step btrfs_wait_nocow_writers(bg X) { await nocow_writers == 0 }',
        'step btrfs_wait_nocow_writers(bg X) { }',
      ),
    );
    assert.deepEqual(violated(r), ['no_lost_buffered_write', 'no_lost_dio_write']);
  });

  it('v4.7 without the ro test in btrfs_inc_nocow_writers() loses writes again', async () => {
    const r = await check(V47.replaceAll("nocow = !ro   // tested under X's lock: authoritative", 'nocow = true'));
    assert.deepEqual(violated(r), ['no_lost_buffered_write', 'no_lost_dio_write']);
  });

  it('v4.6 without the delalloc flush has the buffered nocow race too', async () => {
    const r = await check(without(read('v4.6'), 'await pages == CLEAN || pages == FLUSHED', ''));
    assert.ok(violated(r).includes('no_lost_buffered_write'));
  });
});

describe('btrfs relocation models: liveness', () => {
  const V47_FILE = 'models/btrfs-relocation/v4.7.race';
  // The direct IO writer's decrement, found by the ordered extent it follows (the buffered writer has one too).
  const DECREMENT =
    '--> "creates DIO ordered extent"\n          step btrfs_dec_nocow_writers(bg X) { nocow_writers -= 1 }';

  it('v4.7: relocation finishes, every write completes and the nocow wait returns, under weak fairness', async () => {
    const r = await check(V47);
    const live = ['relocation_finishes', 'writes_complete', 'nocow_wait_returns'];
    const indices = live.map((name) => r.model.properties.findIndex((p) => p.name === name));
    assert.deepEqual(r.verdict.liveness?.checked, indices);
    assert.equal(r.verdict.liveness?.complete, true);
    assert.deepEqual(
      r.verdict.liveness?.fairness,
      r.model.processes.map(() => 'weak'),
    );
    assert.deepEqual(violated(r), []);
  });

  it('a writer that never decrements nocow_writers: relocation waits forever (deadlock, and liveness)', async () => {
    const text = variant(V47_FILE, [
      [DECREMENT, '--> "creates DIO ordered extent"\n          step "forgets btrfs_dec_nocow_writers()"'],
    ]);
    const r = await check(text);
    assert.deepEqual(violated(r), ['no_deadlock', 'nocow_wait_returns', 'relocation_finishes']);
    const trace = r.traces.find((t) => t.violation?.property === 'relocation_finishes')!;
    assert.equal(trace.stops, true, 'the run stops: nothing can move');
    assert.equal(trace.loop, trace.states.length - 1);
    assert.match(trace.violation!.message, /relocation waits at btrfs_wait_nocow_writers\(bg X\)/);
    // The writers all finish: their writes complete.
    assert.equal(
      propertyStatus(
        r.verdict,
        r.model.properties.findIndex((p) => p.name === 'writes_complete'),
      ),
      'holds',
    );
  });

  it('a writer that keeps nocow_writers up and keeps running: no deadlock, relocation never finishes', async () => {
    const text = variant(V47_FILE, [
      [DECREMENT, '--> "creates DIO ordered extent"\n          while true { step "keeps writing" }'],
    ]);
    const r = await check(text);
    assert.deepEqual(violated(r), ['nocow_wait_returns', 'relocation_finishes', 'writes_complete']);
    const trace = r.traces.find((t) => t.violation?.property === 'relocation_finishes')!;
    assert.equal(trace.stops, undefined, 'the run goes on forever');
    assert.ok(trace.loop! < trace.states.length - 1);
    // Weak fairness holds on the cycle: relocation cannot move there (its await is false), the writer moves.
    assert.deepEqual(trace.violation!.starved ?? [], []);
    const cycle = trace.steps.slice(trace.loop);
    assert.ok(cycle.every((s) => trace.processes[s.process]!.name === 'dio_nocow_writer'));
  });
});
