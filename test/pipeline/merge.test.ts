/*
 * mergeResults over real `check --format json` documents of one model file:
 * violated in any run wins, then holds in an exhaustive run, else not found;
 * the shorter counterexample stays; a file that is not a result is a
 * diagnostic.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DiagnosticError, makeSource } from '../../src/lang/index.js';
import { type CheckOptions, checkModel, mergeResults } from '../../src/pipeline.js';
import { checkJson } from '../../src/render/json.js';
import { renderMerged } from '../../src/render/merge.js';
import { load } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'racecheck-merge-'));
const here = { source: makeSource('<test>', ''), at: { offset: 0, length: 0 } };
let written = 0;

/** Checks `text` as the file m.race and writes its JSON result; returns the file to merge. */
async function result(text: string, options: CheckOptions = {}) {
  const doc = checkJson([await checkModel(load(text, {}, 'm.race'), options)]);
  const path = join(dir, `${written++}.json`);
  writeFileSync(path, JSON.stringify(doc));
  return { path, ref: here };
}

// `late` breaks after two steps, `early` after one unless `slow` is set; `always` holds.
const model = (slow: boolean) => `
var n: 0..3 = 0
process p { step a() { n = 1 } step b() { n = 2 } }
invariant late: n < 2
invariant early: ${slow ? 'true' : 'n < 1'}
invariant always: n <= 3
`;
const status = (m: { properties?: { name: string; status: string }[] }, name: string) =>
  m.properties!.find((p) => p.name === name)!.status;

describe('mergeResults', () => {
  it('a property violated in one run and holding in another is violated; exit violated', async () => {
    const merged = mergeResults([await result(model(true)), await result(model(false))]);
    assert.equal(merged.models.length, 1);
    const m = merged.models[0]!;
    assert.deepEqual(
      ['late', 'early', 'always'].map((p) => status(m, p)),
      ['violated', 'violated', 'holds'],
    );
    assert.equal(merged.exit, 'violated');
    assert.equal(m.status, 'violated');
  });

  it('holds if an exhaustive run showed it, not found if only random runs looked; exit ok', async () => {
    const random = { engine: 'random', random: { seed: 1, runs: 5 } } as const;
    const safe = 'var n: 0..1 = 0\nprocess p { step a() { n = 1 } }\ninvariant ok: n <= 1\n';
    const both = mergeResults([await result(safe, random), await result(safe)]);
    assert.deepEqual([status(both.models[0]!, 'ok'), both.exit], ['holds', 'ok']);
    const onlyRandom = mergeResults([await result(safe, random), await result(safe, random)]);
    assert.deepEqual([status(onlyRandom.models[0]!, 'ok'), onlyRandom.exit], ['unknown', 'ok']);
    assert.equal(onlyRandom.models[0]!.random!.runs, 2 * 5 * 2); // 5 runs for each of 2 properties, twice
  });

  it('keeps the shorter counterexample of a property, whichever run comes first', async () => {
    // The same property, broken after 2 steps, or after 3 when the process first takes a step that changes nothing.
    const late = (pad: boolean) =>
      `var n: 0..3 = 0\nvar m: 0..1 = 0\nprocess p { ${pad ? 'step z() { m = 1 } ' : ''}` +
      'step a() { n = 1 } step b() { n = 2 } }\ninvariant late: n < 2\n';
    const short = await result(late(false));
    const long = await result(late(true));
    for (const files of [
      [long, short],
      [short, long],
    ]) {
      const m = mergeResults(files).models[0]!;
      assert.deepEqual(
        m.counterexamples!.map((t) => [t.violation!.property, t.steps.length]),
        [['late', 2]],
      );
    }
    assert.deepEqual(
      mergeResults([long, long]).models[0]!.counterexamples!.map((t) => t.steps.length),
      [3],
    );
  });

  it('a file that is not JSON, or not a result, is a diagnostic in that file', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ "schema": 1, ');
    assert.throws(
      () => mergeResults([{ path: bad, ref: here }]),
      (e: unknown) => {
        return (
          e instanceof DiagnosticError && e.diagnostic.source.name === bad && /^not JSON/.test(e.diagnostic.message)
        );
      },
    );
    writeFileSync(bad, '{ "schema": 2, "models": [{ "x": 1 }] }');
    assert.throws(() => mergeResults([{ path: bad, ref: here }]), /1:27: error: "file" is missing \(a string\)/);
    // Schema 1 (before models that fail were listed) is refused, not half read.
    writeFileSync(bad, '{ "schema": 1, "models": [] }');
    assert.throws(
      () => mergeResults([{ path: bad, ref: here }]),
      /1:13: error: schema 1: this racecheck reads schema 2/,
    );
  });

  it('a model that did not load in some run makes the merged result an error', () => {
    const failed = join(dir, 'failed.json');
    const diagnostic = { message: "expected a value, found '}'", file: 'm.race', line: 3, column: 21 };
    writeFileSync(failed, JSON.stringify({ schema: 2, models: [{ file: 'm.race', status: 'error', diagnostic }] }));
    const merged = mergeResults([{ path: failed, ref: here }]);
    assert.equal(merged.exit, 'error');
    assert.equal(merged.models[0]!.status, 'error');
  });

  it('a run stopped at a limit leaves its properties undecided (exit limit) unless another decided', async () => {
    const stopped = await result(model(true), { maxStates: 2 });
    const alone = mergeResults([stopped]);
    assert.deepEqual(
      [alone.exit, alone.models[0]!.status, status(alone.models[0]!, 'late')],
      ['limit', 'limit', 'unknown'],
    );
    assert.equal(alone.models[0]!.limit, 'states');
    assert.equal(mergeResults([stopped, await result(model(true), { maxStates: 2 })]).exit, 'limit');
    // A complete run decides: holds and violated alike; the merged model keeps no limit.
    const decided = mergeResults([stopped, await result(model(true))]);
    assert.deepEqual(
      [decided.exit, decided.models[0]!.status, decided.models[0]!.limit],
      ['violated', 'violated', undefined],
    );
    assert.deepEqual(
      ['late', 'always'].map((p) => status(decided.models[0]!, p)),
      ['violated', 'holds'],
    );
    const safe = 'var n: 0..3 = 0\nprocess p { step a() { n = 1 } step b() { n = 2 } }\ninvariant fine: n < 3\n';
    const proved = mergeResults([await result(safe, { maxStates: 2 }), await result(safe)]);
    assert.deepEqual([proved.exit, status(proved.models[0]!, 'fine')], ['ok', 'holds']);
  });

  it('refuses parts of another model, other -D values or another version of the model, at the value', async () => {
    const scaled = 'const N = 1\nvar n: 0..3 = 0\nprocess p { step a() { n = N } }\ninvariant small: n < 3\n';
    const one = await result(scaled);
    const doc = JSON.parse(readFileSync(one.path, 'utf8'));
    const variant = (edit: (m: Record<string, unknown>) => void) => {
      const copy = structuredClone(doc);
      edit(copy.models[0]);
      const path = join(dir, `${written++}.json`);
      writeFileSync(path, JSON.stringify(copy, null, 2));
      return { path, ref: here };
    };
    const refused = (part: { path: string; ref: typeof here }, message: RegExp) =>
      assert.throws(
        () => mergeResults([one, part]),
        (e: unknown) =>
          e instanceof DiagnosticError && e.diagnostic.source.name === part.path && message.test(e.message),
      );
    refused(
      variant((m) => {
        m.model = 'another';
      }),
      /:6:16: error: 'm\.race' is the model 'another' here but 'm' in /,
    );
    refused(
      variant((m) => {
        (m.constants as Record<string, number>).N = 2;
      }),
      /constant 'N' is 2 here but 1 in .*different -D values/,
    );
    refused(
      variant((m) => {
        m.constants = {};
      }),
      /constant 'N' is not set here but 1 in /,
    );
    refused(
      variant((m) => {
        (m.properties as { at: string }[])[0]!.at = 'm.race:9:1';
      }),
      /property 'small' is the invariant at 'm\.race:9:1' here but the invariant at 'm\.race:4:1' in .*versions/,
    );
    // The opposite: the same model and constants merge, however many parts.
    assert.equal(mergeResults([one, variant(() => {}), variant(() => {})]).models.length, 1);
  });

  it('reads a file named twice once (a symlink to it too); merging nothing is an error', async () => {
    const one = await result(model(true), { engine: 'random', random: { seed: 1, runs: 5 } });
    const link = join(dir, 'link.json');
    symlinkSync(one.path, link);
    const twice = mergeResults([one, one, { path: link, ref: here }]);
    assert.equal(twice.models[0]!.random!.runs, mergeResults([one]).models[0]!.random!.runs);
    assert.throws(() => mergeResults([]), /nothing to merge/);
    const none = join(dir, 'none.json');
    writeFileSync(none, '{ "schema": 2, "models": [] }');
    assert.throws(() => mergeResults([{ path: none, ref: here }]), /no model in this result: nothing to merge/);
  });

  it('hostile documents: 200,000 deep, 200,000 properties, control characters, a byte order mark', async () => {
    const deep = join(dir, 'deep.json');
    writeFileSync(deep, `${'['.repeat(200_000)}${']'.repeat(200_000)}`);
    assert.throws(
      () => mergeResults([{ path: deep, ref: here }]),
      // The line of 400,000 brackets is shown as the part around the caret.
      (e: unknown) =>
        e instanceof DiagnosticError &&
        /1:65: error: nested more than 64 deep/.test(e.message) &&
        e.message.length < 400 &&
        /\[…\n {68}\^$/.test(e.message),
    );
    const doc = JSON.parse(readFileSync((await result(model(true))).path, 'utf8'));
    const m = doc.models[0];
    const many = join(dir, 'many.json');
    m.properties = Array.from({ length: 200_000 }, (_, i) => ({
      name: `p${i}`,
      kind: 'invariant',
      at: null,
      status: 'holds',
    }));
    m.counterexamples = [];
    writeFileSync(many, JSON.stringify(doc));
    const started = Date.now();
    const merged = mergeResults([
      { path: many, ref: here },
      { path: many, ref: here },
    ]);
    assert.equal(merged.models[0]!.properties!.length, 200_000);
    assert.ok(Date.now() - started < 10_000, `${Date.now() - started} ms`);
    m.properties = [{ name: 'evil\u001b[2J\n::error::\u202e', kind: 'invariant', at: null, status: 'holds' }];
    const evil = join(dir, 'evil.json');
    writeFileSync(evil, `\uFEFF${JSON.stringify(doc)}`);
    const table = renderMerged(mergeResults([{ path: evil, ref: here }]), 'table');
    assert.match(table, /holds {6}evil\\x1b\[2J\\n::error::\\u202e\n/);
    assert.ok(![...table].some((c) => c !== '\n' && (c < ' ' || c === '\u202e')), table);
  });
});
