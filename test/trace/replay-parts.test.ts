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
  const roles = (i: ReturnType<typeof input>) => {
    const plan = planEntries(v46, i, assignColumns(v46, i, texts)[0]!, texts);
    return (text: string) => plan[i.entries.findIndex((e) => e.text.startsWith(text))]!;
  };

  it('tells steps, frames and commentary apart', () => {
    const role = roles(input('9cfa3e34'));
    assert.equal(role('btrfs_inc_block_group_ro(bg X)').role, 'step');
    assert.equal(role('btrfs_direct_IO()').role, 'frame');
    assert.equal(role('extent allocated from bg X').role, 'step'); // a note of the model
    assert.deepEqual(role('iterates the extent tree'), { role: 'skip' });
  });

  it('marks a near miss of a call name as a typo, to report rather than skip', () => {
    const role = roles(input('f78c436c', (t) => t.replace('btrfs_wait_ordered_roots()', 'btrfs_wait_ordered_root()')));
    const typo = role('btrfs_wait_ordered_root()');
    assert.equal(typo.role, 'skip');
    assert.ok(typo.role === 'skip' && typo.typo instanceof DiagnosticError);
    assert.match(typo.typo.message, /relocation has no step 'btrfs_wait_ordered_root\(\)'/);
  });
});
