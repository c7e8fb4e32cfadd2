/*
 * Fuzz tests of text (issue 13, items 2 and 8): LF, CRLF and a lone CR are the same line end (a model
 * means the same, and a diagnostic points at the same line:col, whichever it uses); what goes to a
 * terminal shows no control character; what goes into a GitHub annotation is one line, with its
 * properties escaped, and decodes back to what it said.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DiagnosticError, formatDiagnostic, lineCol, makeSource, visible } from '../../src/lang/index.js';
import type { SpecRun } from '../../src/pipeline.js';
import { githubAnnotations } from '../../src/render/gate.js';
import { check, load, violated } from '../helpers.js';
import { fuzzParameters } from './seed.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is that there are none
const CONTROL_BUT_LF = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
/** What visible() shows as \xHH: every control character but tab. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
const SHOWN = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/;

/** A model, line by line: comments at line ends and on lines of their own, blank lines, maybe a mistake. */
const lines = fc
  .tuple(
    fc.array(fc.constantFrom('// a comment', '', '/* a block', ' comment */', '  '), { maxLength: 3 }),
    fc.constantFrom('', ' // x: 0..3 is wide enough'),
    fc.constantFrom('', ' // and a comment after the process'),
    fc.constantFrom('invariant small: x == 0', 'invariant small: x <= 1', '  step { x = }'),
    fc.array(fc.constantFrom('// the end', '', '/* the end */'), { maxLength: 2 }),
  )
  .map(([before, c1, c2, last, after]) => [
    ...before,
    `var x: 0..3${c1}`,
    `process p {${c2}`,
    '  step { x = 1 }',
    '}',
    last,
    ...after,
  ]);
const END = fc.constantFrom('\n', '\r\n', '\r');

/** What a model comes to: the properties violated, or where its diagnostic is. */
async function outcome(text: string): Promise<string> {
  try {
    load(text);
  } catch (e) {
    if (!(e instanceof DiagnosticError)) throw e;
    const { line, col } = lineCol(e.diagnostic.source, e.diagnostic.loc.offset);
    return `${line}:${col}: ${e.diagnostic.message}`;
  }
  return violated(await check(text)).join(', ') || 'holds';
}

describe('fuzz: line ends', () => {
  it('LF, CRLF and CR mean the same model, with diagnostics at the same line:col', async () => {
    await fc.assert(
      fc.asyncProperty(lines, fc.array(END, { minLength: 12, maxLength: 12 }), async (ls, ends) => {
        const lf = ls.join('\n');
        const mixed = ls.map((l, i) => l + ends[i % ends.length]).join('');
        assert.equal(await outcome(mixed), await outcome(lf), JSON.stringify(mixed));
      }),
      fuzzParameters(150, 6_000),
    );
  });

  it('count lines as the lexer does: a line start follows every LF, CRLF and lone CR', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', ' ', '\n', '\r', '\r\n'), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        const count = text.split(/\r\n|\r|\n/).length;
        assert.equal(makeSource('t', text).lineStarts.length, count, JSON.stringify(text));
      }),
      fuzzParameters(300, 2_000),
    );
  });
});

/** Any text, control characters and line breaks more likely than in fc.string. */
const anyText = fc.string({
  unit: fc.oneof(
    fc.constantFrom('\n', '\r', '%', ':', ',', '\x1b', '\x07', '\x7f', '\u009b', ' '),
    fc.string({ minLength: 1, maxLength: 1, unit: 'grapheme' }),
  ),
  maxLength: 30,
});

describe('fuzz: text into terminals and CI logs', () => {
  it('a diagnostic shows no control character, wherever it points and whatever its line holds', () => {
    fc.assert(
      fc.property(anyText, anyText, anyText, fc.nat(40), fc.nat(10), (name, text, message, at, length) => {
        const source = makeSource(name, text);
        const shown = formatDiagnostic({ source, loc: { offset: Math.min(at, text.length), length }, message });
        const [head, line, caret] = shown.split('\n');
        for (const l of [head!, line!, caret!]) assert.doesNotMatch(l, CONTROL_BUT_LF, JSON.stringify(shown));
        assert.equal(shown.split('\n').length, 3, JSON.stringify(shown));
        assert.ok(caret!.length <= line!.length + 1, JSON.stringify(shown));
      }),
      fuzzParameters(500, 3_000),
    );
  });

  it('visible() keeps printable text as it is, and leaves nothing a terminal acts on', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const v = visible(text);
        assert.doesNotMatch(v.replace(/\t/g, ''), CONTROL_BUT_LF);
        assert.doesNotMatch(v, /\n/);
        if (!SHOWN.test(text)) assert.equal(v, text);
      }),
      fuzzParameters(500, 2_000),
    );
  });

  it('an annotation is one line per miss, its properties escaped, and decodes to what it says', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(anyText, anyText, anyText), { minLength: 1, maxLength: 4 }), (specs) => {
        const runs = specs.map(([name, file, message]): SpecRun => {
          const source = makeSource(file, 'spec');
          return {
            name,
            file,
            constants: {},
            warnings: [],
            seconds: 0,
            rows: [],
            error: { source, loc: { offset: 0, length: 1 }, message },
            exit: 'error',
          };
        });
        const out = githubAnnotations(runs);
        const commands = out.split(/\r\n|\r|\n/).filter((l) => l !== '');
        assert.equal(commands.length, specs.length, out);
        const decode = (s: string) =>
          s.replace(/%(25|0D|0A|3A|2C)/g, (_, c: string) => String.fromCharCode(Number.parseInt(c, 16)));
        commands.forEach((c, i) => {
          const m = /^::error file=([^,:]*),line=1,col=1,title=racecheck gate::([^\r\n]*)$/.exec(c);
          assert.ok(m, c);
          const [name, file, message] = specs[i]!;
          assert.equal(decode(m[1]!), file);
          assert.equal(decode(m[2]!), `${name}: ${message}`);
        });
      }),
      fuzzParameters(300, 3_000),
    );
  });
});
