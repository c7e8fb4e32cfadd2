/*
 * Expands the model arguments of a command: a file stands for itself, a
 * folder for every `.race` file under it, in name order.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fail } from '../lang/index.js';
import type { CommandLine } from './commandline.js';

export function modelFiles(args: readonly string[], cl: CommandLine): { path: string; arg: string }[] {
  const out: { path: string; arg: string }[] = [];
  for (const arg of args) {
    let isDir = false;
    try {
      isDir = statSync(arg).isDirectory();
    } catch {
      // A missing file is reported when it is read, with its place on the command line.
    }
    if (!isDir) {
      out.push({ path: arg, arg });
      continue;
    }
    const found = walk(arg);
    if (found.length === 0) {
      const { source, at } = cl.ref(arg);
      fail(source, at, `folder '${arg}' holds no .race model`);
    }
    out.push(...found.map((path) => ({ path, arg })));
  }
  return out;
}

function walk(dir: string): string[] {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  return entries.flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return walk(path);
    return e.isFile() && e.name.endsWith('.race') ? [path] : [];
  });
}
