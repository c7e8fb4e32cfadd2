/*
 * Fuzzing the CLI as a process: random models (violated or not), random limits, formats and
 * readers of stdout that stop early (at once, after some bytes), and Ctrl-C at a random moment.
 * Whatever happens, a violated model never exits 0, a limit or Ctrl-C before the verdict exits 3
 * (or 1 if a violation was found first), and stderr never shows a stack trace.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type Reader, run, STACK } from '../cli/process.js';
import { fuzzParameters } from './seed.js';

const dir = mkdtempSync(join(tmpdir(), 'racecheck-fuzz-cli-'));

/** A model whose invariant breaks after `depth` steps of one process among `width` (or never, if safe). */
function model(width: number, depth: number, safe: boolean): string {
  const path = join(dir, `m-${width}-${depth}-${safe}.race`);
  const steps = Array.from({ length: depth }, (_, k) => `step { n[i] = ${k + 1} }`).join(' ');
  writeFileSync(
    path,
    `var n: array[0..${width - 1}] of 0..${depth} = 0\n` +
      `process w[i in 0..${width - 1}] { ${steps} }\n` +
      `invariant bounded: forall i in 0..${width - 1}: n[i] ${safe ? '<=' : '<'} ${depth}\n`,
  );
  return path;
}

// Mostly readers that stop early: the case the exit code must survive.
const HEAVY = model(6, 6, true);

const reader: fc.Arbitrary<Reader> = fc.oneof(
  { arbitrary: fc.constant({ close: 'never' } as const), weight: 1 },
  { arbitrary: fc.constant({ close: 'at once' } as const), weight: 3 },
  { arbitrary: fc.integer({ min: 1, max: 2048 }).map((bytes) => ({ close: 'after', bytes }) as const), weight: 2 },
);

const scenario = fc.record({
  width: fc.integer({ min: 1, max: 5 }),
  depth: fc.integer({ min: 1, max: 5 }),
  safe: fc.boolean(),
  copies: fc.integer({ min: 1, max: 3 }),
  // A last model whose search takes long enough to yield to the event loop, where a closed pipe's
  // error is delivered: the moment an exit code could be lost.
  heavy: fc.constantFrom(true, true, true, false),
  maxStates: fc.option(fc.integer({ min: 1, max: 200_000 }), { nil: undefined, freq: 2 }),
  format: fc.constantFrom('diagram', 'text', 'json', 'markdown'),
  engine: fc.constantFrom('exhaustive', 'exhaustive', 'random'),
  reader,
  // Now and then Ctrl-C, mostly once racecheck runs (Node takes about 100 ms to start).
  interruptMs: fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 4 },
    { arbitrary: fc.integer({ min: 0, max: 1500 }), weight: 1 },
  ),
});

describe('CLI process fuzz: pipes closed early, limits, Ctrl-C', () => {
  it('a violated model never exits 0, and stderr never shows a stack trace', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const m = model(s.width, s.depth, s.safe);
        const models = [...Array.from({ length: s.copies }, () => m), ...(s.heavy ? [HEAVY] : [])];
        const args = ['check', ...models, '--format', s.format];
        if (s.maxStates !== undefined) args.push('--max-states', String(s.maxStates));
        if (s.engine === 'random') args.push('--engine', 'random', '--seed', '1', '--runs', '200');
        const r = await run(args, s.reader, s.interruptMs);
        const what = `${args.join(' ')} (${JSON.stringify(s.reader)}, SIGINT ${s.interruptMs}): ${r.code} ${r.signal}`;
        assert.doesNotMatch(r.stderr, STACK, `${what}\n${r.stderr}`);
        // Ctrl-C before racecheck listens for it ends the process as Node does by default: never with 0.
        if (r.signal !== null) {
          assert.equal(r.signal, 'SIGINT', what);
          return;
        }
        const stoppable = s.maxStates !== undefined || s.interruptMs !== undefined;
        const allowed = s.safe
          ? stoppable
            ? [0, 3]
            : [0]
          : s.engine === 'random'
            ? stoppable
              ? [0, 1, 3] // random search that misses the violation says "not found", as check does
              : [0, 1]
            : stoppable
              ? [1, 3]
              : [1];
        assert.ok(allowed.includes(r.code!), `${what}\n${r.stderr}`);
      }),
      fuzzParameters(16, 18_000),
    );
  });
});
