import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { makeSource } from '../../src/lang/index.js';
import { parseSpecs } from '../../src/spec/index.js';
import { ROOT, racecheck } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'racecheck-gate-'));
function spec(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
const V47 = join(ROOT, 'models/btrfs-relocation/v4.7.race');
const V46 = join(ROOT, 'models/btrfs-relocation/v4.6.race');

describe('spec files', () => {
  it('parse models, constants, limits and expectations', () => {
    const [s] = parseSpecs(
      makeSource(
        's.spec',
        'spec "one" {\n model "m.race"\n const N = -2\n max_states 10\n expect p holds\n expect q violated\n}',
      ),
    );
    assert.equal(s!.name, 'one');
    assert.equal(s!.model.path, 'm.race');
    assert.deepEqual(
      s!.constants.map((c) => [c.name, c.value]),
      [['N', '-2']],
    );
    assert.equal(s!.maxStates, 10);
    assert.deepEqual(
      s!.expectations.map((e) => e.kind === 'property' && [e.property, e.expected]),
      [
        ['p', 'holds'],
        ['q', 'violated'],
      ],
    );
  });

  it('report mistakes at their place', () => {
    assert.throws(
      () => parseSpecs(makeSource('s.spec', 'spec "x" {\n expect p maybe\n}')),
      /expected 'holds' or 'violated', found 'maybe'/,
    );
    assert.throws(() => parseSpecs(makeSource('s.spec', 'spec "x" {\n expect p holds\n}')), /names no model/);
    assert.throws(() => parseSpecs(makeSource('s.spec', 'spec "x" {\n model "m"\n}')), /expects nothing/);
    assert.throws(() => parseSpecs(makeSource('s.spec', 'spec "x" {\n frob\n}')), /unknown spec entry 'frob'/);
  });
});

describe('racecheck gate', () => {
  it('passes on the bundled specs, with a row per expectation', () => {
    const r = racecheck(['gate']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^linux 4\.6: every race of the three commits {2}models\/btrfs-relocation\/v4\.6\.race\n/);
    assert.match(r.stdout, /\n {2}ok {6}no_lost_dio_write +violated\n/);
    assert.match(r.stdout, /(\d+) expectations: \1 met, 0 missed/);
    // Narrow: a heading per spec, a row per expectation, every line within 100 columns.
    const long = r.stdout.split('\n').filter((l) => l.length > 100);
    assert.deepEqual(long, []);
  });

  it('fails when a fixed model regresses, and shows the race', () => {
    const path = spec(
      'regress.spec',
      `spec "4.6 claimed fixed" {\n  model "${V46}"\n  expect used_bytes_zero holds\n}\n`,
    );
    const r = racecheck(['gate', path]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /\n {2}MISSED {2}used_bytes_zero {2}holds \u2192 violated\n/);
    assert.match(r.stdout, /regress\.spec:3:10: missed: expected used_bytes_zero to be holds, but it is violated/);
    assert.match(r.stdout, /CPU 1 +CPU 2/);
  });

  it('fails when a race is no longer found', () => {
    const path = spec(
      'lost.spec',
      `spec "4.7 claimed racy" {\n  model "${V47}"\n  expect no_lost_dio_write violated\n}\n`,
    );
    const r = racecheck(['gate', path]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /expected no_lost_dio_write to be violated, but it holds/);
  });

  it('exits 2 when a spec names a missing property, at its place', () => {
    const path = spec('missing.spec', `spec "typo" {\n  model "${V47}"\n  expect no_lost_writes holds\n}\n`);
    const r = racecheck(['gate', path]);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      new RegExp(
        /missing\.spec:3:10: error: model .* has no property 'no_lost_writes'\n/.source +
          /3 \| {3}expect no_lost_writes holds\n {13}\^~+\nits properties are:/.source,
      ),
    );
  });

  it('exits 2 when a spec names a model that does not exist', () => {
    const path = spec('nomodel.spec', 'spec "x" {\n  model "nowhere.race"\n  expect p holds\n}\n');
    const r = racecheck(['gate', path]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /nomodel\.spec:2:9: error: cannot read '.*nowhere\.race': no such file/);
  });

  it('exits 3 when a limit leaves an expectation undecided', () => {
    const path = spec(
      'limit.spec',
      `spec "tiny" {\n  model "${V47}"\n  max_states 100\n  expect no_deadlock holds\n}\n`,
    );
    const r = racecheck(['gate', path]);
    assert.equal(r.code, 3);
    assert.match(r.stdout, /MISSED {2}no_deadlock {2}holds \u2192 unknown/);
  });

  it('writes JSON with --format json', () => {
    const r = racecheck(['gate', '--format', 'json']);
    const json = JSON.parse(r.stdout) as { ok: boolean; specs: { expectations: { ok: boolean }[] }[] };
    assert.equal(json.ok, true);
    assert.ok(json.specs.flatMap((s) => s.expectations).length >= 20);
  });

  it('runs the other specs when one does not load: an error row, a JUnit <error>, an annotation, exit 2', () => {
    const broken = spec('broken.race', 'var x: 0..3\nprocess p {\n  step { x = }\n}\n');
    const bad = spec('bad.spec', `spec "broken model" {\n  model "${broken}"\n  expect no_deadlock holds\n}\n`);
    const good = spec(
      'good.spec',
      `spec "4.7 holds" {\n  model "${V47}"\n  expect no_deadlock holds\n  expect used_bytes_zero holds\n}\n`,
    );
    const junit = join(dir, 'gate.xml');
    const r = racecheck(['gate', bad, good, '--junit', junit], { GITHUB_ACTIONS: 'true' });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /broken\.race:3:14: error: expected a value, found '\}'/);
    assert.match(r.stdout, /\n {2}ERROR {3}.*broken\.race:3:14: expected a value, found '\}'\n/);
    assert.match(r.stdout, /\n {2}ok {6}used_bytes_zero {2}holds\n/);
    assert.match(r.stdout, /2 expectations: 2 met, 0 missed; 1 spec did not load/);
    assert.match(
      r.stdout,
      /^::error file=.*broken\.race,line=3,col=14,title=racecheck gate::broken model: expected a value/m,
    );
    const xml = readFileSync(junit, 'utf8');
    assert.equal((xml.match(/<error /g) ?? []).length, 1);
    assert.equal((xml.match(/<testcase /g) ?? []).length, 3);
    assert.match(xml, /<testsuites name="racecheck gate" tests="3" failures="0" errors="1"/);
    assert.match(xml, /<testcase name="used_bytes_zero holds" [^>]*time="\d+\.\d{3}"\/>/);
  });

  it('gives each JUnit case its own time: the cases of a spec add up to its time, not a multiple of it', () => {
    const junit = join(dir, 'times.xml');
    const r = racecheck(['gate', '--junit', junit]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const xml = readFileSync(junit, 'utf8');
    for (const suite of xml.split('<testsuite ').slice(1)) {
      const total = Number(/^[^>]*time="([\d.]+)"/.exec(suite)![1]);
      const cases = [...suite.matchAll(/<testcase [^>]*time="([\d.]+)"/g)].map((m) => Number(m[1]));
      const sum = cases.reduce((a, b) => a + b, 0);
      assert.ok(sum <= total + 0.01 * cases.length, `cases ${sum} s in a suite of ${total} s`);
    }
  });
});
