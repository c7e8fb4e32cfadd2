/*
 * The btrfs relocation models: each version's verdicts, and proof that each
 * fix matters — take it out of v4.7 and its race comes back.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { check, ROOT, violated } from '../helpers.js';

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
