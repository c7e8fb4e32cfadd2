/*
 * npm run bench:liveness: racecheck's liveness verdicts against SPIN's, on the same models.
 *
 * Each model is a .race file in bench/models/ and a Promela twin in bench/promela/ with the same
 * state space (the safety state counts are compared, and must agree). For each liveness property,
 * racecheck checks it with --fairness none, weak and strong; SPIN checks the twin's LTL property
 * of the same name for acceptance cycles (pan -a -N name), without fairness and with its weak
 * fairness (-f). SPIN has no strong fairness: that column is racecheck's alone. Each verdict
 * racecheck gives must be SPIN's; the table says so, and the script exits 1 if one is not.
 *
 *   npm run bench:liveness
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

interface Case {
  readonly name: string;
  readonly race: string;
  readonly pml: string;
  readonly properties: readonly string[];
}

const CASES: Case[] = [
  {
    name: "Peterson's lock",
    race: 'bench/models/peterson-fair.race',
    pml: 'bench/promela/peterson-fair.pml',
    properties: ['p0_enters', 'p1_enters'],
  },
  {
    name: "Peterson's lock without its flag test",
    race: 'bench/models/peterson-broken.race',
    pml: 'bench/promela/peterson-broken.pml',
    properties: ['p0_enters', 'p1_enters'],
  },
  {
    name: 'flag lock (livelock)',
    race: 'bench/models/flag-lock.race',
    pml: 'bench/promela/flag-lock.pml',
    properties: ['someone_enters'],
  },
  {
    name: 'dining philosophers, deadlock-free',
    race: 'bench/models/philosophers-fair.race',
    pml: 'bench/promela/philosophers-fair.pml',
    properties: ['p0_eats', 'someone_eats'],
  },
];

type Verdict = 'holds' | 'violated';

interface Checked {
  readonly verdict: Verdict;
  readonly seconds: number;
}

function racecheck(file: string, property: string, fairness: string): Checked {
  const args = ['bin/racecheck.js', 'check', file, '-p', property, '--fairness', fairness, '--format', 'json'];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const json = JSON.parse(r.stdout) as {
    models: { properties: { name: string; status: string }[]; liveness?: { stats: { seconds: number } } }[];
  };
  const m = json.models[0]!;
  const status = m.properties.find((p) => p.name === property)!.status;
  if (status !== 'holds' && status !== 'violated') throw new Error(`${file} ${property}: ${status}`);
  return { verdict: status, seconds: m.liveness?.stats.seconds ?? Number.NaN };
}

function racecheckStates(file: string): number {
  const r = spawnSync(process.execPath, ['bin/racecheck.js', 'check', file, '--exhaust', '--format', 'json'], {
    encoding: 'utf8',
  });
  return (JSON.parse(r.stdout) as { models: { stats: { distinct: number } }[] }).models[0]!.stats.distinct;
}

/** Builds the twin's verifier in a scratch folder (its includes beside it), for safety or for acceptance cycles. */
function build(c: Case, dir: string, safety: boolean): void {
  for (const f of [c.pml, ...includes(c)]) copyFileSync(f, join(dir, f.replace(/^.*\//, '')));
  execFileSync('spin', ['-a', c.pml.replace(/^.*\//, '')], { cwd: dir, stdio: 'pipe' });
  const flags = ['-O2', '-w', '-DNOREDUCE', ...(safety ? ['-DSAFETY', '-DNOCLAIM'] : [])];
  execFileSync('gcc', [...flags, '-o', 'pan', 'pan.c'], { cwd: dir, stdio: 'pipe' });
}

/** The twin files a .pml includes (peterson-broken.pml includes peterson-fair.pml). */
function includes(c: Case): string[] {
  const text = execFileSync('cat', [c.pml]).toString();
  return [...text.matchAll(/#include "([^"]+)"/g)].map((m) => join(dirname(c.pml), m[1]!));
}

function spinStates(c: Case, dir: string): number {
  build(c, dir, true);
  const out = execFileSync('./pan', ['-m1000000'], { cwd: dir }).toString();
  return Number(/([\d.e+]+) states, stored/.exec(out)?.[1] ?? Number.NaN);
}

function spin(dir: string, property: string, fair: boolean): Checked {
  const r = spawnSync('./pan', ['-a', ...(fair ? ['-f'] : []), '-N', property, '-m1000000'], {
    cwd: dir,
    encoding: 'utf8',
  });
  const errors = Number(/errors: (\d+)/.exec(r.stdout)?.[1] ?? Number.NaN);
  if (!Number.isFinite(errors)) throw new Error(`pan -N ${property}: ${r.stdout}${r.stderr}`);
  const seconds = Number(/pan: elapsed time ([\d.e+]+) seconds/.exec(r.stdout)?.[1] ?? Number.NaN);
  return { verdict: errors === 0 ? 'holds' : 'violated', seconds };
}

if (spawnSync('which', ['spin']).status !== 0) {
  console.log('SPIN is not installed (apt-get install -y spin): nothing to compare with.');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'racecheck-liveness-'));
console.log('# racecheck vs SPIN: liveness\n');
console.log(`${execFileSync('spin', ['-V']).toString().trim()}; node ${process.version}\n`);
console.log('racecheck: check -p PROPERTY --fairness none|weak|strong. SPIN: pan -a [-f] -N PROPERTY, -DNOREDUCE.\n');
console.log(
  '| model | states (racecheck / SPIN) | property | no fairness (racecheck / SPIN) | weak (racecheck / SPIN)' +
    ' | strong (racecheck) | agree |',
);
console.log('|---|---|---|---|---|---|---|');
let disagreements = 0;
for (const c of CASES) {
  const counts = [racecheckStates(c.race), spinStates(c, dir)] as const;
  // A twin is only a twin if both tools count the same states.
  if (counts[0] !== counts[1]) disagreements++;
  const states = `${counts[0]} / ${counts[1]}${counts[0] === counts[1] ? '' : ' **NO**'}`;
  build(c, dir, false);
  for (const property of c.properties) {
    const none = [racecheck(c.race, property, 'none'), spin(dir, property, false)] as const;
    const weak = [racecheck(c.race, property, 'weak'), spin(dir, property, true)] as const;
    const strong = racecheck(c.race, property, 'strong');
    const agree = none[0].verdict === none[1].verdict && weak[0].verdict === weak[1].verdict;
    if (!agree) disagreements++;
    const pair = ([a, b]: readonly [Checked, Checked]) => `${a.verdict} / ${b.verdict}`;
    console.log(
      `| ${c.name} | ${states} | ${property} | ${pair(none)} | ${pair(weak)} | ${strong.verdict} | ` +
        `${agree ? 'yes' : '**NO**'} |`,
    );
  }
}
console.log(disagreements === 0 ? '\nEvery verdict agrees.' : `\n${disagreements} disagreements.`);
process.exit(disagreements === 0 ? 0 : 1);
