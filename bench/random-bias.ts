/*
 * Does the random engine's bias help? For each bundled model and each
 * property it violates, runs the random search with each bias over several
 * seeds and reports how many runs it took to find the violation (median, and
 * how many seeds found it within the budget). Run: npm run bench:bias
 */
import { compile } from '../src/compile/index.js';
import { type Bias, randomSearch } from '../src/explore/index.js';
import { makeSource } from '../src/lang/index.js';
import { loadModel } from '../src/pipeline.js';

const here = { source: makeSource('bench', ''), at: { offset: 0, length: 0 } };
const BUDGET = Number(process.env.BUDGET ?? 3000);
const SEEDS = Number(process.env.SEEDS ?? 5);
const BIASES: Bias[] = ['pct', 'uniform'];
const CASES: [string, string[]][] = [
  ['v4.6', ['no_unrelated_wait', 'used_bytes_zero', 'no_dangling_extent', 'no_lost_dio_write']],
  ['9cfa3e34', ['no_lost_dio_write', 'no_lost_buffered_write']],
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
}

const rows: string[][] = [['model', 'property', ...BIASES.flatMap((b) => [`${b}: found`, `${b}: median runs`])]];
for (const [name, properties] of CASES) {
  const model = loadModel(`models/btrfs-relocation/${name}.race`, [], here);
  const ts = compile(model);
  for (const property of properties) {
    const p = model.properties.find((q) => q.name === property)!.index;
    const row = [name, property];
    for (const bias of BIASES) {
      const runs: number[] = [];
      for (let seed = 1; seed <= SEEDS; seed++) {
        const v = await randomSearch(ts, { properties: [p], runs: BUDGET, seed, bias });
        if (v.violations[0]) runs.push(v.violations[0].runs);
      }
      row.push(`${runs.length}/${SEEDS}`, runs.length ? String(median(runs)) : `>${BUDGET}`);
    }
    rows.push(row);
  }
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
console.log(
  `\n(${SEEDS} seeds, at most ${BUDGET} runs each; "median runs" counts runs until the first violation,` +
    ' over the seeds that found it)',
);
