/*
 * Broken variants of the bundled btrfs models, written as textual edits of the
 * model files and applied at test time, so that they follow the models when
 * the models change: an edit whose `from` text is no longer found exactly once
 * fails loudly instead of testing something else. Each variant names the
 * property that must catch it (test/models/btrfs.test.ts checks that it does).
 * Two of them are also written out as files under test/models/fixtures/, for
 * the gate (specs/btrfs-relocation.spec); a test checks that each file is still
 * its variant of the current model.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers.js';

export type Edit = readonly [from: string, to: string];

/** The bundled model `file` (v4.7.race, …) with each edit applied; throws if a `from` is not found exactly once. */
export function variant(file: string, edits: readonly Edit[]): string {
  let text = readFileSync(join(ROOT, 'models/btrfs-relocation', file), 'utf8');
  for (const [from, to] of edits) {
    const count = text.split(from).length - 1;
    if (count !== 1) throw new Error(`${file}: the edit's text is found ${count} times, not once:\n${from}`);
    text = text.replace(from, () => to);
  }
  return text;
}

export interface Variant {
  readonly name: string;
  /** What is broken, and what the kernel would do. */
  readonly what: string;
  readonly model: string;
  readonly edits: readonly Edit[];
  /** Constants to check it with (writers switched on or off). */
  readonly defines?: Readonly<Record<string, string>>;
  /** The property that catches it: the unbroken model (same constants) holds it, the variant does not. */
  readonly caughtBy: string;
  /** Exactly the properties the variant violates. */
  readonly violates: readonly string[];
  /** Written to test/models/fixtures/NAME.race for the gate. */
  readonly fixture?: boolean;
}

/** Both users of the reservation path (the direct IO and the buffered COW writer), no nocow writer. */
const COW_USERS = { WITH_BUFFERED_COW: 'true', WITH_DIO_NOCOW: 'false', WITH_BUFFERED_NOCOW: 'false' };
/** The direct IO COW writer alone. */
const DIO_COW_ONLY = { WITH_DIO_NOCOW: 'false', WITH_BUFFERED_NOCOW: 'false', WITH_UNRELATED: 'false' };
/** The two nocow writers alone. */
const NOCOW_ONLY = { WITH_DIO_COW: 'false', WITH_UNRELATED: 'false' };

const DN_DEC = `          step btrfs_dec_nocow_writers(bg X) { atomic_dec(nocow_writers) }
        } else {
          step btrfs_new_extent_direct()`;

export const VARIANTS: readonly Variant[] = [
  {
    name: 'v4.7-double-decrement',
    caughtBy: 'no_counter_underflow',
    what: 'the direct IO nocow writer decrements nocow_writers twice',
    model: 'v4.7.race',
    edits: [
      [
        DN_DEC,
        DN_DEC.replace('{ atomic_dec(nocow_writers) }', '{ atomic_dec(nocow_writers); atomic_dec(nocow_writers) }'),
      ],
    ],
    // Below zero the counter no longer says who is between the ro check and the ordered extent:
    // relocation passes its wait while the buffered writer is inside, or hangs in it (so it never finishes).
    defines: NOCOW_ONLY,
    violates: [
      'no_counter_underflow',
      'no_deadlock',
      'no_io_to_removed_chunk',
      'no_lost_buffered_write',
      'nocow_wait_returns',
      'relocation_finishes',
    ],
    fixture: true,
  },
  {
    name: 'v4.7-handle-across-waits',
    caughtBy: 'no_deadlock',
    what:
      'relocation holds a transaction handle across its prelude waits, and the direct IO COW writer ' +
      'needs a commit between its reservation and its ordered extent (protocol notes §3, liveness)',
    model: 'v4.7.race',
    edits: [
      ['var trans_handles: 0..1 = 0', 'var trans_handles: 0..2 = 0'],
      [
        '    call btrfs_wait_block_group_reservations(bg X) {',
        '    step btrfs_join_transaction() { trans_handles += 1 }\n' +
          '    call btrfs_wait_block_group_reservations(bg X) {',
      ],
      [
        '--> "the ordered extents it found complete"\n    }\n',
        '--> "the ordered extents it found complete"\n    }\n    step btrfs_end_transaction() { trans_handles -= 1 }\n',
      ],
      [
        '            // DC4.\n',
        '            step btrfs_commit_transaction() { await trans_handles == 0; commit() }\n            // DC4.\n',
      ],
    ],
    defines: DIO_COW_ONLY,
    // Both wait for each other: neither relocation nor the writer finishes.
    violates: ['no_deadlock', 'relocation_finishes', 'writes_complete'],
    fixture: true,
  },
  {
    name: '578def7c-range-filter-off-by-one',
    caughtBy: 'no_unrelated_wait',
    what: 'btrfs_wait_ordered_extents() keeps an ordered extent that ends exactly where X starts',
    model: '578def7c.race',
    edits: [['oe_start[w] + 1 <= X_START)', 'oe_start[w] + 1 < X_START)']],
    defines: { WITH_DIO_COW: 'false', WITH_DIO_NOCOW: 'false', WITH_BUFFERED_NOCOW: 'false' },
    violates: ['no_unrelated_wait'],
  },
  {
    name: '9cfa3e34-range-filter-off-by-one',
    caughtBy: 'no_unrelated_wait',
    what: 'btrfs_wait_ordered_extents() keeps an ordered extent that starts exactly where X ends',
    model: '9cfa3e34.race',
    edits: [['!(X_START + BG_LEN <= oe_start[w]', '!(X_START + BG_LEN < oe_start[w]']],
    defines: { WITH_DIO_NOCOW: 'false', WITH_BUFFERED_NOCOW: 'false', WITH_UNRELATED: 'false' },
    violates: ['no_unrelated_wait'],
  },
  {
    name: 'v4.7-reservations-flag',
    caughtBy: 'used_bytes_zero',
    what: 'X.reservations written as a flag: the first ordered extent clears it while the other allocator is inside',
    model: 'v4.7.race',
    edits: [
      ['if in_x[B] { reservations += 1 }', 'if in_x[B] { reservations = 1 }'],
      ['if in_x[B_BUF] { reservations += 1 }', 'if in_x[B_BUF] { reservations = 1 }'],
      [
        `              step btrfs_dec_block_group_reservations(bg X) { atomic_dec(reservations) }`,
        `              step btrfs_dec_block_group_reservations(bg X) { reservations = 0 }`,
      ],
      [
        `          step btrfs_dec_block_group_reservations(bg X) { atomic_dec(reservations) }`,
        `          step btrfs_dec_block_group_reservations(bg X) { reservations = 0 }`,
      ],
    ],
    defines: COW_USERS,
    violates: ['no_dangling_extent', 'no_io_to_removed_chunk', 'used_bytes_zero'],
  },
  {
    name: 'v4.7-no-unpin-commit',
    caughtBy: 'used_bytes_zero',
    what: 'relocation skips the "get rid of pinned extents" commit at the end of the UPDATE_DATA_PTRS pass',
    model: 'v4.7.race',
    edits: [
      [
        `      // R4c: the "get rid of pinned extents" commit.
      step btrfs_commit_transaction() { await trans_handles == 0; commit() }
`,
        '',
      ],
    ],
    defines: { WITH_DIO_COW: 'false', WITH_BUFFERED_NOCOW: 'false', WITH_UNRELATED: 'false' },
    violates: ['used_bytes_zero'],
  },
  {
    name: '9cfa3e34-double-decrement',
    caughtBy: 'no_counter_underflow',
    what: 'the direct IO COW writer decrements X.reservations twice',
    model: '9cfa3e34.race',
    edits: [
      [
        `              step btrfs_dec_block_group_reservations(bg X) { atomic_dec(reservations) }`,
        '              step btrfs_dec_block_group_reservations(bg X) ' +
          '{ atomic_dec(reservations); atomic_dec(reservations) }',
      ],
    ],
    defines: COW_USERS,
    violates: [
      'no_counter_underflow',
      'no_dangling_extent',
      'no_deadlock',
      'no_io_to_removed_chunk',
      'relocation_finishes', // the deadlocked runs: relocation waits for reservations forever
      'used_bytes_zero',
    ],
  },
  {
    name: 'v4.7-no-groups-sem-barrier',
    caughtBy: 'used_bytes_zero',
    what: "9cfa3e34's write-lock barrier on groups_sem removed",
    model: 'v4.7.race',
    edits: [
      [
        'step down_write(&space_info->groups_sem) { await alloc_readers == 0 }',
        'step down_write(&space_info->groups_sem) { }',
      ],
    ],
    defines: DIO_COW_ONLY,
    violates: ['no_dangling_extent', 'no_io_to_removed_chunk', 'used_bytes_zero'],
  },
  {
    name: 'v4.7-no-nocow-decrement',
    caughtBy: 'nocow_wait_returns',
    what: "a direct IO nocow writer that never calls btrfs_dec_nocow_writers(), so f78c436c's wait cannot return",
    model: 'v4.7.race',
    edits: [[DN_DEC, DN_DEC.replace('step btrfs_dec_nocow_writers(bg X) { atomic_dec(nocow_writers) }', 'skip')]],
    defines: NOCOW_ONLY,
    // Every writer finishes, and relocation waits in btrfs_wait_nocow_writers() with nothing left to move it.
    violates: ['no_deadlock', 'nocow_wait_returns', 'relocation_finishes'],
    fixture: true,
  },
  {
    name: 'v4.7-no-wait-nocow-writers',
    caughtBy: 'no_lost_dio_write',
    what: "f78c436c's btrfs_wait_nocow_writers() removed",
    model: 'v4.7.race',
    edits: [
      ['step btrfs_wait_nocow_writers(bg X) { await nocow_writers == 0 }', 'step btrfs_wait_nocow_writers(bg X) { }'],
    ],
    defines: NOCOW_ONLY,
    violates: ['no_io_to_removed_chunk', 'no_lost_buffered_write', 'no_lost_dio_write'],
  },
  {
    name: 'v4.7-no-ro-test-in-inc-nocow-writers',
    caughtBy: 'no_lost_buffered_write',
    what: "btrfs_inc_nocow_writers() counts the writer without testing X's ro flag under X's lock",
    model: 'v4.7.race',
    edits: [
      [
        '// DN3.\n        if nocow {\n          step btrfs_inc_nocow_writers(bg X) {\n            nocow = !ro',
        '// DN3.\n        if nocow {\n          step btrfs_inc_nocow_writers(bg X) {\n            nocow = true',
      ],
      [
        '// FL3.\n        if nocow {\n          step btrfs_inc_nocow_writers(bg X) {\n            nocow = !ro',
        '// FL3.\n        if nocow {\n          step btrfs_inc_nocow_writers(bg X) {\n            nocow = true',
      ],
    ],
    defines: NOCOW_ONLY,
    violates: ['no_io_to_removed_chunk', 'no_lost_buffered_write', 'no_lost_dio_write'],
  },
  {
    name: 'v4.6-no-delalloc-flush',
    caughtBy: 'no_lost_buffered_write',
    what: "4.6's delalloc flush waits for nothing",
    model: 'v4.6.race',
    edits: [['await (pages == CLEAN || pages == FLUSHED) && (cow_pages == CLEAN || cow_pages == FLUSHED)', '']],
    defines: { WITH_DIO_COW: 'false', WITH_DIO_NOCOW: 'false', WITH_UNRELATED: 'false' },
    violates: ['no_io_to_removed_chunk', 'no_lost_buffered_write', 'no_unrelated_wait'],
  },
];

/** The variant named `name`. */
export function named(name: string): Variant {
  const v = VARIANTS.find((x) => x.name === name);
  if (!v) throw new Error(`no variant '${name}'`);
  return v;
}

/** The fixture file's text: a header saying what it is, then the variant. */
export function fixtureText(v: Variant): string {
  const header =
    `// Test fixture, not a bundled model: ${v.model} with ${v.what}.\n` +
    `// Generated from test/models/variants.ts ('${v.name}'); regenerate with\n` +
    '//   UPDATE_FIXTURES=1 node --test dist/test/models/variants.test.js\n\n';
  return header + variant(v.model, v.edits);
}

/** A broken fix: which bundled model, and the edits that break it. */
export interface BrokenFix {
  readonly model: string;
  readonly edits: readonly Edit[];
}

/**
 * Split the nocow writer's ro check under X's lock (btrfs_inc_nocow_writers) from its increment of
 * X.nocow_writers: the increment becomes a step of its own, taken just before `next` (the writer's
 * ordered extent), so relocation can set ro and pass btrfs_wait_nocow_writers() in between.
 */
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
    model: 'v4.7.race',
    edits: [
      ['step btrfs_wait_nocow_writers(bg X) { await nocow_writers == 0 }', 'step btrfs_wait_nocow_writers(bg X) { }'],
    ],
  },
  /** v4.7 whose nocow writers count themselves in a step after their ro check, not in the same one. */
  'v4.7-split-increment': {
    model: 'v4.7.race',
    edits: [splitIncrement('// DN4, DN5.'), splitIncrement('// FL5.')],
  },
  /** 9cfa3e34 without the groups_sem write-lock barrier before the wait for reservations. */
  '9cfa3e34-no-barrier': {
    model: '9cfa3e34.race',
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
