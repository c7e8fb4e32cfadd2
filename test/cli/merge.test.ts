/*
 * `racecheck merge` as a process: the exit codes of merged verdicts (3 for a limit no part decided,
 * 0 once a complete run decides), and exit 2 with one diagnostic at line:col for a file it refuses.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { racecheck } from '../helpers.js';
import { STACK } from './process.js';

const dir = mkdtempSync(join(tmpdir(), 'racecheck-cli-merge-'));
const V47 = 'models/btrfs-relocation/v4.7.race';

function result(name: string, args: string[]): string {
  const out = join(dir, name);
  const r = racecheck(['check', V47, '--format', 'json', '--out', out, ...args]);
  assert.ok([0, 3].includes(r.code), r.stderr);
  return out;
}

describe('racecheck merge', () => {
  const stopped = result('stopped.json', ['--max-states', '1000']);
  const complete = result('complete.json', []);
  const other = result('other.json', ['--max-states', '1000', '-D', 'WITH_UNRELATED=false']);

  it('a part stopped at a limit is undecided: exit 3; with a complete part: exit 0', () => {
    const alone = racecheck(['merge', stopped]);
    assert.equal(alone.code, 3, alone.stderr);
    assert.match(alone.stdout, /^ {2}undecided {2}used_bytes_zero$/m);
    const both = racecheck(['merge', stopped, complete]);
    assert.equal(both.code, 0, both.stderr);
    assert.match(both.stdout, /^ {2}holds {6}used_bytes_zero$/m);
  });

  it('other -D values, a file that is not JSON, or no file at all: exit 2, one diagnostic', () => {
    const mixed = racecheck(['merge', stopped, other]);
    assert.equal(mixed.code, 2);
    assert.match(
      mixed.stderr,
      /other\.json:\d+:\d+: error: constant 'WITH_UNRELATED' is false here but true in .*stopped/,
    );
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{\n  "schema": 2,\n  "models": [,]\n}\n');
    const bad = racecheck(['merge', broken]);
    assert.equal(bad.code, 2);
    assert.match(
      bad.stderr,
      /broken\.json:3:14: error: not JSON: expected a value, found ','\n3 \| {3}"models": \[,\]\n/,
    );
    const none = racecheck(['merge']);
    assert.equal(none.code, 2);
    for (const r of [mixed, bad, none]) assert.doesNotMatch(r.stderr, STACK);
  });
});
