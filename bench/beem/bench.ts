/*
 * The BEEM section of the benchmark: npm run bench:beem runs it alone, npm run bench ends with it.
 *
 * For each instance of bench/models/beem/ (counts.json; BENCH=quick: only the small ones of the test suite),
 * racecheck checks the translated DVE model and SPIN checks BEEM's own Promela version of the instance, with
 * the helpers and settings of bench/run.ts (one worker, no reduction, --exhaust; pan -DNOREDUCE -DSAFETY -E,
 * depth-first and -DBFS, the faster one counts), and `spin -o1`: SPIN's dead-variable elimination (on by
 * default) resets locals that are written before they are read, which shrinks lamport's state space ninefold.
 * With it off, SPIN counts BEEM's states, but for the two of an `init` process that starts the others and
 * where BEEM's Promela lets a byte wrap instead of going to DiVinE's error state (anderson.1). racecheck's
 * states must equal BEEM's published count (with one worker and with two); the speeds are compared in seconds
 * and per state, and two workers against one.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Case, Run } from '../run.js';
import { readCounts } from './counts.js';

export interface Helpers {
  readonly racecheck: (c: Case, size: Record<string, string>, extra?: string[]) => Run;
  readonly spin: (
    c: Case,
    size: Record<string, string>,
    dir: string,
    bfs: boolean,
    reduce: boolean,
    spinOptions: string[],
  ) => Run;
  readonly fmt: (n: number, digits?: number) => string;
  readonly withSpin: boolean;
}

export function benchBeem(h: Helpers, mode: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'racecheck-beem-'));
  const instances = Object.entries(readCounts()).filter(([, c]) => mode !== 'quick' || c.suite === 'test');
  console.log('\n## BEEM benchmark set (npm run bench:beem)\n');
  console.log("racecheck on bench/models/beem/*.race (translated from BEEM's DVE by bench/dve.ts); SPIN (spin -o1) on");
  console.log("BEEM's own .pm of each instance. BEEM states: results.xml. rate: states/s, racecheck over SPIN.\n");
  console.log(
    '| instance | parameters | BEEM states | racecheck states | equal | racecheck s | SPIN states (.pm) | SPIN s ' +
      '| time racecheck / SPIN | rate racecheck / SPIN | 2 workers s | 2 workers speed-up |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  let differ = 0;
  for (const [instance, beem] of instances) {
    const c: Case = {
      name: instance,
      race: `bench/models/beem/${instance}.race`,
      pml: `bench/models/beem/source/${instance}.pm`,
      sizes: [{}],
    };
    const r = h.racecheck(c, {});
    const two = h.racecheck(c, {}, ['--workers', '2']);
    if (two.states !== r.states) differ++;
    // -DBFS refuses some models: then depth-first only.
    const runs = h.withSpin
      ? [false, true].flatMap((bfs) => {
          try {
            return [h.spin(c, {}, dir, bfs, false, ['-o1'])];
          } catch {
            return [];
          }
        })
      : [];
    const s = runs.sort((a, b) => a.seconds - b.seconds)[0];
    const equal = r.states === beem.states;
    if (!equal) differ++;
    const rate = (run: Run) => run.states / Math.max(run.seconds, 1e-3);
    const cells = [
      instance,
      beem.parameters,
      h.fmt(beem.states),
      h.fmt(r.states),
      equal ? 'yes' : '**no**',
      h.fmt(r.seconds, 2),
      s ? h.fmt(s.states) : '-',
      s ? `${h.fmt(s.seconds, 2)} (${s.note})` : '-',
      s ? `${h.fmt(r.seconds / Math.max(s.seconds, 1e-3), 2)}×` : '-',
      s ? h.fmt(rate(r) / rate(s), 2) : '-',
      two.states === r.states ? h.fmt(two.seconds, 2) : `**${h.fmt(two.states)} states**`,
      `${h.fmt(r.seconds / Math.max(two.seconds, 1e-3), 2)}×`,
    ];
    console.log(`| ${cells.join(' | ')} |`);
  }
  console.log(
    differ === 0
      ? `\nracecheck's state count equals BEEM's on all ${instances.length} instances.`
      : `\n**${differ} of ${instances.length} instances differ from BEEM's count.**`,
  );
}
