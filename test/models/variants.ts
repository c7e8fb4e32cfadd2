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

/** A broken fix: which bundled model, and the edits that break it. */
export interface BrokenFix {
  readonly model: string;
  readonly edits: readonly (readonly [from: string, to: string])[];
}

/** Split the nocow writer's ro check under X's lock from its increment of X.nocow_writers, before `next`. */
const splitIncrement = (next: string): [string, string] => [
  `if nocow { nocow_writers += 1 } else { --> "returns false, bg X became read-only: falls back to COW" }
          }
        }
        if nocow {
          ${next}`,
  `if !nocow { --> "returns false, bg X became read-only: falls back to COW" }
          }
        }
        if nocow {
          step { nocow_writers += 1 }
          ${next}`,
];

/** The fixes of f78c436c and 9cfa3e34, each broken the way a plausible wrong patch would break it. */
export const BROKEN_FIXES = {
  /** v4.7 whose relocation no longer waits for nocow writers. */
  'v4.7-no-wait-nocow': {
    model: 'btrfs-relocation/v4.7.race',
    edits: [
      ['step btrfs_wait_nocow_writers(bg X) { await nocow_writers == 0 }', 'step btrfs_wait_nocow_writers(bg X) { }'],
    ],
  },
  /** v4.7 whose nocow writers count themselves in a step after their ro check, not in the same one. */
  'v4.7-split-increment': {
    model: 'btrfs-relocation/v4.7.race',
    edits: [splitIncrement('step { oe[DIO_NOCOW] = PENDING'), splitIncrement('step btrfs_add_ordered_extent()')],
  },
  /** 9cfa3e34 without the groups_sem write-lock barrier before the wait for reservations. */
  '9cfa3e34-no-barrier': {
    model: 'btrfs-relocation/9cfa3e34.race',
    edits: [
      [
        'step down_write(&space_info->groups_sem) { await alloc_readers == 0 }',
        'step down_write(&space_info->groups_sem) { }',
      ],
    ],
  },
} as const satisfies Record<string, BrokenFix>;

/** The text of a broken fix. */
export function broken(name: keyof typeof BROKEN_FIXES): string {
  const fix: BrokenFix = BROKEN_FIXES[name];
  return variant(fix.model, fix.edits);
}
