/*
 * DVE → racecheck, for the BEEM benchmark set in bench/models/beem/.
 *
 *   npm run beem:translate            writes bench/models/beem/<instance>.race from source/<instance>.dve
 *   npm run beem:translate -- --check exits 1 if a committed .race differs from what the translator writes
 *   node dist/bench/dve.js FILE.dve   prints the translation of one file
 *
 * The parser is in dve/parse.ts, the translation (and why it keeps the state space) in dve/emit.ts.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BEEM_DIR } from './beem/counts.js';
import { emitRace } from './dve/emit.js';
import { parseDve } from './dve/parse.js';

/** The racecheck model for the DVE text of BEEM instance `name` (`peterson.1`). */
export function translateDve(text: string, name: string): string {
  return emitRace(parseDve(text, `${name}.dve`), name);
}

/** The instances whose DVE is in bench/models/beem/source/, in name order. */
export function beemInstances(): string[] {
  return readdirSync(join(BEEM_DIR, 'source'))
    .filter((f) => f.endsWith('.dve'))
    .map((f) => f.slice(0, -'.dve'.length))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

function main(args: string[]) {
  const files = args.filter((a) => !a.startsWith('--'));
  if (files.length > 0) {
    for (const f of files) process.stdout.write(translateDve(readFileSync(f, 'utf8'), basename(f, '.dve')));
    return;
  }
  const check = args.includes('--check');
  let stale = 0;
  for (const name of beemInstances()) {
    const race = translateDve(readFileSync(join(BEEM_DIR, 'source', `${name}.dve`), 'utf8'), name);
    const out = join(BEEM_DIR, `${name}.race`);
    if (!check) writeFileSync(out, race);
    else if (readFileSync(out, 'utf8') !== race) {
      console.log(`${out} differs from the translation of source/${name}.dve`);
      stale++;
    }
  }
  if (stale > 0) process.exit(1);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
