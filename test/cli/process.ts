/*
 * The CLI run as a process, for the tests of exit codes under pipes, signals and limits
 * (test/cli/exits.test.ts, test/fuzz/cli-process.test.ts).
 */
import { spawn, spawnSync } from 'node:child_process';
import { ROOT } from '../helpers.js';

const { FORCE_COLOR: _, GITHUB_ACTIONS: __, ...inherited } = process.env;
export const ENV = { ...inherited, NO_COLOR: '1' };

/** A stack trace's frames, Node's crash report, or racecheck's own report of a bug: never on its stderr. */
export const STACK = /^\s+at .+:\d+:\d+\)?$|^Node\.js v\d|^\w*Error: |internal error/m;

/** Runs a shell script from the repository. */
export function shell(script: string) {
  const r = spawnSync('bash', ['-c', script], { cwd: ROOT, encoding: 'utf8', env: ENV });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** How the reader of racecheck's stdout behaves: reads all, closes before anything, or after some bytes. */
export type Reader = { close: 'never' } | { close: 'at once' } | { close: 'after'; bytes: number };

export interface Ended {
  code: number | null;
  signal: string | null;
  stderr: string;
}

/**
 * Runs racecheck with its stdout a pipe this side reads as `reader` says, sending SIGINT after
 * `interruptMs` if given.
 */
export function run(args: readonly string[], reader: Reader, interruptMs?: number): Promise<Ended> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['bin/racecheck.js', ...args], { cwd: ROOT, env: ENV });
    let stderr = '';
    let read = 0;
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      stderr += s;
    });
    if (reader.close === 'at once') child.stdout.destroy();
    else
      child.stdout.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (reader.close === 'after' && read >= reader.bytes) child.stdout.destroy();
      });
    const timer = interruptMs === undefined ? undefined : setTimeout(() => child.kill('SIGINT'), interruptMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stderr });
    });
  });
}
