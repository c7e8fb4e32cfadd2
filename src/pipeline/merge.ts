/*
 * `merge`: the JSON results of several runs of the same models (the shards of a CI matrix)
 * combined per model file. Each file is checked first (merge-document.ts); parts of one model must
 * be of one model and one configuration (its title, its constants, each property's kind and
 * place), else the merge is refused at the value that differs. Per property:
 *   - violated if any part violated it: a counterexample is decisive whatever the other parts say
 *     (the shortest is kept, with the seed and path of the part that found it);
 *   - else holds if a part showed it holds (only a complete exhaustive search says "holds");
 *   - else undecided if a part that listed it was stopped by a limit: the merged model is then
 *     "limit" and the merge exits 3 (unless a violation makes it 1), as `check` does;
 *   - else not found (random search that ran all its runs: exit 0, as `check` does).
 * The same file named twice (after resolving symlinks) is read once; no file, or no model in any
 * file, is an error: merging nothing is not a green result.
 */
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { fail, makeSource } from '../lang/index.js';
import { quoted } from '../render/merge.js';
import type { Trace } from '../trace/types.js';
import type { ExitKind } from './exit.js';
import type { Ref } from './load.js';
import { type ModelResult, type PropertyResult, type ResultDocument, readResultDocument } from './merge-document.js';

export type { ModelResult } from './merge-document.js';

export interface Merged {
  /** One per model file, in the order first seen. */
  readonly models: readonly ModelResult[];
  /**
   * error: a model did not load (or failed) in some run; else violated: a property was violated in
   * some run; else limit: a property no run decided was left undecided by a run a limit stopped.
   */
  readonly exit: ExitKind;
}

/** The parts read so far of one model file, and where its identity was first seen. */
interface Parts {
  readonly results: ModelResult[];
  /** The first part that loaded, and the file it came from: what later parts must agree with. */
  identity?: { result: ModelResult; path: string };
  /** Each property name with the part it was first listed in. */
  readonly properties: Map<string, { property: PropertyResult; path: string }>;
}

/** Reads each results file in turn (a file that is not one, or disagrees with another, is a diagnostic in it). */
export function mergeResults(files: readonly { path: string; ref: Ref }[]): Merged {
  if (files.length === 0)
    fail(makeSource('<merge>', ''), { offset: 0, length: 0 }, 'nothing to merge: no results file');
  const byFile = new Map<string, Parts>();
  const read = new Set<string>();
  let first: ResultDocument | undefined;
  for (const { path, ref } of files) {
    const real = realPath(path);
    if (read.has(real)) continue;
    read.add(real);
    const doc = readResultDocument(path, ref);
    first ??= doc;
    doc.models.forEach((m, i) => {
      const parts: Parts = byFile.get(m.file) ?? { results: [], properties: new Map() };
      byFile.set(m.file, parts);
      agree(parts, m, doc, i, path);
      parts.results.push(m);
    });
  }
  if (byFile.size === 0)
    first!.fail(['models'], `no model in ${read.size > 1 ? 'any of the results' : 'this result'}: nothing to merge`);
  const models = [...byFile.values()].map((parts) => fold(parts.results));
  const has = (status: ModelResult['status']) => models.some((m) => m.status === status);
  const violated = models.some((m) => m.properties?.some((p) => p.status === 'violated'));
  return { models, exit: has('error') ? 'error' : violated ? 'violated' : has('limit') ? 'limit' : 'ok' };
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path); // a missing file is reported when it is read
  }
}

/** Refuses a part of another model or configuration than the parts before it, at the value that differs. */
function agree(parts: Parts, m: ModelResult, doc: ResultDocument, index: number, path: string): void {
  if (!m.properties) return; // a model that did not load has no identity to compare
  const at = ['models', index] as const;
  const hint = 'merge the parts of one run: the same model file, the same -D values';
  const before = parts.identity;
  if (!before) parts.identity = { result: m, path };
  else {
    const was = before.result;
    if (m.model !== was.model)
      doc.fail(
        [...at, 'model'],
        `${quoted(m.file)} is the model ${quoted(m.model!)} here but ${quoted(was.model!)} in ${before.path}`,
        hint,
      );
    for (const name of new Set([...Object.keys(was.constants!), ...Object.keys(m.constants!)])) {
      const [a, b] = [was.constants![name], m.constants![name]];
      if (a === b) continue;
      doc.fail(
        [...at, 'constants', ...(b === undefined ? [] : [name])],
        `constant ${quoted(name)} is ${shown(b)} here but ${shown(a)} in ${before.path}: ` +
          'results of different -D values',
        hint,
      );
    }
  }
  m.properties.forEach((p, j) => {
    const seen = parts.properties.get(p.name);
    if (!seen) parts.properties.set(p.name, { property: p, path });
    else if (seen.property.kind !== p.kind || seen.property.at !== p.at)
      doc.fail(
        [...at, 'properties', j],
        `property ${quoted(p.name)} is ${described(p)} here but ${described(seen.property)} in ${seen.path}: ` +
          'results of different versions of the model',
        hint,
      );
  });
}

const shown = (v: boolean | number | string | undefined) =>
  v === undefined ? 'not set' : typeof v === 'string' ? quoted(v) : String(v);
const described = (p: PropertyResult) => `the ${p.kind}${p.at === null ? '' : ` at ${quoted(p.at)}`}`;

/** A run a limit stopped (possibly after finding violations): its "unknown" is undecided, not "not found". */
const stopped = (m: ModelResult) => m.status === 'limit' || m.limit !== undefined;

/** The parts of one model file as one result. */
function fold(results: readonly ModelResult[]): ModelResult {
  // A run where the model did not load makes the model an error: there is nothing to combine.
  const unloaded = results.find((m) => !m.properties);
  if (unloaded) return unloaded;
  const first = results[0]!;
  const properties = new Map<string, { property: PropertyResult; holds: boolean; violated: boolean; open: boolean }>();
  const shortest = new Map<string, { trace: Trace; found?: NonNullable<ModelResult['random']>['found'][number] }>();
  for (const m of results) {
    for (const p of m.properties!) {
      const q = properties.get(p.name) ?? { property: p, holds: false, violated: false, open: false };
      q.holds ||= p.status === 'holds';
      q.violated ||= p.status === 'violated';
      q.open ||= p.status === 'unknown' && stopped(m);
      properties.set(p.name, q);
    }
    for (const trace of m.counterexamples!) {
      const name = trace.violation!.property;
      const kept = shortest.get(name);
      if (kept && kept.trace.steps.length <= trace.steps.length) continue;
      const found = m.random?.found.find((f) => f.property === name);
      shortest.set(name, found ? { trace, found } : { trace });
    }
  }
  const merged = [...properties.values()].map(({ property, holds, violated }) => ({
    ...property,
    status: violated ? ('violated' as const) : holds ? ('holds' as const) : ('unknown' as const),
  }));
  const undecided = [...properties.values()].some((q) => q.open && !q.violated && !q.holds);
  const randomParts = results.filter((m) => m.random);
  const { limit: _, ...rest } = first;
  const limit = results.find((m) => stopped(m) && m.limit)?.limit;
  return {
    ...rest,
    status: results.some((m) => m.status === 'error')
      ? 'error'
      : merged.some((p) => p.status === 'violated')
        ? 'violated'
        : undecided
          ? 'limit'
          : 'ok',
    complete: results.some((m) => m.complete),
    ...(undecided && limit && { limit }),
    properties: merged,
    stats: {
      ...first.stats!,
      generated: results.reduce((n, m) => n + m.stats!.generated, 0),
      seconds: results.reduce((s, m) => Math.max(s, m.stats!.seconds), 0),
    },
    ...(randomParts.length > 0 && {
      random: {
        ...randomParts[0]!.random!,
        runs: randomParts.reduce((n, m) => n + m.random!.runs, 0),
        found: [...shortest.values()].flatMap((k) => (k.found ? [k.found] : [])),
      },
    }),
    ...(results.find((m) => m.diagnostic) && { diagnostic: results.find((m) => m.diagnostic)!.diagnostic }),
    counterexamples: [...shortest.values()].map((k) => k.trace),
  };
}
