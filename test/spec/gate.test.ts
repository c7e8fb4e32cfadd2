import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
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
    assert.match(r.stdout, /^spec +model +checks +expected +got +states +time/);
    assert.match(r.stdout, /(\d+) expectations: \1 met, 0 missed/);
  });

  it('fails when a fixed model regresses, and shows the race', () => {
    const path = spec(
      'regress.spec',
      `spec "4.6 claimed fixed" {\n  model "${V46}"\n  expect used_bytes_zero holds\n}\n`,
    );
    const r = racecheck(['gate', path]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /used_bytes_zero +holds +violated .*MISSED/);
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
    assert.match(r.stdout, /no_deadlock +holds +unknown/);
  });

  it('writes JSON with --format json', () => {
    const r = racecheck(['gate', '--format', 'json']);
    const json = JSON.parse(r.stdout) as { ok: boolean; expectations: { ok: boolean }[] };
    assert.equal(json.ok, true);
    assert.ok(json.expectations.length >= 20);
  });
});
