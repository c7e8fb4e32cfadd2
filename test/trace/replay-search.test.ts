/*
 * The replay search against its opposites: a diagram is a run only if some
 * interleaving draws it (undrawn steps of any process at any time), and
 * "infeasible" and its reason only when none does, with the reason from the
 * conditions that fail in every state where the search stopped.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { makeSource } from '../../src/lang/index.js';
import { checkModel } from '../../src/pipeline.js';
import { renderDiagram } from '../../src/render/diagram.js';
import { diagramInput, readDiagram } from '../../src/trace/diagram-reader.js';
import { type ReplayResult, replay } from '../../src/trace/replay.js';
import { load, ROOT } from '../helpers.js';

const run = (model: string, diagram: string) =>
  replay(load(model), diagramInput(readDiagram(makeSource('d.txt', diagram))));

function reasonsOf(r: ReplayResult) {
  if (r.outcome.kind !== 'infeasible') return assert.fail(`expected infeasible, got ${r.outcome.kind}`);
  return r.outcome.reasons;
}

describe('undrawn steps', () => {
  // CPU 1's check shows "sees ready" only if CPU 2 has prepared, which the diagram does not draw.
  const model = `var ready: bool = false
process a "CPU 1" { step check() { if ready { --> "sees ready" } else { --> "sees nothing" } } }
process b "CPU 2" { step prepare() { ready = true } }`;

  it('may be taken by another process before a drawn entry, and are marked in the drawing', async () => {
    const r = await run(model, '   CPU 1\n\n check()\n   --> sees ready\n');
    assert.equal(r.outcome.kind, 'feasible');
    assert.deepEqual(
      r.trace.steps.map((s) => s.display?.text),
      ['prepare()', 'check()'],
    );
    assert.deepEqual([...r.filled], [0]);
    assert.match(renderDiagram(r.trace, { marked: r.filled }), /^ +\+prepare\(\)$/m);
  });

  it('make nothing feasible that no interleaving draws', async () => {
    const r = await run(model.replace('ready = true', 'ready = false'), '   CPU 1\n\n check()\n   --> sees ready\n');
    const [stop] = reasonsOf(r);
    assert.equal(stop!.reason.kind, 'not drawn');
    assert.equal(stop!.reason.kind === 'not drawn' && stop!.reason.condition?.text, 'ready');
  });
});

describe('a step whose text the diagram draws later', () => {
  it('may still be one the diagram leaves out: a call made twice, of which the diagram draws the second', async () => {
    // CPU 2 can go only after CPU 1's first x(); the diagram draws CPU 2, then one x().
    const model = `var done: 0..2 = 0
process a "CPU 1" {
  step x() { done += 1 }
  step x() { done += 1 }
}
process b "CPU 2" { step y() { await done >= 1 } }`;
    const r = await run(model, '   CPU 1                 CPU 2\n\n                         y()\n x()\n');
    assert.equal(r.outcome.kind, 'feasible');
    assert.deepEqual([...r.filled], [0]);
    assert.deepEqual([...r.matched.values()], [1, 2]);
  });
});

describe('reasons', () => {
  it('are given for every stopping state, and all of them when they differ', async () => {
    // CPU 2 opens the first gate or not: CPU 1 then waits at the first gate or at the second.
    const model = `var go: bool = false
var go2: bool = false
process a "CPU 1" {
  step first_gate() { await go }
  step second_gate() { await go2 }
  step target()
}
process b "CPU 2" { step maybe() { either { go = true } or { } } }`;
    const reasons = reasonsOf(await run(model, '   CPU 1\n\n target()\n'));
    assert.deepEqual(reasons.map((s) => [s.reason.kind, s.step?.text, s.states]).sort(), [
      ['blocked', 'first_gate()', 1],
      ['blocked', 'second_gate()', 1],
    ]);
  });

  it('name the step the process takes behind an if, with its false await, not the first step written', async () => {
    const model = `var c: bool = false
var p: bool = true
var q: bool = false
process a "CPU 1" {
  step start()
  if c { step x() { await p } } else { step y() { await q } }
  step target()
}`;
    const [stop] = reasonsOf(await run(model, '   CPU 1\n\n start()\n\n target()\n'));
    const reason = stop!.reason;
    if (reason.kind !== 'blocked') return assert.fail(`expected blocked, got ${reason.kind}`);
    assert.equal(reason.at.text, 'y()');
    assert.deepEqual(reason.await && [reason.await.text, reason.await.value], ['q', false]);
  });
});

describe('deadlocks', () => {
  const lostWakeup = `var condition: bool = false
var sleeping: bool = false
var woken: bool = false
process waiter "CPU 1" {
  var saw: bool = false
  step "if (!condition)" { saw = condition }
  if !saw {
    step set_current_state(TASK_UNINTERRUPTIBLE) { sleeping = true }
    step schedule() { await woken }
  }
}
process waker "CPU 2" {
  step "condition = true" { condition = true }
  step wake_up_process() { if sleeping { woken = true } }
}`;
  const drawn = `        CPU 1                                  CPU 2

 if (!condition)
                                        condition = true
                                        wake_up_process()
 set_current_state(TASK_UNINTERRUPTIBLE)
 schedule()
`;

  it('a diagram that ends in the call that blocks is a feasible deadlock, as without that call', async () => {
    for (const diagram of [drawn, drawn.replace(' schedule()\n', '')]) {
      const r = await run(lostWakeup, diagram);
      assert.deepEqual(r.outcome, {
        kind: 'violation',
        property: 'no_deadlock',
        afterEntries: 5 - (diagram === drawn ? 0 : 1),
      });
    }
  });

  it("check's deadlock diagram ends with the blocked step, marked, and replays as the same deadlock", async () => {
    const checked = await checkModel(load(lostWakeup));
    const trace = checked.traces.find((t) => t.violation?.property === 'no_deadlock')!;
    assert.equal(trace.waits?.[0]?.step.display?.text, 'schedule()');
    const text = renderDiagram(trace);
    assert.match(text, /\n schedule\(\)\n {3}--> waits here: woken is false\n$/);
    const again = await run(lostWakeup, text);
    assert.equal(again.outcome.kind === 'violation' && again.outcome.property, 'no_deadlock');
  });

  it('a blocked call with more of the diagram after it is not a run', async () => {
    const r = await run(lostWakeup, `${drawn} if (!condition)\n`);
    assert.equal(r.outcome.kind, 'infeasible');
  });
});

describe('step texts with holes', () => {
  it('match without backtracking: 8 adjacent holes against a long line that does not fit', async () => {
    const model = `var a: 0..9 = 1
var b: 0..9 = 2
process p "CPU 1" {
  step "{a}{b}{a}{b}{a}{b}{a}{b} done" { a = 3 }
  step "{a}{b}{a}{b}{a}{b}{a}{b} again" { b = 4 }
}`;
    // A regular expression of eight `.*` holes takes hours on a line this long that ends otherwise.
    const long = '3'.repeat(120);
    const r = await run(model, `   CPU 1\n\n 12121212 done\n\n 32323232 again\n\n ${long} nope\n`);
    assert.equal(r.outcome.kind, 'feasible');
    assert.equal(r.skipped.length, 1);
  });
});

describe('a diagram worded freely and worded as the model words it', () => {
  const text = readFileSync(join(ROOT, 'specs/diagrams/buffered-nocow.txt'), 'utf8');
  const reworded = text.replace(/returns\n\s+false, bg X is still writable/, 'returns false: writes in place');
  const model = (name: string) =>
    load(readFileSync(join(ROOT, `models/btrfs-relocation/${name}.race`), 'utf8'), {}, `${name}.race`);
  const replayed = (name: string, t: string) => replay(model(name), diagramInput(readDiagram(makeSource('d.txt', t))));

  it('get one verdict: a lost buffered write on 9cfa3e34, stopped by btrfs_inc_nocow_writers on v4.7', async () => {
    assert.notEqual(reworded, text);
    for (const t of [text, reworded]) {
      const old = await replayed('9cfa3e34', t);
      assert.equal(old.outcome.kind === 'violation' && old.outcome.property, 'no_lost_buffered_write');
      // The note is matched, not skipped: it pins the writer's ro check before btrfs_inc_block_group_ro.
      assert.ok(
        old.skipped.every(
          (s) => !/btrfs_extent_readonly/.test(diagramInput(readDiagram(makeSource('d', t))).entries[s.entry]!.text),
        ),
      );
      const fixed = await replayed('v4.7', t);
      assert.deepEqual(
        reasonsOf(fixed).map((s) => s.step?.text),
        ['btrfs_inc_nocow_writers(bg X)'],
      );
    }
  });

  it("is a kernel run only because the writer's transaction handle ends before the MOVE pass's commit", async () => {
    // The writer's lines from its ordered extent to its btrfs_end_transaction(), moved to after
    // relocation's copy (before its bio): the order the diagram had before the models got
    // transaction handles, in which relocation commits while the flusher still holds its handle.
    const block = text.slice(
      text.indexOf(`${' '.repeat(51)}btrfs_add_ordered_extent()`),
      text.indexOf('   relocate_block_group'),
    );
    assert.match(block, /btrfs_end_transaction\(\)/);
    const submit = `${' '.repeat(47)}submit_extent_page()`;
    const late = text.replace(block, '').replace(submit, `${block}${submit}`);
    assert.notEqual(late, text);
    const entries = diagramInput(readDiagram(makeSource('d', text))).entries;
    const drawn = await replayed('9cfa3e34', text);
    for (const call of ['btrfs_join_transaction()', 'btrfs_end_transaction()', 'btrfs_commit_transaction()']) {
      const at = entries.findIndex((e) => e.text === call);
      assert.ok(at >= 0 && drawn.skipped.every((s) => s.entry !== at), call);
    }
    const reasons = reasonsOf(await replayed('9cfa3e34', late));
    assert.deepEqual(
      reasons.map((s) => [s.reason.kind, s.step?.text]),
      [['blocked', 'btrfs_commit_transaction()']],
    );
    const r = reasons[0]!.reason;
    assert.ok(r.kind === 'blocked' && r.await);
    assert.equal(r.await.text, 'trans_handles == 0');
    assert.deepEqual(r.await.values, [{ name: 'trans_handles', value: 1 }]);
  });
});
