/*
 * Property tests of the front end with fast-check: whatever text it is given
 * (random characters, random token soup, mutated bundled models), loading a
 * model either succeeds or ends in a DiagnosticError, never another exception.
 * What loads must also compile and run: generated code is always valid.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compile } from '../../src/compile/index.js';
import { search } from '../../src/explore/index.js';
import { DiagnosticError, makeSource } from '../../src/lang/index.js';
import { scan } from '../../src/lang/lexer.js';
import type { Model } from '../../src/model/index.js';
import { load, ROOT } from '../helpers.js';

/** Loads, compiles and briefly explores; returns what happened, throwing only on a real crash. */
async function survive(text: string): Promise<'loaded' | 'diagnostic'> {
  let model: Model;
  try {
    model = load(text);
  } catch (e) {
    if (e instanceof DiagnosticError) return 'diagnostic';
    throw e;
  }
  const v = await search(compile(model), { maxStates: 200 });
  assert.ok(['ok', 'violated', 'limit', 'error'].includes(v.status));
  return 'loaded';
}

const WORDS = [
  'model',
  'const',
  'enum',
  'var',
  'array',
  'of',
  'bool',
  'process',
  'proc',
  'def',
  'invariant',
  'final',
  'after',
  'step',
  'atomic',
  'call',
  'if',
  'else',
  'while',
  'for',
  'in',
  'either',
  'or',
  'choose',
  'where',
  'await',
  'assert',
  'note',
  'true',
  'false',
  'forall',
  'exists',
  'count',
  'skip',
  'x',
  'y',
  'N',
  'E',
  'A',
  'B',
  'p',
  'f',
  '0',
  '1',
  '3',
  '..',
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ',',
  ':',
  ';',
  '.',
  '=',
  '==',
  '!=',
  '<',
  '<=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '!',
  '&&',
  '||',
  '=>',
  '?',
  '+=',
  '-=',
  '-->',
  '"text"',
  '"v {x}"',
  '\n',
];

const MODELS = ['v4.6', '578def7c', '9cfa3e34', 'v4.7'].map((m) =>
  readFileSync(join(ROOT, 'models/btrfs-relocation', `${m}.race`), 'utf8'),
);

/** The token boundaries of a text, for mutations that delete, duplicate or swap whole tokens. */
function tokenSpans(text: string): [number, number][] {
  const source = makeSource('m', text);
  const spans: [number, number][] = [];
  let at = 0;
  while (at < text.length) {
    try {
      const t = scan(source, at);
      if (t.kind === 'eof') break;
      spans.push([t.offset, t.end]);
      at = t.end;
    } catch {
      at++; // raw call text such as (&space_info->groups_sem) is not made of tokens
    }
  }
  return spans;
}
const SPANS = MODELS.map(tokenSpans);

describe('front end under fuzzing', () => {
  it('survives arbitrary text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (text) => void (await survive(text))),
      { numRuns: 300 },
    );
  });

  it('survives token soup', async () => {
    const soup = fc.array(fc.constantFrom(...WORDS), { maxLength: 60 }).map((ws) => ws.join(' '));
    await fc.assert(
      fc.asyncProperty(soup, async (text) => void (await survive(text))),
      { numRuns: 500 },
    );
  });

  it('survives small models made of valid pieces', async () => {
    const expr = fc.constantFrom(
      'x',
      'x + 1',
      'y',
      'x == y',
      '!b',
      'b && x < 2',
      'N',
      '(x > 0 ? x - 1 : x)',
      'a[x]',
      'a[1]',
    );
    const stmt = fc.oneof(
      expr.map((e) => `x = ${e}`),
      expr.map((e) => `await ${e}`),
      expr.map((e) => `b = ${e}`),
      fc.constant('either { x = 1 } or { x = 2 }'),
      fc.constant('choose x in 0..2'),
      expr.map((e) => `if ${e} { x += 1 } else { y -= 1 }`),
      expr.map((e) => `assert ok: ${e}`),
    );
    const step = fc.array(stmt, { maxLength: 3 }).map((ss) => `step f() { ${ss.join('\n')} } --> "x is {x}"`);
    const proc = fc.array(step, { minLength: 1, maxLength: 3 }).map((ss) => ss.join('\n'));
    const model = fc
      .tuple(proc, proc)
      .map(
        ([p, q]) =>
          'const N = 2\nvar x: 0..3\nvar y: 0..3\nvar b: bool\nvar a: array[0..2] of 0..3\n' +
          `process p { ${p} }\nprocess q { ${q} }\ninvariant inv: x < 3`,
      );
    await fc.assert(
      fc.asyncProperty(model, async (text) => void (await survive(text))),
      { numRuns: 200 },
    );
  });

  it('survives the bundled models with a token deleted, duplicated or swapped', async () => {
    const mutation = fc.record({
      model: fc.nat({ max: MODELS.length - 1 }),
      at: fc.nat(),
      other: fc.nat(),
      kind: fc.constantFrom('delete', 'duplicate', 'swap'),
    });
    await fc.assert(
      fc.asyncProperty(mutation, async ({ model, at, other, kind }) => {
        const text = MODELS[model]!;
        const spans = SPANS[model]!;
        const [s, e] = spans[at % spans.length]!;
        const [s2, e2] = spans[other % spans.length]!;
        const tok = text.slice(s, e);
        let mutated: string;
        if (kind === 'delete') mutated = text.slice(0, s) + text.slice(e);
        else if (kind === 'duplicate') mutated = `${text.slice(0, e)} ${tok}${text.slice(e)}`;
        else mutated = text.slice(0, s) + text.slice(s2, e2) + text.slice(e);
        await survive(mutated);
      }),
      { numRuns: 300 },
    );
  });

  it('loads the bundled models unchanged', async () => {
    for (const m of MODELS) assert.equal(await survive(m), 'loaded');
  });
});
