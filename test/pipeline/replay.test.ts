/*
 * replayDiagram and explainFix on the btrfs models: a commit's race diagram
 * is a violating run of linux 4.6 and not of 4.7; 4.7 stops 9cfa3e34's races
 * and 4.6 does not stop its own.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { makeSource } from '../../src/lang/index.js';
import { type ExplainedRace, explainFix, replayDiagram } from '../../src/pipeline.js';
import { load, ROOT } from '../helpers.js';

const model = (name: string) => {
  const path = `models/btrfs-relocation/${name}.race`;
  return load(readFileSync(join(ROOT, path), 'utf8'), {}, path);
};
const diagram = (name: string) => {
  const path = `specs/diagrams/${name}.txt`;
  return makeSource(path, readFileSync(join(ROOT, path), 'utf8'));
};

describe('replayDiagram', () => {
  it("exits violated where f78c436c's diagram is a run that loses the write, ok where the fix stops it", async () => {
    const old = await replayDiagram(model('v4.6'), diagram('f78c436c'));
    assert.equal(old.exit, 'violated');
    assert.deepEqual(old.result.outcome.kind === 'violation' && old.result.outcome.property, 'no_lost_dio_write');
    assert.equal(old.input.columns.length, 2);
    const fixed = await replayDiagram(model('v4.7'), diagram('f78c436c'));
    assert.equal(fixed.exit, 'ok');
    assert.equal(fixed.result.outcome.kind, 'infeasible');
  });

  it('exits limit when the search for a violation after the end does not finish', async () => {
    const r = await replayDiagram(model('v4.7'), makeSource('d.txt', 'CPU 1\n\nbtrfs_relocate_block_group(bg X)\n'), {
      maxStates: 10,
    });
    assert.deepEqual([r.result.outcome.kind, r.exit], ['feasible', 'limit']);
  });
});

describe('explainFix', () => {
  it("replays each of 9cfa3e34's counterexamples on 4.7, which stops them all", async () => {
    const shown: ExplainedRace[] = [];
    const e = await explainFix(model('9cfa3e34'), model('v4.7'), { onReplay: (r) => shown.push(r) });
    assert.equal(e.exit, 'ok');
    assert.ok(e.replays.length > 0);
    assert.deepEqual(shown, e.replays);
    for (const r of e.replays) assert.equal(r.result.outcome.kind, 'infeasible', r.property);
  });

  it('exits violated when the new model still races, and has nothing to explain for a clean old model', async () => {
    const v46 = model('v4.6');
    const lost = v46.properties.find((p) => p.name === 'no_lost_dio_write')!.index;
    const same = await explainFix(v46, model('v4.6'), { properties: [lost] });
    assert.deepEqual(
      same.replays.map((r) => [r.property, r.result.outcome.kind]),
      [['no_lost_dio_write', 'violation']],
    );
    assert.equal(same.exit, 'violated');
    const clean = await explainFix(model('v4.7'), v46);
    assert.deepEqual([clean.replays.length, clean.exit], [0, 'ok']);
  });
});
