/*
 * "Infeasible" and "the fix stops it at S" tested against their opposites:
 * on a fix broken the way a wrong patch would break it, the commit's diagram
 * is a run again (exit 1), explain says the race is still there, and the
 * gate's own lines for linux 4.7 and 9cfa3e34 in specs/ miss.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, describe, it } from 'node:test';
import { makeSource } from '../../src/lang/index.js';
import { explainFix, replayDiagram } from '../../src/pipeline.js';
import { load, ROOT, racecheck } from '../helpers.js';
import { type BROKEN_FIXES, broken } from '../models/variants.js';

type Fix = keyof typeof BROKEN_FIXES;
const bundled = (name: string) =>
  load(readFileSync(join(ROOT, `models/btrfs-relocation/${name}.race`), 'utf8'), {}, `${name}.race`);
const diagram = (name: string) => {
  const path = `specs/diagrams/${name}.txt`;
  return makeSource(path, readFileSync(join(ROOT, path), 'utf8'));
};
const property = (m: ReturnType<typeof load>, name: string) => m.properties.find((p) => p.name === name)!.index;

describe('replay on a broken fix', () => {
  const cases: { fix: Fix; diagram: string; violates: string }[] = [
    { fix: 'v4.7-no-wait-nocow', diagram: 'f78c436c', violates: 'no_lost_dio_write' },
    { fix: 'v4.7-no-wait-nocow', diagram: 'buffered-nocow', violates: 'no_lost_buffered_write' },
    { fix: 'v4.7-split-increment', diagram: 'f78c436c', violates: 'no_lost_dio_write' },
    { fix: 'v4.7-split-increment', diagram: 'buffered-nocow', violates: 'no_lost_buffered_write' },
    { fix: '9cfa3e34-no-barrier', diagram: '9cfa3e34', violates: 'used_bytes_zero' },
  ];
  for (const c of cases) {
    it(`${c.fix}: ${c.diagram}'s diagram is a run again that violates ${c.violates}`, async () => {
      const r = await replayDiagram(load(broken(c.fix), {}, `${c.fix}.race`), diagram(c.diagram));
      assert.equal(r.result.outcome.kind === 'violation' && r.result.outcome.property, c.violates);
      assert.equal(r.exit, 'violated');
    });
  }
});

describe('explain on a broken fix', () => {
  const cases: { before: string; fix: Fix; race: string }[] = [
    { before: '9cfa3e34', fix: 'v4.7-no-wait-nocow', race: 'no_lost_dio_write' },
    { before: '9cfa3e34', fix: 'v4.7-split-increment', race: 'no_lost_buffered_write' },
    { before: '578def7c', fix: '9cfa3e34-no-barrier', race: 'no_dangling_extent' },
  ];
  for (const c of cases) {
    it(`${c.before} → ${c.fix}: the ${c.race} race is still there`, async () => {
      const before = bundled(c.before);
      const e = await explainFix(before, load(broken(c.fix), {}, `${c.fix}.race`), {
        properties: [property(before, c.race)],
      });
      assert.equal(e.exit, 'violated');
      assert.deepEqual(
        e.replays.map((r) => r.result.outcome.kind === 'violation' && r.result.outcome.property),
        [c.race],
      );
    });
  }
});

describe("the gate's lines in specs/ on a broken fix", () => {
  // Inside the repository, which the gate reads nothing outside of (test/fixtures/generated/ is
  // git-ignored); a folder of this run's own, removed after it, so nothing depends on an earlier run.
  const parent = join(ROOT, 'test/fixtures/generated');
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, 'gate-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const diagrams = relative(dir, join(ROOT, 'specs/diagrams'));
  const specs = readFileSync(join(ROOT, 'specs/btrfs-relocation.spec'), 'utf8');
  /** The spec block named `name`, checking the broken fix instead of its model. */
  const on = (name: string, fix: Fix): string => {
    const start = specs.indexOf(`spec "${name}`);
    assert.ok(start >= 0, `specs/btrfs-relocation.spec has no spec "${name}"`);
    const block = specs.slice(start, specs.indexOf('\n}', start) + 2);
    writeFileSync(join(dir, `${fix}.race`), broken(fix));
    const spec = join(dir, `${fix}.spec`);
    writeFileSync(
      spec,
      block.replace(/model "[^"]*"/, `model "${fix}.race"`).replaceAll('replay "diagrams/', `replay "${diagrams}/`),
    );
    return spec;
  };
  const missed = (spec: string) => {
    const r = racecheck(['gate', spec.slice(ROOT.length), '--format', 'json']);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    // Schema 2: the expectations are each spec's (the file holds one spec here).
    const specs = JSON.parse(r.stdout).specs as { expectations: { checks: string; ok: boolean }[] }[];
    return specs
      .flatMap((s) => s.expectations)
      .filter((x) => !x.ok)
      .map((x) => x.checks);
  };

  it('linux 4.7 without btrfs_wait_nocow_writers: both nocow diagrams miss "stopped at"', () => {
    const miss = missed(on('linux 4.7', 'v4.7-no-wait-nocow'));
    assert.ok(miss.includes('replay f78c436c.txt'), String(miss));
    assert.ok(miss.includes('replay buffered-nocow.txt'), String(miss));
    assert.ok(!miss.includes('replay 9cfa3e34.txt'), String(miss));
  });

  it('linux 4.7 with the nocow count taken after the ro check: both nocow diagrams miss', () => {
    const miss = missed(on('linux 4.7', 'v4.7-split-increment'));
    assert.ok(miss.includes('replay f78c436c.txt') && miss.includes('replay buffered-nocow.txt'), String(miss));
  });

  it("9cfa3e34 without the groups_sem barrier: its own diagram misses 'stopped at'", () => {
    const miss = missed(on('9cfa3e34: fixes the DIO COW race', '9cfa3e34-no-barrier'));
    assert.ok(miss.includes('replay 9cfa3e34.txt'), String(miss));
  });
});
