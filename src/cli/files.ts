/*
 * Files named on the command line: arguments expanded (a file stands for
 * itself, a folder for every file with the given extension under it, in name
 * order), and output files written.
 */
import { closeSync, mkdirSync, openSync, readdirSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fail } from '../lang/index.js';
import type { CommandLine } from './commandline.js';

/** Each file, with the argument it came from (to point at when it cannot be read). */
export function expandFiles(
  args: readonly string[],
  extension: string,
  cl: CommandLine,
): { path: string; arg: string }[] {
  return args.flatMap((arg) => {
    let isDir = false;
    try {
      isDir = statSync(arg).isDirectory();
    } catch {
      // A missing file is reported when it is read, with its place on the command line.
    }
    if (!isDir) return [{ path: arg, arg }];
    const found = walk(arg, extension);
    if (found.length === 0) {
      const { source, at } = cl.ref(arg);
      fail(source, at, `folder '${arg}' holds no ${extension} file`);
    }
    return found.map((path) => ({ path, arg }));
  });
}

function walk(dir: string, extension: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return walk(path, extension);
      return e.isFile() && e.name.endsWith(extension) ? [path] : [];
    });
}

/**
 * Writes a whole output file, given as one text or as pieces (written one after the other: a document too
 * large for one string), making its folder if need be; a file that cannot be written is a usage error at
 * the argument that named it (`arg`: the pattern it came from, if any).
 */
export function writeOutput(path: string, text: string | readonly string[], cl: CommandLine, arg = path): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    if (typeof text === 'string') writeFileSync(path, text);
    else {
      const fd = openSync(path, 'w');
      try {
        for (const piece of text) writeSync(fd, piece);
      } finally {
        closeSync(fd);
      }
    }
  } catch (e) {
    const { source, at } = cl.ref(arg);
    fail(source, at, `cannot write '${path}': ${e instanceof Error && 'code' in e ? String(e.code) : String(e)}`);
  }
}
