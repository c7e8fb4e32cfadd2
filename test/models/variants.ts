/*
 * Broken variants of the bundled models, written as textual edits applied at
 * test time: they follow the models when the models change, and an edit that
 * no longer applies fails loudly instead of testing the unbroken model.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers.js';

/**
 * The bundled model `file` (relative to models/, e.g. "btrfs-relocation/v4.7.race") with each edit
 * applied in turn; throws if an edit's `from` text is not found exactly once.
 */
export function variant(file: string, edits: readonly (readonly [from: string, to: string])[]): string {
  let text = readFileSync(join(ROOT, 'models', file), 'utf8');
  for (const [from, to] of edits) {
    const at = text.indexOf(from);
    if (at < 0) throw new Error(`variant of ${file}: the model no longer contains:\n${from}`);
    if (text.indexOf(from, at + 1) >= 0) throw new Error(`variant of ${file}: found more than once:\n${from}`);
    text = text.slice(0, at) + to + text.slice(at + from.length);
  }
  return text;
}
