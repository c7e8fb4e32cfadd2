/*
 * Two workers find what one does: the same verdicts, the same number of
 * distinct states, counterexamples as short, on the bundled and random models.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compile } from '../../src/compile/index.js';
import { parallelSearch, propertyStatus, search } from '../../src/explore/index.js';
import { load, ROOT, racecheck } from '../helpers.js';
import { randomModel } from './models.js';

async function same(text: string, defines: Record<string, string> = {}, workers = 2, soloBelow = 0): Promise<void> {
  const ts = compile(load(text, defines));
  // Explore everything, so that the counts do not depend on where each stops once all is violated.
  const one = await search(ts, { exhaust: true });
  // Both threads from the first state on (otherwise a small model is done before the second is up).
  const two = await parallelSearch(ts, workers, { exhaust: true, soloBelow }, true);
  for (const p of ts.model.properties) assert.equal(propertyStatus(two, p.index), propertyStatus(one, p.index), p.name);
  assert.equal(two.stats.distinct, one.stats.distinct);
  assert.equal(two.stats.generated, one.stats.generated);
  assert.equal(two.stats.depth, one.stats.depth);
  for (const c of two.violations) {
    const o = one.violations.find((x) => x.property === c.property)!;
    assert.equal(c.states.length, o.states.length, `${ts.model.properties[c.property]!.name}: as short`);
  }
}

// A search that waits forever for a thread fails the suite rather than hangs it.
describe('two workers', { timeout: 600_000 }, () => {
  for (const name of ['v4.6', 'v4.7']) {
    it(`${name}: the same verdicts, distinct states, depth and counterexample lengths as one`, async () => {
      await same(readFileSync(join(ROOT, 'models/btrfs-relocation', `${name}.race`), 'utf8'));
    });
  }

  it('agree with one worker on 40 random models', async () => {
    await fc.assert(
      fc.asyncProperty(randomModel, (text) => same(text)),
      { numRuns: 40, seed: 5 },
    );
  });

  it('agree with one worker on 40 random models when levels of fewer than 6 states are one thread’s', async () => {
    await fc.assert(
      fc.asyncProperty(randomModel, (text) => same(text, {}, 2, 6)),
      { numRuns: 40, seed: 6 },
    );
  });

  it('three workers agree with one on the scaled relocation model', async () => {
    await same(
      readFileSync(join(ROOT, 'models/btrfs-relocation/scaled.race'), 'utf8'),
      {
        DIO_NOCOW: '2',
        BUFFERED: '1',
        FIXED: 'true',
      },
      3,
    );
    // Levels of fewer than 1,000 states (the first and last dozen) by the starting thread alone.
    await same(readFileSync(join(ROOT, 'bench/models/philosophers.race'), 'utf8'), { N: '5' }, 3, 1000);
  });

  it('stop at --max-states and --max-time with the statistics so far', async () => {
    const ts = compile(load(readFileSync(join(ROOT, 'bench/models/philosophers.race'), 'utf8'), { N: '6' }));
    const states = await parallelSearch(ts, 2, { exhaust: true, maxStates: 100_000 }, true);
    assert.equal(states.limit, 'states');
    assert.ok(states.stats.distinct >= 100_000 && states.stats.distinct < 200_000, `${states.stats.distinct}`);
    assert.ok(states.stats.depth > 10);
    const time = await parallelSearch(ts, 2, { exhaust: true, maxSeconds: 0.05 }, true);
    assert.equal(time.limit, 'time');
    assert.equal(time.complete, false);
  });

  it('--workers 2 --max-memory 50 on millions of states stops at the memory limit: exit 3', () => {
    const r = racecheck([
      ...['check', 'models/btrfs-relocation/scaled.race', '--workers', '2', '--max-memory', '50'],
      ...['-D', 'DIO_COW=2', '-D', 'DIO_NOCOW=2', '-D', 'BUFFERED=2', '-D', 'FIXED=true'],
    ]);
    assert.equal(r.code, 3, r.stdout + r.stderr);
    assert.match(r.stdout, /stopped at the memory limit/);
    const stored = Number(/([\d.]+) MiB stored/.exec(r.stdout)?.[1]);
    assert.ok(stored > 25 && stored <= 50, `${stored} MiB stored`);
  });

  it('grow the table when each level adds only a few states (a chain of 20,000 levels)', () => {
    // A thread leaves the store at every barrier: a growth due only every FLUSH states of one stay
    // never came, and the full table made the search probe forever (as on BEEM's anderson.1).
    const dir = mkdtempSync(join(tmpdir(), 'racecheck-chain-'));
    const file = join(dir, 'chain.race');
    writeFileSync(file, 'var i: 0..20000 = 0\nprocess p { while i < 20000 { step { i = i + 1 } } }\n');
    const r = spawnSync(process.execPath, ['bin/racecheck.js', 'check', file, '--workers', '2', '--exhaust'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      killSignal: 'SIGKILL', // a search that probes forever does not stop at SIGTERM
    });
    rmSync(dir, { recursive: true });
    assert.equal(r.status, 0, `exit ${r.status} (${r.signal ?? 'no signal'}): ${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /20,002 distinct, depth 20001/);
  });

  it('report a run-time error with the path to it', async () => {
    const ts = compile(load('var x: 0..2\nprocess p { step { x = 1 } step { x = x + 5 } }\nprocess q { step { } }'));
    const v = await parallelSearch(ts, 2);
    assert.equal(v.status, 'error');
    assert.match(v.failure!.message, /out of range/);
    assert.ok(v.failure!.states.length >= 2);
  });
});
