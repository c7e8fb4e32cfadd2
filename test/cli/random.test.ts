/*
 * The random engine on the command line: it finds races, prints a line that
 * reproduces each exactly, splits into shards that merge; simulate draws a run.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { racecheck } from '../helpers.js';

const V46 = 'models/btrfs-relocation/v4.6.race';
const dir = mkdtempSync(join(tmpdir(), 'racecheck-random-'));

describe('racecheck check --engine random', () => {
  const first = racecheck(['check', '--engine', 'random', '--seed', '1', V46]);

  it('finds violations of v4.6 with seed 1 and exits 1', () => {
    assert.equal(first.code, 1, first.stderr);
    assert.match(first.stdout, /VIOLATED no_lost_dio_write/);
    assert.match(first.stdout, /runs +[\d,]+ runs \(pct bias, seed 1\)/);
  });

  it('prints a reproduction line that gives the same diagram byte for byte', () => {
    const line = /reproduce: racecheck (check .* -p no_lost_dio_write)\n/.exec(first.stdout)?.[1];
    assert.ok(line, 'a reproduction line');
    const args = line.split(' ');
    const again = racecheck(args);
    assert.equal(again.code, 1);
    const a = first.stdout.slice(first.stdout.indexOf('VIOLATED no_lost_dio_write'));
    const b = again.stdout.slice(again.stdout.indexOf('VIOLATED no_lost_dio_write'));
    const diagram = (s: string) =>
      s.slice(0, s.indexOf('\nfound by') >= 0 ? s.indexOf('\nfound by') : s.indexOf('\nreplayed from'));
    assert.equal(diagram(b), diagram(a));
    assert.match(b, /replayed from seed 1, path /);
  });

  it('says "not found" rather than "holds", and exits 0, when it finds nothing', () => {
    const r = racecheck([
      'check',
      '--engine',
      'random',
      '--seed',
      '3',
      '--runs',
      '50',
      'models/btrfs-relocation/v4.7.race',
    ]);
    assert.equal(r.code, 0);
    assert.match(
      r.stdout,
      /not found no_unrelated_wait, used_bytes_zero, .*random search cannot show that a property holds/,
    );
    assert.doesNotMatch(r.stdout, /holds +no_/);
  });

  it('splits into shards whose merged results find the races', () => {
    const files = [1, 2].map((i) => {
      const out = join(dir, `shard-${i}.json`);
      const r = racecheck([
        'check',
        '--engine',
        'random',
        '--seed',
        '9',
        '--runs',
        '400',
        '--shard',
        `${i}/2`,
        '--format',
        'json',
        '--out',
        out,
        'models/btrfs-relocation/9cfa3e34.race',
      ]);
      assert.ok(r.code === 0 || r.code === 1, r.stderr);
      return out;
    });
    const seeds = files.map(
      (f) =>
        (JSON.parse(readFileSync(f, 'utf8')) as { models: { random: { seed: number; runs: number } }[] }).models[0]!
          .random,
    );
    assert.notEqual(seeds[0]!.seed, seeds[1]!.seed, 'each shard has its own seed');
    // Each shard tries its share (200) for each of the 8 properties, fewer where it finds a violation.
    for (const s of seeds) assert.ok(s.runs > 5 * 200 && s.runs <= 8 * 200, String(s.runs));
    const merged = racecheck(['merge', ...files]);
    assert.equal(merged.code, 1);
    assert.match(merged.stdout, new RegExp(`\\(${seeds[0]!.runs + seeds[1]!.runs} random runs in all\\)`));
    assert.match(merged.stdout, /violated +no_lost_dio_write \(\d+ steps; seed \d+, path [\d:]+\)/);
    const json = JSON.parse(racecheck(['merge', '--format', 'json', ...files]).stdout) as {
      models: { properties: { name: string; status: string }[] }[];
    };
    assert.equal(json.models[0]!.properties.find((p) => p.name === 'no_lost_dio_write')!.status, 'violated');
  });

  it('rejects a bad shard, bias or seed', () => {
    assert.equal(racecheck(['check', '--engine', 'random', '--shard', '3/2', V46]).code, 2);
    assert.equal(racecheck(['check', '--engine', 'random', '--bias', 'lucky', V46]).code, 2);
    assert.equal(racecheck(['check', '--engine', 'random', '--seed', '-1', V46]).code, 2);
    assert.match(racecheck(['merge', V46]).stderr, /not JSON/);
  });
});

describe('racecheck simulate', () => {
  it('draws one random run, the same for the same seed', () => {
    const a = racecheck(['simulate', 'models/btrfs-relocation/v4.7.race', '--seed', '11']);
    const b = racecheck(['simulate', 'models/btrfs-relocation/v4.7.race', '--seed', '11']);
    assert.equal(a.code, 0);
    assert.equal(a.stdout, b.stdout);
    assert.match(
      a.stdout,
      new RegExp(
        /^models\/btrfs-relocation\/v4\.7\.race: a random run of \d+ steps \(seed 11\)\n/.source +
          / {2}constants WITH_DIO_COW=true, .*\n\n +CPU 1/.source,
      ),
    );
    assert.match(a.stdout, /every process finished\n$/);
  });

  it('writes the run in other formats', () => {
    const itf = JSON.parse(
      racecheck(['simulate', 'models/btrfs-relocation/v4.7.race', '--seed', '11', '--format', 'itf']).stdout,
    ) as { vars: string[] };
    assert.ok(itf.vars.includes('ro'));
  });
});
