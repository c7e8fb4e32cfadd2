/*
 * Files named on the command line: arguments expanded (a file stands for
 * itself, a folder for every file with the given extension under it, in name
 * order), and output files written. A file named is trusted (it is the
 * user's to name); a symbolic link a folder walk finds is not (a pull request
 * may commit `models/x.race -> /proc/self/environ`).
 */
import { closeSync, mkdirSync, openSync, readdirSync, realpathSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { controlCharacterAt, fail, visible } from '../lang/index.js';
import { outsideOf, repositoryRoot } from '../pipeline.js';
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
    const { source, at } = cl.ref(arg);
    const problems: string[] = [];
    const root = repositoryRoot(arg);
    const found = walk(arg, extension, root, new Set([realpathSync(arg)]), problems);
    // Every entry is followed or reported: a model skipped in silence is a check that passes on nothing.
    if (problems.length > 0) {
      const rest = problems.slice(1).map((p) => `  ${p}`);
      const more = rest.length > 0 ? `and also:\n${rest.join('\n')}` : undefined;
      fail(source, at, `in folder '${visible(arg)}': ${problems[0]}`, more);
    }
    if (found.length === 0) fail(source, at, `folder '${visible(arg)}' holds no ${extension} file`);
    return found.map((path) => ({ path, arg }));
  });
}

/**
 * The files named `*extension` under `dir`, in name order. A symbolic link is followed when it resolves
 * inside the walked folder's repository (to a file, or to a folder not walked yet); anything else named
 * `*extension` that is not read (a link out of the repository, a broken link, a FIFO) is a problem.
 */
function walk(dir: string, extension: string, root: string, seen: Set<string>, problems: string[]): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => {
      const path = join(dir, e.name);
      const named = e.name.endsWith(extension);
      const shown = `'${visible(path)}'`;
      if (controlCharacterAt(e.name) >= 0) {
        if (named || e.isDirectory()) problems.push(`${shown} has a control character in its name`);
        return [];
      }
      if (e.isSymbolicLink()) {
        const outside = outsideOf(path, root);
        const target = outside ? undefined : statSync(path, { throwIfNoEntry: false });
        if (target?.isDirectory()) {
          const real = realpathSync(path);
          if (seen.has(real)) return [];
          seen.add(real);
          return walk(path, extension, root, seen, problems);
        }
        if (!named) return [];
        if (outside) problems.push(`${shown} ${outside}`);
        else if (!target?.isFile()) problems.push(`${shown} is a symbolic link to something not a regular file`);
        return target?.isFile() ? [path] : [];
      }
      if (e.isDirectory()) {
        seen.add(realpathSync(path));
        return walk(path, extension, root, seen, problems);
      }
      if (!named) return [];
      if (!e.isFile()) problems.push(`${shown} is not a regular file (a FIFO, socket or device)`);
      return e.isFile() ? [path] : [];
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
