/*
 * Deep input: every construct that nests is read up to MAX_NESTING levels and no further, with a
 * diagnostic at the place that goes too deep rather than a stack overflow; a model nested just
 * under the limit goes through every later stage (model builder, compiler, V8 reading the
 * generated code, the search). And long input is read in linear time.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagnosticError, lineCol } from '../../src/lang/index.js';
import { MAX_NESTING } from '../../src/lang/parse/cursor.js';
import { check, load } from '../helpers.js';

const HEAD = 'var x: 0..3\nvar b: bool\nvar a: array[0..0] of 0..3\n';
const STEP = 'process p { step "a" { x = 1 } }\n';

/** Each construct nested `n` times, in a model that loads when `n` is small. */
const NESTED: Record<string, (n: number) => string> = {
  parentheses: (n) => `${HEAD}invariant i: ${'('.repeat(n)}x${')'.repeat(n)} < 3\n${STEP}`,
  not: (n) => `${HEAD}invariant i: ${'!'.repeat(n)}b || true\n${STEP}`,
  minus: (n) => `${HEAD}invariant i: ${'- '.repeat(n)}x < 9\n${STEP}`,
  'a + chain': (n) => `${HEAD}invariant i: ${'x + '.repeat(n)}x >= 0\n${STEP}`,
  'a - chain': (n) => `${HEAD}invariant i: ${'x - '.repeat(n)}x <= 3\n${STEP}`,
  'an && chain': (n) => `${HEAD}invariant i: ${'b && '.repeat(n)}true || true\n${STEP}`,
  implications: (n) => `${HEAD}invariant i: ${'b => '.repeat(n)}true\n${STEP}`,
  ternaries: (n) => `${HEAD}invariant i: (${'b ? x : '.repeat(n)}x) < 4\n${STEP}`,
  quantifiers: (n) => `${HEAD}invariant i: ${'forall v in 0..0: '.repeat(n)}true\n${STEP}`,
  indexing: (n) => `${HEAD}invariant i: ${'a['.repeat(n)}0${']'.repeat(n)} <= 3\n${STEP}`,
  'def calls': (n) => `${HEAD}def f(v) = v\ninvariant i: ${'f('.repeat(n)}x${')'.repeat(n)} < 4\n${STEP}`,
  'array types': (n) => `var m: ${'array[0..0] of '.repeat(n)}bool\nprocess p { step "a" { skip } }\n`,
  'list initialisers': (n) =>
    `${HEAD}var m: ${'array[0..0] of '.repeat(n)}bool = ${'['.repeat(n)}true${']'.repeat(n)}\n${STEP}`,
  'holes in a sentence': (n) => `${HEAD}process p { step "a {${'('.repeat(n)}x${')'.repeat(n)}}" { x = 1 } }\n`,
  'if blocks in a step': (n) => `${HEAD}process p { step "a" { ${'if b { '.repeat(n)}x = 1${' }'.repeat(n)} } }\n`,
  'if blocks around steps': (n) => `${HEAD}process p { ${'if b { '.repeat(n)}step "a" { x = 1 }${' }'.repeat(n)} }\n`,
  'else if chains': (n) => `${HEAD}process p { step "a" { if b { x = 1 }${' else if b { x = 2 }'.repeat(n)} } }\n`,
  'else step if chains': (n) =>
    `${HEAD}process p { step if (b) { step "a" { x = 1 } }${' else step if (b) { step "c" { x = 2 } }'.repeat(n)} }\n`,
  'while loops': (n) => `${HEAD}process p { ${'while b { step "s" '.repeat(n)}${' }'.repeat(n)} }\n`,
  'for loops': (n) => `${HEAD}process p { step "a" { ${'for v in 0..0 { '.repeat(n)}x = 1${' }'.repeat(n)} } }\n`,
  'either blocks': (n) =>
    `${HEAD}process p { step "a" { ${'either { '.repeat(n)}x = 1${' } or { x = 2 }'.repeat(n)} } }\n`,
  'call frames': (n) => `${HEAD}process p { ${'call f() { '.repeat(n)}step "a" { x = 1 }${' }'.repeat(n)} }\n`,
};

type Outcome = 'loaded' | 'too deep' | string;

function outcome(text: string): Outcome {
  try {
    load(text);
    return 'loaded';
  } catch (e) {
    if (!(e instanceof DiagnosticError)) throw e; // a RangeError here is the bug this file is about
    return e.diagnostic.message === `nesting deeper than ${MAX_NESTING} levels` ? 'too deep' : e.message;
  }
}

/** The deepest nesting of `make` that loads (between 1 and 2 * MAX_NESTING, by bisection). */
function deepestLoading(make: (n: number) => string): number {
  let lo = 1;
  let hi = 2 * MAX_NESTING;
  assert.equal(outcome(make(lo)), 'loaded');
  assert.equal(outcome(make(hi)), 'too deep');
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (outcome(make(mid)) === 'loaded') lo = mid;
    else hi = mid;
  }
  return lo;
}

describe('deep input', () => {
  for (const [name, make] of Object.entries(NESTED)) {
    it(`${name}: loads and checks just under the limit, a diagnostic one level more`, async () => {
      const n = deepestLoading(make);
      // Every construct nests at least a level per repetition, and may take a hundred of them.
      assert.ok(n <= MAX_NESTING && n >= MAX_NESTING / 2 - 2, `${name} nests ${n} deep`);
      assert.equal(outcome(make(n + 1)), 'too deep');
      const r = await check(make(n), { maxStates: 100 });
      assert.ok(['ok', 'violated', 'limit'].includes(r.verdict.status), r.verdict.status);
    });
  }

  it('thousands of levels of each construct are the same diagnostic, never a stack overflow', () => {
    for (const [name, make] of Object.entries(NESTED)) assert.equal(outcome(make(3000)), 'too deep', name);
  });

  it('points at the first token nested too deep, with its line and column', () => {
    // The top-level expression is a level, each parenthesis one more: 199 parentheses fit.
    const text = (n: number) => `var x: 0..3\ninvariant i: ${'('.repeat(n)}x${')'.repeat(n)} < 3\n${STEP}`;
    assert.equal(outcome(text(MAX_NESTING - 1)), 'loaded');
    try {
      load(text(600));
      assert.fail('loaded');
    } catch (e) {
      assert.ok(e instanceof DiagnosticError);
      const { line, col } = lineCol(e.diagnostic.source, e.diagnostic.loc.offset);
      assert.deepEqual([line, col], [2, 'invariant i: '.length + MAX_NESTING + 1]);
      assert.match(e.message, /^test\.race:2:214: error: nesting deeper than 200 levels\n/);
    }
  });

  it('counts every kind of nesting together: a mix just under the limit goes through every stage', async () => {
    const levels = ['-(', '!(', 'a[', '(b ? ', 'f(', '(x + ', '(forall v in 0..0: '];
    const close: Record<string, string> = {
      '-(': ')',
      '!(': ')',
      'a[': ']',
      '(b ? ': ' : 0)',
      'f(': ')',
      '(x + ': ')',
      '(forall v in 0..0: ': ')',
    };
    // Alternating int and bool operators would not type-check: keep to int-valued ones around x.
    const ints = ['-(', 'a[', '(b ? ', 'f(', '(x + '];
    const make = (blocks: number, depth: number) => {
      const opens = Array.from({ length: depth }, (_, i) => ints[i % ints.length]!);
      const expr =
        opens.join('') +
        'x' +
        [...opens]
          .reverse()
          .map((o) => close[o])
          .join('');
      return (
        `${HEAD}def f(v) = v\nprocess p { step "a" { ${'if b { '.repeat(blocks)}` +
        `x = (${expr}) % 4${' }'.repeat(blocks)} } }\n`
      );
    };
    assert.ok(levels.length > ints.length);
    const blocks = MAX_NESTING / 2;
    let depth = 1;
    while (outcome(make(blocks, depth + 1)) === 'loaded') depth++;
    assert.ok(depth >= MAX_NESTING / 4, `only ${depth} levels of expression fit in ${blocks} blocks`);
    assert.equal(outcome(make(blocks, depth + 1)), 'too deep');
    const r = await check(make(blocks, depth), { maxStates: 100 });
    assert.ok(['ok', 'violated', 'limit'].includes(r.verdict.status), r.verdict.status);
  });

  it('bounds def expansions and inlined procedures too, which nest one text on another', async () => {
    const n = 90; // each text nests under the limit, the expansion past it
    const negations = (v: string, k: number) => `${'-('.repeat(k)}${v}${')'.repeat(k)}`;
    const defs = (count: number) =>
      `${HEAD}def f0(v) = v\n` +
      Array.from({ length: count }, (_, i) => `def f${i + 1}(v) = f${i}(${negations('v', n)})\n`).join('') +
      `invariant i: f${count}(x) < 9\n${STEP}`;
    assert.match(outcome(defs(3)), /nesting deeper than 200 levels once 'f\d' is expanded/);
    assert.equal(outcome(defs(1)), 'loaded');
    const procs = (count: number) =>
      `${HEAD}proc g0() { step "s" { x = 1 } }\n` +
      Array.from(
        { length: count },
        (_, i) => `proc g${i + 1}() { ${'if b { '.repeat(n)}g${i}()${' }'.repeat(n)} }\n`,
      ).join('') +
      `process p { g${count}() }\n`;
    assert.match(outcome(procs(3)), /nesting deeper than 200 levels once procedures are inlined/);
    assert.equal(outcome(procs(2)), 'loaded');
    assert.match(outcome(procs(150)), /nesting deeper than 200 levels once procedures are inlined/);
    // The deepest a model gets: an expression nested to the limit around a def expanded to it
    // (a unary minus is one level to the parser and one to the tree: 2 * 198 levels of tree).
    const minus = '- '.repeat(MAX_NESTING - 2);
    const deepest = `${HEAD}def d(v) = ${minus}v\ninvariant i: ${minus}d(x) < 9\n${STEP}`;
    assert.equal(outcome(deepest), 'loaded');
    assert.equal(outcome(deepest.replace('= -', '= - - - -')), 'too deep');
    const r = await check(deepest, { maxStates: 100 });
    assert.equal(r.verdict.status, 'ok');
  });

  it('long chains and long sequences that do not nest are not limited', async () => {
    const steps = `${HEAD}process p { ${'step "a" { x = 1 }\n'.repeat(2000)} }\n`;
    assert.equal(outcome(steps), 'loaded');
    const list = `${HEAD}var m: array[0..999] of 0..1 = [${Array(1000).fill('1').join(', ')}]\n${STEP}`;
    assert.equal(outcome(list), 'loaded');
  });
});

describe('long input', () => {
  it('reads a 400 KB sentence with blanks and line breaks in well under a second or two', () => {
    const sentence = 'word  word\n     '.repeat(400_000 / 16);
    const text = `var x: 0..3\nprocess p { step "${sentence}" { x = 1 } }\n`;
    const started = performance.now();
    const m = load(text);
    const ms = performance.now() - started;
    assert.ok(ms < 5000, `${ms.toFixed(0)} ms`);
    assert.ok(m.processes.length === 1);
  });

  it('reads 400 KB of call text likewise', () => {
    const text = `var x: 0..3\nprocess p { step f(${'a  b\n '.repeat(400_000 / 7)}) { x = 1 } }\n`;
    const started = performance.now();
    load(text);
    const ms = performance.now() - started;
    assert.ok(ms < 5000, `${ms.toFixed(0)} ms`);
  });
});
