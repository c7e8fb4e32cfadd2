/*
 * The fewest-switches search against an oracle: on random small models, a
 * plain Dijkstra search written here (every path's cost as a tuple, the
 * cheapest taken from a sorted list) finds the least (switches, preemptions,
 * steps, first process) of a violation of each property; the search's
 * counterexample, counted the way traces count (trace/build.ts), must have
 * exactly that cost. And the cases the old 0-1 BFS got wrong.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compile } from '../../src/compile/index.js';
import { search } from '../../src/explore/index.js';
import { TraceBuilder } from '../../src/trace/build.js';
import { Stepper } from '../../src/trace/stepper.js';
import { check, load, ROOT } from '../helpers.js';
import { cheapest, type Key, less } from './cheapest.js';
import { randomModel } from './models.js';

describe('fewest switches, then fewest preemptions, then fewest steps', () => {
  it('finds the least cost of every violation on 150 random models, as a plain Dijkstra search does', async () => {
    await fc.assert(
      fc.asyncProperty(randomModel, async (text) => {
        const model = load(text);
        const want = cheapest(model);
        const verdict = await search(compile(model), { order: 'fewest-switches' });
        const builder = new TraceBuilder(model);
        assert.deepEqual(new Set(verdict.violations.map((c) => c.property)), new Set(want.keys()));
        for (const c of verdict.violations) {
          const t = builder.build(c);
          const got: Key = [t.contextSwitches, t.preemptions, t.steps.length, t.steps[0]?.process ?? -1];
          assert.deepEqual(got, want.get(c.property), `${model.properties[c.property]!.name}\n${text}`);
        }
      }),
      { numRuns: 150, seed: 7 },
    );
  });

  it('draws 1 step for a one-process model whose shortest deadlock is 1 step (not a long way round)', async () => {
    const r = await check(`var n: 0..1000 = 0
      process p "CPU 1" {
        either { step quick() { } } or { while n < 1000 { step inc() { n += 1 } } }
        step stuck() { await false }
      }`);
    assert.equal(r.traces[0]!.steps.length, 1);
  });

  it('prefers a run that starts with the first process when switches and steps are equal', async () => {
    // Either order of the two steps breaks the invariant after 2 steps and 1 switch; p0's first is shown.
    const text = `var a: 0..1 = 0
      var b: 0..1 = 0
      process p1 "CPU 1" { step one() { a = 1 } }
      process p2 "CPU 2" { step two() { b = 1 } }
      invariant not_both: a + b < 2`;
    const r = await check(text);
    assert.deepEqual(
      r.traces[0]!.steps.map((s) => s.process),
      [0, 1],
    );
    // Declared the other way round, the first declared process still comes first.
    const swapped = await check(text.replace(/(process p1 .*\n)(.*process p2 .*\n)/, '$2$1'));
    assert.equal(swapped.model.processes[0]!.name, 'p2');
    assert.deepEqual(
      swapped.traces[0]!.steps.map((s) => s.process),
      [0, 1],
    );
  });

  it('counts a switch away from a process that could still move as a preemption, and prefers fewer', async () => {
    // p can go on or stop; switching to q while p could still move is a preemption, after p stops it is not.
    const r = await check(`var x: 0..2 = 0
      var done: bool = false
      process p "CPU 1" { step a() { x = 1 } step b() { done = true } }
      process q "CPU 2" { step c() { await x == 1 } step d() { x = 2 } }
      invariant never_two: x != 2`);
    const t = r.traces[0]!;
    assert.equal(t.contextSwitches, 1);
    assert.equal(t.preemptions, 0, 'p finishes before q runs');
  });
});

describe("the commits' races start in CPU 1 when a run as cheap does", () => {
  const V46 = readFileSync(join(ROOT, 'models/btrfs-relocation/v4.6.race'), 'utf8');
  for (const property of ['used_bytes_zero', 'no_lost_dio_write']) {
    it(`v4.6 ${property}: relocation's first, or no run starting with it is as cheap`, async () => {
      const model = load(V46, {}, 'models/btrfs-relocation/v4.6.race');
      const index = model.properties.findIndex((p) => p.name === property);
      const r = await check(V46, { properties: [index] });
      const t = r.traces[0]!;
      const relocation = model.processes.findIndex((p) => p.name === 'relocation');
      if (t.steps[0]!.process === relocation) return;
      // The cheapest run from each first step of relocation: a lower bound of the cost of any run that starts
      // with it (its first switch is free there).
      const ts = compile(model);
      const builder = new TraceBuilder(model);
      for (const first of Stepper.of(model).candidates(ts.initial())) {
        if (first.proc !== relocation) continue;
        const v = await search(ts, { from: first.next, order: 'fewest-switches', properties: [index] });
        const c = v.violations[0];
        if (!c) continue; // no run that starts with this step violates the property at all
        const rest = builder.build(c);
        const bound: Key = [rest.contextSwitches, rest.preemptions, rest.steps.length + 1, relocation];
        const mine: Key = [t.contextSwitches, t.preemptions, t.steps.length, t.steps[0]!.process];
        assert.ok(less(mine, bound), `a run starting with relocation costs ${bound}, ours ${mine}`);
      }
    });
  }
});
