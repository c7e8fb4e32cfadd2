/*
 * racecheck's diagrams of the commits' races against the commits' own
 * (specs/diagrams/), as drawn by default (sliced): no longer than the
 * commit's (counted from the column titles to the last line drawn: the
 * report's "is violated after" line follows) but for a stated margin, no
 * more context switches, every call the commit draws present but for a
 * stated list of calls the slice folds (each with why), and the calls both
 * draw in the same order in each column (by first appearance: the commit
 * draws three commits where ours may draw the one that matters). The counts
 * are measured on the models as they are, against the commit files, not
 * pinned: each test prints both (node --test shows them as diagnostics).
 * docs/slicing.md and test/golden/README.md give the figures.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { makeSource } from '../../src/lang/index.js';
import { renderDiagram } from '../../src/render/diagram.js';
import { readDiagram } from '../../src/trace/diagram-reader.js';
import { check, ROOT } from '../helpers.js';

const WRITERS = ['WITH_DIO_COW', 'WITH_DIO_NOCOW', 'WITH_BUFFERED_NOCOW', 'WITH_UNRELATED'];
const only = (w: string) => Object.fromEntries(WRITERS.filter((x) => x !== w).map((x) => [x, 'false']));

/** The lines of a diagram from its column titles to its last drawn line. */
function lines(text: string): string[] {
  const all = text.split('\n');
  const first = all.findIndex((l) => l.trim() !== '');
  let last = all.length - 1;
  while (last > first && all[last]!.trim() === '') last--;
  return all.slice(first, last + 1);
}

/**
 * The lines `btrfs_remove_chunk(bg X)` takes (a blank line, the call, its note of two lines): the
 * commits do not draw the removal, but with issue 11's removal effects a bio must reach bg X before
 * it, so the slice draws it (the order matters both ways). Allowed only where the diagram draws it.
 */
const REMOVAL = { call: 'btrfs_remove_chunk', lines: 4 };

/** Commit calls the slice folds, and why; the test checks each is indeed not drawn. */
const DELALLOC = ['btrfs_start_delalloc_roots', '__start_delalloc_inodes']; // does nothing: no delalloc here
const LOCK = ['btrfs_lock_extent_direct']; // locks the io tree range: no step drawn reads it
// The reserved-bytes form of used_bytes_zero ends before CPU 2's second turn, and folds the MOVE commits.
const SECOND_TURN = ['btrfs_add_ordered_extent_dio', 'btrfs_finish_ordered_io', 'btrfs_alloc_reserved_file_extent'];

interface Case {
  readonly model: string;
  readonly defines: Record<string, string>;
  readonly property: string;
  readonly commit: string;
  readonly margin?: typeof REMOVAL;
  readonly folded: readonly string[];
}

const cases: Case[] = [
  {
    model: 'v4.6',
    defines: {},
    property: 'used_bytes_zero',
    commit: '9cfa3e34',
    folded: [...DELALLOC, 'prepare_to_relocate', ...LOCK, ...SECOND_TURN],
  },
  { model: 'v4.6', defines: {}, property: 'no_lost_dio_write', commit: 'f78c436c', margin: REMOVAL, folded: [] },
  {
    model: 'v4.6',
    defines: only('WITH_DIO_COW'),
    property: 'used_bytes_zero',
    commit: '9cfa3e34',
    folded: [...DELALLOC, 'prepare_to_relocate', 'btrfs_commit_transaction', ...LOCK, ...SECOND_TURN],
  },
  // The commit's story (CPU 2's second turn after the MOVE scan), told by the dangling extent.
  {
    model: 'v4.6',
    defines: only('WITH_DIO_COW'),
    property: 'no_dangling_extent',
    commit: '9cfa3e34',
    folded: [...DELALLOC, ...LOCK],
  },
  {
    model: 'v4.6',
    defines: only('WITH_DIO_NOCOW'),
    property: 'no_lost_dio_write',
    commit: 'f78c436c',
    margin: REMOVAL,
    folded: [],
  },
  { model: '9cfa3e34', defines: {}, property: 'no_lost_dio_write', commit: 'f78c436c', margin: REMOVAL, folded: [] },
];

describe("racecheck's diagrams of the commit races, against the commits'", () => {
  for (const c of cases) {
    const config = Object.keys(c.defines).length > 0 ? ' with one writer' : '';
    const most = c.margin ? ` (+${c.margin.lines} for ${c.margin.call})` : '';
    it(`${c.model}${config}, ${c.property}: no longer than ${c.commit}'s${most}, its calls in its order`, async (t) => {
      const file = `models/btrfs-relocation/${c.model}.race`;
      const text = readFileSync(join(ROOT, file), 'utf8');
      const r = await check(text, {}, c.defines);
      const trace = r.traces.find((x) => x.violation?.property === c.property)!;
      const ours = renderDiagram(trace);
      const theirs = readFileSync(join(ROOT, 'specs/diagrams', `${c.commit}.txt`), 'utf8');
      const [mine, reference] = [lines(ours).length, lines(theirs).length];
      t.diagnostic(`${c.model}${config} ${c.property}: ${mine} lines; ${c.commit}'s diagram: ${reference}`);

      const a = readDiagram(makeSource('ours', ours));
      const b = readDiagram(makeSource(c.commit, theirs));
      const calls = (d: typeof a, column: number) => [
        ...new Set(
          d.entries.filter((e) => e.column === column && e.kind === 'call').map((e) => e.text.replace(/\(.*$/s, '')),
        ),
      ];
      const drawn = new Set([0, 1].flatMap((column) => calls(a, column)));
      const margin = c.margin && drawn.has(c.margin.call) ? c.margin.lines : 0;
      assert.ok(mine <= reference + margin, `${mine} lines against the commit's ${reference} (+${margin}):\n${ours}`);

      const switches = (cols: number[]) => cols.filter((col, i) => i > 0 && col !== cols[i - 1]).length;
      assert.ok(switches(a.entries.map((e) => e.column)) <= switches(b.entries.map((e) => e.column)));
      for (const column of [0, 1]) {
        const [x, y] = [calls(a, column), calls(b, column)];
        const shared = (list: string[], other: string[]) => list.filter((name) => other.includes(name));
        assert.deepEqual(shared(x, y), shared(y, x), `column ${column}: ours ${x.join(' ')}\n  theirs ${y.join(' ')}`);
        const missing = y.filter((name) => !x.includes(name) && !c.folded.includes(name));
        assert.deepEqual(missing, [], `column ${column}: the commit's calls that ours does not draw`);
      }
      // The list of folded calls stays true: a call listed there is one the commit draws and ours does not.
      const commitCalls = new Set([0, 1].flatMap((column) => calls(b, column)));
      for (const name of c.folded) assert.ok(commitCalls.has(name) && !drawn.has(name), `${name} is drawn now`);
    });
  }
});
