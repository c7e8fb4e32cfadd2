/*
 * The allocation-free schedule runner against the plain reading of a
 * schedule (every successor computed, then filtered and chosen from): the
 * same runs on random models and schedules, for both biases. A runner that
 * lets PCT pick among every process's successors instead of the running
 * one's is caught.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compile, type State, type TransitionSystem } from '../../src/compile/index.js';
import { type Bias, type Schedule, scheduleArbitrary } from '../../src/explore/index.js';
import { ScheduleRunner } from '../../src/explore/schedule-runner.js';
import { load } from '../helpers.js';
import { randomModel } from './models.js';

/** The reference: computes every successor of every process at each step (`sloppy`: PCT picks among all). */
function reference(ts: TransitionSystem, s: Schedule, bias: Bias, depth: number, sloppy = false): State[] {
  const open = new Uint8Array(ts.model.properties.length).fill(1);
  const deadlock = ts.model.properties.find((p) => p.kind === 'deadlock')!.index;
  let cur = ts.initial();
  const states = [cur];
  let violated = -1;
  const report = (p: number) => {
    if (violated < 0) violated = p;
  };
  ts.check(cur, open, report);
  const next = new Uint32Array(ts.words);
  let succ: { proc: number; failed: number; next: State }[] = [];
  const changes = new Set<number>();
  let at = 0;
  for (const gap of s.changes) {
    at += gap;
    changes.add(at);
  }
  const n = ts.model.processes.length;
  const priority = Array.from({ length: n }, (_, p) => -((s.priorities[p] ?? 0) * n + p) - n);
  let lowest = Math.min(...priority) - 1;
  let running = -1;
  for (let k = 0; k < depth && violated < 0; k++) {
    succ = [];
    ts.successors(cur, next, (proc, _step, failed) => succ.push({ proc, failed, next: next.slice() }));
    if (succ.length === 0) {
      if (open[deadlock] && !ts.allDone(cur)) violated = deadlock;
      break;
    }
    succ = succ.filter((x) => s.active[x.proc]);
    if (succ.length === 0) break;
    let chosen: (typeof succ)[number];
    if (bias === 'uniform') chosen = succ[(s.picks[k] ?? 0) % succ.length]!;
    else {
      if (changes.has(k) && running >= 0) priority[running] = lowest--;
      running = -1;
      for (const x of succ) if (running < 0 || priority[x.proc]! > priority[running]!) running = x.proc;
      const mine = sloppy ? succ : succ.filter((x) => x.proc === running);
      chosen = mine[(s.picks.length ? s.picks[k % s.picks.length]! : 0) % mine.length]!;
    }
    if (chosen.failed >= 0 && open[chosen.failed]) violated = chosen.failed;
    cur = chosen.next;
    states.push(cur);
    if (violated < 0) ts.check(cur, open, report);
  }
  return states;
}

const cases = fc.record({
  text: randomModel,
  bias: fc.constantFrom<Bias>('pct', 'uniform'),
  seed: fc.nat(),
});

/** Whether the runner and the reference agree on 20 schedules of a model. */
function agree(text: string, bias: Bias, seed: number, sloppy = false): boolean {
  const ts = compile(load(text));
  const open = new Uint8Array(ts.model.properties.length).fill(1);
  const deadlock = ts.model.properties.find((p) => p.kind === 'deadlock')!.index;
  const runner = new ScheduleRunner(ts, bias, 40, open, deadlock);
  for (const s of fc.sample(scheduleArbitrary(bias, 40, ts.model.processes.length), { seed, numRuns: 20 })) {
    runner.run(s);
    const got = runner.states().map((x) => x.join());
    const want = reference(ts, s, bias, 40, sloppy).map((x) => x.join());
    if (got.join('|') !== want.join('|')) return false;
  }
  return true;
}

describe('schedule runner', () => {
  it('runs every schedule as computing every successor would, on 150 random models', () => {
    fc.assert(
      fc.property(cases, ({ text, bias, seed }) => assert.ok(agree(text, bias, seed))),
      { numRuns: 150, seed: 8 },
    );
  });

  it('the check catches PCT picking among every process', () => {
    const details = fc.check(
      fc.property(cases, ({ text, seed }) => agree(text, 'pct', seed, true)),
      { numRuns: 150, seed: 8 },
    );
    assert.equal(details.failed, true);
  });
});
