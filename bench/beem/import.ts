/*
 * Copies BEEM instances into bench/models/beem/ and records BEEM's published counts for them.
 *
 *   node dist/bench/beem/import.js BEEM_DIR INSTANCE...    e.g. ../shared/beem peterson.1 anderson.6
 *
 * BEEM_DIR holds one folder per family, as in the BEEM distribution (README there): <family>.<n>.dve and .pm,
 * results.xml (the reachable states of each DVE instance) and, for some instances, <family>.<n>.stat.xml (edges
 * and the number of states at each breadth-first level). The .dve and .pm files are copied unchanged to
 * bench/models/beem/source/; the figures go to bench/models/beem/counts.json, each with the file it comes from.
 * Instances already in counts.json keep their entry (and its `suite`); new ones go to the benchmark suite.
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BEEM_DIR, type BeemCount, COUNTS_FILE, readCounts } from './counts.js';

const tag = (xml: string, name: string) => new RegExp(`<${name}>\\s*(\\d+)\\s*</${name}>`).exec(xml)?.[1];

function importInstance(beem: string, instance: string, old: BeemCount | undefined): BeemCount {
  const [family, id] = instance.split('.') as [string, string];
  const folder = join(beem, family);
  for (const ext of ['dve', 'pm'])
    copyFileSync(join(folder, `${instance}.${ext}`), join(BEEM_DIR, 'source', `${instance}.${ext}`));
  const results = readFileSync(join(folder, 'results.xml'), 'utf8');
  const entry = new RegExp(`<instance name="${family}" id="${id}">([\\s\\S]*?)</instance>`).exec(results)?.[1];
  const states = entry && tag(entry, 'states');
  if (!entry || !states) throw new Error(`${family}/results.xml has no states for ${instance}`);
  const description = readFileSync(join(folder, `${family}.xml`), 'utf8');
  const parameters = new RegExp(`<instance id="${id}">\\s*<parameters>([^<]*)</parameters>`).exec(description)?.[1];
  const count: BeemCount = {
    parameters: parameters?.trim() ?? '',
    states: Number(states),
    complete: /<reach-time complete="yes">/.test(entry),
    statesFrom: `${family}/results.xml`,
    suite: old?.suite ?? 'bench',
  };
  const statFile = join(folder, `${instance}.stat.xml`);
  if (!existsSync(statFile)) return count;
  const stat = readFileSync(statFile, 'utf8');
  const levelStates = [...stat.matchAll(/<level id="\d+"><states>(\d+)<\/states>/g)].map((m) => Number(m[1]));
  if (Number(tag(stat, 'states')) !== count.states) throw new Error(`${statFile} and results.xml disagree`);
  return {
    ...count,
    edges: Number(tag(stat, 'edges')),
    levels: Number(tag(stat, 'levels')),
    levelStates,
    statFrom: `${family}/${instance}.stat.xml`,
  };
}

/** JSON with number arrays wrapped at 100 characters, so that every line stays short. */
function format(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/\[\s+(\d[\d,\s]*?)\s+\]/g, (_, body: string) => {
    const lines: string[] = [];
    let line = '';
    for (const n of body.split(/,\s*/)) {
      if (line.length + n.length > 100) {
        lines.push(line.trimEnd());
        line = '';
      }
      line += `${n}, `;
    }
    lines.push(line.slice(0, -2));
    return `[\n        ${lines.join('\n        ').trimEnd()}\n      ]`;
  });
}

function main([beem, ...instances]: string[]) {
  if (!beem || instances.length === 0) throw new Error('usage: import.js BEEM_DIR INSTANCE...');
  const counts = existsSync(COUNTS_FILE) ? readCounts() : {};
  for (const instance of instances) counts[instance] = importInstance(beem, instance, counts[instance]);
  const sorted = Object.fromEntries(
    Object.entries(counts).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })),
  );
  const source =
    'BEEM (R. Pelánek, SPIN Workshop 2007), as copied to ../shared/beem: results.xml and <instance>.stat.xml';
  writeFileSync(COUNTS_FILE, `${format({ source, instances: sorted })}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
