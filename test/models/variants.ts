/*
 * Broken variants of the bundled models, written as textual edits applied at
 * test time, so that they follow the models when the models change: each
 * edit's `from` text must be found exactly once, or the test says which one
 * no longer is.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers.js';

/** The bundled model `file` (relative to the repository) with each edit applied in turn. */
export function variant(file: string, edits: readonly (readonly [from: string, to: string])[]): string {
  let text = readFileSync(join(ROOT, file), 'utf8');
  for (const [from, to] of edits) {
    const at = text.indexOf(from);
    if (at < 0) throw new Error(`${file} no longer contains: ${from}`);
    if (text.indexOf(from, at + 1) >= 0) throw new Error(`${file} contains more than once: ${from}`);
    text = text.slice(0, at) + to + text.slice(at + from.length);
  }
  return text;
}
