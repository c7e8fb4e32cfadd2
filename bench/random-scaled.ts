/*
 * Random search where exhaustive search cannot go: on the scaled relocation
 * model (the 9cfa3e34 protocol) at growing sizes, breadth-first search with a
 * state limit, then the random engine with several seeds: how long until it
 * finds the lost nocow write (median over seeds). Run: npm run bench:random
 */
import { cpus } from 'node:os';
import type { Found } from '../src/explore/index.js';
import { makeSource } from '../src/lang/index.js';
import type { Define } from '../src/model/index.js';
import { checkModel, loadModel } from '../src/pipeline.js';

const MAX_STATES = Number(process.env.MAX_STATES ?? 1_000_000);
const SEEDS = Number(process.env.SEEDS ?? 7);
const SIZES: Record<string, string>[] = [
  { DIO_COW: '1', DIO_NOCOW: '1', BUFFERED: '1' },
  { DIO_COW: '1', DIO_NOCOW: '2', BUFFERED: '2' },
  { DIO_COW: '2', DIO_NOCOW: '3', BUFFERED: '3' },
  { DIO_COW: '3', DIO_NOCOW: '4', BUFFERED: '4' },
];
const cl = makeSource('<bench>', '');
const defines = (size: Record<string, string>): Define[] =>
  Object.entries(size).map(([name, value]) => ({ name, value, source: cl, at: { offset: 0, length: 0 } }));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

console.log(`racecheck: random search on models/btrfs-relocation/scaled.race (FIXED=false), property no_lost_write`);
console.log(`machine: ${cpus()[0]?.model} x${cpus().length}, node ${process.version}\n`);
const rows = [
  [
    'size',
    `breadth-first (--max-states ${MAX_STATES.toLocaleString('en-US')})`,
    'random: found',
    'median s',
    'median runs',
  ],
];
for (const size of SIZES) {
  const model = loadModel('models/btrfs-relocation/scaled.race', defines(size), {
    source: cl,
    at: { offset: 0, length: 0 },
  });
  const p = model.properties.find((q) => q.name === 'no_lost_write')!.index;
  const bfs = await checkModel(model, { properties: [p], maxStates: MAX_STATES, traces: 'shortest' });
  const b = bfs.verdict;
  const exhaustive = b.violations.length
    ? `violated after ${b.stats.distinct.toLocaleString('en-US')} states, ${b.stats.seconds.toFixed(2)} s`
    : `stopped at ${b.stats.distinct.toLocaleString('en-US')} states, ${b.stats.seconds.toFixed(2)} s`;
  const seconds: number[] = [];
  const runs: number[] = [];
  for (let seed = 1; seed <= SEEDS; seed++) {
    const started = process.hrtime.bigint();
    const r = await checkModel(model, { properties: [p], engine: 'random', random: { seed, runs: 20_000 } });
    const found = r.verdict.violations[0] as Found | undefined;
    if (found) {
      seconds.push(Number(process.hrtime.bigint() - started) / 1e9);
      runs.push(found.runs);
    }
  }
  const label = Object.entries(size)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  rows.push([
    label,
    exhaustive,
    `${seconds.length}/${SEEDS}`,
    seconds.length ? median(seconds).toFixed(2) : '-',
    runs.length ? String(median(runs)) : '-',
  ]);
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
console.log(`\nEach random search: seeds 1..${SEEDS}, at most 20,000 runs, PCT bias; time includes shrinking.`);
console.log(
  'Reproduce one: racecheck check models/btrfs-relocation/scaled.race -D DIO_COW=3 -D DIO_NOCOW=4 -D BUFFERED=4' +
    ' --engine random --seed 1 -p no_lost_write',
);
