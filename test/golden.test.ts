/*
 * Golden tests: the exact output of racecheck on the bundled models, pinned
 * in test/golden/*.txt. Each file was read against the commit message's
 * diagram before it was accepted (see test/golden/README.md for the notes).
 * Timings are masked. To regenerate after a deliberate change:
 *   UPDATE_GOLDEN=1 npm test   — then read every changed file again.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT, racecheck } from './helpers.js';

const ONLY = (writer: string) =>
  ['WITH_DIO_COW', 'WITH_DIO_NOCOW', 'WITH_BUFFERED_NOCOW', 'WITH_UNRELATED']
    .filter((w) => w !== writer)
    .flatMap((w) => ['-D', `${w}=false`]);

export const GOLDEN: { name: string; args: string[]; code: number }[] = [
  {
    name: 'v4.6-9cfa3e34-race',
    args: [
      'check',
      'models/btrfs-relocation/v4.6.race',
      ...ONLY('WITH_DIO_COW'),
      '-p',
      'used_bytes_zero',
      '-p',
      'no_dangling_extent',
    ],
    code: 1,
  },
  {
    name: 'v4.6-f78c436c-race',
    args: ['check', 'models/btrfs-relocation/v4.6.race', ...ONLY('WITH_DIO_NOCOW'), '-p', 'no_lost_dio_write'],
    code: 1,
  },
  {
    name: 'v4.6-f78c436c-race-full',
    args: [
      'check',
      'models/btrfs-relocation/v4.6.race',
      ...ONLY('WITH_DIO_NOCOW'),
      '-p',
      'no_lost_dio_write',
      '--full',
    ],
    code: 1,
  },
  {
    name: '9cfa3e34-nocow-races',
    args: ['check', 'models/btrfs-relocation/9cfa3e34.race', '-p', 'no_lost_dio_write', '-p', 'no_lost_buffered_write'],
    code: 1,
  },
  { name: 'v4.6-all', args: ['check', 'models/btrfs-relocation/v4.6.race'], code: 1 },
  { name: 'v4.7-clean', args: ['check', 'models/btrfs-relocation/v4.7.race'], code: 0 },
];

export function maskTimes(s: string): string {
  return s
    .replace(/\d+\.\d+ s, [\d,]+ states\/s/g, '<seconds>, <rate> states/s')
    .replace(/ {2,}\d+\.\d+ s {2}/g, '  <seconds>  ');
}

describe('golden output of the bundled models', () => {
  for (const g of GOLDEN) {
    it(`racecheck ${g.args.join(' ')}`, () => {
      const r = racecheck(g.args);
      assert.equal(r.code, g.code, r.stderr);
      const file = join(ROOT, 'test', 'golden', `${g.name}.txt`);
      const got = maskTimes(r.stdout);
      if (process.env.UPDATE_GOLDEN) writeFileSync(file, got);
      assert.equal(got, readFileSync(file, 'utf8'));
    });
  }
});
