/*
 * `racecheck merge RESULTS...`: combines the JSON results of several runs of
 * the same models (the shards of a CI matrix) into one: a property is
 * violated if any run violated it (with the shortest counterexample found),
 * holds if an exhaustive run showed it, and is otherwise not found.
 */
import type { Command } from 'commander';
import { fail } from '../lang/index.js';
import { readSource } from '../pipeline.js';
import { JSON_SCHEMA } from '../render/json.js';
import type { Trace } from '../trace/types.js';
import type { CommandLine } from './commandline.js';
import { EXIT } from './exit.js';
import { expandFiles } from './files.js';
import { tableOrJson } from './options.js';

interface ModelResult {
  file: string;
  model: string;
  status: string;
  complete: boolean;
  properties: { name: string; kind: string; at: string | null; status: 'holds' | 'violated' | 'unknown' }[];
  stats: { generated: number; seconds: number };
  engine?: 'exhaustive' | 'random';
  random?: {
    runs: number;
    seed: number;
    bias: string;
    found: { property: string; seed: number; path: string; runs: number; shrinks: number }[];
  };
  counterexamples: Trace[];
}

export function mergeCommand(program: Command, cl: CommandLine): void {
  program
    .command('merge')
    .summary('merge the JSON results of several runs (the shards of a CI matrix)')
    .description(
      'Reads results written by `racecheck check --format json` (for example by the shards of ' +
        '`--engine random --shard i/n`) and combines them per model: a property is violated if any run ' +
        'violated it (keeping the shortest counterexample and how to reproduce it), holds if an ' +
        'exhaustive run showed it, and is otherwise not found. See docs/ci.md.',
    )
    .argument('<results...>', 'JSON files, or folders of them')
    .option('-f, --format <format>', 'table or json', tableOrJson, 'table')
    .addHelpText('after', '\nExit codes: 0 no property violated in any run, 1 one was, 2 a file does not load.')
    .action((args: string[], opts: { format: 'table' | 'json' }) => {
      const merged = new Map<string, ModelResult>();
      for (const { path, arg } of expandFiles(args, '.json', cl)) {
        const source = readSource(path, cl.ref(arg));
        let doc: { schema?: number; models?: ModelResult[] } | null;
        try {
          doc = JSON.parse(source.text) as typeof doc;
        } catch (e) {
          const at = Number(/position (\d+)/.exec(String(e))?.[1] ?? 0);
          fail(source, { offset: at, length: 1 }, `not JSON: ${e instanceof Error ? e.message : String(e)}`);
        }
        if (
          typeof doc !== 'object' ||
          doc === null ||
          doc.schema !== JSON_SCHEMA ||
          !Array.isArray(doc.models) ||
          !doc.models.every(isModelResult)
        ) {
          fail(
            source,
            { offset: 0, length: 1 },
            `not a racecheck result (schema ${JSON_SCHEMA}): write one with racecheck check --format json`,
          );
        }
        for (const m of doc.models) merged.set(m.file, merged.has(m.file) ? combine(merged.get(m.file)!, m) : m);
      }
      const models = [...merged.values()];
      process.stdout.write(
        opts.format === 'json' ? `${JSON.stringify({ schema: JSON_SCHEMA, models }, null, 2)}\n` : table(models),
      );
      process.exitCode = models.some((m) => m.properties.some((p) => p.status === 'violated'))
        ? EXIT.violated
        : EXIT.ok;
    });
}

function isModelResult(m: unknown): m is ModelResult {
  const r = m as ModelResult | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.file === 'string' &&
    Array.isArray(r.properties) &&
    r.properties.every((p) => typeof p?.name === 'string')
  );
}

function combine(a: ModelResult, b: ModelResult): ModelResult {
  const properties = a.properties.map((p) => {
    const q = b.properties.find((x) => x.name === p.name);
    const status: typeof p.status =
      p.status === 'violated' || q?.status === 'violated'
        ? 'violated'
        : p.status === 'holds' || q?.status === 'holds'
          ? 'holds'
          : 'unknown';
    return { ...p, status };
  });
  // Per property, the shorter counterexample wins.
  const traces = new Map<string, Trace>();
  for (const t of [...a.counterexamples, ...b.counterexamples]) {
    const name = t.violation!.property;
    const seen = traces.get(name);
    if (!seen || t.steps.length < seen.steps.length) traces.set(name, t);
  }
  const found = [...(a.random?.found ?? []), ...(b.random?.found ?? [])].filter((f) => traces.has(f.property));
  const random =
    a.random || b.random
      ? {
          runs: (a.random?.runs ?? 0) + (b.random?.runs ?? 0),
          seed: a.random?.seed ?? b.random!.seed,
          bias: a.random?.bias ?? b.random!.bias,
          found,
        }
      : undefined;
  return {
    ...a,
    status: properties.some((p) => p.status === 'violated') ? 'violated' : a.status,
    complete: a.complete || b.complete,
    properties,
    stats: {
      ...a.stats,
      generated: a.stats.generated + b.stats.generated,
      seconds: Math.max(a.stats.seconds, b.stats.seconds),
    },
    ...(random && { random }),
    counterexamples: [...traces.values()],
  };
}

function table(models: ModelResult[]): string {
  const out: string[] = [];
  for (const m of models) {
    out.push(`${m.file}: ${m.model}${m.random ? ` (${m.random.runs} random runs in all)` : ''}`);
    for (const p of m.properties) {
      const t = m.counterexamples.find((c) => c.violation?.property === p.name);
      const f = m.random?.found.find((x) => x.property === p.name && t);
      const how = t ? ` (${t.steps.length} steps${f ? `; seed ${f.seed}, path ${f.path}` : ''})` : '';
      out.push(`  ${(p.status === 'unknown' ? 'not found' : p.status).padEnd(9)}  ${p.name}${how}`);
    }
  }
  return `${out.join('\n')}\n`;
}
