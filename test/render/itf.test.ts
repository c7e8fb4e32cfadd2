/*
 * ITF as the format describes it: every counterexample converts to one trace object that an ITF reader
 * written from the description (itf-reader.ts) accepts, and that reads back, state by state, to the
 * trace it came from; arrays are #maps, process locals records, the constants params set in the first
 * state. The reader refuses what the issue found the old writer producing (an array of traces, []).
 * The command line writes one file per counterexample through a pattern.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ACTION_TAKEN, toItf } from '../../src/render/itf.js';
import type { Trace, Value } from '../../src/trace/types.js';
import { check, ROOT, racecheck } from '../helpers.js';
import { type Decoded, ItfError, readItf } from './itf-reader.js';

const V46 = readFileSync(join(ROOT, 'models/btrfs-relocation/v4.6.race'), 'utf8');

/** A decoded variable back to the trace's slot names and values: maps by `[key]`, records by `.field`. */
function flatten(name: string, v: Decoded, out: Map<string, Value>): void {
  if (typeof v === 'boolean' || typeof v === 'string') out.set(name, v);
  else if (typeof v === 'bigint') out.set(name, Number(v));
  else if (Array.isArray(v)) throw new Error(`${name}: a list, where racecheck writes maps`);
  else if ('kind' in v && v.kind === 'variant') {
    assert.deepEqual(v.value, { kind: 'tuple', items: [] }, `${name}: an enum member's variant carries ()`);
    out.set(name, v.tag);
  } else if ('kind' in v && v.kind === 'map') {
    for (const [key, value] of v.entries) flatten(`${name}[${keyText(key)}]`, value, out);
  } else if ('kind' in v && v.kind === 'record') {
    for (const [field, value] of v.fields) flatten(`${name}.${field}`, value, out);
  } else throw new Error(`${name}: unexpected ${JSON.stringify(v)}`);
}

function keyText(k: Decoded): string {
  if (typeof k === 'bigint' || typeof k === 'boolean') return String(k);
  if (typeof k === 'object' && !Array.isArray(k) && 'kind' in k && k.kind === 'variant') return k.tag;
  throw new Error(`unexpected map key ${String(k)}`);
}

/** Writes a trace as ITF text, reads it back, and checks it is the same trace. */
function roundTrip(trace: Trace): ReturnType<typeof readItf> {
  const read = readItf(JSON.stringify(toItf(trace)));
  assert.equal(read.states.length, trace.states.length);
  assert.deepEqual(read.params, Object.keys(trace.constants ?? {}));
  read.states.forEach((state, i) => {
    const flat = new Map<string, Value>();
    for (const name of read.vars) if (name !== ACTION_TAKEN) flatten(name, state.get(name)!, flat);
    const expected = new Map(trace.variables.map((name, k) => [name, trace.states[i]![k]!]));
    assert.deepEqual(flat, expected, `state ${i}`);
    assert.equal(typeof state.get(ACTION_TAKEN), 'string');
  });
  const first = new Map<string, Value>();
  for (const p of read.params) flatten(p, read.states[0]!.get(p)!, first);
  assert.deepEqual(Object.fromEntries(first), trace.constants ?? {});
  return read;
}

describe('ITF', async () => {
  const v46 = await check(V46);

  it('reads every v4.6 counterexample back to the same states, with arrays as #maps and locals as records', () => {
    assert.equal(v46.traces.length, 5);
    for (const trace of v46.traces) {
      const read = roundTrip(trace);
      assert.ok(read.vars.includes('in_x') && !read.vars.some((v) => v.includes('[')), read.vars.join(' '));
      const inX = read.states[0]!.get('in_x');
      assert.ok(typeof inX === 'object' && 'kind' in inX! && inX.kind === 'map');
      assert.deepEqual(read.meta.constants, trace.constants);
      assert.equal(read.meta.format, 'ITF');
    }
  });

  it('keeps the shape of process arrays, nested arrays, bool and range indices', async () => {
    const model = `
      const N = 2
      enum E { A, B }
      var grid: array[bool] of array[E] of 0..3 = [[0, 1], [2, 3]]
      var slots: array[3..4] of bool = false
      process w[i in 1..N] "W {i}" {
        var mine: array[E] of bool = false
        var hits: 0..2 = 0
        step mark() { mine[A] = true  hits = hits + 1  slots[3] = true }
      }
      invariant never: !slots[3]
    `;
    const [trace] = (await check(model)).traces;
    const read = roundTrip(trace!);
    assert.deepEqual(read.vars, ['grid', 'slots', 'w', ACTION_TAKEN]);
    const w = read.states[1]!.get('w') as Extract<Decoded, { kind: 'map' }>;
    assert.equal(w.kind, 'map');
    assert.deepEqual(
      w.entries.map(([k]) => k),
      [1n, 2n],
    );
    assert.equal((w.entries[0]![1] as Extract<Decoded, { kind: 'record' }>).kind, 'record');
    assert.deepEqual(read.params, ['N']);
  });

  it('refuses what is not one ITF trace: an array of traces, [], a state missing a variable, a bad #bigint', () => {
    const one = JSON.stringify(toItf(v46.traces[0]!));
    assert.throws(() => readItf(`[${one},${one}]`), ItfError);
    assert.throws(() => readItf('[]'), ItfError);
    const doc = JSON.parse(one);
    delete doc.states[1].ro;
    assert.throws(() => readItf(JSON.stringify(doc)), /states\[1\]: 'ro' is not set/);
    doc.states[1].ro = { '#bigint': '1.5' };
    assert.throws(() => readItf(JSON.stringify(doc)), /#bigint/);
    doc.states[1].ro = false;
    doc.states[1].WITH_DIO_COW = true; // a parameter is set in the first state only
    assert.throws(() => readItf(JSON.stringify(doc)), /'WITH_DIO_COW' is not a variable/);
  });

  it("--out-itf 'DIR/{property}.itf.json' writes one file per violated property", () => {
    const dir = mkdtempSync(join(tmpdir(), 'racecheck-itf-'));
    const r = racecheck([
      'check',
      'models/btrfs-relocation/v4.6.race',
      '--out-itf',
      join(dir, 'out/{property}.itf.json'),
    ]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /VIOLATED no_lost_dio_write/); // the report still goes to standard output
    const files = readdirSync(join(dir, 'out')).sort();
    assert.deepEqual(files, [
      'no_dangling_extent.itf.json',
      'no_io_to_removed_chunk.itf.json',
      'no_lost_dio_write.itf.json',
      'no_unrelated_wait.itf.json',
      'used_bytes_zero.itf.json',
    ]);
    for (const f of files) {
      const read = readItf(readFileSync(join(dir, 'out', f), 'utf8'));
      assert.match(String(read.meta.description), new RegExp(`counterexample for ${f.replace('.itf.json', '')}:`));
    }
  });

  it('--format itf writes one trace, or refuses several (exit 2) and names a pattern', () => {
    const one = racecheck(['check', 'models/btrfs-relocation/v4.6.race', '-p', 'used_bytes_zero', '--format', 'itf']);
    assert.equal(one.code, 1, one.stderr);
    assert.equal(readItf(one.stdout).states.length > 1, true);
    const five = racecheck(['check', 'models/btrfs-relocation/v4.6.race', '--format', 'itf']);
    assert.equal(five.code, 2);
    assert.equal(five.stdout, '');
    assert.match(five.stderr, /5 counterexamples, and an ITF document holds one\n[\s\S]*\{property\}\.itf\.json/);
    // Two models' counterexamples of the same property, to one file each by {property}: a usage error.
    const dir = mkdtempSync(join(tmpdir(), 'racecheck-itf-'));
    const models = ['models/btrfs-relocation/578def7c.race', 'models/btrfs-relocation/v4.6.race'];
    const pattern = join(dir, '{property}.itf.json');
    const clash = racecheck(['check', ...models, '-p', 'no_lost_dio_write', '--out-itf', pattern]);
    assert.equal(clash.code, 2);
    assert.match(
      clash.stderr,
      /names .*no_lost_dio_write\.itf\.json for two counterexamples: add \{model\} or \{seq\}/,
    );
    const apart = racecheck([
      'check',
      ...models,
      '-p',
      'no_lost_dio_write',
      '--out-itf',
      join(dir, '{model}-{seq}.itf'),
    ]);
    assert.equal(apart.code, 1, apart.stderr);
    assert.deepEqual(readdirSync(dir).sort(), ['578def7c-0.itf', 'v4.6-1.itf']);
  });
});
