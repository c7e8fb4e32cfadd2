/*
 * The front end under fuzzing: the model front end (lexer, parser, model builder, and the compiler
 * and a short search for what loads), the spec parser and the diagram reader. Whatever text they
 * are given (random characters, token soup, mutated bundled models, and grammar-aware generation:
 * deep nesting, long chains, quantifiers, negative ranges, unicode, CR and CRLF line ends) they
 * either succeed or end in a DiagnosticError, never another exception and never a stack overflow.
 * Each property is bounded in runs and time (seed.ts).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compile } from '../../src/compile/index.js';
import { search } from '../../src/explore/index.js';
import { DiagnosticError, makeSource } from '../../src/lang/index.js';
import { KEYWORDS, scan } from '../../src/lang/lexer.js';
import { MAX_NESTING } from '../../src/lang/parse/cursor.js';
import type { Model } from '../../src/model/index.js';
import { replayDiagram } from '../../src/pipeline/replay.js';
import { parseSpecs } from '../../src/spec/index.js';
import { diagramInput, readDiagram } from '../../src/trace/diagram-reader.js';
import { load, ROOT } from '../helpers.js';
import { fuzzParameters } from './seed.js';

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

const MESSAGES = new Map<string, number>();

/** The message a text that does not load ends in (counted, for FUZZ_STATS=1). */
function diagnosticOf(text: string): string {
  try {
    load(text);
    return '';
  } catch (e) {
    const message = e instanceof DiagnosticError ? e.diagnostic.message : String(e);
    const kind = message.replace(/'[^']*'/g, "'…'").replace(/\d+/g, 'N');
    MESSAGES.set(kind, (MESSAGES.get(kind) ?? 0) + 1);
    return message;
  }
}

/** Runs `work`; a DiagnosticError is an answer, any other exception fails the property. */
function diagnosticOr<T>(work: () => T): T | 'diagnostic' {
  try {
    return work();
  } catch (e) {
    if (e instanceof DiagnosticError) return 'diagnostic';
    throw e;
  }
}

const WORDS = [
  ...KEYWORDS,
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

/** The text with its line ends made CRLF or CR (or left LF), as files from other systems have them. */
const lineEnds = (text: fc.Arbitrary<string>) =>
  fc.tuple(text, fc.constantFrom('\n', '\r\n', '\r')).map(([t, end]) => (end === '\n' ? t : t.replace(/\n/g, end)));

/** Usually an ASCII name, sometimes one the lexer refuses (a diagnostic, not a crash). */
const name = (ascii: string[]) =>
  fc.oneof(
    { weight: 30, arbitrary: fc.constantFrom(...ascii) },
    { weight: 1, arbitrary: fc.constantFrom('héllo', 'π', '变量', 'x\u200b') },
  );
const UNICODE = '"ünïcödé ✓ 🚀"';
/** Strings with holes, escapes and unicode. */
const TEXTS = ['"step"', '"x is {x}"', UNICODE, '"tab\\t and \\n"', '"a {y + 1} b {b}"', '"\\{lit\\}"', '""'];

/**
 * Grammar-aware models: declarations with ranges (negative ones too), constants, enums, arrays,
 * defs, processes with steps, control flow, quantifiers and templates; typed expressions (so that
 * most models load and reach the compiler and the search) nested to a random depth, sometimes
 * just under or past MAX_NESTING, and long operator chains.
 */
function grammarModel(): fc.Arbitrary<string> {
  const bound = fc.integer({ min: -3, max: 3 });
  const range = fc.tuple(bound, fc.nat({ max: 3 })).map(([lo, n]) => `${lo}..${lo + n}`);
  const small = { depthSize: 'small', withCrossShrink: true } as const;
  const { int, bool } = fc.letrec<{ int: string; bool: string }>((tie) => ({
    int: fc.oneof(
      small,
      fc.constantFrom('x', 'y', 'N', '0', '1', '-2', 'a[0]', 'a[y % 3]'),
      fc
        .tuple(tie('int'), fc.constantFrom('+', '-', '*', '/', '%'), tie('int'))
        .map(([l, op, r]) => `(${l} ${op} ${r})`),
      tie('int').map((e) => `-(${e})`),
      fc.tuple(tie('bool'), tie('int'), tie('int')).map(([c, t, e]) => `(${c} ? ${t} : ${e})`),
      fc.tuple(range, tie('bool')).map(([r, e]) => `(count v in ${r}: ${e})`),
      tie('int').map((e) => `f(${e})`),
    ),
    bool: fc.oneof(
      small,
      fc.constantFrom('b', 'true', 'false', 'y == 0'),
      fc
        .tuple(tie('int'), fc.constantFrom('==', '!=', '<', '<=', '>', '>='), tie('int'))
        .map(([l, op, r]) => `${l} ${op} ${r}`),
      fc.tuple(tie('bool'), fc.constantFrom('&&', '||', '=>'), tie('bool')).map(([l, op, r]) => `(${l} ${op} ${r})`),
      tie('bool').map((e) => `!(${e})`),
      fc.tuple(fc.constantFrom('forall', 'exists'), range, tie('bool')).map(([q, r, e]) => `(${q} w in ${r}: ${e})`),
    ),
  }));
  /** A depth: usually small, sometimes just under the limit, sometimes far past it. */
  const depth = fc.oneof(
    { weight: 6, arbitrary: fc.nat({ max: 20 }) },
    { weight: 2, arbitrary: fc.integer({ min: MAX_NESTING - 20, max: MAX_NESTING + 5 }) },
    { weight: 1, arbitrary: fc.integer({ min: MAX_NESTING, max: 3000 }) },
  );
  /** An int or bool nested `depth` times by one construct. */
  const deepInt = fc
    .tuple(
      fc.constantFrom(['(', ')'], ['- ', ''], ['x + ', ''], ['(b ? x : ', ')'], ['a[', ']'], ['f(', ')']),
      depth,
      int,
    )
    .map(([[open, close], n, e]) =>
      open === 'a[' ? `${open.repeat(n)}(${e}) % 3${close.repeat(n)}` : `${open.repeat(n)}${e}${close.repeat(n)}`,
    );
  const deepBool = fc
    .tuple(
      fc.constantFrom(['(', ')'], ['!', ''], ['b && ', ''], ['b => ', ''], ['forall v in 0..0: ', '']),
      depth,
      bool,
    )
    .map(([[open, close], n, e]) => `${open.repeat(n)}${e}${close.repeat(n)}`);
  const anyInt = fc.oneof({ weight: 40, arbitrary: int }, { weight: 1, arbitrary: deepInt });
  const anyBool = fc.oneof({ weight: 40, arbitrary: bool }, { weight: 1, arbitrary: deepBool });
  const { stmt } = fc.letrec<{ stmt: string }>((tie) => ({
    stmt: fc.oneof(
      small,
      fc
        .tuple(fc.constantFrom('x', 'y', 'a[0]', 'a[y % 3]'), fc.constantFrom('=', '+=', '-='), anyInt)
        .map(([t, op, e]) => `${t} ${op} ${e}`),
      anyBool.map((e) => `b = ${e}`),
      anyBool.map((e) => `await ${e}`),
      fc.tuple(anyBool, tie('stmt')).map(([c, s]) => `assert ok: ${c}\n${s}`),
      fc.tuple(anyBool, tie('stmt'), tie('stmt')).map(([c, t, e]) => `if ${c} { ${t} } else { ${e} }`),
      fc.tuple(tie('stmt'), tie('stmt')).map(([l, r]) => `either { ${l} } or { ${r} }`),
      fc.tuple(range, tie('stmt')).map(([r, s]) => `for k in ${r} { ${s} }`),
      fc
        .tuple(fc.constantFrom('-2..-1', '0..3', '1..1'), fc.option(anyBool))
        .map(([r, w]) => `choose x in ${r}${w === null ? '' : ` where ${w}`}`),
      fc.constantFrom('skip', 'var t: -2..2 = -1\nt = t + 1', 'bump(y)'),
    ),
  }));
  const nestedBlocks = fc
    .tuple(fc.constantFrom('if b {', 'either { skip } or {', 'for v in 0..0 {', 'if b { skip } else {'), depth, stmt)
    .map(([open, n, s]) => `${open.repeat(n)} ${s} ${'}'.repeat(n)}`);
  const step = fc
    .tuple(
      fc.constantFrom(...TEXTS, 'f()', 'g(rc->x == {x})', 'count()'),
      fc.array(fc.oneof({ weight: 20, arbitrary: stmt }, { weight: 1, arbitrary: nestedBlocks }), { maxLength: 3 }),
    )
    .map(([display, ss]) => `step ${display} { ${ss.join('\n')} } --> ${TEXTS[1]}`);
  const processBody = fc
    .array(
      fc.oneof(
        { weight: 6, arbitrary: step },
        { weight: 1, arbitrary: fc.tuple(anyBool, step).map(([c, s]) => `while ${c} { ${s} }`) },
        { weight: 1, arbitrary: fc.tuple(anyBool, step).map(([c, s]) => `step if (${c}) { ${s} }`) },
      ),
      { minLength: 1, maxLength: 4 },
    )
    .map((ss) => ss.join('\n'));
  const decl = fc.oneof(
    fc
      .tuple(name(['z1', 'z2']), bound, fc.nat({ max: 3 }), fc.option(fc.nat({ max: 3 })))
      .map(([v, lo, n, init]) => `var ${v}: ${lo}..${lo + n}${init === null ? '' : ` = ${lo + Math.min(n, init)}`}`),
    fc.tuple(name(['c1', 'c2']), bound).map(([c, e]) => `const ${c} = ${e}`),
    fc.tuple(name(['i1', 'i2']), anyBool).map(([i, e]) => `invariant ${i}: ${e}`),
    fc.tuple(name(['d1', 'd2']), anyInt).map(([d, e]) => `def ${d}(v) = ${e.replace(/\bx\b/g, 'v')}`),
    fc.constantFrom(
      'enum E { A, B, }\nvar m: array[E] of -1..1',
      'invariant at_step: p[1] at "step" => b',
      'final done_ok: done(q) => y >= 0',
      'liveness l: eventually b',
    ),
  );
  return fc
    .tuple(fc.array(decl, { maxLength: 3 }), processBody, processBody, fc.boolean())
    .map(
      ([decls, p, q, array]) =>
        'model "fuzz ✓"\nconst N = 2\nvar x: -2..3\nvar y: 0..3\nvar b: bool\nvar a: array[0..2] of -1..3\n' +
        'def f(v) = v\nproc bump(v) { v += 1 }\n' +
        `${decls.join('\n')}\n` +
        `process p ${array ? '[i in 1..N] symmetric ' : ''}"CPU 1" { ${p} }\n// a comment\nprocess q { ${q} }\n` +
        '/* a block\ncomment */ invariant inv: x < 3\n',
    );
}

describe('front end under fuzzing', () => {
  it('survives arbitrary text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (text) => void (await survive(text))),
      fuzzParameters(300, 5000),
    );
  });

  it('survives token soup', async () => {
    const soup = fc.array(fc.constantFrom(...WORDS), { maxLength: 60 }).map((ws) => ws.join(' '));
    await fc.assert(
      fc.asyncProperty(soup, async (text) => void (await survive(text))),
      fuzzParameters(500, 5000),
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
      fuzzParameters(200, 5000),
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
      fuzzParameters(300, 5000),
    );
  });

  it('loads the bundled models unchanged', async () => {
    for (const m of MODELS) assert.equal(await survive(m), 'loaded');
  });

  it('survives grammar-aware models: deep, long, quantified, negative ranges, unicode, CR and CRLF', async () => {
    const seen = { loaded: 0, diagnostic: 0, tooDeep: 0 };
    await fc.assert(
      fc.asyncProperty(lineEnds(grammarModel()), async (text) => {
        const got = await survive(text);
        seen[got]++;
        if (got === 'diagnostic' && /nesting deeper than/.test(diagnosticOf(text))) seen.tooDeep++;
      }),
      fuzzParameters(300, 12_000),
    );
    if (process.env.FUZZ_STATS) console.log(seen, [...MESSAGES].sort((x, y) => y[1] - x[1]).slice(0, 25));
    // The generator is worth its runs only if it reaches the later stages and the nesting limit.
    assert.ok(seen.loaded >= (seen.loaded + seen.diagnostic) / 10, JSON.stringify(seen));
    assert.ok(seen.tooDeep > 0, JSON.stringify(seen));
  });

  it('survives the bundled models with CRLF or CR line ends, loading each with CRLF', async () => {
    for (const m of MODELS) assert.equal(await survive(m.replace(/\n/g, '\r\n')), 'loaded');
    for (const m of MODELS) await survive(m.replace(/\n/g, '\r'));
  });
});

/** Spec files made of their entries, with junk tokens mixed in and any line ends. */
function specText(): fc.Arbitrary<string> {
  const entry = fc.oneof(
    fc.constantFrom(
      'model "../models/btrfs-relocation/v4.6.race"',
      'model "/proc/self/environ"',
      'model ""',
      'const N = 2',
      'const N = -3',
      'const B = true',
      'const M = FAST',
      'const N =',
      'max_states 1000',
      'max_states 0',
      'max_states 99999999999999999999',
      'expect p holds',
      'expect p violated',
      'expect p maybe',
      'replay "d.txt" violates p',
      'replay "d.txt" stopped at "down_write(&x)"',
      'replay "d.txt" stopped at ""',
      'replay "d.txt" stopped',
      ';',
      '// comment',
      '/* comment */',
    ),
    fc.string({ maxLength: 12 }),
    fc.constantFrom(...WORDS),
    fc.string({ unit: 'grapheme', maxLength: 8 }).map((s) => `"${s.replace(/["\\]/g, '')}"`),
  );
  const spec = fc
    .tuple(
      fc.constantFrom('"name"', `${UNICODE.slice(0, -1)}\nname"`, '""', 'name'),
      fc.array(entry, { maxLength: 10 }),
      fc.boolean(),
    )
    .map(([name, entries, closed]) => `spec ${name} {\n  ${entries.join('\n  ')}\n${closed ? '}' : ''}`);
  return lineEnds(fc.array(spec, { maxLength: 3 }).map((ss) => ss.join('\n\n')));
}

describe('spec parser under fuzzing', () => {
  it('parses generated specs or gives a diagnostic', () => {
    fc.assert(
      fc.property(specText(), (text) => {
        const specs = diagnosticOr(() => parseSpecs(makeSource('t.spec', text)));
        if (specs !== 'diagnostic') for (const s of specs) assert.ok(s.expectations.length > 0);
      }),
      fuzzParameters(1000, 5000),
    );
  });

  it('parses arbitrary text or gives a diagnostic', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        diagnosticOr(() => parseSpecs(makeSource('t.spec', text)));
      }),
      fuzzParameters(1000, 3000),
    );
  });

  it('reads a spec entry of 400 KB in linear time', () => {
    const text = `spec "s" { model "m.race" replay "d.txt" stopped at "${'word '.repeat(80_000)}" }`;
    const started = performance.now();
    const [s] = parseSpecs(makeSource('t.spec', text));
    assert.equal(s?.expectations.length, 1);
    assert.ok(performance.now() - started < 5000);
  });
});

const DIAGRAM_MODEL = load(
  'var x: 0..3\nprocess p "CPU 1" { while true { step f() { x = 1 } --> "x is one" } }\n' +
    'process q "CPU 2" { step g(a, b) { x = 2 }\n step "a sentence" { x = 3 } }\ninvariant small: x < 3\n',
);

/** Diagrams: a title line, then lines indented under a column: calls (some left open), notes, sentences, folds. */
function diagramText(): fc.Arbitrary<string> {
  const text = fc.oneof(
    fc.constantFrom('f()', 'g(a,', 'b)', 'g(a, b)', '--> x is one', '--> a note', 'a sentence', '… 3 steps'),
    fc.constantFrom('(', ')', 'f(', '  )'),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.constantFrom('ünïcödé ✓', '\t\tf()', '变量()', '\u001b[31mred'),
  );
  const line = fc
    .tuple(fc.constantFrom(0, 1, 2, 4, 6, 8, 17, 19, 21, 40), text, fc.boolean())
    .map(([indent, t, blank]) => (blank ? '' : `${' '.repeat(indent)}${t}`));
  const title = fc.constantFrom('    CPU 1            CPU 2', 'CPU 1', '', '   ', 'a b  c   d', '\t CPU 1 \t CPU 2');
  return lineEnds(fc.tuple(title, fc.array(line, { maxLength: 30 })).map(([t, ls]) => [t, ...ls].join('\n')));
}

describe('diagram reader under fuzzing', () => {
  it('reads generated diagrams, or gives a diagnostic', () => {
    fc.assert(
      fc.property(diagramText(), (text) => {
        diagnosticOr(() => diagramInput(readDiagram(makeSource('d.txt', text))));
      }),
      fuzzParameters(1000, 5000),
    );
  });

  it('replays generated diagrams on a model, or gives a diagnostic', async () => {
    await fc.assert(
      fc.asyncProperty(diagramText(), async (text) => {
        try {
          await replayDiagram(DIAGRAM_MODEL, makeSource('d.txt', text), { maxStates: 2000, maxSeconds: 2 });
        } catch (e) {
          if (!(e instanceof DiagnosticError)) throw e;
        }
      }),
      fuzzParameters(100, 5000),
    );
  });
});
