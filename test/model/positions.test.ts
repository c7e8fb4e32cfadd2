/*
 * Positions in properties (`p at step`, `done(p)`) mean where a process's next step is, as the
 * control flow decides it in the state; and the new declarations' mistakes are diagnostics at
 * their place.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { propertyStatus } from '../../src/explore/index.js';
import type { CheckResult } from '../../src/pipeline.js';
import { check, expectDiagnostic, load } from '../helpers.js';

const status = (r: CheckResult, name: string) =>
  propertyStatus(
    r.verdict,
    r.model.properties.findIndex((p) => p.name === name),
  );

describe('positions', () => {
  it('follow the control flow in the state: a process at a loop test is at the step its test leads to', async () => {
    const r = await check(`
      var ready: bool = false
      process p "P" {
        while !ready { step spin() }
        step enter()
      }
      process q "Q" { step go() { ready = true } }
      invariant spinning: p at spin => !ready
      invariant entering: p at enter => ready
      invariant somewhere: p at spin || p at enter || done(p)
      invariant never_enters: !(p at enter)
    `);
    assert.equal(status(r, 'spinning'), 'holds');
    assert.equal(status(r, 'entering'), 'holds');
    assert.equal(status(r, 'somewhere'), 'holds');
    assert.equal(status(r, 'never_enters'), 'violated');
  });

  it('step while is a step of its own: the process waits at its test, and is at spin once it passed', async () => {
    const r = await check(`
      var ready: bool = false
      process p "P" {
        step while (!ready) { step spin() }
        step enter()
      }
      process q "Q" { step go() { ready = true } }
      invariant spinning: p at spin => !ready
      invariant entering: p at enter => ready
      invariant somewhere: p at spin || p at enter || done(p)
    `);
    // The opposite of the process-level while above: q can set ready between p's test and its spin.
    assert.equal(status(r, 'spinning'), 'violated');
    assert.equal(status(r, 'entering'), 'holds');
    // At its test, p is at neither step.
    assert.equal(status(r, 'somewhere'), 'violated');
  });

  it('count every branch of an either, the calls a step is inside, and sentences', async () => {
    const r = await check(`
      var x: 0..1 = 0
      process p "P" {
        either { step a() } or { call outer() { step "a sentence {x}" } }
        step b()
      }
      invariant both: (p at a && p at outer && p at "a sentence {x}") || p at b || done(p)
      invariant not_b_first: !(p at b && p at a)
    `);
    assert.equal(status(r, 'both'), 'holds');
    assert.equal(status(r, 'not_b_first'), 'holds');
  });

  it('read a local that the flow initialises on the way with its initial value', async () => {
    const r = await check(`
      process p "P" {
        while true {
          call f() {
            var t: 0..1 = 1
            if t == 1 { step a() { t = 0 } } else { step b() }
          }
        }
      }
      invariant always_a: p at a && !(p at b)
    `);
    assert.equal(status(r, 'always_a'), 'holds');
  });

  it('name an element by a bound variable, and done() a whole array', async () => {
    const r = await check(`
      var n: 0..3 = 0
      process w[i in 1..3] "W{i}" { step inc() { n += 1 } }
      invariant counted: (count k in 1..3: done(w[k])) == n
      invariant one_left: (exists k in 1..3: w[k] at inc) || done(w)
      final all: done(w)
    `);
    assert.equal(status(r, 'counted'), 'holds');
    assert.equal(status(r, 'one_left'), 'holds');
    assert.equal(status(r, 'all'), 'holds');
  });

  it('are not shown as program counters in the values that break a property', async () => {
    const r = await check(`
      var x: 0..1 = 0
      process p "P" { step a() { x = 1 } step b() }
      invariant never_b: !(p at b) || x == 0
    `);
    assert.deepEqual(
      r.traces[0]!.violation!.values.map((v) => v.name),
      ['x'],
    );
  });

  it('mistakes are diagnostics where they are written', () => {
    const P = 'process p "P" { step spin() }\n';
    expectDiagnostic(`${P}invariant i: p at spun`, 2, 19, /p has no step or call named 'spun'/);
    expectDiagnostic(`${P}invariant i: p at "a sentence"`, 2, 19, /p has no step with the sentence "a sentence"/);
    expectDiagnostic(`var x: bool = false\n${P}invariant i: x at spin`, 3, 14, /'x' is a variable, not a process/);
    expectDiagnostic(
      'process w[i in 1..2] "W" { step s() }\ninvariant i: w at s',
      2,
      14,
      /an array of processes; pick one/,
    );
    expectDiagnostic(
      'var b: bool = false\nprocess p "P" { step s() { b = q at t } }\nprocess q "Q" { step t() }',
      2,
      32,
      /a process's position can only be used in properties/,
    );
    expectDiagnostic(`${P}final f: done()`, 2, 10, /done\(\) needs the processes/);
    expectDiagnostic(`${P}liveness l: eventually done(p) leadsto done(p)`, 2, 32, /'leadsto' takes no 'eventually'/);
    expectDiagnostic(`${P}liveness l: done(p)`, 2, 20, /expected 'leadsto'/);
    expectDiagnostic(`${P}liveness l: always done(p)`, 2, 20, /expected 'eventually'/);
    expectDiagnostic(`${P}liveness no_deadlock: eventually done(p)`, 2, 10, /the built-in deadlock check/);
    expectDiagnostic(`${P}liveness l: eventually 1`, 2, 24, /a liveness condition must be bool/);
    expectDiagnostic('strongly process p "P" { step s() }', 1, 10, /expected 'fair'/);
    expectDiagnostic('fair process p "P" { step s() }\nfair p', 2, 6, /p is already declared fair/);
  });

  it('the new words are not reserved: they can still name things', () => {
    const m = load(`
      var always: bool = false
      var eventually: 0..1 = 0
      var at: bool = false
      process fair "F" { step leadsto() { always = true } }
      invariant liveness: !at
    `);
    assert.equal(m.processes[0]!.fairness, 'none');
    assert.equal(m.properties[0]!.name, 'liveness');
  });
});
