/*
 * Replay's parts on their own, apart from the walk: which process each
 * column is, and what each entry is in that process.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DiagnosticError, makeSource } from '../../src/lang/index.js';
import { diagramInput, readDiagram } from '../../src/trace/diagram-reader.js';
import { assignColumns } from '../../src/trace/replay/columns.js';
import { planEntries } from '../../src/trace/replay/entries.js';
import { shownTexts } from '../../src/trace/texts.js';
import { load, ROOT } from '../helpers.js';

const v46 = load(readFileSync(join(ROOT, 'models/btrfs-relocation/v4.6.race'), 'utf8'));
const texts = v46.processes.map((_, p) => shownTexts(v46, p));
const names = (ps: readonly number[]) => ps.map((p) => v46.processes[p]!.name);
const input = (name: string, edit = (t: string) => t) =>
  diagramInput(
    readDiagram(makeSource(`${name}.txt`, edit(readFileSync(join(ROOT, 'specs/diagrams', `${name}.txt`), 'utf8')))),
  );

describe('column assignment', () => {
  it("picks, of the four 'CPU 2' writers, the one that can show the most of the column", () => {
    assert.deepEqual(assignColumns(v46, input('9cfa3e34'), texts).map(names), [['relocation', 'dio_cow_writer']]);
    assert.deepEqual(assignColumns(v46, input('f78c436c'), texts).map(names), [['relocation', 'dio_nocow_writer']]);
  });

  it('fails on a column that no process is', () => {
    assert.throws(
      () =>
        assignColumns(
          v46,
          input('9cfa3e34', (t) => t.replace('CPU 1', 'CPU 7')),
          texts,
        ),
      /no process of the model is called 'CPU 7'/,
    );
  });
});

describe('entry roles', () => {
  const plans = (i: ReturnType<typeof input>, strict = false) =>
    planEntries(v46, i, assignColumns(v46, i, texts)[0]!, texts, strict);
  const roles = (i: ReturnType<typeof input>) => {
    const plan = plans(i);
    assert.ok(Array.isArray(plan), String(plan));
    return (text: string) => plan[i.entries.findIndex((e) => e.text.startsWith(text))]!;
  };

  it('tells steps, frames and commentary apart, and says why a line is skipped', () => {
    const role = roles(input('9cfa3e34'));
    assert.equal(role('btrfs_inc_block_group_ro(bg X)').role, 'step');
    assert.equal(role('btrfs_direct_IO()').role, 'frame');
    assert.equal(role('extent allocated from bg X').role, 'step'); // a note of the model
    assert.deepEqual(role('iterates the extent tree'), { role: 'skip', why: 'relocation draws nothing like it' });
  });

  it('reports a near miss of a call name as an error at its line, not commentary', () => {
    const plan = plans(input('f78c436c', (t) => t.replace('btrfs_wait_ordered_roots()', 'btrfs_wait_ordered_root()')));
    assert.ok(plan instanceof DiagnosticError);
    assert.match(plan.message, /relocation has no step 'btrfs_wait_ordered_root\(\)'/);
    assert.match(plan.message, /closest step names in relocation: btrfs_wait_ordered_roots\(\)/);
  });

  it("matches a note that begins with a call name to the model's closest note of that call", () => {
    const v47 = load(readFileSync(join(ROOT, 'models/btrfs-relocation/v4.7.race'), 'utf8'));
    const t47 = v47.processes.map((_, p) => shownTexts(v47, p));
    const writer = v47.processes.findIndex((p) => p.name === 'buffered_nocow_writer');
    const diagram = (note: string) =>
      diagramInput(readDiagram(makeSource('d.txt', `CPU 1          CPU 2\n\n               --> ${note}\n`)));
    const planOf = (note: string) => planEntries(v47, diagram(note), [0, writer], t47);
    const item = (text: string) => ({ kind: 'arrow' as const, text, depth: 0 });
    const free = planOf('btrfs_extent_readonly() returns false, bg X is still writable');
    assert.ok(Array.isArray(free) && free[0]!.role === 'step');
    const step = free[0] as { matches: (i: ReturnType<typeof item>) => boolean };
    assert.ok(step.matches(item('btrfs_extent_readonly() returns false: writes in place')));
    assert.ok(!step.matches(item('btrfs_extent_readonly() returns true: falls back to COW')));
    // A note of a call the process makes, but like none of its notes: an error naming them.
    const wrong = planOf('btrfs_extent_readonly() is a lie');
    assert.ok(wrong instanceof DiagnosticError);
    assert.match(wrong.message, /buffered_nocow_writer draws no note of btrfs_extent_readonly\(\) like this one/);
    assert.match(wrong.message, /its notes of btrfs_extent_readonly\(\): "btrfs_extent_readonly\(\) returns false/);
    // A note that names a call the process never makes is commentary.
    const other = planOf('__start_delalloc_inodes() does nothing');
    assert.deepEqual(Array.isArray(other) && other[0], {
      role: 'skip',
      why: 'buffered_nocow_writer has no call __start_delalloc_inodes()',
    });
  });

  it('--strict turns every line skipped as commentary into an error', () => {
    const plan = plans(input('9cfa3e34'), true);
    assert.ok(plan instanceof DiagnosticError);
    assert.match(plan.message, /^9cfa3e34\.txt:45:6: error: relocation draws nothing like it \(--strict/);
    assert.ok(Array.isArray(plans(input('9cfa3e34'))));
  });
});
