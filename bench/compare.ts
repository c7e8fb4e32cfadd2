/*
 * npm run bench:compare -- <reference checkout>: this build against another one (say a worktree of
 * main, built), in one run, on the same model files (those of this checkout). For each model, store and
 * worker count, both builds check the model exhaustively (`check --exhaust --no-symmetry --traces
 * shortest`), alternately, ROUNDS times (default 2); the best search time of each counts (the machine is
 * shared: the best is the least disturbed). Prints states/s, bytes a state and the ratio of the rates.
 *
 * The relocation rows check its safety properties only (-p): the model has liveness ones too, whose
 * search is not benchmarked here. A reference older than liveness (issue 12) cannot read this
 * checkout's relocation model: give it a checkout as recent, or run those rows on its own copy.
 *
 *   npm run bench:compare -- /tmp/main           the standard set
 *   BENCH=quick npm run bench:compare -- /tmp/main   small models only
 *   ONLY='relocation 2-2-2' npm run bench:compare -- /tmp/main   the rows whose name and options contain it
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';

const reference = process.argv[2];
if (!reference || !existsSync(join(reference, 'bin/racecheck.js'))) {
  console.error('usage: npm run bench:compare -- <checkout with a built bin/racecheck.js>');
  process.exit(2);
}
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const quick = process.env.BENCH === 'quick';

interface Row {
  readonly name: string;
  readonly file: string;
  readonly defines: Record<string, string>;
  readonly extra?: readonly string[];
}
/** The relocation model's safety properties (as bench/run.ts). */
const SAFETY = ['-p', 'no_dangling_extent', '-p', 'no_lost_write', '-p', 'no_deadlock'];
const scaled = (cow: number, dio: number, buf: number) => ({
  DIO_COW: String(cow),
  DIO_NOCOW: String(dio),
  BUFFERED: String(buf),
  EXTENTS: '2',
  FIXED: 'true',
});
const beem = (instance: string): Row => ({
  name: `BEEM ${instance}`,
  file: `bench/models/beem/${instance}.race`,
  defines: {},
});
const reloc = 'models/btrfs-relocation/scaled.race';
const ROWS: Row[] = quick
  ? [
      { name: 'relocation 1-2-1', file: reloc, defines: scaled(1, 2, 1) },
      { name: 'ticket N=5', file: 'bench/models/ticket.race', defines: { N: '5' } },
      beem('peterson.2'),
    ]
  : [
      { name: 'relocation 1-2-2', file: reloc, defines: scaled(1, 2, 2) },
      { name: 'relocation 2-2-2', file: reloc, defines: scaled(2, 2, 2) },
      { name: 'philosophers N=7', file: 'bench/models/philosophers.race', defines: { N: '7' } },
      { name: 'ticket N=6', file: 'bench/models/ticket.race', defines: { N: '6' } },
      beem('fischer.4'),
      beem('peterson.4'),
      beem('msmie.4'),
      beem('bakery.5'),
      { name: 'relocation 2-2-2', file: reloc, defines: scaled(2, 2, 2), extra: ['--store', 'compact'] },
      { name: 'BEEM msmie.4', file: 'bench/models/beem/msmie.4.race', defines: {}, extra: ['--store', 'compact'] },
      { name: 'relocation 2-2-2', file: reloc, defines: scaled(2, 2, 2), extra: ['--workers', '2'] },
      {
        name: 'philosophers N=7',
        file: 'bench/models/philosophers.race',
        defines: { N: '7' },
        extra: ['--workers', '2'],
      },
      { name: 'BEEM bakery.5', file: 'bench/models/beem/bakery.5.race', defines: {}, extra: ['--workers', '2'] },
    ];

interface Result {
  states: number;
  seconds: number;
  bytes: number;
}

function run(checkout: string, row: Row): Result {
  const args = [
    join(resolve(checkout), 'bin/racecheck.js'),
    'check',
    row.file,
    ...Object.entries(row.defines).flatMap(([k, v]) => ['-D', `${k}=${v}`]),
    '--exhaust',
    '--no-symmetry',
    '--traces',
    'shortest',
    '--format',
    'json',
    ...(row.file === reloc ? SAFETY : []),
    ...(row.extra ?? []),
  ];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const json = JSON.parse(r.stdout) as { models: { stats: { distinct: number; seconds: number; bytes: number } }[] };
  const s = json.models[0]!.stats;
  return { states: s.distinct, seconds: s.seconds, bytes: s.bytes };
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

console.log(`# this build (${process.cwd()}) against ${reference}\n`);
console.log(
  `machine: ${cpus()[0]?.model ?? '?'}, ${cpus().length} cores; node ${process.version}; best of ${ROUNDS}\n`,
);
console.log('| model | options | states | states/s (this / reference) | ratio | bytes a state (this / reference) |');
console.log('|---|---|---|---|---|---|');
const only = process.env.ONLY;
const label = (row: Row) => `${row.name} ${(row.extra ?? []).join(' ') || 'exact, 1 worker'}`;
for (const row of only ? ROWS.filter((r) => label(r).includes(only)) : ROWS) {
  let mine: Result | undefined;
  let theirs: Result | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which build goes first, so that neither always runs on the warmer (or busier) machine.
    const order = round % 2 === 0 ? ['.', reference] : [reference, '.'];
    for (const checkout of order) {
      const r = run(checkout, row);
      if (checkout === '.') mine = !mine || r.seconds < mine.seconds ? r : mine;
      else theirs = !theirs || r.seconds < theirs.seconds ? r : theirs;
    }
  }
  const a = mine!;
  const b = theirs!;
  const same = a.states === b.states ? '' : ` **(reference: ${fmt(b.states)})**`;
  const rate = (r: Result) => r.states / Math.max(r.seconds, 1e-3);
  console.log(
    `| ${row.name} | ${(row.extra ?? []).join(' ') || 'exact, 1 worker'} | ${fmt(a.states)}${same}` +
      ` | ${fmt(rate(a))} / ${fmt(rate(b))} | ${fmt(rate(a) / rate(b), 2)}× | ${fmt(a.bytes / a.states, 1)}` +
      ` / ${fmt(b.bytes / b.states, 1)} |`,
  );
}
