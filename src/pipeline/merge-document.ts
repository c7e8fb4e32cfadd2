/*
 * A results file for `merge`, read without trusting it: it must be JSON (a syntax error is a
 * diagnostic at its line:col), a `check --format json` document of this schema, and every field
 * merging reads or prints must have the type docs/json.md gives it. Anything else is a diagnostic
 * at the value in the file (exit 2), never an internal error. The checks are loops over the
 * fields merging uses; nesting is bounded first, on the text, so that no later step (this one,
 * rendering, JSON.stringify of the merged document) can recurse on a hostile depth.
 */
import { fail, type Source } from '../lang/index.js';
import { JSON_SCHEMA } from '../render/json.js';
import { clip, quoted } from '../render/merge.js';
import type { Trace } from '../trace/types.js';
import { type JsonPath, jsonSyntaxError, locateJson, tooDeep } from './json-text.js';
import { type Ref, readSource } from './load.js';

/** One model's result as `check --format json` writes it (docs/json.md): the parts merging reads. */
export interface ModelResult {
  file: string;
  /** Absent for a model that did not load (status "error", with its diagnostic). */
  model?: string;
  status: 'ok' | 'violated' | 'limit' | 'error';
  complete?: boolean;
  limit?: 'states' | 'time' | 'memory' | 'interrupted';
  constants?: Record<string, boolean | number | string>;
  diagnostic?: { message: string; file: string; line: number; column: number };
  properties?: PropertyResult[];
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

export interface PropertyResult {
  name: string;
  kind: string;
  at: string | null;
  status: 'holds' | 'violated' | 'unknown';
}

/** A results file read and checked: its models, and where each value is in it (for a diagnostic). */
export interface ResultDocument {
  readonly source: Source;
  readonly models: readonly ModelResult[];
  /** Fails with `message` at the value at `path` in the file. */
  readonly fail: (path: JsonPath, message: string, hint?: string) => never;
}

/** Deeper than any document racecheck writes (about 10; a model value adds a level per array). */
export const MAX_NESTING = 64;

const STATUSES = ['ok', 'violated', 'limit', 'error'];
const PROPERTY_STATUSES = ['holds', 'violated', 'unknown'];
const KINDS = ['invariant', 'final', 'assert', 'deadlock', 'liveness'];
const LIMITS = ['states', 'time', 'memory', 'interrupted'];
const WRITE_ONE = 'write results with racecheck check --format json';

export function readResultDocument(path: string, ref: Ref): ResultDocument {
  const read = readSource(path, ref);
  // A byte order mark (some editors and shells write one) is not JSON; a space keeps the offsets.
  const source = read.text.startsWith('\uFEFF') ? { ...read, text: ` ${read.text.slice(1)}` } : read;
  const text = source.text;
  const failAt = (path: JsonPath, message: string, hint?: string): never =>
    fail(source, locateJson(text, path), message, hint);
  if (text.trim() === '') fail(source, { offset: 0, length: 1 }, `empty file: not a racecheck result (${WRITE_ONE})`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const found = jsonSyntaxError(text) ?? { offset: 0, message: e instanceof Error ? e.message : String(e) };
    fail(source, { offset: found.offset, length: 1 }, `not JSON: ${found.message}`);
  }
  const deep = tooDeep(text, MAX_NESTING);
  if (deep !== undefined)
    fail(source, { offset: deep, length: 1 }, `nested more than ${MAX_NESTING} deep: not a racecheck result`);
  const checker = new Checker(failAt);
  return { source, models: checker.document(doc), fail: failAt };
}

type Json = unknown;
type Fail = (path: JsonPath, message: string, hint?: string) => never;

/** The type checks, each failing at the value's place with what was expected there. */
class Checker {
  constructor(private readonly failAt: Fail) {}

  document(doc: Json): ModelResult[] {
    const top = this.object(doc, [], `not a racecheck result (${WRITE_ONE})`);
    if (!('schema' in top)) {
      const what = 'specs' in top ? 'a gate result: merge reads the results of check' : 'not a racecheck result';
      this.failAt([], `${what} (no "schema"; ${WRITE_ONE})`);
    }
    if (top.schema !== JSON_SCHEMA)
      this.failAt(
        ['schema'],
        `schema ${clip(JSON.stringify(top.schema) ?? 'missing')}: this racecheck reads schema ${JSON_SCHEMA} results`,
        'write every part with the same racecheck version',
      );
    if (!('models' in top))
      this.failAt([], `${'specs' in top ? 'a gate result' : 'not a check result'}: no "models" (${WRITE_ONE})`);
    return this.array(top.models, ['models']).map((m, i) => this.model(m, ['models', i]));
  }

  private model(value: Json, at: JsonPath): ModelResult {
    const m = this.object(value, at, 'a model result');
    const file = this.string(m.file, [...at, 'file']);
    const status = this.oneOf(m.status, [...at, 'status'], STATUSES) as ModelResult['status'];
    const diagnostic = m.diagnostic === undefined ? undefined : this.diagnostic(m.diagnostic, [...at, 'diagnostic']);
    // A model that did not load is its file, the status and the diagnostic.
    if (status === 'error' && m.properties === undefined) {
      if (!diagnostic) this.failAt(at, 'a model with status "error" and no properties needs its "diagnostic"');
      return { file, status, diagnostic };
    }
    const properties = this.properties(m.properties, [...at, 'properties']);
    const names = new Set(properties.map((p) => p.name));
    const stats = this.object(m.stats, [...at, 'stats'], 'the statistics');
    const result: ModelResult = {
      ...(m as Record<string, Json>),
      file,
      model: this.string(m.model, [...at, 'model']),
      status,
      complete: this.boolean(m.complete, [...at, 'complete']),
      constants: this.constants(m.constants, [...at, 'constants']),
      properties,
      stats: {
        ...stats,
        generated: this.count(stats.generated, [...at, 'stats', 'generated']),
        seconds: this.number(stats.seconds, [...at, 'stats', 'seconds']),
      },
      engine: this.oneOf(m.engine, [...at, 'engine'], ['exhaustive', 'random']) as 'exhaustive' | 'random',
      counterexamples: this.array(m.counterexamples, [...at, 'counterexamples']).map((t, i) =>
        this.trace(t, [...at, 'counterexamples', i], names),
      ),
    };
    if (m.limit !== undefined) result.limit = this.oneOf(m.limit, [...at, 'limit'], LIMITS) as ModelResult['limit'];
    if (diagnostic) result.diagnostic = diagnostic;
    if (m.random !== undefined) result.random = this.random(m.random, [...at, 'random'], names);
    return result;
  }

  private properties(value: Json, at: JsonPath): PropertyResult[] {
    const seen = new Set<string>();
    return this.array(value, at).map((v, i) => {
      const p = this.object(v, [...at, i], 'a property');
      const name = this.string(p.name, [...at, i, 'name']);
      if (seen.has(name)) this.failAt([...at, i, 'name'], `property ${quoted(name)} is listed twice`);
      seen.add(name);
      if (p.at !== null) this.string(p.at, [...at, i, 'at']);
      return {
        name,
        kind: this.oneOf(p.kind, [...at, i, 'kind'], KINDS),
        at: p.at as string | null,
        status: this.oneOf(p.status, [...at, i, 'status'], PROPERTY_STATUSES) as PropertyResult['status'],
      };
    });
  }

  private constants(value: Json, at: JsonPath): Record<string, boolean | number | string> {
    const c = this.object(value, at, 'the constants');
    for (const [name, v] of Object.entries(c))
      if (typeof v !== 'boolean' && typeof v !== 'string' && !(typeof v === 'number' && Number.isFinite(v)))
        this.failAt([...at, name], `constant ${quoted(name)}: expected a number, true, false or a name`);
    return c as Record<string, boolean | number | string>;
  }

  /** A counterexample: merging reads its steps (to keep the shorter) and the property it violates. */
  private trace(value: Json, at: JsonPath, names: ReadonlySet<string>): Trace {
    const t = this.object(value, at, 'a counterexample (a trace)');
    this.array(t.steps, [...at, 'steps']);
    const violation = this.object(t.violation, [...at, 'violation'], 'the violation a counterexample shows');
    const property = this.string(violation.property, [...at, 'violation', 'property']);
    if (!names.has(property))
      this.failAt([...at, 'violation', 'property'], `counterexample of ${quoted(property)}: not a property listed`);
    return t as unknown as Trace;
  }

  private random(value: Json, at: JsonPath, names: ReadonlySet<string>): NonNullable<ModelResult['random']> {
    const r = this.object(value, at, 'the random search');
    return {
      ...(r as Record<string, Json>),
      runs: this.count(r.runs, [...at, 'runs']),
      seed: this.count(r.seed, [...at, 'seed']),
      bias: this.string(r.bias, [...at, 'bias']),
      found: this.array(r.found, [...at, 'found']).map((v, i) => {
        const f = this.object(v, [...at, 'found', i], 'a violation found');
        const property = this.string(f.property, [...at, 'found', i, 'property']);
        if (!names.has(property))
          this.failAt([...at, 'found', i, 'property'], `${quoted(property)}: not a property listed`);
        const path = this.string(f.path, [...at, 'found', i, 'path']);
        if (!/^\d+(:\d+)*$/.test(path))
          this.failAt([...at, 'found', i, 'path'], 'expected a fast-check path such as 0:1:1');
        return {
          ...(f as Record<string, Json>),
          property,
          seed: this.count(f.seed, [...at, 'found', i, 'seed']),
          path,
          runs: this.count(f.runs, [...at, 'found', i, 'runs']),
          shrinks: this.count(f.shrinks, [...at, 'found', i, 'shrinks']),
        };
      }),
    };
  }

  private diagnostic(value: Json, at: JsonPath): NonNullable<ModelResult['diagnostic']> {
    const d = this.object(value, at, 'a diagnostic');
    return {
      ...(d as Record<string, Json>),
      message: this.string(d.message, [...at, 'message']),
      file: this.string(d.file, [...at, 'file']),
      line: this.count(d.line, [...at, 'line']),
      column: this.count(d.column, [...at, 'column']),
    };
  }

  /** Fails at the value (or, when it is missing, at the object that lacks it) with what it should be. */
  private wrong(at: JsonPath, value: Json, type: string, what = lastName(at)): never {
    if (value === undefined) this.failAt(at, `${what} is missing (${type})`);
    this.failAt(at, `${what} should be ${type}, not ${typeName(value)}`);
  }

  private object(value: Json, at: JsonPath, what: string): Record<string, Json> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.wrong(at, value, 'an object', what);
    return value as Record<string, Json>;
  }

  private array(value: Json, at: JsonPath): Json[] {
    if (!Array.isArray(value)) this.wrong(at, value, `an array`);
    return value as Json[];
  }

  private string(value: Json, at: JsonPath): string {
    if (typeof value !== 'string') this.wrong(at, value, `a string`);
    return value as string;
  }

  private boolean(value: Json, at: JsonPath): boolean {
    if (typeof value !== 'boolean') this.wrong(at, value, `true or false`);
    return value as boolean;
  }

  private number(value: Json, at: JsonPath): number {
    if (typeof value !== 'number' || !(value >= 0)) this.wrong(at, value, `a number of at least 0`);
    return value as number;
  }

  private count(value: Json, at: JsonPath): number {
    if (!Number.isSafeInteger(value) || (value as number) < 0) this.wrong(at, value, `a whole number of at least 0`);
    return value as number;
  }

  private oneOf(value: Json, at: JsonPath, allowed: readonly string[]): string {
    if (typeof value !== 'string' || !allowed.includes(value)) this.wrong(at, value, `one of ${allowed.join(', ')}`);
    return value as string;
  }
}

/** What a JSON value is, for "found …": its type, or a short scalar as written. */
function typeName(value: Json): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return clip(JSON.stringify(value));
}

/** "models[0].stats.generated" → '"generated"'. */
function lastName(at: JsonPath): string {
  const last = [...at].reverse().find((s) => typeof s === 'string');
  return last === undefined ? 'the document' : `"${last}"`;
}
