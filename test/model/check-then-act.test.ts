/*
 * Tests that are steps of their own (`step if (c)`, `step while (c)`) and the
 * check-then-act warning: a process-level if/while that reads what another
 * process writes. Each answer against its opposite: the C-style test is
 * atomic with the next step and hides the lost wake-up; the step test finds
 * it; the warning fires where it should and nowhere else.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDiagnostic, lineCol } from '../../src/lang/index.js';
import { renderDiagram } from '../../src/render/diagram.js';
import { check, expectDiagnostic, load, violated } from '../helpers.js';

const wakeup = (test: string) => `enum Task { RUNNING, SLEEPING }
var condition: bool = false
var state: Task = RUNNING
process waiter "CPU 1" {
  ${test} {
    step set_current_state(TASK_UNINTERRUPTIBLE) { state = SLEEPING }
    step schedule() { await state == RUNNING }
  }
}
process waker "CPU 2" {
  step "condition = true" { condition = true }
  step wake_up_process(waiter) { state = RUNNING }
}`;

const warnings = (text: string) => load(text).warnings.map((w) => formatDiagnostic(w));

describe('step if and step while', () => {
  it('a process-level if is decided with the next step: the lost wake-up is hidden', async () => {
    const r = await check(wakeup('if !condition'));
    assert.deepEqual(violated(r), []);
    assert.equal(r.verdict.stats.distinct, 8);
  });

  it('step if tests in a step of its own: the lost wake-up is found and the test is drawn', async () => {
    const r = await check(wakeup('step if (!condition)'));
    assert.deepEqual(violated(r), ['no_deadlock']);
    const trace = r.traces[0]!;
    assert.deepEqual(
      trace.steps.map((s) => s.display?.text),
      ['if (!condition)', 'condition = true', 'wake_up_process(waiter)', 'set_current_state(TASK_UNINTERRUPTIBLE)'],
    );
    assert.match(renderDiagram(trace), /^ if \(!condition\)$/m);
  });

  it('takes the else branch when the test is false, and draws its notes', async () => {
    const r = await check(`var x: bool = true
      process p "P" { step if (x) --> "x is {x}" { step a() } else { step b() } }
      final f: false`);
    assert.deepEqual(
      r.traces[0]!.steps.map((s) => [s.display?.text, s.notes.map((n) => n.text).join()]),
      [
        ['if (x)', 'x is true'],
        ['a()', ''],
      ],
    );
    const other = await check(`var x: bool = false
      process p "P" { step if (x) { step a() } else step if (!x) { step b() } }
      final f: false`);
    assert.deepEqual(
      other.traces[0]!.steps.map((s) => s.display?.text),
      ['if (x)', 'if (!x)', 'b()'],
    );
  });

  it('step while tests before every round, each test a step', async () => {
    const r = await check(`var n: 0..3 = 0
      process p "P" { step while (n < 2) { step inc() { n += 1 } } }
      final f: n == 7`);
    assert.deepEqual(
      r.traces[0]!.steps.map((s) => s.display?.text),
      ['while (n < 2)', 'inc()', 'while (n < 2)', 'inc()', 'while (n < 2)'],
    );
  });

  it('a test-then-set lock: atomic with the C-style while, broken with step while, under reductions too', async () => {
    const lock = (test: string) => `const N = 2
      var busy: bool = false
      var in_cs: array[0..N - 1] of bool = false
      process p[i in 0..N - 1] symmetric "T{i}" {
        ${test} { step spin() }
        step enter() { busy = true; in_cs[i] = true }
        step leave() { in_cs[i] = false; busy = false }
      }
      invariant mutex: (count k in 0..N - 1: in_cs[k]) <= 1`;
    assert.deepEqual(violated(await check(lock('while busy'))), []);
    assert.equal(load(lock('while busy')).warnings.length, 1);
    for (const options of [{}, { reduce: true }, { symmetry: false }]) {
      assert.deepEqual(violated(await check(lock('step while (busy)'), options)), ['mutex'], JSON.stringify(options));
    }
  });

  it('a condition that never changes is still a step: it was written as one', async () => {
    const r = await check('process p "P" { step if (true) { step a() } }\nfinal f: false');
    assert.deepEqual(
      r.traces[0]!.steps.map((s) => s.display?.text),
      ['if (true)', 'a()'],
    );
  });

  it('is refused inside a step, without parentheses, and after else without if', () => {
    expectDiagnostic(
      'var x: bool\nprocess p { step { step if (x) { } } }',
      2,
      20,
      /'step if' cannot appear inside a step/,
    );
    expectDiagnostic('var x: bool\nprocess p { step if x { } }', 2, 21, /expected '\(' and the condition/);
    expectDiagnostic('var x: bool\nprocess p { step if (x { } }', 2, 24, /expected '\)' after the condition/);
    expectDiagnostic(
      'var x: bool\nprocess p { if x { step a() } else step b() }',
      2,
      41,
      /expected 'if' \(after else, write step if/,
    );
    expectDiagnostic('var n: 0..2\nprocess p { step if (n) { } }', 2, 22, /must be bool|an if condition/);
  });
});

describe('the check-then-act warning', () => {
  it('points at a process-level if condition that reads what another process writes', () => {
    const [w, ...more] = load(wakeup('if !condition')).warnings;
    assert.equal(more.length, 0);
    assert.equal(w!.severity, 'warning');
    assert.deepEqual(lineCol(w!.source, w!.loc.offset), { line: 5, col: 6 });
    assert.equal(
      formatDiagnostic(w!).split('\n').slice(0, 3).join('\n'),
      "test.race:5:6: warning: this test reads 'condition', which waker writes, and is decided in the same " +
        'atomic step as the step after it\n5 |   if !condition {\n         ^~~~~~~~~~',
    );
  });

  it('is silent for step if, for a test inside a step, and for a variable only its own process writes', () => {
    assert.deepEqual(warnings(wakeup('step if (!condition)')), []);
    assert.deepEqual(
      warnings(`var x: bool
        process p { var mine: bool = false
          step { if x { mine = true } }
          if mine { step a() } }
        process q { step { x = true } }`),
      [],
    );
  });

  it('warns for a while condition, once per source test however often it is unrolled or inlined', () => {
    const text = `var flag: array[1..3] of bool = false
      var go: bool = false
      proc waitfor() { while !go { step spin() } }
      process p {
        for i in 1..3 { if flag[i] { step a() } }
        waitfor()
        waitfor()
      }
      process q { step { flag[2] = true; go = true } }`;
    const found = load(text).warnings;
    assert.deepEqual(
      found.map((w) => [lineCol(w.source, w.loc.offset).line, w.message.replace(/, which.*/, '')]),
      [
        [3, "this test reads 'go'"],
        [5, "this test reads 'flag[2]'"],
      ],
    );
  });

  it('names the writers of a local read from another process', () => {
    const [w] = load(`process p { var done: bool = false
        if done { step a() } }
      process q { step { p.done = true } }`).warnings;
    assert.match(w!.message, /reads 'p.done', which q writes/);
  });
});
