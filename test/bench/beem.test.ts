/*
 * The BEEM benchmark set (bench/models/beem/): racecheck's reachable states
 * equal BEEM's published counts on the small instances (the large ones are run
 * by npm run bench:beem), its transitions equal BEEM's edges and its depth
 * BEEM's last breadth-first level where BEEM has them; the committed models are
 * what the translator writes; and the translator keeps DiVinE's semantics on
 * the points where it differs from racecheck's (its error state, `|`), which
 * small models with hand-counted state spaces pin down.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BEEM_DIR, readCounts } from '../../bench/beem/counts.js';
import { translateDve } from '../../bench/dve.js';
import { compile } from '../../src/compile/index.js';
import { search } from '../../src/explore/index.js';
import { load } from '../helpers.js';

const COUNTS = readCounts();
const sourceOf = (instance: string) => readFileSync(join(BEEM_DIR, 'source', `${instance}.dve`), 'utf8');

/** Every reachable state of a racecheck model, counted as BEEM counts them. */
async function explore(race: string, name = 'beem.race') {
  const verdict = await search(compile(load(race, {}, name)), { exhaust: true });
  assert.equal(verdict.status === 'error', false, 'the model failed at run time');
  return verdict.stats;
}

const dve = (text: string) => translateDve(text, 'test');

describe('BEEM benchmark set', () => {
  it('the committed .race files are what bench/dve.ts writes from the committed .dve files', () => {
    for (const instance of Object.keys(COUNTS)) {
      const committed = readFileSync(join(BEEM_DIR, `${instance}.race`), 'utf8');
      assert.equal(committed, translateDve(sourceOf(instance), instance), `${instance}: run npm run beem:translate`);
    }
  });

  for (const [instance, beem] of Object.entries(COUNTS).filter(([, c]) => c.suite === 'test')) {
    it(`${instance} (${beem.parameters}): ${beem.states} states, as BEEM counts`, async () => {
      const stats = await explore(readFileSync(join(BEEM_DIR, `${instance}.race`), 'utf8'), `${instance}.race`);
      assert.equal(stats.distinct, beem.states);
      if (beem.edges !== undefined) assert.equal(stats.generated, beem.edges, 'transitions (BEEM: edges)');
      if (beem.levels !== undefined) assert.equal(stats.depth, beem.levels - 1, 'the last breadth-first level');
    });
  }

  it('a translation that drops a transition counts differently (the count comparison can fail)', async () => {
    const text = sourceOf('peterson.1').replace(' wait -> CS { guard j == 3; },', '');
    assert.notEqual(text, sourceOf('peterson.1'));
    const stats = await explore(dve(text));
    assert.notEqual(stats.distinct, COUNTS['peterson.1']!.states);
  });
});

describe('DVE semantics kept by the translation', () => {
  it("an assignment out of a byte's range leads to DiVinE's error state, from which the others go on", async () => {
    // (254, A s, B u) -> (255, s, u) -> overflow: the error state, x = 0, A past its states, B in its FIRST
    // state v (not its initial u) -> B's v -> u sets x = 1. So 4 states and 3 transitions; with B put back
    // in its initial state u instead there would be 5, and racecheck alone would stop at the overflow.
    const text = `byte x = 254;
      process A { state s; init s; trans s -> s { effect x = x + 1; }; }
      process B { state v, u; init u; trans u -> v { guard x == 0; }, v -> u { guard x == 0; effect x = 1; }; }
      system async;`;
    const stats = await explore(dve(text));
    assert.deepEqual([stats.distinct, stats.generated], [4, 3]);
  });

  it('a guard that reads out of an array is an enabled transition to the error state', async () => {
    // i = 1..5 in s (5 states), s -> t at i = 1 where a[1] == 0 (1), and a[i] out of bounds for i >= 2: the
    // error state (1). Transitions: i = 1..4 two each, i = 5 one (the increment's guard fails).
    const text = `byte a[2]; byte i = 1;
      process P { state s, t; init s; trans s -> s { guard i < 5; effect i = i + 1; }, s -> t { guard a[i] == 0; }; }
      system async;`;
    const stats = await explore(dve(text));
    assert.deepEqual([stats.distinct, stats.generated], [7, 9]);
  });

  it("`|` is DVE's bitwise or (checked against JavaScript's)", async () => {
    const text = `byte x = 5;
      process P { state s; init s; trans s -> s { guard x < 100; effect x = (x | 10) + 1; }; }
      system async;`;
    const race = dve(text);
    assert.match(race, /bor8\(x, 10\)/);
    let states = 1;
    for (let x = 5; x < 100; x = (x | 10) + 1) states++;
    assert.equal((await explore(race)).distinct, states);
  });

  it('refuses what it cannot translate faithfully, naming the line', () => {
    assert.throws(() => dve('byte x;\nchannel c;\nsystem async;'), /test\.dve:2: 'channel' is not supported/);
    assert.throws(() => dve('byte x;\nprocess P { state s; init s; }\nsystem sync;'), /only 'system async'/);
    const or = 'byte x;\nprocess P { state s; init s; trans s -> s { effect x = (x - 1) | 1; }; }\nsystem async;';
    assert.throws(() => dve(or), /test\.dve:2: cannot show that the operands of '\|' are within 0\.\.255/);
  });
});
