/*
 * Limits before the first state: what the model and compile stages expand is measured before it
 * is expanded, and refused with a diagnostic at the construct (with the estimate) past a fixed
 * size, or compiled another way (a large quantifier as a loop); --max-memory and --max-time hold
 * while a model is built and compiled. Each limit beside the same construct just inside it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compile } from '../../src/compile/index.js';
import { DiagnosticError, formatDiagnostic, lineCol } from '../../src/lang/index.js';
import { check, expectDiagnostic, load, racecheck, violated } from '../helpers.js';

/** Asserts that compiling `text` (which loads) fails with a diagnostic at line:col; returns it as shown. */
function expectCompileDiagnostic(text: string, line: number, col: number, message: RegExp): string {
  const model = load(text);
  try {
    compile(model);
  } catch (e) {
    if (!(e instanceof DiagnosticError)) throw e;
    const shown = formatDiagnostic(e.diagnostic);
    assert.match(e.diagnostic.message, message, shown);
    const at = lineCol(e.diagnostic.source, e.diagnostic.loc.offset);
    assert.deepEqual([at.line, at.col], [line, col], shown);
    return shown;
  }
  assert.fail(`expected a diagnostic matching ${message}, but the model compiled`);
}

const nested = (levels: number, hi: number, cond: string) => {
  const names = ['i', 'j', 'k', 'l'].slice(0, levels);
  const sum = names.map((n) => `a[${n}]`).join(' + ');
  return `var a: array[0..${hi}] of 0..1
process p { step { a[0] = 1 } }
invariant big: ${names.map((n) => `forall ${n} in 0..${hi}: `).join('')}${sum} ${cond}`;
};

describe('limits before the first state', () => {
  it('compiles nested quantifiers too large to unroll as loops, with the verdicts of the unrolled ones', async () => {
    const code = compile(load(nested(3, 63, '< 5'))).check.toString();
    assert.ok(code.length < 20_000, `${code.length} characters of code`);
    assert.match(code, /for \(let b\d+ = 0; b\d+ <= 63; b\d+\+\+\)/);
    // Small enough to unroll: no loop; the same verdicts either way.
    assert.doesNotMatch(compile(load(nested(2, 3, '< 5'))).check.toString(), /for \(/);
    for (const levels of [2, 3]) {
      assert.deepEqual(violated(await check(nested(levels, 63, `< ${levels}`))), ['big']);
      assert.deepEqual(violated(await check(nested(levels, 63, `<= ${levels}`))), []);
    }
  });

  it('four nested forall over 0..63 with --max-memory 50: refused within 10 s, at the quantifier, as a process', () => {
    const file = 'test/compile/fixtures/four-foralls.race';
    const started = Date.now();
    const r = racecheck(['check', file, '--max-memory', '50', '--max-time', '8'], { RACECHECK_TIMEOUT: '10' });
    const took = (Date.now() - started) / 1000;
    assert.ok(took < 10, `${took} s`);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /four-foralls\.race:4:16: error: this forall evaluates about 218,103,808 terms/);
  });

  it('refuses quantifiers whose nested domains multiply past the evaluation limit; one level fewer runs', async () => {
    expectDiagnostic(nested(4, 63, '< 5'), 3, 16, /evaluates about [\d,]+ terms each time.*limit is 134,217,728/);
    assert.deepEqual(violated(await check(nested(3, 63, '< 5'))), []);
  });

  it('refuses an either whose copies multiply past the limit, with the estimate; fewer rounds compile', async () => {
    const rounds = (n: number) =>
      `var x: 0..100\nprocess p { step { for i in 1..${n} { either { x = x } or { x = 0 } } } }`;
    const shown = expectCompileDiagnostic(rounds(24), 2, 37, /about 83,886,077 statements.*the limit is 200,000/);
    assert.match(shown, /either \{ x = x \}/);
    assert.equal((await check(rounds(8))).verdict.stats.generated, 256);
  });

  it('refuses control flow between steps that multiplies past the limit; a few ifs compile', () => {
    const ifs = (n: number) => `var x: 0..1\nprocess p { ${'if x == 0 { } '.repeat(n)} step { x = 1 } }`;
    expectCompileDiagnostic(ifs(20), 2, 69, /statements: each way through the eithers and ifs/);
    compile(load(ifs(5)));
  });

  it('refuses a for loop unrolled past the budget before unrolling it; a smaller one unrolls', () => {
    const loops = (n: number) =>
      `var x: 0..1023\nprocess p { step { for i in 0..${n} { for j in 0..${n} { x = j } } } }`;
    expectDiagnostic(loops(1000), 2, 20, /this for loop is unrolled into about 2,007,005 .*\(1,001 rounds of 2,005\)/);
    assert.equal(load(loops(30)).steps[0]!.body.length, 31 * 31);
  });

  it('refuses a def expanded past the budget at its outermost use; a few levels expand', () => {
    const levels = (n: number) => Array.from({ length: n }, (_, i) => `def f${i + 1} = f${i} && f${i}\n`).join('');
    const defs = (n: number) => `var x: 0..1\ndef f0 = x == 1\n${levels(n)}invariant i: x == 0 || f${n}`;
    expectDiagnostic(defs(24), 27, 24, /more than 1,000,000 expressions and statements in expanding this/);
    load(defs(6));
  });

  it('refuses a process array past the instance limit, and states past the slot limit', () => {
    expectDiagnostic('var x: 0..1\nprocess p[i in 0..99999999] { step { x = 1 } }', 2, 16, /100,000,000 instances/);
    assert.equal(load('var x: 0..1\nprocess p[i in 0..2] { step { x = 1 } }').processes.length, 3);
    const arrays = (n: number) => Array.from({ length: n }, (_, i) => `var a${i}: array[0..524287] of bool\n`).join('');
    expectDiagnostic(arrays(3), 3, 1, /1,572,864 scalar slots with this variable; the limit is 1,048,576/);
  });

  it('--max-memory and --max-time stop the model stage: exit 3, what stopped it; without them it goes on', () => {
    const file = 'test/compile/fixtures/long-step.race';
    const memory = racecheck(['check', file, '--max-memory', '40']);
    assert.equal(memory.code, 3, memory.stderr);
    assert.match(
      memory.stderr,
      /stopped while building the model: memory limit 40 MiB reached .*before the first state/,
    );
    const time = racecheck(['check', file, '--max-time', '0.2']);
    assert.equal(time.code, 3, time.stderr);
    assert.match(time.stderr, /stopped while building the model: time limit 0.2 seconds reached/);
    // Without limits the same model is refused for its size (exit 2), at its step: a diagnostic, not a crash.
    const none = racecheck(['check', file]);
    assert.equal(none.code, 2, none.stderr);
    assert.match(none.stderr, /long-step\.race:\d+:\d+: error: this step is compiled into about/);
  });

  it('every command that loads a model holds --max-memory while building it: exit 3; without it, exit 2', () => {
    const file = 'test/compile/fixtures/long-step.race';
    const diagram = 'test/compile/fixtures/four-foralls.race'; // any text: the model stops before it is read
    for (const args of [
      ['simulate', file],
      ['explain', file, file],
      ['replay', file, diagram],
    ]) {
      const stopped = racecheck([...args, '--max-memory', '40']);
      assert.equal(stopped.code, 3, `${args[0]}: ${stopped.stderr}`);
      assert.match(stopped.stderr, /^racecheck: stopped while building the model: memory limit 40 MiB reached/m);
      const refused = racecheck(args);
      assert.equal(refused.code, 2, `${args[0]}: ${refused.stderr}`);
      assert.match(refused.stderr, /this step is compiled into about/);
    }
  });
});
