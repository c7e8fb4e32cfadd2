/*
 * Coverage after an exhaustive search: the steps no run takes are listed (and only when every
 * reachable state was expanded, so a step left out is truly unreachable); each final property
 * says in how many end states it was checked; the copies of a step count as one.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderReport } from '../../src/render/report.js';
import { check } from '../helpers.js';

const MODEL = `
var x: 0..3 = 0
process a "A" {
  step "sets x" { x = 1 }
  if x == 3 { step "never: x is never 3" }
}
process b "B" { step "waits" { await x == 1 } }
final both_done: x == 1
final a_done after a: x == 1
`;

describe('coverage', () => {
  it('lists the step no run takes, with where it is written and its text', async () => {
    const r = await check(MODEL);
    assert.deepEqual(
      r.coverage!.unreached.map((s) => `${s.at}: ${s.text}`),
      ['test.race:5:15: step "never: x is never 3"'],
    );
    const report = renderReport(r, { format: 'diagram' });
    assert.match(report, /unreached 1 step no run takes:\n {4}test\.race:5:15: step "never: x is never 3"/);
  });

  it('lists nothing when every step is taken', async () => {
    const r = await check(MODEL.replace('if x == 3', 'if x == 1'));
    assert.deepEqual(r.coverage!.unreached, []);
    assert.doesNotMatch(renderReport(r, { format: 'diagram' }), /unreached/);
  });

  it('counts how often each step fired, the copies of a process array as one step', async () => {
    const r = await check(`
      var n: 0..2 = 0
      process w[i in 1..2] "W{i}" { step inc() { n += 1 } }
    `);
    // Each of the two writers increments in two of the four interleaving states: 4 transitions in all.
    assert.deepEqual(
      r.coverage!.steps.map((s) => [s.text, s.count]),
      [['step inc() { n += 1 }', 4]],
    );
    assert.match(
      renderReport(r, { format: 'diagram', coverage: true }),
      /coverage: how many transitions took each step\n {2}4 {2}test\.race:3:37: step inc\(\)/,
    );
    // The opposite: without --coverage, no counts.
    assert.doesNotMatch(renderReport(r, { format: 'diagram' }), /coverage: how many/);
  });

  it('says in how many end states a final property was checked, and warns when in none', async () => {
    const r = await check(MODEL);
    assert.deepEqual(r.coverage!.finals, [
      { property: 'both_done', ends: 1 },
      { property: 'a_done', ends: 2 },
    ]);
    const stuck = await check(MODEL.replace('await x == 1', 'await x == 2'));
    assert.deepEqual(
      stuck.coverage!.finals.find((f) => f.property === 'both_done'),
      { property: 'both_done', ends: 0 },
    );
    assert.match(renderReport(stuck, { format: 'diagram' }), /warning {3}both_done holds \(checked in 0 end states\)/);
    // The opposite: checked in some end state, no warning.
    assert.doesNotMatch(renderReport(r, { format: 'diagram' }), /warning|checked in 0 end states/);
    assert.match(renderReport(r, { format: 'diagram' }), /finals {4}both_done checked in 1, a_done in 2 end states/);
  });

  it('counts the steps a false constant switches off apart from unreached ones; switched on, they run', async () => {
    const model = `
      const WITH_C = false
      var x: 0..3 = 0
      process a "A" {
        step "sets x" { x = 1 }
        if WITH_C { step "switched off" { x = 2 } }
      }
    `;
    const off = await check(model);
    assert.deepEqual(off.coverage!.unreached, []);
    assert.deepEqual(
      off.coverage!.switchedOff.map((s) => s.text),
      ['step "switched off" { x = 2 }'],
    );
    const report = renderReport(off, { format: 'diagram', coverage: true });
    assert.match(report, /off {7}1 step no control path reaches .*, at test\.race:6:21/);
    assert.doesNotMatch(report, /unreached/);
    assert.match(report, /0 {2}test\.race:6:21: step "switched off" \{ x = 2 \} {2}\(off\)/);
    // The opposite: switched on, the step is taken, and nothing is off.
    const on = await check(model, {}, { WITH_C: 'true' });
    assert.deepEqual(on.coverage!.switchedOff, []);
    assert.deepEqual(
      on.coverage!.steps.map((s) => [s.text, s.count]),
      [
        ['step "sets x" { x = 1 }', 1],
        ['step "switched off" { x = 2 }', 1],
      ],
    );
    assert.doesNotMatch(renderReport(on, { format: 'diagram' }), /off {7}/);
  });

  it('counts the steps after an endless loop as off, and a step the runs miss behind a test as unreached', async () => {
    const r = await check(`
      var x: 0..1 = 0
      process a "A" {
        while true { step "spins" { x = 1 - x } }
        step "after the loop"
      }
      process b "B" { if x == 1 { step "sees x at 1" } }
    `);
    assert.deepEqual(
      r.coverage!.switchedOff.map((s) => s.text),
      ['step "after the loop"'],
    );
    // b runs once, at x == 0 or x == 1: its step is taken (a test the state decides is not "off").
    assert.deepEqual(r.coverage!.unreached, []);
  });

  it('is left out when the search did not expand every state: a limit, --first, partial-order reduction', async () => {
    assert.equal((await check(MODEL, { maxStates: 2 })).coverage, undefined);
    assert.equal(
      (await check(MODEL.replace('x == 1\nfinal a_done', 'x == 2\nfinal a_done'), { stopAtFirst: true })).coverage,
      undefined,
    );
    assert.equal((await check(MODEL, { reduce: true })).coverage, undefined);
  });
});
