/*
 * Every command's JSON output conforms to the schema published in docs/json.md (its ```json schema
 * block), for every engine and every kind of failure: check (exhaustive, a limit, a compact store,
 * symmetry, random search found and replayed, a model that does not load, one that fails at run time),
 * gate (met, missed, a spec that does not load, a spec file that does not parse), merge and simulate.
 * The schema is closed, so an output field the page does not document fails here; and the validator
 * itself rejects a document with a field too many, one missing, or one of the wrong type.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fences } from '../cli/literate.js';
import { ROOT, racecheck } from '../helpers.js';
import { type Schema, validate } from './json-schema.js';

const blocks = fences(readFileSync(join(ROOT, 'docs/json.md'), 'utf8')).filter((f) => f.info === 'json schema');
const schema = JSON.parse(blocks[0]!.lines.join('\n')) as Schema;
const def = (name: string): Schema => ({ $ref: `#/$defs/${name}` });

const dir = mkdtempSync(join(tmpdir(), 'racecheck-json-'));
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const V46 = 'models/btrfs-relocation/v4.6.race';
const V47 = 'models/btrfs-relocation/v4.7.race';

/** Runs a command and validates its standard output against a definition of the schema. */
function conforms(args: string[], name: string, code?: number): Record<string, unknown> {
  const r = racecheck(args);
  if (code !== undefined) assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}`);
  const doc = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.deepEqual(validate(doc, def(name), schema), [], args.join(' '));
  return doc;
}

describe('JSON output against the schema in docs/json.md', () => {
  it('finds exactly one schema block', () => {
    assert.equal(blocks.length, 1);
    assert.ok(schema.$defs && 'check' in (schema.$defs as object) && 'gate' in (schema.$defs as object));
  });

  it('check: exhaustive, a limit, a compact store, symmetry', () => {
    const v46 = conforms(['check', V46, '--format', 'json'], 'check', 1) as { models: { counterexamples: [] }[] };
    assert.equal(v46.models[0]!.counterexamples.length, 5);
    conforms(['check', V47, '--format', 'json', '--max-states', '1000'], 'check', 3);
    conforms(['check', V47, '--format', 'json', '--store', 'compact', '-p', 'no_deadlock'], 'check', 0);
    const sym = conforms(['check', 'bench/models/ticket.race', '-D', 'N=3', '--format', 'json'], 'check');
    assert.ok('symmetry' in (sym.models as object[])[0]!);
  });

  it('check: liveness verdicts, coverage, and lassos that repeat or stop', () => {
    type Doc = { models: { liveness: object; coverage: object; counterexamples: { loop?: number; stops?: true }[] }[] };
    const livelock = conforms(['check', 'bench/models/flag-lock.race', '--format', 'json'], 'check', 1) as Doc;
    assert.ok('liveness' in livelock.models[0]! && 'coverage' in livelock.models[0]!);
    const lasso = livelock.models[0]!.counterexamples[0]!;
    assert.ok(lasso.loop !== undefined && lasso.stops === undefined, 'a cycle');
    const stuck = ['check', 'test/models/fixtures/v4.7-no-nocow-decrement.race', '-D', 'WITH_DIO_COW=false'];
    const stops = conforms([...stuck, '-p', 'relocation_finishes', '--format', 'json'], 'check', 1) as Doc;
    const stopped = stops.models[0]!.counterexamples[0]! as { stops?: true; waits?: unknown[] };
    assert.equal(stopped.stops, true, 'a run that stops');
    assert.ok((stopped.waits?.length ?? 0) > 0, 'with the step relocation waits at');
    const deadlock = ['check', 'test/models/fixtures/v4.7-handle-across-waits.race', '-p', 'no_deadlock'];
    conforms(
      [...deadlock, '-D', 'WITH_DIO_NOCOW=false', '-D', 'WITH_BUFFERED_NOCOW=false', '--format', 'json'],
      'check',
      1,
    );
  });

  it('check: random search, found and replayed from its seed and path', () => {
    // The README's example (seed 5): found in a few hundred runs.
    const scaled = ['check', 'models/btrfs-relocation/scaled.race', '-D', 'DIO_COW=3', '-D', 'DIO_NOCOW=4'];
    const args = [...scaled, '-D', 'BUFFERED=4', '--engine', 'random', '-p', 'no_lost_write', '--format', 'json'];
    const found = conforms([...args, '--seed', '5'], 'check', 1) as {
      models: { random: { found: { seed: number; path: string }[] } }[];
    };
    const f = found.models[0]!.random.found[0]!;
    const replayed = conforms([...args, '--seed', String(f.seed), '--path', f.path], 'check', 1) as typeof found;
    assert.equal((replayed.models[0]!.random.found[0] as unknown as { replayed: boolean }).replayed, true);
  });

  it('check: a model that does not load and one that fails at run time appear, with their diagnostics', () => {
    const typo = file('typo.race', 'var x: 0..2 = 0\nprocess p "P" {\n  step "inc" { x += }\n}\n');
    const fails = file(
      'fails.race',
      'var x: 0..1 = 0\nprocess p { step one() { x = x + 1 } step two() { x = x + 1 } }\n',
    );
    const doc = conforms(['check', typo, fails, V47, '-p', 'no_deadlock', '--format', 'json'], 'check', 2) as {
      models: { file: string; status: string; diagnostic?: { line: number; column: number }; trace?: unknown }[];
    };
    assert.deepEqual(
      doc.models.map((m) => [m.file.replace(/^.*\//, ''), m.status]),
      [
        ['typo.race', 'error'],
        ['fails.race', 'error'],
        ['v4.7.race', 'ok'],
      ],
    );
    assert.deepEqual([doc.models[0]!.diagnostic!.line, doc.models[0]!.diagnostic!.column], [3, 21]);
    assert.ok(doc.models[1]!.trace, 'the run up to the failing step');
    const missing = conforms(['check', 'nowhere.race', '--format', 'json'], 'check', 2) as typeof doc;
    assert.equal(missing.models[0]!.diagnostic!.line, 1);
  });

  it('gate: met, missed, a spec that does not load, a spec file that does not parse', () => {
    // A spec names its model relative to itself, inside its repository: a copy beside it.
    file('9cfa3e34.race', readFileSync(join(ROOT, 'models/btrfs-relocation/9cfa3e34.race'), 'utf8'));
    const model = '9cfa3e34.race';
    const consts = 'const WITH_DIO_COW = false\n  const WITH_DIO_NOCOW = false\n  const WITH_UNRELATED = false';
    const spec = file(
      'mixed.spec',
      `spec "met" {\n  model "${model}"\n  ${consts}\n  expect no_lost_buffered_write violated\n}\n` +
        `spec "missed" {\n  model "${model}"\n  ${consts}\n  expect no_deadlock violated\n}\n` +
        `spec "typo" {\n  model "${model}"\n  expect no_such_property holds\n}\n`,
    );
    const broken = file('broken.spec', 'spec "x" {\n  frob\n}\n');
    const doc = conforms(['gate', spec, broken, '--format', 'json'], 'gate', 2) as { specs: { status: string }[] };
    assert.deepEqual(
      doc.specs.map((s) => s.status),
      ['ok', 'violated', 'error', 'error'],
    );
  });

  it('merge and simulate', () => {
    const shards = [1, 2].map((i) => {
      const out = join(dir, `shard-${i}.json`);
      const args = ['check', V46, '--engine', 'random', '--runs', '40', '--seed', '3', '--shard', `${i}/2`];
      racecheck([...args, '--format', 'json', '--out', out]);
      return out;
    });
    conforms(['merge', ...shards, '--format', 'json'], 'check');
    conforms(['simulate', V47, '--seed', '4', '--format', 'json'], 'trace', 0);
  });

  it('the validator refuses a field too many, a field missing and a wrong type (the schema is closed)', () => {
    const r = racecheck(['check', V47, '-p', 'no_deadlock', '--max-states', '100', '--format', 'json']);
    const doc = JSON.parse(r.stdout) as { models: Record<string, unknown>[] };
    assert.deepEqual(validate(doc, def('check'), schema), []);
    const extra = structuredClone(doc);
    extra.models[0]!.extra = 1;
    assert.ok(validate(extra, def('check'), schema).length > 0);
    const missing = structuredClone(doc);
    delete missing.models[0]!.constants;
    assert.ok(validate(missing, def('check'), schema).length > 0);
    const wrong = structuredClone(doc);
    (wrong.models[0]!.stats as Record<string, unknown>).distinct = '1001';
    assert.ok(validate(wrong, def('check'), schema).length > 0);
  });
});
