/*
 * checkModel's exit kind and run-time failure, the properties asked for by
 * name, and the line that reproduces a random counterexample.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagnosticError, formatDiagnostic, makeSource } from '../../src/lang/index.js';
import { checkModel, type Found, reproduction, selectProperties } from '../../src/pipeline.js';
import { load } from '../helpers.js';

// Two writers add to a counter without a lock; `lost` is the race, `small` holds.
const racy = (atomic: boolean) => `
var n: 0..2 = 0
process a "CPU 1" { var t: 0..2 = 0
  ${atomic ? 'step add() { n = n + 1 }' : 'step read() { t = n } step write() { n = t + 1 }'} }
process b "CPU 2" { var t: 0..2 = 0
  ${atomic ? 'step add() { n = n + 1 }' : 'step read() { t = n } step write() { n = t + 1 }'} }
final lost: n == 2
invariant small: n <= 2
`;

describe('checkModel', () => {
  it('exits ok when every property holds, violated when one does not', async () => {
    const fixed = await checkModel(load(racy(true)));
    assert.equal(fixed.exit, 'ok');
    assert.equal(fixed.traces.length, 0);
    const broken = await checkModel(load(racy(false)));
    assert.equal(broken.exit, 'violated');
    assert.deepEqual(
      broken.traces.map((t) => t.violation!.property),
      ['lost'],
    );
  });

  it('exits limit when the exhaustive search stops first, but ok for a random search that finds nothing', async () => {
    const model = load(racy(true));
    assert.equal((await checkModel(model, { maxStates: 2 })).exit, 'limit');
    const random = await checkModel(model, { engine: 'random', random: { seed: 1, runs: 20 } });
    assert.equal(random.verdict.complete, false);
    assert.equal(random.exit, 'ok');
    assert.equal((await checkModel(load(racy(false)), { maxStates: 2 })).exit, 'limit');
  });

  it('a run-time failure is exit error, with the run that got there and its length in the diagnostic', async () => {
    const model = load('var n: 0..2\nprocess p "CPU 1" { while true { step bump() { n += 1 } } }\n');
    const r = await checkModel(model);
    assert.equal(r.exit, 'error');
    assert.equal(r.failure!.trace.steps.length, 2);
    assert.match(
      formatDiagnostic(r.failure!.diagnostic),
      /^test\.race:2:48: error: value 3 is out of range 0\.\.2 \(after 2 steps\)/,
    );
    assert.equal((await checkModel(load(racy(true)))).failure, undefined);
  });
});

describe('selectProperties', () => {
  const cl = makeSource('<command line>', '-p small -p nope');
  const refOf = (name: string) => ({ source: cl, at: { offset: cl.text.indexOf(name), length: name.length } });

  it('gives the indices of the properties named, or undefined for all', () => {
    const model = load(racy(false));
    const small = model.properties.find((p) => p.name === 'small')!.index;
    assert.deepEqual(selectProperties(model, ['small'], refOf), [small]);
    assert.equal(selectProperties(model, [], refOf), undefined);
  });

  it('points at an unknown name on the command line and lists the known ones', () => {
    assert.throws(
      () => selectProperties(load(racy(false)), ['small', 'nope'], refOf),
      (e: unknown) => {
        assert.ok(e instanceof DiagnosticError);
        const [head, line, caret, hint] = formatDiagnostic(e.diagnostic).split('\n');
        assert.equal(head, "<command line>:1:13: error: test.race has no property 'nope'");
        assert.deepEqual([line, caret], ['1 | -p small -p nope', '                ^~~~']);
        assert.equal(hint, 'its properties are: lost, small, no_deadlock');
        return true;
      },
    );
  });
});

describe('reproduction', () => {
  const model = load(racy(false));
  const found = { property: model.properties[0]!.index, seed: 7, path: '3:1:0' } as Found;

  it('names the seed, path and property, and only the options that were given', () => {
    assert.equal(
      reproduction({ path: 'm.race', defines: [], bias: 'pct' }, model, found),
      'racecheck check m.race --engine random --seed 7 --path 3:1:0 -p lost',
    );
    assert.equal(
      reproduction({ path: 'my m.race', defines: ["X=it's"], bias: 'uniform', depth: 9, width: 30 }, model, found),
      "racecheck check 'my m.race' -D 'X=it'\\''s' --engine random --seed 7 --path 3:1:0 -p lost" +
        ' --depth 9 --bias uniform --width 30',
    );
  });
});

describe('the counterexample drawn', () => {
  // Three counters; the invariant breaks once all reach 20: after 60 steps, or 62 without preemptions;
  // thousands of states with one switch for the second search to go through first.
  const counters = `var a: 0..20 = 0
    var b: 0..20 = 0
    var c: 0..20 = 0
    process p "CPU 1" { while a < 20 { step inc_a() { a += 1 } } }
    process q "CPU 2" { while b < 20 { step inc_b() { b += 1 } } }
    process r "CPU 3" { while c < 20 { step inc_c() { c += 1 } } }
    invariant not_all: a < 20 || b < 20 || c < 20`;

  it('has the fewest context switches when the second search finishes in its budget', async () => {
    const r = await checkModel(load(counters));
    // p and q run to their ends (a switch away from a process that can still move is a preemption).
    assert.deepEqual([r.traces[0]!.contextSwitches, r.traces[0]!.preemptions, r.traces[0]!.steps.length], [2, 0, 62]);
    assert.deepEqual(r.notes, []);
  });

  it('falls back to a shortest run, and says so, when the second search runs out of time', async () => {
    const r = await checkModel(load(counters), { fewestBudget: 1e-9 });
    assert.equal(r.exit, 'violated', 'the verdict stands');
    assert.equal(r.traces[0]!.steps.length, 60);
    assert.deepEqual(r.notes, [
      {
        property: 'not_all',
        text: 'the search for fewer context switches stopped at its time budget (0 s): a shortest run',
      },
    ]);
  });
});
