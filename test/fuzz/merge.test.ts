/*
 * Fuzzing merge's input: real `check --format json` results mutated as text (characters cut,
 * inserted, changed, the file truncated) and as JSON (a value replaced by random JSON, a field
 * dropped, a value nested deep), and garbage. Merging them either succeeds or is a DiagnosticError
 * at a place inside the file (exit 2), never another exception; what merges renders as a table and
 * as JSON; and a violation in any part that merges keeps the merge violated (or an error).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { controlCharacterAt, DiagnosticError, lineCol, makeSource } from '../../src/lang/index.js';
import { checkModel, type Merged, mergeResults } from '../../src/pipeline.js';
import { checkJson } from '../../src/render/json.js';
import { renderMerged } from '../../src/render/merge.js';
import { STACK } from '../cli/process.js';
import { load, racecheck } from '../helpers.js';
import { fuzzParameters } from './seed.js';

const dir = mkdtempSync(join(tmpdir(), 'racecheck-fuzz-merge-'));
const here = { source: makeSource('<fuzz>', ''), at: { offset: 0, length: 0 } };
let written = 0;

const VIOLATED = `const N = 2
var n: 0..3 = 0
process p { step a() { n = 1 } step b() { n = N } }
invariant late: n < 2
invariant always: n <= 3
`;

/** The JSON results merging reads: exhaustive (violated, and stopped at a limit) and random. */
async function seeds(): Promise<string[]> {
  const model = () => load(VIOLATED, {}, 'm.race');
  const runs = await Promise.all([
    checkModel(model(), {}),
    checkModel(model(), { maxStates: 2 }),
    checkModel(model(), { engine: 'random', random: { seed: 1, runs: 5 } }),
  ]);
  return runs.map((r) => JSON.stringify(checkJson([r]), null, 2));
}

function file(text: string): { path: string; ref: typeof here } {
  const path = join(dir, `${written++}.json`);
  writeFileSync(path, text);
  return { path, ref: here };
}

/** Merges the files: the result, or the diagnostic (checked to point into the file it names). */
function survive(texts: readonly string[]): Merged | 'diagnostic' {
  const files = texts.map(file);
  try {
    const merged = mergeResults(files);
    renderMerged(merged, 'table');
    JSON.parse(renderMerged(merged, 'json'));
    return merged;
  } catch (e) {
    if (!(e instanceof DiagnosticError)) throw e;
    const d = e.diagnostic;
    const i = files.findIndex((f) => f.path === d.source.name);
    // A file with NUL or control bytes is refused unread, at the place that named it (load.ts).
    if (i < 0 && d.source === here.source && texts.some((t) => t.includes('\0') || controlCharacterAt(t) >= 0))
      return 'diagnostic';
    assert.ok(i >= 0, `a diagnostic in ${d.source.name}, not in a file merged`);
    assert.ok(d.loc.offset >= 0 && d.loc.offset <= texts[i]!.length + 1, e.message);
    assert.ok(lineCol(d.source, d.loc.offset).line >= 1);
    assert.ok(e.message.length < 2_000, 'a diagnostic of one clipped line');
    return 'diagnostic';
  }
}

type TextMutation =
  | { kind: 'cut'; at: number; length: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'truncate'; at: number };

/** A character-level mutation of `text`. */
const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ unit: 'binary', maxLength: 8 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutateText(text: string, m: TextMutation): string {
  const at = m.at % (text.length + 1);
  if (m.kind === 'cut') return text.slice(0, at) + text.slice(at + m.length);
  if (m.kind === 'insert') return text.slice(0, at) + m.text + text.slice(at);
  return text.slice(0, at);
}

/** Every path to a value in `doc`, so that a mutation can pick one. */
function paths(doc: unknown): (string | number)[][] {
  const out: (string | number)[][] = [];
  const stack: [unknown, (string | number)[]][] = [[doc, []]];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    out.push(path);
    if (typeof v === 'object' && v !== null)
      for (const [k, c] of Object.entries(v)) stack.push([c, [...path, Array.isArray(v) ? Number(k) : k]]);
  }
  return out;
}

/** The document with the value at `path` replaced (undefined: the field or element removed). */
function replaced(doc: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let parent = copy;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (value === undefined && Array.isArray(parent)) parent.splice(last as number, 1);
  else if (value === undefined) delete parent[last];
  else parent[last] = value;
  return copy;
}

/** Whether a (possibly mangled) document lists a property as violated. */
function listsViolation(doc: unknown): boolean {
  const models = (doc as { models?: unknown } | null)?.models;
  if (!Array.isArray(models)) return false;
  return models.some((m) => {
    const ps = (m as { properties?: unknown } | null)?.properties;
    return Array.isArray(ps) && ps.some((p) => (p as { status?: unknown } | null)?.status === 'violated');
  });
}

/** Stands for a value nested `depth` deep, put into the text after JSON.stringify (fast-check prints it short). */
const NEST = '\u0000nest:';
const nested = (depth: number) => `${NEST}${depth}`;
const unnest = (text: string) =>
  text.replace(/"\\u0000nest:(\d+)"/g, (_, d: string) => `${'['.repeat(Number(d))}${']'.repeat(Number(d))}`);
const newValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constant(undefined),
  fc.integer({ min: 60, max: 5_000 }).map(nested),
  fc.constantFrom('', '\u001b[2J', 'x\n::error::y', -1, 1.5, Number.MAX_VALUE, null, {}, []),
);

describe('merge fuzz: what it is fed merges or is a diagnostic in the file', () => {
  it('results mutated as text', async () => {
    const docs = await seeds();
    fc.assert(
      fc.property(fc.nat(docs.length - 1), fc.array(textMutation, { minLength: 1, maxLength: 4 }), (i, ms) => {
        const text = ms.reduce(mutateText, docs[i]!);
        survive([text, docs[(i + 1) % docs.length]!]);
      }),
      fuzzParameters(300, 6_000),
    );
  });

  it('results mutated as JSON; a violation in a part that merges is never lost', async () => {
    const docs = (await seeds()).map((d) => JSON.parse(d) as unknown);
    fc.assert(
      fc.property(fc.nat(docs.length - 1), fc.nat(), newValue, (i, pick, value) => {
        const all = paths(docs[i]);
        const mutated = replaced(docs[i], all[pick % all.length]!, value);
        const text = unnest(JSON.stringify(mutated) ?? '');
        const merged = survive([text, JSON.stringify(docs[(i + 1) % docs.length])]);
        const violatedPart = [JSON.parse(text || 'null'), docs[(i + 1) % docs.length]].some(listsViolation);
        if (merged !== 'diagnostic' && violatedPart) assert.ok(['violated', 'error'].includes(merged.exit));
      }),
      fuzzParameters(400, 6_000),
    );
  });

  it('garbage: random text and random JSON', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.json({ maxDepth: 4 })), (text) => {
        assert.equal(survive([text]), 'diagnostic');
      }),
      fuzzParameters(300, 4_000),
    );
  });

  it('the CLI: mutated results are exit 2 with one diagnostic, never a stack trace', async () => {
    const docs = await seeds();
    const samples = fc.sample(fc.tuple(fc.nat(docs.length - 1), textMutation), {
      numRuns: 4,
      seed: fuzzParameters(0).seed!,
    });
    for (const [i, m] of samples) {
      const bad = file(`${mutateText(docs[i]!, m)}\n{`); // a value and more, or less than a value: never JSON
      const r = racecheck(['merge', bad.path, file(docs[0]!).path]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /^\S+\.json:\d+:\d+: error: /);
      assert.doesNotMatch(r.stderr, STACK);
    }
  });
});
