/*
 * The command line end to end: exit codes, diagnostics on bad input, help.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT, racecheck } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'racecheck-cli-'));
function model(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('racecheck check', () => {
  it('exits 1 and draws a CPU 1 / CPU 2 diagram for v4.6', () => {
    const r = racecheck(['check', 'models/btrfs-relocation/v4.6.race']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^ +CPU 1 +CPU 2$/m);
    assert.match(r.stdout, /VIOLATED used_bytes_zero/);
    assert.match(r.stdout, /VIOLATED no_lost_dio_write/);
  });

  it('exits 1 on 9cfa3e34 with a lost nocow write', () => {
    const r = racecheck(['check', 'models/btrfs-relocation/9cfa3e34.race']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /VIOLATED no_lost_dio_write/);
    assert.match(r.stdout, /VIOLATED no_lost_buffered_write/);
    assert.match(r.stdout, /bio completes and wrote new data to the old\s+location of the block group/);
  });

  it('exits 0 on v4.7 with its statistics', () => {
    const r = racecheck(['check', 'models/btrfs-relocation/v4.7.race']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      new RegExp(
        /holds +no_unrelated_wait, used_bytes_zero, no_io_to_removed_chunk, no_dangling_extent, /.source +
          /no_counter_underflow, no_lost_dio_write, no_lost_buffered_write, no_deadlock/.source,
      ),
    );
    assert.match(r.stdout, /states +[\d,]+ generated, [\d,]+ distinct, depth \d+/);
  });

  it('checks every model of a folder', () => {
    const r = racecheck(['check', 'models/btrfs-relocation', '--format', 'json']);
    assert.equal(r.code, 1);
    const json = JSON.parse(r.stdout) as { models: { file: string; status: string }[] };
    assert.deepEqual(
      json.models.map((m) => [m.file.replace(/^.*\//, ''), m.status]),
      [
        ['578def7c.race', 'violated'],
        ['9cfa3e34.race', 'violated'],
        ['scaled.race', 'violated'],
        ['v4.6.race', 'violated'],
        ['v4.7.race', 'ok'],
      ],
    );
  });

  it('exits 2 with file:line:col, the line and a caret for a syntax error', () => {
    const path = model('syntax.race', 'var x: 0..3\nprocess p {\n  step { x = }\n}\n');
    const r = racecheck(['check', path]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(
      r.stderr,
      `${path}:3:14: error: expected a value, found '}'\n3 |   step { x = }\n                 ^\n`,
    );
  });

  it('exits 2 for an unknown variable, with a suggestion', () => {
    const path = model('unknown.race', 'var ready: bool\nprocess p { step { await redy } }\n');
    const r = racecheck(['check', path]);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      new RegExp(
        `^${path.replace(/[.]/g, '\\.')}:2:26: error: unknown name 'redy'\n` +
          `2 \\| process p \\{ step \\{ await redy \\} \\}\n {29}\\^~~~\ndid you mean 'ready'\\?\n$`,
      ),
    );
  });

  it('exits 2 for an assignment out of range at run time, after showing how it got there', () => {
    const path = model('range.race', 'var n: 0..2\nprocess p "CPU 1" { while true { step bump() { n += 1 } } }\n');
    const r = racecheck(['check', path]);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /range\.race:2:48: error: value 3 is out of range 0\.\.2 \(after 2 steps\)\n2 \| .*\n {51}\^/,
    );
    assert.match(r.stdout, /bump\(\)\n\n bump\(\)/);
  });

  it('a model that fails at run time is a diagnostic and exit 2 in every command; JSON stays one document', () => {
    const path = model(
      'fails.race',
      'var x: 0..1 = 0\nprocess p { step one() { x = x + 1 } step two() { x = x + 1 } }\ninvariant ok: true\n',
    );
    const diagram = model('fails.txt', '              p\n\n one()\n');
    const spec = model('fails.spec', `spec "s" {\n  model "fails.race"\n  expect ok holds\n}\n`);
    const runs = [
      ['check', path, '--format', 'json'],
      ['check', path, '--engine', 'random', '--seed', '1'],
      ['simulate', path, '--seed', '1'],
      ['replay', path, diagram],
      ['explain', path, path],
      ['gate', spec],
    ];
    for (const args of runs) {
      const r = racecheck(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(
        r.stderr,
        /fails\.race:2:51: error: value 2 is out of range 0\.\.1.*\n2 \| process p .*\n {54}\^/,
        args.join(' '),
      );
      assert.doesNotMatch(r.stderr, /internal error/);
    }
    assert.equal(JSON.parse(racecheck(runs[0]!).stdout).models[0].status, 'error');
  });

  it('exits 2 for a missing file, pointing at the argument', () => {
    const r = racecheck(['check', 'models/nope.race']);
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      "<command line>:1:7: error: cannot read 'models/nope.race': no such file\n" +
        '1 | check models/nope.race\n          ^~~~~~~~~~~~~~~~\n',
    );
  });

  it('exits 2 for an unknown -D constant or property', () => {
    const d = racecheck(['check', 'models/btrfs-relocation/v4.7.race', '-D', 'WITH_DIO=false']);
    assert.equal(d.code, 2);
    assert.match(d.stderr, /<command line>:1:44: error: the model has no constant 'WITH_DIO'/);
    const p = racecheck(['check', 'models/btrfs-relocation/v4.7.race', '-p', 'no_lost_write']);
    assert.equal(p.code, 2);
    assert.match(p.stderr, /has no property 'no_lost_write'\n.*\n.*\^~+\nits properties are: .*no_lost_dio_write/);
  });

  it('exits 2 for bad usage', () => {
    assert.equal(racecheck(['check']).code, 2);
    assert.equal(racecheck(['frobnicate']).code, 2);
    assert.equal(racecheck(['check', 'x.race', '--max-states', 'lots']).code, 2);
    assert.equal(racecheck(['check', 'x.race', '--format', 'pdf']).code, 2);
  });

  it('exits 3 with the statistics so far when a limit stops the search', () => {
    const r = racecheck(['check', 'models/btrfs-relocation/v4.7.race', '--max-states', '1000']);
    assert.equal(r.code, 3);
    assert.match(r.stdout, /unknown +no_unrelated_wait, .* \(stopped at --max-states/);
    assert.match(r.stdout, /states +[\d,]+ generated, 1,\d{3} distinct/);
  });

  it('reduces by symmetry where a process array is declared symmetric and says so; --no-symmetry counts all', () => {
    const reduced = racecheck(['check', 'bench/models/ticket.race', '-D', 'N=4', '--format', 'json']);
    const full = racecheck(['check', 'bench/models/ticket.race', '-D', 'N=4', '--format', 'json', '--no-symmetry']);
    const [r, f] = [reduced, full].map((x) => JSON.parse(x.stdout).models[0]);
    assert.deepEqual(r.symmetry, ['p']);
    assert.equal(f.symmetry, undefined);
    assert.ok(r.stats.distinct * 10 < f.stats.distinct);
    assert.equal(r.status, 'ok');
    assert.equal(f.status, 'ok');
    const shown = racecheck(['check', 'bench/models/ticket.race']);
    assert.match(shown.stdout, /symmetry +states that differ only by a permutation of p counted once/);
  });

  it('lists the steps no run takes; --coverage counts each step; JSON carries both', () => {
    const file = model(
      'coverage.race',
      `var x: 0..3 = 0
process a "A" {
  step "sets x" { x = 1 }
  if x == 3 { step "never" }
}
final ends: x == 1
`,
    );
    const plain = racecheck(['check', file]);
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(plain.stdout, /unreached 1 step no run takes:\n {4}.*coverage\.race:4:15: step "never"\n/);
    assert.match(plain.stdout, /finals {4}ends checked in 1 end state\n/);
    assert.doesNotMatch(plain.stdout, /coverage: how many/);
    const counted = racecheck(['check', file, '--coverage']);
    assert.match(counted.stdout, /coverage: how many transitions took each step\n {2}1 {2}.*:3:3: step "sets x"/);
    assert.match(counted.stdout, /\n {2}0 {2}.*:4:15: step "never"\n/);
    const json = JSON.parse(racecheck(['check', file, '--format', 'json']).stdout) as {
      models: { coverage: { unreached: { text: string }[]; steps: { count: number }[] } }[];
    };
    assert.deepEqual(
      json.models[0]!.coverage.unreached.map((u) => u.text),
      ['step "never"'],
    );
    // The opposite: with the step reachable, nothing is listed.
    const reached = racecheck(['check', model('reached.race', readFileSync(file, 'utf8').replace('x == 3', 'x == 1'))]);
    assert.doesNotMatch(reached.stdout, /unreached/);
  });

  it('prints every state, TLC style, with --format text', () => {
    const path = model(
      'text.race',
      'var x: 0..3\nprocess p { step inc() { x += 1 } step inc() { x += 1 } }\ninvariant small: x < 2\n',
    );
    const r = racecheck(['check', path, '--format', 'text']);
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /State 1: <initial state>\n {2}x = 0\n\nState 2: p: inc\(\) \(.*text\.race:2:13\)\n\* x = 1\n/,
    );
  });

  it('stops quietly when its output pipe closes early', () => {
    const r = spawnSync(
      'sh',
      ['-c', 'node bin/racecheck.js check models/btrfs-relocation/v4.6.race -D WITH_DIO_NOCOW=false | head -1'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    assert.equal(
      r.stdout,
      'models/btrfs-relocation/v4.6.race: btrfs block group relocation, linux 4.6 ' +
        '(before 578def7c, 9cfa3e34 and f78c436c)\n',
    );
    assert.equal(r.stderr, '');
  });

  it('has help that names the commands, options and exit codes', () => {
    const top = racecheck(['--help']);
    assert.equal(top.code, 0);
    assert.match(top.stdout, /check .*\n.*gate/s);
    assert.match(top.stdout, /Exit codes/);
    const check = racecheck(['help', 'check']);
    assert.match(check.stdout, /--define <NAME=VALUE>/);
    assert.match(check.stdout, /--max-states <n>/);
    assert.match(check.stdout, /--format <format>/);
    assert.match(check.stdout, /--no-symmetry/);
    assert.match(check.stdout, /Examples:\n {2}racecheck check \S+\n {2}racecheck check /);
  });
});

describe('racecheck check reads only models, and checks something', () => {
  // A marker in the environment of the run: /proc/self/environ holds it, and no output may.
  const SECRET = 'RACECHECK_TEST_SECRET_5f1e';
  const env = { RACECHECK_TEST_SECRET: SECRET };
  const shows = (r: { stdout: string; stderr: string }, text: string) => (r.stdout + r.stderr).includes(text);
  const violated = 'var x: 0..3 // the rest of the line only\nprocess p { step { x = 1 } }\ninvariant small: x == 0\n';

  it('refuses a file that is not a model without showing any of it', () => {
    for (const path of ['/proc/self/environ', '/etc/passwd']) {
      const r = racecheck(['check', path], env);
      assert.equal(r.code, 2, path);
      assert.match(r.stderr, /^<command line>:1:7: error: '.*' is not a racecheck model: /, path);
      assert.ok(!shows(r, SECRET) && !shows(r, 'root:'), `${path} shown: ${r.stderr}`);
    }
    const key = model('key.race', 'AKIA_NOT_A_MODEL=abcdef\nvar x: bool\n');
    const r = racecheck(['check', key]);
    assert.equal(r.code, 2);
    assert.ok(!shows(r, 'abcdef'), r.stderr);
    // A model with its first declaration misspelt still loads up to there: the error is in the file.
    const typo = racecheck(['check', model('typo.race', 'var x: bool\nprocss p { step { x = true } }\n')]);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /typo\.race:2:1: error: .*\n2 \| procss p/);
  });

  it('refuses a FIFO, /dev/zero and a link to it at once, without reading them', () => {
    const fifo = join(dir, 'fifo.race');
    spawnSync('mkfifo', [fifo]);
    const zero = join(dir, 'zero.race');
    symlinkSync('/dev/zero', zero);
    for (const path of [fifo, '/dev/zero', zero]) {
      const started = Date.now();
      const r = racecheck(['check', path]);
      assert.equal(r.code, 2, path);
      assert.match(r.stderr, /is not a regular file \(a FIFO, socket or device\)/);
      assert.ok(Date.now() - started < 10_000);
    }
    assert.match(racecheck(['check', dir]).stderr, /'.*fifo\.race' is not a regular file/);
  });

  it('refuses a binary file and a file with control characters, showing none of it', () => {
    const binary = model('binary.race', 'var x: bool\0SECRET\n');
    assert.match(racecheck(['check', binary]).stderr, /is not a racecheck model: it holds NUL bytes/);
    const controls = model('escape.race', 'var x: bool // \x1b]0;owned\x07\nprocess p { step { x = true } }\n');
    const r = racecheck(['check', controls]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /it holds a control character \(\\x1b\) at 1:16/);
    assert.ok(!r.stderr.includes('\x1b') && !shows(r, 'owned'), r.stderr);
  });

  it('exits 2 on a model with nothing to check; a model with a process still runs', () => {
    for (const [name, text] of [
      ['empty.race', ''],
      ['comments.race', '// nothing here\n/* or here */\n'],
      ['noprocess.race', 'var x: bool\ninvariant i: !x\n'],
    ] as const) {
      const r = racecheck(['check', model(name, text)]);
      assert.equal(r.code, 2, name);
      assert.match(r.stderr, /declares no process: there is nothing to check/, name);
    }
    assert.equal(racecheck(['check', model('one.race', 'process p { step { skip } }\n')]).code, 0);
  });

  it('ends lines at LF, CRLF and a lone CR: a // comment does not swallow the model', () => {
    const lf = racecheck(['check', model('lf.race', violated)]);
    assert.equal(lf.code, 1, lf.stdout + lf.stderr);
    for (const [name, end] of [
      ['cr.race', '\r'],
      ['crlf.race', '\r\n'],
    ] as const) {
      const r = racecheck(['check', model(name, violated.replace(/\n/g, end))]);
      assert.equal(r.code, 1, name);
      assert.match(r.stdout, new RegExp(`VIOLATED small: invariant small is false\\n.*${name}:3:1: `));
    }
    // Diagnostics count lines the same way.
    const bad = racecheck(['check', model('bad-cr.race', 'var x: bool\rprocess p {\r  step { x = }\r}\r')]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /bad-cr\.race:3:14: error: expected a value, found '\}'\n3 \| {3}step \{ x = \}\n/);
  });

  it('follows or reports every model of a folder walk', () => {
    const walked = join(dir, 'walk');
    mkdirSync(join(walked, 'sub'), { recursive: true });
    writeFileSync(join(walked, 'a.race'), violated);
    symlinkSync('a.race', join(walked, 'b.race'));
    symlinkSync('..', join(walked, 'sub', 'up'));
    const json = racecheck(['check', walked, '--format', 'json']);
    assert.equal(json.code, 1, json.stderr);
    assert.deepEqual(
      (JSON.parse(json.stdout) as { models: { file: string }[] }).models.map((m) => m.file.slice(walked.length)),
      ['/a.race', '/b.race'],
    );
    symlinkSync('/proc/self/environ', join(walked, 'env.race'));
    symlinkSync('nowhere.race', join(walked, 'sub', 'broken.race'));
    const r = racecheck(['check', walked], env);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /'.*walk\/env\.race' is a symbolic link to a file outside the repository/);
    assert.match(r.stderr, /'.*walk\/sub\/broken\.race' is a broken symbolic link/);
    assert.ok(!shows(r, SECRET));
  });
});
