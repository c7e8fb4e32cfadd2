/*
 * Slicing (trace/slice.ts): what a sliced counterexample draws on small
 * models where the answer is known, the test it is built on catching a
 * wrong fold, the IR executor agreeing with the compiled code on random
 * models, and every sliced counterexample of the bundled models replaying
 * to its violation: in full, and as the diagram drawn.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compile } from '../../src/compile/index.js';
import { search } from '../../src/explore/index.js';
import { makeSource } from '../../src/lang/index.js';
import { renderDiagram } from '../../src/render/diagram.js';
import { TraceBuilder } from '../../src/trace/build.js';
import { diagramInput, readDiagram } from '../../src/trace/diagram-reader.js';
import { stepLabel } from '../../src/trace/drawing.js';
import { drawingOrder, isDrawn, leftOut } from '../../src/trace/folding.js';
import { replay, traceInput } from '../../src/trace/replay.js';
import { RecordedRun } from '../../src/trace/slice-run.js';
import type { Trace } from '../../src/trace/types.js';
import { randomModel } from '../explore/models.js';
import { check, load, ROOT } from '../helpers.js';

/** The labels of the steps a sliced trace draws, as `process: label`. */
const drawn = (t: Trace) => t.steps.filter(isDrawn).map((s) => `${t.processes[s.process]!.name}: ${stepLabel(s)}`);

const FLAG = `var ready: bool = false
var data: 0..2 = 0
var stats: 0..3 = 0
var seen: 0..2 = 0
process producer "CPU 1" {
  step count_request() { stats += 1 }
  step set_ready() { ready = true }
  step count_again() { stats += 1 }
  step write_data() { data = 2 }
}
process consumer "CPU 2" {
  step wait_ready() { await ready }
  step read_data() { seen = data }
}
process logger "CPU 3" { step rotate() { stats = 0 } }
final got_data: seen == 2`;

// Relocation drops the two extents it found; the writer adds one it did not.
const COUNTER = `var used: 0..3 = 2
process reloc "CPU 1" {
  step drop_a() { used -= 1 }
  step drop_b() { used -= 1 }
  step finish() { assert used_zero: used == 0 }
}
process writer "CPU 2" { step add() { used += 1 } }`;

describe('what a sliced counterexample draws', () => {
  it('draws the 1 step of a one-process model whose shortest violation is 1 step', async () => {
    const r = await check(`var n: 0..1000 = 0
      process p "CPU 1" {
        either { step quick() { } } or { while n < 1000 { step inc() { n += 1 } } }
        step stuck() { await false }
      }`);
    assert.deepEqual(drawn(r.traces[0]!), ['p: quick()']);
    // The one step, then where the process waits (a deadlock ends with it: render/diagram.ts).
    assert.match(
      renderDiagram(r.traces[0]!),
      /^ +CPU 1\n\n quick\(\)\n\n stuck\(\)\n {3}--> waits here: false is false\n$/,
    );
  });

  it('keeps the race, the await that let it run and the write it enabled; folds the bookkeeping', async () => {
    const r = await check(FLAG);
    const t = r.traces[0]!;
    assert.deepEqual(drawn(t), [
      'producer: set_ready()',
      'consumer: wait_ready()',
      'consumer: read_data()',
      'producer: write_data()',
    ]);
    assert.deepEqual(
      leftOut(t).map((p) => t.processes[p]!.name),
      ['logger'],
    );
    // Every step is still there, the folded ones marked.
    assert.equal(t.steps.length, 7);
    assert.deepEqual(t.steps.filter((s) => s.folded).map(stepLabel), ['count_request()', 'count_again()', 'rotate()']);
  });

  it('draws where the folded steps ran: put back, the drawing is the run', async () => {
    const t = (await check(FLAG)).traces[0]!;
    const columns = new Set([0, 1]);
    const order = drawingOrder(t, columns).flatMap((d) => (d.kind === 'step' ? [d.step] : d.steps));
    assert.deepEqual(
      order,
      t.steps.filter((s) => columns.has(s.process)),
    );
  });

  it("draws both CPUs of a lost update: each read races with the other's write", async () => {
    const r = await check(`var counter: 0..2 = 0
      process cpu[i in 1..2] "CPU {i}" {
        var tmp: 0..2 = 0
        step read() { tmp = counter }
        step write() { counter = tmp + 1 }
      }
      final no_lost_update: counter == 2`);
    // Each read stores 0, the value its local started with: what makes it drawn is the race, not the write.
    assert.deepEqual(drawn(r.traces[0]!), ['cpu[1]: read()', 'cpu[2]: read()', 'cpu[2]: write()', 'cpu[1]: write()']);
  });

  it('keeps the transition that took the if around a drawn step', async () => {
    const r = await check(`var go: bool = true
      var x: 0..2 = 0
      process p "CPU 1" {
        if go {
          step first() { }
          step second() { x = 1 }
        }
      }
      invariant zero: x == 0`);
    // second() writes x; first() is the transition that evaluated `go`, which lets second() run.
    assert.deepEqual(drawn(r.traces[0]!), ['p: first()', 'p: second()']);
  });

  it('keeps a write the property reads even when it stores the value the variable started with', async () => {
    const r = await check(`var copy: 0..1 = 0
      var disk: 0..1 = 0
      var wrote: bool = false
      process reloc "CPU 1" { step read_old() { copy = disk } step other() { } }
      process writer "CPU 2" { step write_new() { disk = 1  wrote = true } }
      final lost: !wrote || copy == disk`);
    assert.deepEqual(drawn(r.traces[0]!), ['reloc: read_old()', 'writer: write_new()']);
  });

  it('folds updates of a counter that the violation does not hang on', async () => {
    const r = await check(COUNTER);
    assert.deepEqual(drawn(r.traces[0]!), ['writer: add()', 'reloc: finish()']);
  });

  it('draws every step with --full (slice: false)', async () => {
    const r = await check(FLAG, { slice: false });
    assert.equal(r.traces[0]!.steps.filter(isDrawn).length, 7);
  });
});

describe('the test slicing is built on', () => {
  const run = async (text: string) => {
    const model = load(text);
    const v = await search(compile(model), { order: 'fewest-switches' });
    const c = v.violations[0]!;
    const path = new TraceBuilder(model).pathOf(c.states, c.processes);
    return { run: RecordedRun.read(model, model.properties[c.property]!, c.states, path)!, path, model };
  };

  it('fails when a folded step is what lets a drawn step run, or what the violation reads', async () => {
    const { run: r, path, model } = await run(FLAG);
    const at = (name: string) => path.findIndex((s) => model.steps[s.step]?.display?.text[0] === name);
    const hidden = new Uint8Array(r.length);
    assert.equal(r.holdsWithout(hidden), true, 'nothing folded: the run itself');
    hidden[at('set_ready()')] = 1;
    assert.equal(r.holdsWithout(hidden), false, 'wait_ready() cannot run without set_ready()');
    hidden.fill(0);
    hidden[at('count_request()')] = 1;
    hidden[at('rotate()')] = 1;
    assert.equal(r.holdsWithout(hidden), true, 'the bookkeeping matters to nothing drawn');
  });

  it('fails when a folded step is one the violation hangs on', async () => {
    const { run: r, path, model } = await run(COUNTER);
    const hidden = new Uint8Array(r.length);
    hidden[path.findIndex((s) => model.steps[s.step]?.display?.text[0] === 'add()')] = 1;
    assert.equal(r.holdsWithout(hidden), false, 'without add(), used drops to 0');
    hidden.fill(0);
    hidden[path.findIndex((s) => model.steps[s.step]?.display?.text[0] === 'drop_a()')] = 1;
    assert.equal(r.holdsWithout(hidden), true, 'without drop_a(), used is 2: still not 0');
  });

  it('reads every counterexample of 100 random models with the IR executor; each slice passes the test', async () => {
    await fc.assert(
      fc.asyncProperty(randomModel, async (text) => {
        const model = load(text);
        const v = await search(compile(model), { order: 'fewest-switches' });
        const builder = new TraceBuilder(model);
        for (const c of v.violations) {
          if (c.states.length < 2) continue;
          const path = builder.pathOf(c.states, c.processes);
          const r = RecordedRun.read(model, model.properties[c.property]!, c.states, path);
          assert.ok(r, `the executor follows the run of ${model.properties[c.property]!.name}\n${text}`);
          const t = builder.build(c, { slice: true });
          const hidden = Uint8Array.from(t.steps, (s) => (s.folded ? 1 : 0));
          assert.equal(r.holdsWithout(hidden), true, text);
        }
      }),
      { numRuns: 100, seed: 5 },
    );
  });
});

describe('sliced counterexamples of the bundled models replay to their violation', () => {
  for (const name of ['v4.6', '578def7c', '9cfa3e34', 'v4.7']) {
    it(`${name}: in full, and as the diagram drawn`, async () => {
      const file = `models/btrfs-relocation/${name}.race`;
      const r = await check(readFileSync(join(ROOT, file), 'utf8'));
      const model = r.model;
      // Replay stops at the first property a run breaks: a run may fail an assert on its way to the
      // violation drawn (no_io_to_removed_chunk's run finishes relocation with the used-bytes WARNING).
      const drawn = await search(compile(model), {
        order: 'fewest-switches',
        properties: r.verdict.violations.map((c) => c.property),
      });
      const builder = new TraceBuilder(model);
      for (const t of r.traces) {
        const property = t.violation!.property;
        const c = drawn.violations.find((x) => model.properties[x.property]!.name === property)!;
        const path = builder.pathOf(c.states, c.processes);
        assert.deepEqual(builder.build(c, { slice: true }).steps, t.steps, `${property}: the run check draws`);
        const onTheWay = path.slice(0, -1).flatMap((x) => (x.failedAssert >= 0 ? [x.failedAssert] : []));
        const reached = new Set([property, ...onTheWay.map((i) => model.properties[i]!.name)]);
        // The run's own violation, with every folded step put back and with each folded step's effect gone.
        const run = RecordedRun.read(model, model.properties[c.property]!, c.states, path)!;
        assert.equal(run.holdsWithout(new Uint8Array(path.length)), true, `${property}: the run violates it`);
        assert.equal(run.holdsWithout(Uint8Array.from(t.steps, (s) => (s.folded ? 1 : 0))), true, property);
        const full = await replay(model, traceInput(t, 'trace'));
        const fullEnd = full.outcome.kind === 'violation' ? full.outcome.property : full.outcome.kind;
        assert.ok(reached.has(fullEnd), `${property} in full: ${fullEnd}`);
        const text = renderDiagram(t);
        const shown = await replay(model, diagramInput(readDiagram(makeSource('sliced', text))));
        const shownEnd = shown.outcome.kind === 'violation' ? shown.outcome.property : shown.outcome.kind;
        assert.ok(reached.has(shownEnd), `${property} as drawn: ${shownEnd}\n${text}`);
      }
    });
  }
});
