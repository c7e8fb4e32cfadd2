/*
 * racecheck's diagrams of the commits' races against the commits' own
 * (specs/diagrams/): no longer than the commit's (counted from the column
 * titles to the last line drawn: the report's "is violated after" line
 * follows), no more context switches, and the calls both draw in the same
 * order in each column (by first appearance: the commit draws three
 * commits where ours may draw the one that matters). The counts are measured
 * on the models as they are, against the commit files, not pinned: each
 * test prints both (node --test shows them as diagnostics).
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

const cases = [
  { model: 'v4.6', defines: {}, property: 'used_bytes_zero', commit: '9cfa3e34' },
  { model: 'v4.6', defines: {}, property: 'no_lost_dio_write', commit: 'f78c436c' },
  { model: 'v4.6', defines: only('WITH_DIO_COW'), property: 'used_bytes_zero', commit: '9cfa3e34' },
  { model: 'v4.6', defines: only('WITH_DIO_NOCOW'), property: 'no_lost_dio_write', commit: 'f78c436c' },
  { model: '9cfa3e34', defines: {}, property: 'no_lost_dio_write', commit: 'f78c436c' },
];

describe("racecheck's diagrams of the commit races, against the commits'", () => {
  for (const c of cases) {
    const config = Object.keys(c.defines).length > 0 ? ' with one writer' : '';
    it(`${c.model}${config}, ${c.property}: no longer than ${c.commit}'s, the same order in each column`, async (t) => {
      const file = `models/btrfs-relocation/${c.model}.race`;
      const text = readFileSync(join(ROOT, file), 'utf8');
      const r = await check(text, {}, c.defines);
      const trace = r.traces.find((x) => x.violation?.property === c.property)!;
      const ours = renderDiagram(trace);
      const theirs = readFileSync(join(ROOT, 'specs/diagrams', `${c.commit}.txt`), 'utf8');
      const [mine, reference] = [lines(ours).length, lines(theirs).length];
      t.diagnostic(`${c.model}${config} ${c.property}: ${mine} lines; ${c.commit}'s diagram: ${reference}`);
      assert.ok(mine <= reference, `${mine} lines against the commit's ${reference}:\n${ours}`);

      const a = readDiagram(makeSource('ours', ours));
      const b = readDiagram(makeSource(c.commit, theirs));
      const switches = (cols: number[]) => cols.filter((col, i) => i > 0 && col !== cols[i - 1]).length;
      assert.ok(switches(a.entries.map((e) => e.column)) <= switches(b.entries.map((e) => e.column)));
      for (const column of [0, 1]) {
        // Each call by its first appearance: a diagram may draw a call (a commit) more often than the other.
        const calls = (d: typeof a) => [
          ...new Set(
            d.entries.filter((e) => e.column === column && e.kind === 'call').map((e) => e.text.replace(/\(.*$/s, '')),
          ),
        ];
        const [x, y] = [calls(a), calls(b)];
        const shared = (list: string[], other: string[]) => list.filter((name) => other.includes(name));
        assert.deepEqual(shared(x, y), shared(y, x), `column ${column}: ours ${x.join(' ')}\n  theirs ${y.join(' ')}`);
        assert.ok(shared(x, y).length >= 3, "the commit's calls are drawn");
      }
    });
  }
});
