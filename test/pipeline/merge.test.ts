/*
 * mergeResults over real `check --format json` documents of one model file:
 * violated in any run wins, then holds in an exhaustive run, else not found;
 * the shorter counterexample stays; a file that is not a result is a
 * diagnostic.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DiagnosticError, makeSource } from '../../src/lang/index.js';
import { type CheckOptions, checkModel, mergeResults } from '../../src/pipeline.js';
import { checkJson } from '../../src/render/json.js';
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
    assert.throws(() => mergeResults([{ path: bad, ref: here }]), /not a racecheck result \(schema 2\)/);
    // Schema 1 (before models that fail were listed) is refused, not half read.
    writeFileSync(bad, '{ "schema": 1, "models": [] }');
    assert.throws(() => mergeResults([{ path: bad, ref: here }]), /not a racecheck result \(schema 2\)/);
  });

  it('a model that did not load in some run makes the merged result an error', () => {
    const failed = join(dir, 'failed.json');
    const diagnostic = { message: "expected a value, found '}'", file: 'm.race', line: 3, column: 21 };
    writeFileSync(failed, JSON.stringify({ schema: 2, models: [{ file: 'm.race', status: 'error', diagnostic }] }));
    const merged = mergeResults([{ path: failed, ref: here }]);
    assert.equal(merged.exit, 'error');
    assert.equal(merged.models[0]!.status, 'error');
  });
});
