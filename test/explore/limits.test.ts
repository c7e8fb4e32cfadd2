/*
 * Every engine stops at every limit (issue 13, item 4): breadth-first search on each store, the
 * parallel search, the liveness graph, random search, simulate and replay stop at --max-states,
 * --max-time, --max-memory and Ctrl-C with the statistics so far, inside one state's millions of
 * successors too; and with limits large enough the same run ends with its real verdict.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compile } from '../../src/compile/index.js';
import { checkLiveness, parallelSearch, randomSearch, search } from '../../src/explore/index.js';
import { makeSource } from '../../src/lang/index.js';
import { simulateModel } from '../../src/pipeline.js';
import { ClearyTable } from '../../src/state/cleary.js';
import { diagramInput, readDiagram } from '../../src/trace/diagram-reader.js';
import { replay } from '../../src/trace/replay.js';
import { load } from '../helpers.js';

/** Two counters: (n + 1)^2 states, depth 2n; `bad` is reachable at the far corner only. */
const counters = (n: number) => `const N = ${n}
var x: 0..N = 0
var y: 0..N = 0
process p { while x < N { step inc_x() { x = x + 1 } } }
process q { while y < N { step inc_y() { y = y + 1 } } }
invariant bad: !(x == N && y == N)`;

/** One step with 100^4 = 10^8 successors (a `choose` in a `for`), then one more step each. */
const FAN = `var v: array[0..3] of 0..99 = 0
var done: bool = false
process p { step { for k in 0..3 { choose v[k] in 0..99 } } step { done = true } }`;

/** Two states at depth 1, each with 10^8 successors: one for each worker. */
const FAN2 = `var f: 0..1 = 0
var v: array[0..3] of 0..99 = 0
process p { step { choose f in 0..1 } step { for k in 0..3 { choose v[k] in 0..99 } } }`;

/** A run that never ends. */
const FOREVER = 'var x: 0..1 = 0\nprocess p { while true { step flip() { x = 1 - x } } }';

const ts = (text: string) => compile(load(text));

/** Asserts that `work` ends within `seconds` (a limit that did not hold runs far longer). */
async function within<T>(seconds: number, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const r = await work();
  const took = (Date.now() - started) / 1000;
  assert.ok(took < seconds, `took ${took} s`);
  return r;
}

describe('breadth-first search stops at every limit, on every store', () => {
  for (const store of ['exact', 'compact', 'bitstate'] as const) {
    it(`${store}: states, time, memory, Ctrl-C; and the real verdict with room enough`, async () => {
      const big = ts(counters(2000)); // 4 million states
      const states = await search(big, { store, maxStates: 10_000 });
      assert.equal(states.limit, 'states');
      assert.ok(states.stats.distinct >= 10_000 && states.stats.distinct <= 10_001, `${states.stats.distinct}`);
      assert.ok(states.stats.depth > 100, `depth ${states.stats.depth}`);
      const time = await within(5, () => search(big, { store, maxSeconds: 0.2 }));
      assert.equal(time.limit, 'time');
      const memory = await within(20, () => search(big, { store, maxBytes: 2 * 2 ** 20 }));
      // A bit array does not grow: sized within the budget, it misses states instead.
      if (store === 'bitstate') assert.ok(memory.stats.bytes <= 2 * 2 ** 20, `${memory.stats.bytes} bytes`);
      else assert.equal(memory.limit, 'memory');
      let polls = 0;
      const stopped = await search(big, { store, interrupted: () => ++polls > 20 });
      assert.equal(stopped.limit, 'interrupted');
      assert.ok(stopped.stats.distinct > 0);
      const small = ts(counters(60));
      const done = await search(small, { store, maxStates: 1e6, maxSeconds: 60, maxBytes: 2 ** 30 });
      assert.equal(done.limit, undefined);
      assert.deepEqual([done.status, done.violations[0]?.cost], ['violated', 120]);
    });

    it(`${store}: stops inside one state's 10^8 successors`, async () => {
      const fan = ts(FAN);
      for (const limits of [{ maxStates: 10_000 }, { maxSeconds: 0.3 }, { maxBytes: 8 * 2 ** 20 }]) {
        const v = await within(10, () => search(fan, { store, ...limits }));
        assert.ok(v.limit, JSON.stringify(limits));
        assert.equal(v.complete, false);
        // Inside the fan: at the state past --max-states (its successors are stored as emitted while
        // the table is small), or where the search looks at the clock and its memory.
        const inside = 'maxStates' in limits ? 10_000 : 65_536;
        assert.ok(v.stats.generated >= inside, `${v.stats.generated} generated`);
      }
    });
  }

  it('the compact table is never sized or grown past what --max-states needs', () => {
    const table = new ClearyTable(Infinity, 1 << 16, 10_001);
    for (let k = 0; k < 10_001; k++) table.add((k * 2654435761) >>> 0, k);
    assert.equal(table.count, 10_001);
    assert.ok(table.bytes <= 5 * (Math.ceil(10_001 / 0.8) + 2048), `${table.bytes} bytes`);
    // The opposite: without the bound it starts at 65,536 homes.
    assert.ok(new ClearyTable().bytes > 5 * 65_536);
  });

  it('compact: --max-states bounds the table through the search', async () => {
    const v = await search(ts(counters(2000)), { store: 'compact', maxStates: 10_000 });
    assert.equal(v.limit, 'states');
    const perState = Number(/\(([\d.]+) bytes a state\)/.exec(v.store!.coverage!)?.[1]);
    assert.ok(perState < 12, `${perState} bytes a state`);
  });
});

describe('the parallel search stops at every limit, in every thread', () => {
  it('--max-memory counts the store and every thread: memory, a sensible depth', async () => {
    const big = ts(counters(2000));
    const one = await search(big, { maxBytes: 8 * 2 ** 20 });
    const two = await within(20, () => parallelSearch(big, 2, { maxBytes: 8 * 2 ** 20 }, true));
    assert.equal(two.limit, 'memory');
    assert.ok(two.stats.bytes <= 8 * 2 ** 20, `${two.stats.bytes} bytes`);
    // The level it stopped in: about where one thread stops (the workers' heaps count against the budget too).
    const depths = `depth ${two.stats.depth}, one thread ${one.stats.depth}`;
    assert.ok(two.stats.depth > one.stats.depth / 2 && two.stats.depth <= one.stats.depth + 50, depths);
  });

  it('states, time and Ctrl-C; and the real verdict with room enough', async () => {
    const big = ts(counters(2000));
    assert.equal((await parallelSearch(big, 2, { maxStates: 10_000 }, true)).limit, 'states');
    assert.equal((await within(5, () => parallelSearch(big, 2, { maxSeconds: 0.2 }, true))).limit, 'time');
    let polls = 0;
    const stopped = await parallelSearch(big, 2, { interrupted: () => ++polls > 5 }, true);
    assert.equal(stopped.limit, 'interrupted');
    const done = await parallelSearch(ts(counters(60)), 2, { maxStates: 1e6, maxSeconds: 60, maxBytes: 2 ** 30 }, true);
    assert.deepEqual([done.limit, done.status, done.violations[0]?.cost], [undefined, 'violated', 120]);
  });

  it('a stop reaches both threads inside their 10^8 successors each', async () => {
    for (const limits of [{ maxSeconds: 0.5 }, { maxStates: 100_000 }, { maxBytes: 16 * 2 ** 20 }]) {
      const v = await within(15, () => parallelSearch(ts(FAN2), 2, limits, true));
      assert.ok(v.limit, JSON.stringify(limits));
      assert.equal(v.stats.depth, 1);
    }
  });
});

describe('the other engines stop at every limit', () => {
  it('liveness: inside one state with 10^8 successors; the real verdict with room enough', async () => {
    const model = load(`${FAN}\nliveness ends: eventually done`);
    const live = model.properties.find((p) => p.name === 'ends')!.index;
    for (const limits of [{ maxStates: 10_000 }, { maxSeconds: 0.3 }, { maxBytes: 8 * 2 ** 20 }]) {
      const v = await within(10, () => checkLiveness(compile(model), { properties: [live], ...limits }));
      assert.ok(v.limit, JSON.stringify(limits));
      assert.equal(v.complete, false);
    }
    const small = load('var done: bool = false\nprocess p { step { done = true } }\nliveness ends: eventually done');
    const v = await checkLiveness(compile(small), { properties: [0], maxStates: 100 });
    assert.deepEqual([v.limit, v.complete], [undefined, true]);
  });

  it('random search: a run of 10^8 steps, a step of 10^8 successors; finds the bug with room enough', async () => {
    const forever = ts(FOREVER);
    for (const limits of [{ maxStates: 100_000 }, { maxSeconds: 0.3 }, { maxBytes: 4 * 2 ** 20 }]) {
      const v = await within(10, () => randomSearch(forever, { depth: 1e8, seed: 1, ...limits }));
      assert.equal(v.status, 'limit', JSON.stringify(limits));
      assert.ok(v.stats.generated > 0);
    }
    let polls = 0;
    const interrupted = await randomSearch(forever, { depth: 1e6, seed: 1, interrupted: () => ++polls > 3 });
    assert.equal(interrupted.limit, 'interrupted');
    const fan = await within(10, () => randomSearch(ts(FAN), { seed: 1, bias: 'uniform', maxStates: 10_000 }));
    assert.equal(fan.limit, 'states');
    const bug = await randomSearch(ts(counters(3)), { seed: 1, maxStates: 1e6, maxSeconds: 60, maxBytes: 2 ** 30 });
    assert.deepEqual([bug.limit, bug.status], [undefined, 'violated']);
  });

  it('simulate: --depth 1e8 stops at each limit with its statistics, undrawn; a short run is drawn', async () => {
    const forever = load(FOREVER);
    for (const limits of [{ maxStates: 100_000 }, { maxSeconds: 0.3 }, { maxBytes: 16 * 2 ** 20 }]) {
      const sim = await within(10, () => simulateModel(forever, { depth: 1e8, seed: 1, ...limits }));
      assert.equal(sim.ended, 'limit', JSON.stringify(limits));
      assert.ok(sim.stats.generated > 0);
    }
    let polls = 0;
    const stopped = await simulateModel(forever, { depth: 1e8, seed: 1, interrupted: () => ++polls > 2 });
    assert.deepEqual([stopped.ended, stopped.limit], ['limit', 'interrupted']);
    const short = await simulateModel(forever, { depth: 1000, seed: 1, maxStates: 1e6, maxSeconds: 60 });
    assert.deepEqual([short.ended, short.trace.steps.length], ['depth', 1000]);
  });

  it('replay: undecided at each limit, its verdict with room enough', async () => {
    const model = load(counters(400));
    const diagram = diagramInput(readDiagram(makeSource('d.txt', '   p\n\n inc_x()\n')));
    for (const limits of [{ maxStates: 1000 }, { maxSeconds: 0.05 }, { maxBytes: 2 ** 20 }]) {
      const r = await within(20, () => replay(model, diagram, limits));
      // Drawn at once; the search for the violation it ends in is what the limit stops.
      const o = r.outcome;
      assert.ok(
        o.kind === 'undecided' || (o.kind === 'feasible' && !o.complete),
        `${JSON.stringify(limits)}: ${o.kind}`,
      );
    }
    const small = await replay(load(counters(3)), diagram, { maxStates: 1e6, maxSeconds: 60 });
    assert.equal(small.outcome.kind, 'violation');
  });
});
