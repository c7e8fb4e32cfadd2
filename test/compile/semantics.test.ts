/*
 * The transition system's meaning, on small models whose state spaces can be
 * counted by hand.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check, violated } from '../helpers.js';

describe('semantics', () => {
  it('interleaves independent processes: (k+1)^2 states, 2k(k+1) transitions', async () => {
    const r = await check('process a { step {} step {} step {} }\nprocess b { step {} step {} step {} }');
    assert.equal(r.verdict.stats.distinct, 16);
    assert.equal(r.verdict.stats.generated, 24);
    assert.equal(r.verdict.stats.depth, 6);
    assert.deepEqual(violated(r), []);
  });

  it('finds the lost update of a non-atomic increment', async () => {
    const r = await check(`var x: 0..2
      process inc[i in 1..2] { var t: 0..2  step { t = x }  step { x = t + 1 } }
      final sum: x == 2`);
    assert.deepEqual(violated(r), ['sum']);
    assert.equal(r.traces[0]!.steps.length, 4);
  });

  it('makes a step and the control flow before it one atomic transition', async () => {
    // If `if x == 0` and the step were separate, b could set x between them and a would write 2.
    const r = await check(`var x: 0..2
      process a { if x == 0 { step { x = 2 } } }
      process b { step { x = 1 } }
      invariant never_both: true
      final a_wrote_only_on_zero: x == 1 || x == 2`);
    assert.deepEqual(violated(r), []);
  });

  it('blocks a step on a false await, and reports deadlock when nothing can move', async () => {
    const r = await check(`var a: bool
      var b: bool
      process p { step { await b } step { a = true } }
      process q { step { await a } step { b = true } }`);
    assert.deepEqual(violated(r), ['no_deadlock']);
    assert.equal(r.verdict.stats.distinct, 1);
    assert.match(r.traces[0]!.violation!.message, /p waits at .* q waits at/);
  });

  it('gives one successor per either branch and per chosen value', async () => {
    const either = await check(
      'var x: 0..3\nprocess p { either { step { x = 1 } } or { step { x = 2 } } or { step { x = 3 } } }',
    );
    assert.equal(either.verdict.stats.generated, 3);
    const choose = await check('var x: 0..9\nprocess p { step { choose x in 2..7 where x != 4 } }');
    assert.equal(choose.verdict.stats.generated, 5);
    const nested = await check(
      'var x: 0..9\nvar y: 0..9\nprocess p { step { either { x = 1 } or { x = 2 }  choose y in 0..2 } }',
    );
    assert.equal(nested.verdict.stats.generated, 6);
    assert.equal(nested.verdict.stats.distinct, 7);
  });

  it('drops an either branch whose await fails', async () => {
    const r = await check('var x: 0..3\nprocess p { step { either { await x == 1  x = 2 } or { x = 3 } } }');
    assert.equal(r.verdict.stats.generated, 1);
  });

  it('checks invariants in every state and asserts on the step that fails them', async () => {
    const r = await check(`var x: 0..3
      process p { step { x = 1 } step { x = 2  assert small: x < 2 } step { x = 3 } }
      invariant not_three: x != 3`);
    assert.deepEqual(violated(r), ['not_three', 'small']);
    const small = r.traces.find((t) => t.violation!.property === 'small')!;
    assert.equal(small.steps.length, 2);
    assert.deepEqual(small.violation!.values, [{ name: 'x', value: 2 }]);
  });

  it('checks final properties only once the named processes have finished', async () => {
    const r = await check(`var x: 0..3
      process a { step { x = 1 } }
      process b { step { await x == 1 } step { x = 2 } }
      final after_a after a: x == 1
      final after_all: x == 2`);
    assert.deepEqual(violated(r), ['after_a']);
  });

  it('inlines procedures, passing variables by reference and constants by value', async () => {
    const r = await check(`var x: 0..9
      var y: 0..9
      proc add(v, n) { step { v += n } }
      process p { add(x, 2)  add(y, 3)  add(x, 4) }
      final sums: x == 6 && y == 3`);
    assert.deepEqual(violated(r), []);
    assert.equal(r.verdict.stats.distinct, 4);
  });

  it('unrolls for loops and expands defs', async () => {
    const r = await check(`enum E { A, B, C }
      var seen: array[E] of bool
      def all_seen = forall e in E: seen[e]
      def twice(n) = n * 2
      process p { for e in E { step { seen[e] = true } } }
      final every: all_seen && twice(2) == 4 && (count e in E: seen[e]) == 3`);
    assert.deepEqual(violated(r), []);
    assert.equal(r.verdict.stats.distinct, 4);
  });

  it('runs while loops at process level, one step per round', async () => {
    const r = await check(`var n: 0..5
      process p { while n < 5 { step { n += 1 } } }
      final five: n == 5`);
    assert.deepEqual(violated(r), []);
    // n = 0..5 at the loop head, then the silent step that finds n < 5 false and ends.
    assert.equal(r.verdict.stats.distinct, 7);
  });

  it('makes reaching the end through a false condition a silent step', async () => {
    const r = await check(`var x: bool
      process p { step { } if x { step { } } }
      final done: true`);
    assert.deepEqual(violated(r), []);
    assert.equal(r.verdict.stats.distinct, 3); // start, after the step, at the end
  });

  it('gives each element of a process array its own locals and display name', async () => {
    const r = await check(`const N = 3
      var total: 0..3
      process w[i in 1..N] "CPU {i + 1}" { var mine: 0..3 = i  step { total += 1 } }
      invariant ok: w[2].mine == 2`);
    assert.deepEqual(violated(r), []);
    assert.equal(r.verdict.stats.distinct, 8);
    assert.deepEqual(
      r.model.processes.map((p) => `${p.name}:${p.display}`),
      ['w[1]:CPU 2', 'w[2]:CPU 3', 'w[3]:CPU 4'],
    );
  });

  it('keeps the locals of process-array elements apart (each writes its own)', async () => {
    const r = await check(`process cpu[i in 1..2] "CPU {i}" { var mine: 0..2 = 0  step { mine = i } }
      final own_locals: cpu[1].mine == 1 && cpu[2].mine == 2`);
    assert.deepEqual(violated(r), []);
  });

  it('names elements of a process array indexed by an enum', async () => {
    const r = await check(`enum Kind { READER, WRITER }
      var n: 0..2
      process task[k in Kind] { var done: bool  step { n += 1  done = true } }
      final reader_done after task[READER]: task[READER].done`);
    assert.deepEqual(violated(r), []);
    assert.deepEqual(
      r.model.processes.map((p) => p.name),
      ['task[READER]', 'task[WRITER]'],
    );
  });

  it('overrides constants from the command line', async () => {
    const r = await check('const N = 1\nprocess w[i in 1..N] { step { } }', {}, { N: '4' });
    assert.equal(r.model.processes.length, 4);
    assert.equal(r.verdict.stats.distinct, 16);
  });

  it('reports a value out of range at run time with its place and the path there', async () => {
    const r = await check('var x: 0..2\nprocess p { step { x = 1 } step { x = x + 5 } }');
    assert.equal(r.verdict.status, 'error');
    const f = r.verdict.failure!;
    assert.match(f.message, /value 6 is out of range 0..2/);
    assert.equal(r.model.source.text.slice(f.loc.offset, f.loc.offset + 10), 'x = x + 5 ');
    assert.equal(f.states.length, 2);
  });

  it('reports an index out of bounds and a division by zero at run time', async () => {
    const r = await check('var i: 0..3\nvar a: array[0..1] of bool\nprocess p { step { i = 2 } step { a[i] = true } }');
    assert.match(r.verdict.failure!.message, /index 2 is out of bounds 0..1/);
    const d = await check('var z: 0..1\nvar q: 0..9\nprocess p { step { q = 4 / z } }');
    assert.match(d.verdict.failure!.message, /division by zero/);
  });
});
