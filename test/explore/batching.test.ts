/*
 * Breadth-first search over the exact store stores successors as they are emitted while the table
 * is small, and a batch of states' successors at a time once it is large (search.ts, batch.ts): both
 * ways must store and number the states alike, so that counts, depths, counterexamples and
 * coverage are the same whichever the table's size chose.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compile, type TransitionSystem } from '../../src/compile/index.js';
import { type ExhaustiveVerdict, search } from '../../src/explore/index.js';
import type { SearchOptions } from '../../src/explore/search.js';
import { load } from '../helpers.js';
import { randomModel } from './models.js';

const DIRECT = { batchFrom: Infinity };
const BATCHED = { batchFrom: 0 };

/**
 * What must not depend on the way successors are stored. (How many states a final property was
 * checked in stops counting at its violation, which a batch checks up to 15 states ahead of: that
 * count is compared for the properties that hold.)
 */
function summary(v: ExhaustiveVerdict) {
  const { distinct, generated, depth } = v.stats;
  const violated = new Set(v.violations.map((c) => c.property));
  return {
    status: v.status,
    limit: v.limit,
    stats: { distinct, generated, depth },
    violations: v.violations.map((c) => ({ property: c.property, cost: c.cost, states: c.states.map((s) => [...s]) })),
    fired: v.coverage?.fired,
    finalChecks: v.coverage?.finalChecks.map((n, p) => (violated.has(p) ? -1 : n)),
  };
}

async function difference(ts: TransitionSystem, other: TransitionSystem, options: SearchOptions = {}) {
  const a = summary(await search(ts, { ...options, ...DIRECT }));
  const b = summary(await search(other, { ...options, ...BATCHED }));
  try {
    assert.deepEqual(b, a);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

describe('direct and batched breadth-first search', () => {
  it('agree on 200 random models: counts, depth, counterexamples, coverage, and at a state limit', async () => {
    await fc.assert(
      fc.asyncProperty(randomModel, fc.integer({ min: 1, max: 40 }), async (text, maxStates) => {
        const ts = compile(load(text));
        for (const options of [{}, { exhaust: true }, { maxStates }, { stopAtFirst: true }]) {
          const why = await difference(ts, ts, options);
          if (why) throw new Error(`${JSON.stringify(options)}: ${why}\n--- model ---\n${text}`);
        }
      }),
      { numRuns: 200, seed: 20260315 },
    );
  });

  it('the comparison sees a batched search that drops a successor', async () => {
    const text = `var n: 0..9
      process p { while n < 9 { step { n += 1 } } }
      process q { step { } step { } }
      invariant small: n < 7`;
    const ts = compile(load(text));
    let emitted = 0;
    const dropsOne: TransitionSystem = {
      ...ts,
      successors: (cur, next, emit) => ts.successors(cur, next, (p, s, f) => ++emitted !== 5 && emit(p, s, f)),
    };
    assert.equal(await difference(ts, ts), undefined);
    assert.notEqual(await difference(ts, dropsOne), undefined);
  });
});
