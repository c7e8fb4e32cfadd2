/*
 * The parent log of the compact and bitstate stores: records read back as written, with state
 * indices past 2^31 (a compact store holds that many in 15 GiB), as the batch's taken states keep
 * them; and a small index as before.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Taken } from '../../src/explore/batch.js';
import { ParentLog } from '../../src/state/parent-log.js';

describe('parent log', () => {
  it('reads back parents past 2^31, the initial state (-1) and small ones, through a buffer flush', () => {
    const log = new ParentLog();
    const records = [
      { parent: -1, proc: 0, ordinal: 0 },
      { parent: 2 ** 31 + 7, proc: 3, ordinal: 2 ** 32 - 1 },
      { parent: 2 ** 40 + 1, proc: 65_536, ordinal: 5 },
      { parent: 12, proc: 1, ordinal: 70_000 },
    ];
    // More records than the 1 MiB buffer holds, so some are read back from the file.
    for (let k = 0; k < 100_000; k++) log.append(k, k % 7, k);
    for (const r of records) log.append(r.parent, r.proc, r.ordinal);
    for (const [k, r] of records.entries()) assert.deepEqual(log.read(100_000 + k), r);
    assert.deepEqual(log.read(99_999), { parent: 99_999, proc: 99_999 % 7, ordinal: 99_999 });
    log.close();
    assert.equal(existsSync(log.file), false);
  });

  it('the states a batch takes keep indices past 2^31', () => {
    const taken = new Taken(2, 1);
    taken.indices[0] = 2 ** 31 + 7;
    taken.indices[1] = 5;
    assert.deepEqual(Array.from(taken.indices), [2 ** 31 + 7, 5]);
  });
});
