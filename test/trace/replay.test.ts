/*
 * Reading commit-style diagrams, replaying them on the models, and explain.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DiagnosticError, makeSource } from '../../src/lang/index.js';
import { renderDiagram } from '../../src/render/diagram.js';
import { diagramInput, readDiagram } from '../../src/trace/diagram-reader.js';
import { replay, traceInput } from '../../src/trace/replay.js';
import { check, load, ROOT, racecheck } from '../helpers.js';

const model = (name: string, defines: Record<string, string> = {}) =>
  load(
    readFileSync(join(ROOT, 'models/btrfs-relocation', `${name}.race`), 'utf8'),
    defines,
    `models/btrfs-relocation/${name}.race`,
  );
const diagramText = (name: string) => readFileSync(join(ROOT, 'specs/diagrams', `${name}.txt`), 'utf8');
const diagram = (name: string, text = diagramText(name)) => readDiagram(makeSource(`specs/diagrams/${name}.txt`, text));

describe('diagram reader', () => {
  it('reads the columns, nesting, notes and continuation lines of 9cfa3e34', () => {
    const d = diagram('9cfa3e34');
    assert.deepEqual(d.titles, ['CPU 1', 'CPU 2']);
    const at = (line: number) => d.entries.find((e) => e.line === line)!;
    assert.deepEqual([at(3).column, at(3).kind, at(3).depth], [0, 'call', 0]);
    assert.match(at(5).text, /^starts direct IO write, target inode .* fs_info->ordered_roots$/); // 7 lines joined
    assert.deepEqual([at(19).column, at(19).kind, at(19).depth, at(19).text], [1, 'call', 4, 'btrfs_reserve_extent()']);
    assert.deepEqual([at(20).kind, at(20).text], ['note', 'extent allocated from bg X']);
    assert.equal(at(39).text, 'relocate_block_group(rc->stage == MOVE_DATA_EXTENTS)'); // a call wrapped over two lines
    assert.deepEqual([at(49).turnStart, at(49).depth], [true, 4]);
    assert.equal(d.entries.length, 34);
  });

  it("reads back racecheck's own diagrams", async () => {
    const r = await check(readFileSync(join(ROOT, 'models/btrfs-relocation/v4.6.race'), 'utf8'), {
      properties: [1],
      slice: false,
    });
    const trace = r.traces[0]!;
    const d = readDiagram(makeSource('ours', renderDiagram(trace)));
    const expected = traceInput(trace, 'x').entries;
    assert.deepEqual(
      d.entries.map((e) => [e.column, e.kind, e.text]),
      expected.map((e) => [e.column, e.kind, e.text]),
    );
  });
});

describe('replay', () => {
  it("replays 9cfa3e34's diagram on v4.6 into the used-bytes warning", async () => {
    const r = await replay(model('v4.6'), diagramInput(diagram('9cfa3e34')));
    assert.equal(r.outcome.kind, 'violation');
    assert.equal(r.outcome.kind === 'violation' && r.outcome.property, 'used_bytes_zero');
    assert.deepEqual(
      r.processes.map((p) => r.model.processes[p]!.name),
      ['relocation', 'dio_cow_writer'],
    );
  });

  it("replays f78c436c's diagram on v4.6 into the lost write", async () => {
    const r = await replay(model('v4.6'), diagramInput(diagram('f78c436c')));
    assert.equal(r.outcome.kind === 'violation' && r.outcome.property, 'no_lost_dio_write');
  });

  it("finds 9cfa3e34's diagram infeasible on v4.7: in every stopping state, reservations = 1", async () => {
    const r = await replay(model('v4.7'), diagramInput(diagram('9cfa3e34')));
    if (r.outcome.kind !== 'infeasible') return assert.fail(`expected infeasible, got ${r.outcome.kind}`);
    assert.equal(r.model.processes[r.outcome.process]!.name, 'relocation');
    assert.ok(r.outcome.stops > 0);
    // One reason for every state where the search stopped: the barrier's second half.
    assert.equal(r.outcome.reasons.length, 1);
    const [stop] = r.outcome.reasons;
    assert.equal(stop!.states, r.outcome.stops);
    const reason = stop!.reason;
    if (reason.kind !== 'blocked') return assert.fail(`expected blocked, got ${reason.kind}`);
    assert.equal(reason.at.text, 'wait_on_atomic_t(&bg->reservations)');
    assert.deepEqual(reason.await && [reason.await.text, reason.await.value, reason.await.values], [
      'reservations == 0',
      false,
      [{ name: 'reservations', value: 1 }],
    ]);
  });

  it("finds f78c436c's diagram infeasible on v4.7: btrfs_inc_nocow_writers() saw ro = true", async () => {
    const r = await replay(model('v4.7'), diagramInput(diagram('f78c436c')));
    if (r.outcome.kind !== 'infeasible') return assert.fail(`expected infeasible, got ${r.outcome.kind}`);
    assert.equal(r.outcome.reasons.length, 1);
    const [stop] = r.outcome.reasons;
    assert.equal(stop!.step?.text, 'btrfs_inc_nocow_writers(bg X)');
    const reason = stop!.reason;
    if (reason.kind !== 'branch') return assert.fail(`expected branch, got ${reason.kind}`);
    assert.equal(reason.condition.value, false);
    assert.deepEqual(reason.condition.values, [{ name: 'dio_nocow_writer.nocow', value: false }]);
    const [origin] = reason.condition.origins;
    assert.equal(origin?.step.text, 'btrfs_inc_nocow_writers(bg X)');
    assert.equal(origin?.assignment, 'nocow = !ro');
    assert.deepEqual(origin?.values, [{ name: 'ro', value: true }]);
    assert.equal(reason.then.text, 'btrfs_new_extent_direct()');
    // The writer's own steps after the furthest entry: it falls back to COW.
    assert.equal(r.after[0]?.display?.text, 'btrfs_inc_nocow_writers(bg X)');
  });

  it('reports a typo in a call name at its line, with the closest step names', async () => {
    const text = diagramText('f78c436c').replace('btrfs_wait_ordered_roots()', 'btrfs_wait_ordered_root()');
    await assert.rejects(replay(model('v4.6'), diagramInput(diagram('f78c436c', text))), (e: unknown) => {
      assert.ok(e instanceof DiagnosticError);
      assert.match(
        e.message,
        new RegExp(
          /specs\/diagrams\/f78c436c\.txt:18:4: error: /.source +
            /relocation has no step 'btrfs_wait_ordered_root\(\)'/.source,
        ),
      );
      assert.match(e.message, /closest step names in relocation: btrfs_wait_ordered_roots\(\)/);
      return true;
    });
  });

  it('reports a column no process is called', async () => {
    const text = diagramText('f78c436c').replace('CPU 2', 'CPU 9');
    await assert.rejects(
      replay(model('v4.6'), diagramInput(diagram('f78c436c', text))),
      /no process of the model is called 'CPU 9'/,
    );
  });

  it('skips commentary the model has nothing like, and says so', async () => {
    const r = await replay(model('v4.6'), diagramInput(diagram('9cfa3e34')));
    const input = diagramInput(diagram('9cfa3e34'));
    assert.deepEqual(
      r.skipped.map((x) => [input.entries[x.entry]!.text.slice(0, 24), x.why]),
      [['iterates the extent tree', 'relocation draws nothing like it']],
    );
  });
});

describe('fewest-switches counterexamples against the commit diagrams', () => {
  const only = (w: string) =>
    Object.fromEntries(
      ['WITH_DIO_COW', 'WITH_DIO_NOCOW', 'WITH_BUFFERED_NOCOW', 'WITH_UNRELATED']
        .filter((x) => x !== w)
        .map((x) => [x, 'false']),
    );
  const cases = [
    { model: 'v4.6', commit: '9cfa3e34', writer: 'WITH_DIO_COW', property: 'used_bytes_zero' },
    { model: 'v4.6', commit: 'f78c436c', writer: 'WITH_DIO_NOCOW', property: 'no_lost_dio_write' },
    { model: '9cfa3e34', commit: 'f78c436c', writer: 'WITH_DIO_NOCOW', property: 'no_lost_dio_write' },
  ];
  for (const c of cases) {
    const name = `${c.model}'s ${c.property} diagram: no more context switches than ${c.commit}'s, the same calls`;
    it(name, async () => {
      const m = model(c.model, only(c.writer));
      const r = await check(
        readFileSync(join(ROOT, `models/btrfs-relocation/${c.model}.race`), 'utf8'),
        { properties: [m.properties.findIndex((p) => p.name === c.property)] },
        only(c.writer),
      );
      const ours = traceInput(r.traces[0]!, 'ours');
      const theirs = diagram(c.commit);
      const switches = (cols: number[]) => cols.filter((col, i) => i > 0 && col !== cols[i - 1]).length;
      assert.ok(switches(ours.entries.map((e) => e.column)) <= switches(theirs.entries.map((e) => e.column)));
      for (const column of [0, 1]) {
        const calls = (es: readonly { column: number; kind: string; text: string }[]) =>
          es.filter((e) => e.column === column && e.kind === 'call').map((e) => e.text.replace(/\(.*$/s, ''));
        const mine = calls(ours.entries);
        const known = new Set(mine);
        const reference = calls(theirs.entries).filter((name) => known.has(name));
        // The commit's calls, in its order, appear in ours in the same order.
        let at = 0;
        for (const name of mine) if (name === reference[at]) at++;
        assert.equal(
          at,
          reference.length,
          `column ${column}: ${reference.join(' ')}\n  not in order in: ${mine.join(' ')}`,
        );
        assert.ok(reference.length >= 3, "the commit's calls are in the model");
      }
    });
  }
});

describe('racecheck replay and explain', () => {
  it('exits 1 when the diagram is a run that violates a property, 0 when infeasible', () => {
    const bad = racecheck(['replay', 'models/btrfs-relocation/v4.6.race', 'specs/diagrams/f78c436c.txt']);
    assert.equal(bad.code, 1);
    assert.match(
      bad.stdout,
      /FEASIBLE: the run (goes on \d+ more steps? and )?ends in a violation of no_lost_dio_write/,
    );
    const fixed = racecheck(['replay', 'models/btrfs-relocation/v4.7.race', 'specs/diagrams/f78c436c.txt']);
    assert.equal(fixed.code, 0);
    assert.match(
      fixed.stdout,
      new RegExp(
        /INFEASIBLE at specs\/diagrams\/f78c436c\.txt:39: dio_nocow_writer cannot show "creates DIO ordered extent"\n/
          .source +
          / {2}in every one of the \d+ states where the search stopped:\n/.source +
          / {2}steered away at btrfs_inc_nocow_writers\(bg X\)/.source,
      ),
    );
    assert.match(
      fixed.stdout,
      /nocow was set by btrfs_inc_nocow_writers\(bg X\) \(\S+\): nocow = !ro, where ro = true/,
    );
  });

  it("explain names the step of v4.7 that blocks 9cfa3e34's nocow races", () => {
    const r = racecheck(['explain', 'models/btrfs-relocation/9cfa3e34.race', 'models/btrfs-relocation/v4.7.race']);
    assert.equal(r.code, 0);
    // Three races: the two lost writes and the late bio into the removed block group.
    assert.equal((r.stdout.match(/steered away at btrfs_inc_nocow_writers\(bg X\)/g) ?? []).length, 3);
  });

  it('explain says when the new model still has the race', () => {
    const r = racecheck([
      'explain',
      'models/btrfs-relocation/v4.6.race',
      'models/btrfs-relocation/578def7c.race',
      '-p',
      'used_bytes_zero',
    ]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /FEASIBLE: the run .*ends in a violation of used_bytes_zero/);
  });

  it('replay and explain stop at --max-time with exit 3 and no verdict', () => {
    const replayed = racecheck([
      'replay',
      'models/btrfs-relocation/v4.7.race',
      'specs/diagrams/f78c436c.txt',
      '--max-time',
      '0.001',
    ]);
    assert.equal(replayed.code, 3, replayed.stdout + replayed.stderr);
    // A millisecond may end while the model is still built or compiled (the limit holds there too).
    if (!/stopped while (building the model|compiling): time limit/.test(replayed.stderr))
      assert.match(replayed.stdout, /UNDECIDED: --max-time stopped the search before any run drew the diagram/);
    assert.doesNotMatch(replayed.stdout, /INFEASIBLE/);
    const explained = racecheck([
      'explain',
      'models/btrfs-relocation/9cfa3e34.race',
      'models/btrfs-relocation/v4.7.race',
      '--max-time',
      '0.001',
    ]);
    assert.equal(explained.code, 3, explained.stdout + explained.stderr);
    assert.doesNotMatch(explained.stdout, /INFEASIBLE/);
  });
});

describe('replay where two ways of a step reach one state', () => {
  const text = `var x: 0..1 = 0
process p "CPU 1" {
  step go() { either { x = 1 --> "path one" } or { x = 1 --> "path two" } }
  step done_it() { x = 0 }
}`;
  const run = (diagramText: string) => replay(load(text), diagramInput(readDiagram(makeSource('d.txt', diagramText))));

  it('follows the way whose notes the diagram shows, and draws that way', async () => {
    for (const way of ['one', 'two']) {
      const r = await run(`   CPU 1\n\n go()\n   --> path ${way}\n\n done_it()\n`);
      assert.equal(r.outcome.kind, 'feasible', way);
      assert.match(renderDiagram(r.trace), new RegExp(`--> path ${way}`));
      assert.doesNotMatch(renderDiagram(r.trace), new RegExp(`--> path ${way === 'one' ? 'two' : 'one'}`));
    }
  });

  it('stops at the search limit it is given, and says the run was not searched to the end', async () => {
    const d = (t: string) => diagramInput(readDiagram(makeSource('d.txt', t)));
    const after = await replay(load(text), d('   CPU 1\n\n go()\n'), { maxStates: 2 });
    assert.deepEqual(after.outcome, { kind: 'feasible', complete: false });
    const before = await replay(load(text), d('   CPU 1\n\n go()\n\n done_it()\n'), { maxStates: 1 });
    assert.deepEqual(before.outcome, { kind: 'undecided', limit: 'states', entry: 1 });
    const stopped = await replay(load(text), d('   CPU 1\n\n go()\n\n done_it()\n'), { interrupted: () => true });
    assert.equal(stopped.outcome.kind === 'undecided' && stopped.outcome.limit, 'interrupted');
  });
});
