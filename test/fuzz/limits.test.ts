/*
 * Fuzzing the limits (issue 13, item 11, the limits class): generated models of millions of states
 * (counters over two or three processes, a process that never ends, sometimes one step with 10^8
 * successors), a random engine (breadth-first on each store, two workers, the liveness graph,
 * random search, simulate) and a random limit (states, time, memory, Ctrl-C). Every run stops at
 * its limit, soon, with statistics; and the opposite: the same engine on a small twin of the
 * model with room enough ends on its own, with the verdict of the exact search. Then the command
 * line as a process: exit 3 at a limit, 1 with room enough.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compile } from '../../src/compile/index.js';
import { checkLiveness, type LimitOptions, parallelSearch, randomSearch, search } from '../../src/explore/index.js';
import { simulateModel } from '../../src/pipeline.js';
import { load, racecheck } from '../helpers.js';
import { fuzzParameters } from './seed.js';

interface Shape {
  readonly processes: number;
  /** One step of the first process has 10^8 successors. */
  readonly fan: boolean;
}

/** Counters to N in `processes` processes, a flipper that never ends; `bad` at the counters' far corner. */
function model({ processes, fan }: Shape, n: number): string {
  const names = Array.from({ length: processes }, (_, k) => `c${k}`);
  const fanStep = fan ? 'step { for k in 0..3 { choose v[k] in 0..99 } } ' : '';
  return [
    `const N = ${n}`,
    ...names.map((c) => `var ${c}: 0..N = 0`),
    'var t: 0..1 = 0',
    'var v: array[0..3] of 0..99 = 0',
    ...names.map((c, k) => `process p${k} { ${k === 0 ? fanStep : ''}while ${c} < N { step { ${c} = ${c} + 1 } } }`),
    'process flipper { while true { step { t = 1 - t } } }',
    `invariant bad: !(${names.map((c) => `${c} == N`).join(' && ')})`,
    `liveness ends: eventually ${names.map((c) => `${c} == N`).join(' && ')}`,
  ].join('\n');
}

/** N for at least a million states (two processes: 1500, three: 110) before the flipper's factor 2. */
const bigN = (s: Shape) => (s.processes === 2 ? 1500 : 110);

const ENGINES = ['exact', 'compact', 'bitstate', 'workers', 'liveness', 'random', 'simulate'] as const;
type Engine = (typeof ENGINES)[number];

/** What every engine's result says: the limit that stopped it (if any), and its statistics. */
interface Ended {
  readonly limit: string | undefined;
  readonly status?: string;
  readonly generated: number;
  readonly bytes: number;
}

/** Random search and simulate: runs this long at most (the limits are meant to stop them first). */
interface Runs {
  readonly runs: number;
  readonly depth: number;
}
const ENDLESS: Runs = { runs: 1e6, depth: 1e8 };

async function run(engine: Engine, text: string, limits: LimitOptions, runs = ENDLESS): Promise<Ended> {
  const m = load(text);
  const ts = compile(m);
  const safety = m.properties.filter((p) => p.kind !== 'liveness').map((p) => p.index);
  const ended = (v: { limit?: string; status?: string; stats: { generated: number; bytes: number } }) => ({
    limit: v.limit,
    status: v.status,
    generated: v.stats.generated,
    bytes: v.stats.bytes,
  });
  switch (engine) {
    case 'exact':
    case 'compact':
    case 'bitstate':
      return ended(await search(ts, { store: engine, properties: safety, ...limits }));
    case 'workers':
      return ended(await parallelSearch(ts, 2, { properties: safety, ...limits }, true));
    case 'liveness': {
      const live = m.properties.find((p) => p.kind === 'liveness')!.index;
      const v = await checkLiveness(ts, { properties: [live], ...limits });
      return { limit: v.limit, generated: v.stats.generated, bytes: v.stats.bytes };
    }
    case 'random':
      return ended(await randomSearch(ts, { properties: safety, seed: 1, ...runs, ...limits }));
    case 'simulate': {
      const sim = await simulateModel(m, { seed: 1, depth: runs.depth, ...limits });
      const status = sim.ended === 'limit' ? 'limit' : sim.ended === 'violated' ? 'violated' : 'ok';
      return { limit: sim.limit, status, generated: sim.stats.generated, bytes: sim.stats.bytes };
    }
  }
}

const limitArbitrary: fc.Arbitrary<{ name: string; limits: () => LimitOptions }> = fc.oneof(
  fc.integer({ min: 1000, max: 50_000 }).map((n) => ({ name: `states ${n}`, limits: () => ({ maxStates: n }) })),
  fc
    .double({ min: 0.05, max: 0.3, noNaN: true })
    .map((s) => ({ name: `time ${s}`, limits: () => ({ maxSeconds: s }) })),
  fc
    .integer({ min: 1, max: 8 })
    .map((mb) => ({ name: `memory ${mb} MiB`, limits: () => ({ maxBytes: mb * 2 ** 20 }) })),
  fc.integer({ min: 1, max: 20 }).map((k) => ({
    name: `Ctrl-C after ${k} looks`,
    limits: () => {
      let looks = 0;
      return { interrupted: () => ++looks > k };
    },
  })),
);

const shapeArbitrary = fc.record({ processes: fc.constantFrom(2, 3), fan: fc.boolean() });

describe('fuzz: every engine stops at every limit', () => {
  it('stops at the limit, within seconds, with statistics', async () => {
    await fc.assert(
      fc.asyncProperty(shapeArbitrary, fc.constantFrom(...ENGINES), limitArbitrary, async (shape, engine, limit) => {
        const started = Date.now();
        const end = await run(engine, model(shape, bigN(shape)), limit.limits());
        const took = (Date.now() - started) / 1000;
        const what = `${engine}, ${limit.name}, ${JSON.stringify(shape)}`;
        assert.ok(took < 20, `${what}: took ${took} s`);
        // A bit array sized within the budget does not grow: it misses states instead of stopping.
        if (engine === 'bitstate' && limit.name.startsWith('memory') && !end.limit)
          assert.ok(end.bytes <= limit.limits().maxBytes!, `${what}: ${end.bytes} bytes`);
        // A random run may come upon the violation first (PCT runs the counters before the flipper).
        else if ((engine === 'random' || engine === 'simulate') && end.status === 'violated') return;
        else assert.ok(end.limit, `${what}: no limit reported (${JSON.stringify(end)})`);
        assert.ok(end.generated >= 0 && Number.isFinite(end.bytes), what);
      }),
      fuzzParameters(10, 10_000),
    );
  });

  it('the opposite: with room enough each engine ends on its own, the exhaustive ones with the verdict', async () => {
    const room = { maxStates: 1e7, maxSeconds: 60, maxBytes: 2 ** 30 };
    await fc.assert(
      fc.asyncProperty(
        fc.record({ processes: fc.constantFrom(2, 3), fan: fc.constant(false) }),
        fc.constantFrom(...ENGINES),
        fc.integer({ min: 1, max: 4 }),
        async (shape, engine, n) => {
          // Random search and simulate: a few short runs, which end on their own.
          const end = await run(engine, model(shape, n), room, { runs: 200, depth: 1000 });
          const what = `${engine}, N=${n}, ${JSON.stringify(shape)}`;
          assert.equal(end.limit, undefined, `${what}: ${JSON.stringify(end)}`);
          // The exhaustive engines decide `bad`: violated (the far corner is reachable).
          if (engine !== 'random' && engine !== 'simulate' && end.status !== undefined)
            assert.equal(end.status, 'violated', what);
        },
      ),
      fuzzParameters(10, 10_000),
    );
  });
});

describe('fuzz: the command line exits 3 at a limit, and with its verdict given room', () => {
  const dir = mkdtempSync(join(tmpdir(), 'racecheck-fuzz-limits-'));
  it('check, check --workers 2, --engine random, simulate', async () => {
    const commands = fc.constantFrom(
      ['check'],
      ['check', '--workers', '2'],
      ['check', '--store', 'compact'],
      ['check', '--engine', 'random', '--depth', '100000000', '--runs', '1000000'],
      ['simulate', '--depth', '100000000'],
    );
    const limits = fc.constantFrom(['--max-states', '20000'], ['--max-time', '0.5'], ['--max-memory', '4']);
    await fc.assert(
      fc.asyncProperty(shapeArbitrary, commands, limits, async (shape, command, limit) => {
        const path = join(dir, `m${shape.processes}${shape.fan ? 'f' : ''}.race`);
        writeFileSync(path, model(shape, bigN(shape)));
        const r = racecheck([command[0]!, path, ...command.slice(1), ...limit]);
        assert.equal(r.code, 3, `${command.join(' ')} ${limit.join(' ')}: ${r.stdout}${r.stderr}`);
        assert.match(r.stdout, /stopped at|interrupted/);
      }),
      fuzzParameters(4, 8_000),
    );
    // With room enough: the exhaustive search's verdict (bad is violated).
    const small = join(dir, 'small.race');
    writeFileSync(small, model({ processes: 2, fan: false }, 3));
    assert.equal(racecheck(['check', small, '--max-states', '100000', '--max-memory', '64']).code, 1);
    assert.equal(racecheck(['check', small, '--workers', '2', '--max-time', '60']).code, 1);
  });
});
