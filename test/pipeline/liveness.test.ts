/*
 * Liveness verdicts, each tested against its opposite: a property that holds only under fairness
 * fails without it; a cycle unfair to a fair process is not reported, one fair to it is; weak and
 * strong fairness told apart by a lock a process can take only now and then; runs that stop;
 * where the trigger of leadsto is; and the engine's plumbing (stores, limits, -p, symmetry,
 * random search, run-time errors).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { propertyStatus } from '../../src/explore/index.js';
import type { CheckResult } from '../../src/pipeline.js';
import { renderReport } from '../../src/render/report.js';
import { check } from '../helpers.js';

const status = (r: CheckResult, name: string) =>
  propertyStatus(
    r.verdict,
    r.model.properties.findIndex((p) => p.name === name),
  );
const traceOf = (r: CheckResult, name: string) => r.traces.find((t) => t.violation?.property === name)!;

const SPINLOCK = `
var locked: bool = false
process p[i in 0..1] "P{i}" {
  while true {
    step test_and_set() { await !locked; locked = true }
    step critical_section()
    step unlock() { locked = false }
  }
}
liveness p0_enters: p[0] at test_and_set leadsto p[0] at critical_section
`;

const PETERSON = `
var flag: array[0..1] of bool = false
var turn: 0..1 = 0
fair process p[i in 0..1] "P{i}" {
  while true {
    either { step think() } or {
      step set_flag() { flag[i] = true }
      step set_turn() { turn = 1 - i }
      step wait() { await !flag[1 - i] || turn == i }
      step critical_section()
      step release() { flag[i] = false }
    }
  }
}
liveness p0_enters: p[0] at wait leadsto p[0] at critical_section
`;

describe('liveness under fairness', () => {
  it('strong fairness lets a process take a lock that is free only now and then; weak fairness does not', async () => {
    const strong = await check(SPINLOCK, { fairness: 'strong' });
    assert.equal(status(strong, 'p0_enters'), 'holds');
    assert.equal(strong.exit, 'ok');
    const weak = await check(SPINLOCK, { fairness: 'weak' });
    assert.equal(status(weak, 'p0_enters'), 'violated');
    assert.equal(weak.exit, 'violated');
    // The cycle passes P0 over at the states where the lock is free: what strong fairness forbids.
    assert.deepEqual(traceOf(weak, 'p0_enters').violation!.passedOver, ['p[0]']);
    assert.equal(status(await check(SPINLOCK, { fairness: 'none' }), 'p0_enters'), 'violated');
  });

  it('under strong fairness, a cycle that stays away from where a process could move is still fair', async () => {
    const model = (idle: string) => `
      var m: 0..1 = 0
      var goal: bool = false
      process t "T" { while true { ${idle} } }
      process p "P" { step go() { await m == 1; goal = true } }
      liveness reached: eventually goal
    `;
    // T toggles m for ever: P can go every other state, so strong fairness makes it go.
    const toggle = 'step toggle() { m = 1 - m }';
    assert.equal(status(await check(model(toggle), { fairness: 'strong' }), 'reached'), 'holds');
    // T may also idle at m == 0 for ever: P never gets a chance there, which is fair to it.
    const idling = await check(model(`either { ${toggle} } or { step idle() }`), { fairness: 'strong' });
    assert.equal(status(idling, 'reached'), 'violated');
    const t = traceOf(idling, 'reached');
    assert.ok(t.steps.slice(t.loop).every((s) => s.display?.text === 'idle()'));
  });

  it('the model declares the fairness; --fairness overrides it', async () => {
    const declared = await check(SPINLOCK.replace('process p[', 'strongly fair process p['));
    assert.equal(status(declared, 'p0_enters'), 'holds');
    assert.deepEqual(declared.verdict.liveness!.fairness, ['strong', 'strong']);
    const overridden = await check(SPINLOCK.replace('process p[', 'strongly fair process p['), { fairness: 'weak' });
    assert.equal(status(overridden, 'p0_enters'), 'violated');
  });

  it("Peterson's lock is starvation-free under weak fairness, not without: P0 passed over", async () => {
    assert.equal(status(await check(PETERSON), 'p0_enters'), 'holds');
    const unfair = await check(PETERSON, { fairness: 'none' });
    assert.equal(status(unfair, 'p0_enters'), 'violated');
    const trace = traceOf(unfair, 'p0_enters');
    assert.deepEqual(trace.violation!.starved, ['p[0]']);
    // Only P1 moves in the cycle.
    assert.ok(trace.steps.slice(trace.loop).every((s) => s.process === 1));
    const report = renderReport(unfair, { format: 'diagram' });
    assert.match(report, /p\[0\] could move at every state of the cycle and never does/);
    assert.match(report, /==== from here the run repeats forever =+/);
  });

  it('a cycle unfair to a weakly fair process is not a counterexample; one fair to everyone is', async () => {
    const model = (fairB: string) => `
      var flag: bool = false
      var n: 0..1 = 0
      fair process a "A" { while true { step tick() { n = 1 - n } } }
      ${fairB}process b "B" { step set() { flag = true } }
      liveness flag_set: eventually flag
    `;
    // B is passed over forever while A ticks: a run only if B is not fair.
    const unfair = await check(model(''));
    assert.equal(status(unfair, 'flag_set'), 'violated');
    assert.deepEqual(traceOf(unfair, 'flag_set').violation!.starved, ['b']);
    assert.equal(status(await check(model('fair ')), 'flag_set'), 'holds');
    assert.equal(status(await check(model('strongly fair ')), 'flag_set'), 'holds');
  });

  it('the cycle drawn is fair: it takes a step of each fair process that can move all along', async () => {
    const r = await check(`
      var goal: bool = false
      var n: 0..1 = 0
      fair process a "A" { while true { step tick() } }
      fair process b "B" { while true { step tock() { n = 1 - n } } }
      liveness never: eventually goal
    `);
    const t = traceOf(r, 'never');
    const movers = new Set(t.steps.slice(t.loop).map((s) => s.process));
    // A's tick alone would close a cycle at once, but B could move at every state of it.
    assert.deepEqual([...movers].sort(), [0, 1]);
    assert.equal(t.violation!.starved, undefined);
  });

  it("the trace names the process of each step of the cycle, when two processes' steps lead to one state", async () => {
    const r = await check(`
      var goal: bool = false
      fair process a "A" { while true { step tick() } }
      fair process b "B" { while true { step tock() } }
      liveness never: eventually goal
    `);
    const t = traceOf(r, 'never');
    assert.deepEqual(
      t.steps
        .slice(t.loop)
        .map((s) => s.display?.text)
        .sort(),
      ['tick()', 'tock()'],
    );
  });

  it('a cycle of one state that steps back to itself is a cycle', async () => {
    const r = await check(`
      var done_it: bool = false
      fair process a "A" { while true { step spin() } }
      liveness never: eventually done_it
    `);
    assert.equal(status(r, 'never'), 'violated');
    const t = traceOf(r, 'never');
    assert.equal(t.stops, undefined);
    assert.equal(t.steps.length - t.loop!, 1);
  });

  it('a run that stops short of the goal violates eventually: a deadlock, or every process finished', async () => {
    const deadlock = await check(`
      var x: 0..2 = 0
      fair process a "A" { step "sets" { x = 1 }  step "waits" { await x == 2 } }
      liveness a_done: eventually done(a)
    `);
    const t = traceOf(deadlock, 'a_done');
    assert.equal(t.stops, true);
    assert.equal(t.loop, t.states.length - 1);
    assert.match(t.violation!.message, /the run stops after 1 step: no process can move, and a waits at waits/);
    const finished = await check(`
      var x: 0..1 = 0
      fair process a "A" { step "sets" { x = 1 } }
      liveness again: always eventually x == 0
      liveness once: eventually x == 1
    `);
    assert.match(traceOf(finished, 'again').violation!.message, /every process has finished/);
    assert.equal(status(finished, 'once'), 'holds');
  });

  it('leadsto is triggered where P holds, and holds when Q comes at once or later', async () => {
    const text = (then: string) => `
      var x: 0..3 = 0
      fair process a "A" { step "one" { x = 1 }  step "two" { x = 2 }  step "three" { x = ${then} } }
      liveness reaches: x == 2 leadsto x == 3
    `;
    assert.equal(status(await check(text('3')), 'reaches'), 'holds');
    const r = await check(text('0'));
    const t = traceOf(r, 'reaches');
    assert.match(t.violation!.message, /x == 2 holds after 2 steps, and x == 3 never does after it/);
    assert.equal(status(await check(text('0').replace('x == 2 leadsto', 'x == 3 leadsto')), 'reaches'), 'holds');
  });

  it('-p with only liveness properties runs the liveness search alone', async () => {
    const r = await check(PETERSON, { properties: [0] });
    assert.deepEqual(r.verdict.checked, [0]);
    assert.equal(r.verdict.stats.distinct, r.verdict.liveness!.stats!.distinct);
    const report = renderReport(r, { format: 'diagram' });
    assert.doesNotMatch(report, /^ {2}states /m);
    assert.match(report, /^ {2}liveness {2}26 states and 58 transitions/m);
  });

  it('a limit leaves the liveness properties unknown (exit limit); the compact and bitstate stores agree', async () => {
    const limited = await check(PETERSON, { properties: [0], maxStates: 10 });
    assert.equal(status(limited, 'p0_enters'), 'unknown');
    assert.equal(limited.exit, 'limit');
    for (const store of ['compact', 'bitstate'] as const) {
      const holds = await check(PETERSON, { store });
      assert.equal(status(holds, 'p0_enters'), 'holds');
      assert.equal(holds.verdict.liveness!.store.kind, 'compact');
      assert.match(holds.verdict.liveness!.store.coverage!, /fingerprint/);
      assert.equal(status(await check(PETERSON, { store, fairness: 'none' }), 'p0_enters'), 'violated');
    }
  });

  it('random search leaves liveness properties undecided; a run-time error in a condition is an error', async () => {
    const random = await check(PETERSON, { engine: 'random', random: { runs: 5, seed: 1 } });
    assert.equal(status(random, 'p0_enters'), 'unknown');
    assert.match(renderReport(random, { format: 'diagram' }), /not checked p0_enters {2}\(liveness: random search/);
    const failing = await check(`
      var x: 0..1 = 0
      fair process a "A" { step "sets" { x = 1 } }
      liveness bad: eventually 1 / (1 - x) == 1
    `);
    assert.equal(failing.exit, 'error');
    assert.match(failing.failure!.diagnostic.message, /division by zero/);
  });

  it('symmetry does not apply to the liveness search, which may name one element', async () => {
    const text = SPINLOCK.replace('process p[i in 0..1]', 'process p[i in 0..1] symmetric');
    const strong = await check(text, { fairness: 'strong' });
    assert.equal(status(strong, 'p0_enters'), 'holds');
    assert.equal(status(await check(text, { fairness: 'weak' }), 'p0_enters'), 'violated');
    // The safety search counts permutations once; the liveness search counts every state.
    const plain = await check(SPINLOCK, { fairness: 'strong' });
    assert.deepEqual(strong.verdict.symmetry, ['p']);
    assert.ok(strong.verdict.stats.distinct < plain.verdict.stats.distinct);
    assert.equal(strong.verdict.liveness!.stats!.distinct, plain.verdict.stats.distinct);
  });
});
