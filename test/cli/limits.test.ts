/*
 * Limits through the command line (issue 13, items 4 and 10): every command that searches stops at
 * each limit with exit 3 and its statistics, SIGTERM stops a run as Ctrl-C does, and the parent
 * log's temporary file is gone however the run ends; with room enough the same runs give their
 * real verdict.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT, racecheck } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'racecheck-limits-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
/** 9 million states, depth 6000; `bad` only at the far corner. */
const COUNTERS = file(
  'counters.race',
  `const N = 3000
var x: 0..N = 0
var y: 0..N = 0
process p { while x < N { step { x = x + 1 } } }
process q { while y < N { step { y = y + 1 } } }
invariant bad: !(x == N && y == N)
`,
);
const FOREVER = file('forever.race', 'var x: 0..1 = 0\nprocess p { while true { step flip() { x = 1 - x } } }\n');
const V46 = 'models/btrfs-relocation/v4.6.race';
const V47 = 'models/btrfs-relocation/v4.7.race';

/** The parent logs a process left behind in the temporary folder. */
const logsOf = (pid: number) => readdirSync(tmpdir()).filter((f) => f.startsWith(`racecheck-${pid}-`));

/** Runs the CLI, sending `signals` once its parent log exists (one every 300 ms); its exit code and output. */
function signalled(args: string[], signals: NodeJS.Signals[]): Promise<{ code: number; stdout: string; pid: number }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/racecheck.js', ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const poll = setInterval(() => {
      if (logsOf(child.pid!).length === 0) return;
      clearInterval(poll);
      for (const [k, s] of signals.entries()) setTimeout(() => child.kill(s), 300 * (k + 1));
    }, 50);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      resolve({ code: code ?? (signal ? -1 : -2), stdout, pid: child.pid! });
    });
  });
}

describe('limits on the command line', () => {
  it('--workers 2 --max-memory 50 on millions of states exits 3 at the memory limit, at a sensible depth', () => {
    const r = racecheck(['check', COUNTERS, '--workers', '2', '--max-memory', '50', '--max-time', '120']);
    assert.equal(r.code, 3, r.stdout + r.stderr);
    assert.match(r.stdout, /stopped at the memory limit/);
    const depth = Number(/depth (\d+)/.exec(r.stdout)?.[1]);
    assert.ok(depth > 1000 && depth < 6000, `depth ${depth}`);
    // The opposite: with room enough, its real verdict.
    const small = racecheck(['check', COUNTERS, '-D', 'N=100', '--workers', '2', '--max-memory', '50']);
    assert.equal(small.code, 1, small.stdout + small.stderr);
  });

  it('SIGTERM stops a run as Ctrl-C does: exit 3, the statistics so far, no parent log left', async () => {
    const r = await signalled(['check', COUNTERS, '--store', 'compact'], ['SIGTERM']);
    assert.equal(r.code, 3, r.stdout);
    assert.match(r.stdout, /interrupted before the search finished/);
    assert.match(r.stdout, /[\d,]+ distinct/);
    assert.deepEqual(logsOf(r.pid), []);
  });

  it('a second SIGTERM quits at once (143), and the parent log goes all the same', async () => {
    const r = await signalled(['check', COUNTERS, '--store', 'bitstate'], ['SIGTERM', 'SIGTERM']);
    // (The first may already have stopped the search: then it exits 3.)
    assert.ok(r.code === 143 || r.code === 3, `exit ${r.code}`);
    assert.deepEqual(logsOf(r.pid), []);
  });

  it('simulate --depth 1e8 stops at --max-time and --max-states: exit 3; a short run exits 0', () => {
    // (In a second it may take more steps than a drawing fits in the heap: then the memory limit comes first.)
    const cases = [
      { limit: ['--max-time', '1'], says: /it stopped at (--max-time|the memory limit) after [\d,]+ steps/ },
      { limit: ['--max-states', '100000'], says: /it stopped at --max-states after [\d,]+ steps/ },
    ];
    for (const { limit, says } of cases) {
      const r = racecheck(['simulate', FOREVER, '--depth', '100000000', ...limit]);
      assert.equal(r.code, 3, r.stdout + r.stderr);
      assert.match(r.stdout, says);
    }
    assert.equal(racecheck(['simulate', FOREVER, '--depth', '50', '--max-states', '1000']).code, 0);
  });

  it('random search cut short by a limit exits 3; with room enough it finds the violation', () => {
    const r = racecheck(['check', FOREVER, '--engine', 'random', '--depth', '100000000', '--max-time', '1']);
    assert.equal(r.code, 3, r.stdout + r.stderr);
    assert.match(r.stdout, /stopped at --max-time/);
    const found = racecheck(['check', COUNTERS, '-D', 'N=2', '--engine', 'random', '--seed', '1', '--max-time', '60']);
    assert.equal(found.code, 1, found.stdout + found.stderr);
  });

  it('replay and explain stop at --max-states with exit 3; with room enough, their verdicts', () => {
    const replay = ['replay', V46, 'specs/diagrams/f78c436c.txt'];
    assert.equal(racecheck([...replay, '--max-states', '50']).code, 3);
    assert.equal(racecheck(replay).code, 1);
    const explain = ['explain', 'models/btrfs-relocation/9cfa3e34.race', V47, '-p', 'no_lost_buffered_write'];
    assert.equal(racecheck([...explain, '--max-states', '50']).code, 3);
    assert.equal(racecheck(explain).code, 0);
  });

  it('--store compact --max-memory 10 on millions of states: exit 3, its statistics, the table within 10 MiB', () => {
    const r = racecheck(['check', COUNTERS, '--store', 'compact', '--max-memory', '10', '--max-time', '120']);
    assert.equal(r.code, 3, r.stdout + r.stderr);
    assert.match(r.stdout, /stopped at the memory limit/);
    const stored = /([\d,]+) distinct.* ([\d.]+) (KiB|MiB) stored/.exec(r.stdout);
    assert.ok(stored, r.stdout + r.stderr);
    // Stopped where a growth (the old and the new table at once) would pass the budget, or the heap's growth
    // with it (4.8 MiB, 807,797 states when written): not over the budget, and not at once.
    assert.ok(Number(stored[1]!.replaceAll(',', '')) > 250_000, stored[0]);
    assert.ok(stored[3] === 'MiB' && Number(stored[2]) > 2 && Number(stored[2]) <= 10, stored[0]);
    assert.match(r.stdout, /hash compaction \([\d.]+ bytes a state\).*at most [\d.e-]+/);
    // The opposite: with room enough, its real verdict.
    const small = racecheck(['check', COUNTERS, '-D', 'N=300', '--store', 'compact', '--max-memory', '10']);
    assert.equal(small.code, 1, small.stdout + small.stderr);
  });

  it('--store bitstate sizes its bit array within --max-memory', () => {
    const r = racecheck(['check', V46, '--store', 'bitstate', '--max-memory', '1', '--exhaust']);
    const stored = /([\d.]+) (KiB|MiB) stored/.exec(r.stdout);
    assert.ok(stored, r.stdout + r.stderr);
    assert.ok(stored[2] === 'KiB' || Number(stored[1]) <= 1, stored[0]);
    assert.match(r.stdout, /bitstate: 4,194,304 bits/);
  });
});
