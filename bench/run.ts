/*
 * npm run bench: racecheck against SPIN on the same models, in one run.
 *
 * Each model is a pair: a .race file and a Promela twin in bench/promela/ with
 * exactly the same state space (the counts are compared, and must agree). For
 * each size, racecheck checks the model exhaustively (one worker, no
 * reduction, no symmetry reduction, --exhaust) and SPIN's pan does the same (-DNOREDUCE -DSAFETY, -E),
 * both depth-first (pan's default) and breadth-first (-DBFS); the faster SPIN
 * run is the reference. Peak memory is the resident set of each process.
 *
 *   npm run bench                 the standard sizes
 *   BENCH=quick npm run bench     small sizes only (a smoke test)
 *   BENCH=full npm run bench      adds the largest sizes (several minutes each)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { benchBeem } from './beem/bench.js';

export interface Case {
  readonly name: string;
  readonly race: string;
  readonly pml: string;
  readonly sizes: readonly Record<string, string>[];
  /** The safety properties to check, where the model also has liveness ones (their search is not benchmarked here). */
  readonly properties?: readonly string[];
}

const mode = process.env.BENCH ?? 'standard';
const pick = <T>(quick: T[], standard: T[], full: T[]) =>
  mode === 'quick' ? quick : mode === 'full' ? [...standard, ...full] : standard;
const scaled = (cow: number, dio: number, buf: number) => ({
  DIO_COW: String(cow),
  DIO_NOCOW: String(dio),
  BUFFERED: String(buf),
  EXTENTS: '2',
  FIXED: 'true',
});

const CASES: Case[] = [
  {
    name: 'scaled relocation (4.7)',
    race: 'models/btrfs-relocation/scaled.race',
    pml: 'bench/promela/scaled.pml',
    properties: ['no_dangling_extent', 'no_lost_write', 'no_deadlock'],
    sizes: pick(
      [scaled(1, 1, 1)],
      [scaled(1, 1, 1), scaled(1, 2, 1), scaled(1, 2, 2), scaled(2, 2, 2)],
      [scaled(2, 3, 2)],
    ),
  },
  {
    name: 'dining philosophers',
    race: 'bench/models/philosophers.race',
    pml: 'bench/promela/philosophers.pml',
    sizes: pick([{ N: '5' }], [{ N: '5' }, { N: '6' }, { N: '7' }], [{ N: '8' }]),
  },
  {
    name: 'ticket lock',
    race: 'bench/models/ticket.race',
    pml: 'bench/promela/ticket.pml',
    sizes: pick([{ N: '4' }], [{ N: '4' }, { N: '5' }, { N: '6' }], []),
  },
  {
    name: 'Peterson filter lock',
    race: 'bench/models/peterson.race',
    pml: 'bench/promela/peterson.pml',
    sizes: pick([{ N: '3' }], [{ N: '3' }, { N: '4' }], []),
  },
];

export interface Run {
  states: number;
  transitions: number;
  seconds: number;
  peakMiB: number;
  bytesPerState: number;
  note?: string;
}

/** Runs a command under /usr/bin/time; returns its output and peak resident memory. */
function timed(cmd: string, args: string[], cwd = '.'): { out: string; peakMiB: number } {
  const r = spawnSync('/usr/bin/time', ['-f', 'PEAK_KB %M', cmd, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const peak = Number(/PEAK_KB (\d+)/.exec(r.stderr)?.[1] ?? 0);
  return { out: r.stdout + r.stderr, peakMiB: peak / 1024 };
}

function racecheck(c: Case, size: Record<string, string>, extra: string[] = [], symmetry = false): Run {
  const defines = Object.entries(size).flatMap(([k, v]) => ['-D', `${k}=${v}`]);
  const { out, peakMiB } = timed(process.execPath, [
    'bin/racecheck.js',
    'check',
    c.race,
    ...defines,
    '--exhaust',
    ...(symmetry ? [] : ['--no-symmetry']),
    '--traces',
    'shortest',
    '--format',
    'json',
    ...(c.properties ?? []).flatMap((p) => ['-p', p]),
    ...extra,
  ]);
  const json = JSON.parse(out.slice(out.indexOf('{'), out.lastIndexOf('}') + 1)) as {
    models: { stats: { distinct: number; generated: number; seconds: number; bytes: number } }[];
  };
  const s = json.models[0]!.stats;
  return {
    states: s.distinct,
    transitions: s.generated + 1,
    seconds: s.seconds,
    peakMiB,
    bytesPerState: s.bytes / s.distinct,
  };
}

/** `spinOptions` go to `spin -a` (bench/beem/bench.ts passes -o1: no dead-variable elimination). */
function spin(
  c: Case,
  size: Record<string, string>,
  dir: string,
  bfs: boolean,
  reduce = false,
  spinOptions: string[] = [],
): Run {
  const defines = Object.entries(size).map(([k, v]) => `-D${k}=${v === 'true' ? 1 : v === 'false' ? 0 : v}`);
  copyFileSync(c.pml, join(dir, 'model.pml'));
  execFileSync('spin', [...spinOptions, ...defines, '-a', 'model.pml'], { cwd: dir, stdio: 'pipe' });
  const flags = ['-O2', '-DSAFETY', '-DMEMLIM=16000', ...(reduce ? [] : ['-DNOREDUCE']), ...(bfs ? ['-DBFS'] : [])];
  execFileSync('gcc', [...flags, '-w', '-o', 'pan', 'pan.c'], { cwd: dir, stdio: 'pipe' });
  const { out, peakMiB } = timed('./pan', ['-E', '-m100000000', '-w26'], dir);
  const num = (re: RegExp) => Number((re.exec(out)?.[1] ?? 'NaN').replace(/,/g, ''));
  const states = num(/([\d.e+]+) states, stored/);
  const forStates = num(/([\d.]+)\s+actual memory usage for states/);
  return {
    states,
    transitions: num(/([\d.e+]+) transitions \(= stored\+matched\)/),
    seconds: num(/pan: elapsed time ([\d.e+]+) seconds/),
    peakMiB,
    bytesPerState: (forStates * 2 ** 20) / states,
    note: bfs ? 'BFS' : 'DFS',
  };
}

function haveSpin(): boolean {
  const which = spawnSync('which', ['spin']);
  if (which.status === 0) return true;
  console.log('SPIN is not installed; trying `apt-get install -y spin` ...');
  const apt = spawnSync('apt-get', ['install', '-y', 'spin'], { stdio: 'ignore' });
  if (apt.status === 0 && spawnSync('which', ['spin']).status === 0) return true;
  console.log('SPIN could not be installed here: the SPIN columns are left out.\n');
  return false;
}

const fmt = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '-';

const withSpin = haveSpin();
const dir = mkdtempSync(join(tmpdir(), 'racecheck-bench-'));
console.log(`# racecheck vs SPIN\n`);
console.log(
  `machine: ${cpus()[0]?.model ?? '?'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB;` +
    ` node ${process.version}; ${withSpin ? execFileSync('spin', ['-V']).toString().trim() : 'no SPIN'}`,
);
console.log(
  'racecheck: one worker, no reduction, --no-symmetry, --exhaust.' +
    ' SPIN: -DNOREDUCE -DSAFETY -E -w26, depth-first and -DBFS; the faster is the reference.\n',
);
// npm run bench:beem: only the BEEM benchmark set (bench/beem/bench.ts), which also ends npm run bench.
if (process.argv.includes('--beem')) {
  benchBeem({ racecheck, spin, fmt, withSpin }, mode);
  process.exit(0);
}
console.log(
  '| model | size | states (racecheck / SPIN) | transitions (racecheck / SPIN) | racecheck s | SPIN s' +
    ' | racecheck states/s | SPIN states/s | racecheck / SPIN | peak MiB (racecheck / SPIN)' +
    ' | bytes a state (racecheck store / SPIN states) |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const c of CASES) {
  if (!existsSync(c.race) || (withSpin && !existsSync(c.pml))) {
    console.log(`| ${c.name} | | (missing ${existsSync(c.race) ? c.pml : c.race}) |`);
    continue;
  }
  for (const size of c.sizes) {
    const label = Object.entries(size)
      .filter(([k]) => k !== 'FIXED' && k !== 'EXTENTS')
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    const r = racecheck(c, size);
    let s: Run | undefined;
    if (withSpin) {
      // -DBFS refuses models with hidden variables: then depth-first only.
      const runs = [false, true].flatMap((bfs) => {
        try {
          return [spin(c, size, dir, bfs)];
        } catch {
          return [];
        }
      });
      s = runs.sort((a, b) => a.seconds - b.seconds)[0];
    }
    const agree = !s ? '' : r.states === s.states && r.transitions === s.transitions ? ' (equal)' : ' **(differ)**';
    const rate = (run: Run) => run.states / Math.max(run.seconds, 1e-3);
    const cells = [
      c.name,
      label,
      `${fmt(r.states)} / ${s ? fmt(s.states) : '-'}${agree}`,
      `${fmt(r.transitions)} / ${s ? fmt(s.transitions) : '-'}`,
      fmt(r.seconds, 2),
      s ? `${fmt(s.seconds, 2)} (${s.note})` : '-',
      fmt(rate(r)),
      s ? fmt(rate(s)) : '-',
      s ? fmt(rate(r) / rate(s), 2) : '-',
      `${fmt(r.peakMiB)} / ${s ? fmt(s.peakMiB) : '-'}`,
      `${fmt(r.bytesPerState, 1)} / ${s ? fmt(s.bytesPerState, 1) : '-'}`,
    ];
    console.log(`| ${cells.join(' | ')} |`);
  }
}
console.log(`\nstates/s counts distinct states stored per second of search (without start-up and compilation).`);

// Partial-order reduction: states explored with it, against without (racecheck and SPIN).
const relocation = CASES[0]!;
console.log(`\n## Partial-order reduction on the scaled relocation model\n`);
console.log(
  '| size | racecheck states | racecheck --reduce | reduction | SPIN states (-DNOREDUCE) | SPIN with its POR' +
    ' | SPIN reduction |',
);
console.log('|---|---|---|---|---|---|---|');
for (const size of relocation.sizes) {
  const label = Object.entries(size)
    .filter(([k]) => k !== 'FIXED' && k !== 'EXTENTS')
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const full = racecheck(relocation, size);
  const reduced = racecheck(relocation, size, ['--reduce']);
  const spinFull = withSpin ? spin(relocation, size, dir, false) : undefined;
  const spinPor = withSpin ? spin(relocation, size, dir, false, true) : undefined;
  console.log(
    `| ${label} | ${fmt(full.states)} | ${fmt(reduced.states)} | ${fmt(full.states / reduced.states, 2)}×` +
      ` | ${spinFull ? fmt(spinFull.states) : '-'} | ${spinPor ? fmt(spinPor.states) : '-'}` +
      ` | ${spinFull && spinPor ? `${fmt(spinFull.states / spinPor.states, 2)}×` : '-'} |`,
  );
}

// Symmetry reduction: the ticket lock's processes are declared symmetric (SPIN has no symmetry reduction).
const ticket = CASES[2]!;
console.log(`\n## Symmetry reduction on the ticket lock\n`);
console.log('| size | states | with symmetry | reduction | N! | s | s with symmetry |');
console.log('|---|---|---|---|---|---|---|');
for (const size of ticket.sizes) {
  const full = racecheck(ticket, size);
  const reduced = racecheck(ticket, size, [], true);
  const factorial = Array.from({ length: Number(size.N) }, (_, k) => k + 1).reduce((a, b) => a * b, 1);
  console.log(
    `| N=${size.N} | ${fmt(full.states)} | ${fmt(reduced.states)} | ${fmt(full.states / reduced.states, 1)}×` +
      ` | ${factorial} | ${fmt(full.seconds, 2)} | ${fmt(reduced.seconds, 2)} |`,
  );
}

// Two workers against one, on the larger models.
console.log(`\n## Two workers\n`);
console.log('| model | size | states | 1 worker s | 2 workers s | speed-up |');
console.log('|---|---|---|---|---|---|');
for (const [c, size] of [
  [relocation, relocation.sizes.at(-1)!],
  [CASES[1]!, CASES[1]!.sizes.at(-1)!],
] as const) {
  const label = Object.entries(size)
    .filter(([k]) => k !== 'FIXED' && k !== 'EXTENTS')
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const one = racecheck(c, size);
  const two = racecheck(c, size, ['--workers', '2']);
  console.log(
    `| ${c.name} | ${label} | ${fmt(one.states)} | ${fmt(one.seconds, 2)} | ${fmt(two.seconds, 2)}` +
      ` | ${fmt(one.seconds / two.seconds, 2)}× |`,
  );
}

// The stores: bytes a state in each, on the largest relocation size.
console.log(`\n## Stores\n`);
console.log('| store | states | s | store bytes a state | peak MiB |');
console.log('|---|---|---|---|---|');
const big = relocation.sizes.at(-1)!;
for (const store of ['exact', 'compact', 'bitstate']) {
  const r = racecheck(relocation, big, ['--store', store]);
  console.log(
    `| ${store} | ${fmt(r.states)} | ${fmt(r.seconds, 2)} | ${fmt(r.bytesPerState, 1)} | ${fmt(r.peakMiB)} |`,
  );
}
console.log(
  '\n(exact: the packed state plus its table entry and parent link;' +
    ' compact: an 8-byte fingerprint at up to 70% load, plus the breadth-first queue;' +
    ' bitstate: 2^30 bits whatever the number of states.)',
);

benchBeem({ racecheck, spin, fmt, withSpin }, mode);
