/*
 * Exit codes that survive the terminal, tested on the CLI as a process: a reader that stops early
 * (`| head -1`, a pipe closed at the first chunk or before any) leaves the verdict's code; a write
 * error (/dev/full) is one line on stderr and exit 2; output files are checked before the search.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { racecheck } from '../helpers.js';
import { run, STACK, shell } from './process.js';

const V47 = 'models/btrfs-relocation/v4.7.race';
const FOLDER = 'models/btrfs-relocation/';
const dir = mkdtempSync(join(tmpdir(), 'racecheck-exits-'));
/** A model violated after two steps (quicker than v4.6, for the runs that only need a violation). */
const BAD = join(dir, 'bad.race');
writeFileSync(BAD, 'var n: 0..3 = 0\nprocess p { step a() { n = 1 } step b() { n = 2 } }\ninvariant late: n < 2\n');
/** Its twin where every property holds. */
const GOOD = join(dir, 'good.race');
writeFileSync(GOOD, 'var n: 0..3 = 0\nprocess p { step a() { n = 1 } step b() { n = 2 } }\ninvariant fine: n < 3\n');
const after = (bytes: number) => ({ close: 'after', bytes }) as const;
const atOnce = { close: 'at once' } as const;

describe('exit codes when the reader of stdout stops early', () => {
  it('`check FOLDER | head -1` exits 1 (a model is violated), as the run without head does', () => {
    const r = shell(`node bin/racecheck.js check ${FOLDER} | head -1; echo "exit \${PIPESTATUS[0]}"`);
    assert.match(r.stdout, /^models\/btrfs-relocation\/578def7c\.race: .*\nexit 1\n$/);
    assert.doesNotMatch(r.stderr, STACK);
  });

  it('`check good.race | head -1` still exits 0: every property holds', () => {
    const r = shell(`node bin/racecheck.js check ${GOOD} ${GOOD} | head -1; echo "exit \${PIPESTATUS[0]}"`);
    assert.match(r.stdout, /\nexit 0\n$/);
  });

  it('a pipe closed at the first chunk keeps 1 for a violation and 3 for a limit stop', async () => {
    const violated = await run(['check', BAD, BAD, BAD, BAD], after(1));
    assert.deepEqual([violated.code, violated.signal], [1, null], violated.stderr);
    assert.doesNotMatch(violated.stderr, STACK);
    // Three limit-stopped runs: the later ones write after the reader has gone.
    const limited = await run(['check', V47, V47, V47, '--max-states', '5000'], after(1));
    assert.equal(limited.code, 3, limited.stderr);
    assert.match(limited.stderr, /stopped at --max-states/);
    assert.doesNotMatch(limited.stderr, STACK);
  });

  it('a pipe closed before anything is written keeps every code: 1, 3 and 0', async () => {
    const codes = await Promise.all([
      run(['check', BAD], atOnce),
      run(['check', V47, V47, V47, '--max-states', '5000'], atOnce),
      run(['check', GOOD, '--format', 'json'], atOnce),
    ]);
    assert.deepEqual(
      codes.map((r) => r.code),
      [1, 3, 0],
    );
    for (const r of codes) assert.doesNotMatch(r.stderr, STACK);
  });

  it('stderr closed or full leaves the verdict alone', () => {
    assert.match(shell(`node bin/racecheck.js check ${BAD} 2>&- >/dev/null; echo $?`).stdout, /^1$/m);
    if (existsSync('/dev/full'))
      assert.match(shell(`node bin/racecheck.js check ${V47} --max-states 10 2>/dev/full; echo $?`).stdout, /\n3\n$/);
  });
});

describe('output that cannot be written', { skip: !existsSync('/dev/full') && 'no /dev/full here' }, () => {
  it('> /dev/full is one line on stderr and exit 2, for a violation and for a clean run', () => {
    for (const model of [BAD, GOOD]) {
      const r = shell(`node bin/racecheck.js check ${model} > /dev/full`);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stderr, 'racecheck: cannot write output: ENOSPC\n');
    }
  });

  it('the same for help and for one JSON document', () => {
    for (const args of ['--help', `check ${GOOD} --format json`]) {
      const r = shell(`node bin/racecheck.js ${args} > /dev/full`);
      assert.deepEqual([r.code, r.stderr], [2, 'racecheck: cannot write output: ENOSPC\n'], args);
    }
  });

  it('output into /dev/null is written (not an error)', () => {
    assert.equal(shell(`node bin/racecheck.js check ${BAD} > /dev/null`).code, 1);
  });
});

describe('output files are checked before the search', () => {
  // With --max-states 10 a search that ran would say "stopped at --max-states" on stderr.
  const search = ['check', V47, '--max-states', '10'];
  it('--out under a file, or naming a folder, is exit 2 at the argument and no search', () => {
    for (const [out, why] of [
      ['README.md/result.json', 'ENOTDIR'],
      ['docs', 'it is a folder'],
    ] as const) {
      const r = racecheck([...search, '--out', out]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, new RegExp(`^<command line>:1:\\d+: error: cannot write '${out}': ${why}\n`));
      assert.doesNotMatch(r.stderr, /stopped at/);
      assert.equal(r.stdout, '');
    }
  });

  it('--out-itf and --out patterns whose folder cannot be made, and gate --junit, likewise', () => {
    const itf = racecheck([...search, '--out-itf', 'README.md/{property}.itf.json']);
    assert.equal(itf.code, 2);
    assert.match(itf.stderr, /cannot write 'README\.md\/\{property\}\.itf\.json': .*README\.md is not a folder/);
    const junit = racecheck(['gate', 'specs', '--junit', 'README.md/gate.xml']);
    assert.equal(junit.code, 2);
    assert.match(junit.stderr, /^<command line>:1:\d+: error: cannot write 'README\.md\/gate\.xml': ENOTDIR\n/);
    assert.equal(junit.stdout, '');
  });

  it('an --out in folders yet to be made, and --out /dev/null, are written', () => {
    const out = join(dir, 'new', 'sub', 'v4.6.json');
    const r = racecheck(['check', BAD, '--format', 'json', '--out', out]);
    assert.equal(r.code, 1, r.stderr);
    assert.equal((JSON.parse(readFileSync(out, 'utf8')) as { schema: number }).schema, 2);
    assert.equal(racecheck(['check', BAD, '--out', '/dev/null']).code, 1);
    const pattern = join(dir, 'itf', '{property}.itf.json');
    assert.equal(racecheck(['check', BAD, '--out-itf', pattern]).code, 1);
    assert.ok(existsSync(join(dir, 'itf', 'late.itf.json')));
  });
});
