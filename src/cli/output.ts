/*
 * Standard output and the exit code. The verdict decides the exit code; what happens to stdout
 * afterwards does not change it into a success:
 *   - the reader went away (EPIPE: `racecheck check … | head -1`): stop writing, quietly, and exit
 *     with the verdict's code, as git and SPIN do (Node ignores SIGPIPE, so this is an 'error'
 *     event on process.stdout; a pipe is written asynchronously, so the code is set through
 *     process.exitCode and the process is never cut short with process.exit);
 *   - any other write error (ENOSPC on /dev/full, EIO): the output asked for is lost, so one line
 *     on stderr, "racecheck: cannot write output: ENOSPC", and exit 2 whatever the verdict was (as
 *     an --out file that cannot be written is exit 2: never 0, and never a verdict the user did
 *     not get to read);
 *   - stderr failing has nowhere left to be reported: it is ignored and the verdict stands.
 * Output files named by options are checked before a search starts (`assertWritable`), so that a
 * long search is not wasted on a path that cannot be written.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fail } from '../lang/index.js';
import type { CommandLine } from './commandline.js';
import { EXIT } from './exit.js';

/** The error code of the first failed write to stdout other than a closed pipe, if any. */
let writeFailure: string | undefined;

/** A reader that went away: the pipe is closed (EPIPE), or the stream was torn down after it. */
function readerGone(code: string | undefined): boolean {
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || code === 'ECONNRESET';
}

/** Installs the handlers that keep stdout's fate out of the exit code (see the top of this file). */
export function guardOutput(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (readerGone(e.code) || writeFailure !== undefined) return;
    writeFailure = e.code ?? e.message;
    process.exitCode = EXIT.usage;
    process.stderr.write(`racecheck: cannot write output: ${writeFailure}\n`);
  });
  process.stderr.on('error', () => {
    // Nothing is left to tell the user with; the exit code still says how the run ended.
  });
}

/** The exit code to end with: the verdict's, unless stdout could not be written (2). */
export function finalExitCode(verdict: number): number {
  return writeFailure === undefined ? verdict : EXIT.usage;
}

/** Why `path` cannot be written as an output file, or undefined if it can (it is not created). */
export function unwritable(path: string): string | undefined {
  try {
    if (statSync(path).isDirectory()) return 'it is a folder';
    accessSync(path, constants.W_OK);
    return undefined;
  } catch (e) {
    const code = errorCode(e);
    if (code !== 'ENOENT') return code;
  }
  return unwritableFolder(dirname(resolve(path)));
}

/** Why files cannot be made in `dir` (made first, with its parents, if missing), or undefined. */
export function unwritableFolder(dir: string): string | undefined {
  for (let at = resolve(dir); ; at = dirname(at)) {
    try {
      if (!statSync(at).isDirectory()) return `${at} is not a folder`;
      accessSync(at, constants.W_OK | constants.X_OK);
      return undefined;
    } catch (e) {
      const code = errorCode(e);
      // A missing folder is made when the file is written: its nearest existing parent decides.
      if (code !== 'ENOENT' || dirname(at) === at) return code;
    }
  }
}

/**
 * Refuses, before any search, an output path (or a {property} pattern's folder) that cannot be
 * written: a usage error at the argument that named it.
 */
export function assertWritable(path: string, cl: CommandLine, pattern = false): void {
  const why = pattern ? unwritableFolder(patternFolder(path)) : unwritable(path);
  if (why === undefined) return;
  const { source, at } = cl.ref(path);
  fail(source, at, `cannot write '${path}': ${why}`);
}

/** The fixed folder a pattern's files go under: the part before its first placeholder, up to a '/'. */
function patternFolder(pattern: string): string {
  const head = pattern.slice(0, pattern.search(/\{(model|property|seq)\}/));
  const slash = head.lastIndexOf('/');
  return slash < 0 ? '.' : head.slice(0, slash) || '/';
}

function errorCode(e: unknown): string {
  return e instanceof Error && 'code' in e ? String(e.code) : String(e);
}
