/*
 * `merge`: the JSON results of several runs of the same models (the shards
 * of a CI matrix) combined per model: a property is violated if any run
 * violated it (with the shortest counterexample found), holds if an
 * exhaustive run showed it, and is otherwise not found.
 */
import { fail } from '../lang/index.js';
import { JSON_SCHEMA } from '../render/json.js';
import type { Trace } from '../trace/types.js';
import type { ExitKind } from './exit.js';
import { type Ref, readSource } from './load.js';

/** One model's result as `check --format json` writes it (docs/json.md): the parts merging reads. */
export interface ModelResult {
  file: string;
  /** Absent for a model that did not load (status "error", with its diagnostic). */
  model?: string;
  status: string;
  complete?: boolean;
  constants?: Record<string, boolean | number | string>;
  diagnostic?: { message: string; file: string; line: number; column: number };
  properties?: { name: string; kind: string; at: string | null; status: 'holds' | 'violated' | 'unknown' }[];
  stats?: { generated: number; seconds: number };
  engine?: 'exhaustive' | 'random';
  random?: {
    runs: number;
    seed: number;
    bias: string;
    found: { property: string; seed: number; path: string; runs: number; shrinks: number }[];
  };
  counterexamples?: Trace[];
}

export interface Merged {
  /** One per model file, in the order first seen. */
  readonly models: readonly ModelResult[];
  /** error: a model did not load (or failed) in some run; else violated: a property was violated in some run. */
  readonly exit: ExitKind;
}

/** Reads each results file in turn (a file that is not one is a diagnostic at `ref`'s place or in the file). */
export function mergeResults(files: readonly { path: string; ref: Ref }[]): Merged {
  const merged = new Map<string, ModelResult>();
  for (const { path, ref } of files) {
    for (const m of readResults(path, ref)) {
      const seen = merged.get(m.file);
      merged.set(m.file, seen ? combine(seen, m) : m);
    }
  }
  const models = [...merged.values()];
  const violated = models.some((m) => (m.properties ?? []).some((p) => p.status === 'violated'));
  const failed = models.some((m) => m.status === 'error');
  return { models, exit: failed ? 'error' : violated ? 'violated' : 'ok' };
}

function readResults(path: string, ref: Ref): ModelResult[] {
  const source = readSource(path, ref);
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
  return doc.models;
}

function isModelResult(m: unknown): m is ModelResult {
  const r = m as ModelResult | null;
  if (typeof r !== 'object' || r === null || typeof r.file !== 'string') return false;
  // A model that did not load has a diagnostic and nothing else to merge.
  if (r.status === 'error' && r.properties === undefined) return typeof r.diagnostic === 'object';
  return (
    Array.isArray(r.properties) &&
    r.properties.every((p) => typeof p?.name === 'string') &&
    typeof r.stats === 'object' &&
    Array.isArray(r.counterexamples)
  );
}

/** Two results of the same model as one (a run where it did not load, or failed, makes the model an error). */
export function combine(a: ModelResult, b: ModelResult): ModelResult {
  if (!a.properties || !a.stats) return a;
  if (!b.properties || !b.stats) return b;
  const properties = a.properties.map((p) => {
    const q = b.properties!.find((x) => x.name === p.name);
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
  for (const t of [...(a.counterexamples ?? []), ...(b.counterexamples ?? [])]) {
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
    status:
      a.status === 'error' || b.status === 'error'
        ? 'error'
        : properties.some((p) => p.status === 'violated')
          ? 'violated'
          : a.status,
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
