/*
 * The btrfs relocation models: each version's verdicts as the commits imply
 * them, with every writer and with the two users of the reservation path;
 * the check-then-act warning is silent on all of them. (Broken variants, and
 * the property that catches each: variants.test.ts.)
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { propertyStatus } from '../../src/explore/index.js';
import type { CheckResult } from '../../src/pipeline.js';
import { check, load, ROOT, violated } from '../helpers.js';
import { variant } from './variants.js';

const read = (name: string) => readFileSync(join(ROOT, 'models/btrfs-relocation', `${name}.race`), 'utf8');

/** Each model checked once per set of constants, for all the tests that look at its result. */
const results = new Map<string, Promise<CheckResult>>();
function checked(name: string, defines: Record<string, string> = {}): Promise<CheckResult> {
  const key = `${name} ${JSON.stringify(defines)}`;
  if (!results.has(key)) results.set(key, check(read(name), {}, defines));
  return results.get(key)!;
}

describe('btrfs relocation models', () => {
  const expected: Record<string, string[]> = {
    'v4.6': [
      'no_dangling_extent',
      'no_io_to_removed_chunk',
      'no_lost_dio_write',
      'no_unrelated_wait',
      'used_bytes_zero',
    ],
    '578def7c': ['no_dangling_extent', 'no_io_to_removed_chunk', 'no_lost_dio_write', 'used_bytes_zero'],
    '9cfa3e34': ['no_io_to_removed_chunk', 'no_lost_buffered_write', 'no_lost_dio_write'],
    'v4.7': [],
  };
  for (const [name, races] of Object.entries(expected)) {
    it(`${name} violates exactly ${races.join(', ') || 'nothing'}`, async () => {
      const r = await checked(name);
      assert.equal(r.verdict.complete, true);
      assert.deepEqual(violated(r), races);
    });
  }

  // The buffered COW writer and the direct IO COW writer, both users of the reservation path.
  const cowUsers = { WITH_BUFFERED_COW: 'true', WITH_DIO_NOCOW: 'false', WITH_BUFFERED_NOCOW: 'false' };
  const withCowUsers: Record<string, string[]> = {
    'v4.6': ['no_dangling_extent', 'no_io_to_removed_chunk', 'no_unrelated_wait', 'used_bytes_zero'],
    '578def7c': ['no_dangling_extent', 'no_io_to_removed_chunk', 'used_bytes_zero'],
    '9cfa3e34': [],
    'v4.7': [],
  };
  for (const [name, races] of Object.entries(withCowUsers)) {
    it(`${name} with both COW writers violates exactly ${races.join(', ') || 'nothing'}`, async () => {
      const r = await checked(name, cowUsers);
      assert.equal(r.verdict.complete, true);
      assert.deepEqual(violated(r), races);
    });
  }

  it('the buffered COW writer alone is serialised in every version (the flush, then the reservations)', async () => {
    const alone = { ...cowUsers, WITH_DIO_COW: 'false', WITH_UNRELATED: 'false' };
    for (const name of Object.keys(expected)) {
      const r = await check(read(name), {}, alone);
      // In 4.6 the ordered extent it allocates in bg Y, once X is read-only, is waited for: 578def7c's point.
      assert.deepEqual(violated(r), name === 'v4.6' ? ['no_unrelated_wait'] : [], name);
    }
  });

  it('no counterexample submits a bio into bg X after btrfs_remove_chunk(bg X) without showing it fail', async () => {
    let seen = 0;
    for (const name of Object.keys(expected)) {
      for (const defines of [{}, cowUsers]) {
        const r = await checked(name, defines);
        for (const trace of r.traces) {
          const value = (i: number, v: string) => trace.states[i]![trace.variables.indexOf(v)];
          trace.steps.forEach((step, i) => {
            if (value(i, 'removed') !== true) return;
            const text = step.display?.text ?? '';
            const who = trace.processes[step.process]!.name;
            const intoX =
              text === 'btrfs_submit_direct()' ||
              text === 'submit_extent_page()' ||
              (who === 'dio_cow_writer' && text === 'btrfs_add_ordered_extent_dio()' && value(i, 'in_x[B]') === true) ||
              (who === 'buffered_cow_writer' && text.startsWith('bio completes') && value(i, 'in_x[B_BUF]') === true);
            if (!intoX) return;
            seen++;
            assert.ok(
              step.notes.some((n) => n.text.includes('unable to find logical')),
              `${name}, ${trace.violation?.property}: ${who} ${text} after the removal, drawn as if it worked`,
            );
          });
        }
      }
    }
    assert.ok(seen > 0, 'some counterexample shows a bio failing after the removal');
  });

  it('every model and every writer configuration loads without a check-then-act warning', () => {
    for (const name of [...Object.keys(expected), 'scaled']) {
      for (const defines of [{}, cowUsers]) {
        const model = load(read(name), name === 'scaled' ? {} : defines);
        assert.deepEqual(
          model.warnings.map((w) => w.message),
          [],
          name,
        );
      }
    }
  });
});

describe('btrfs relocation models: liveness', () => {
  // The direct IO writer's decrement, found by the ordered extent it follows (the buffered writer has one too).
  const DECREMENT =
    '--> "creates DIO ordered extent"\n          step btrfs_dec_nocow_writers(bg X) { atomic_dec(nocow_writers) }';

  it('v4.7: relocation finishes, every write completes and the nocow wait returns, under weak fairness', async () => {
    const r = await checked('v4.7');
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
    const text = variant('v4.7.race', [
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
    const text = variant('v4.7.race', [
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
