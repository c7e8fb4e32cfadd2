/*
 * -D values on the command line: an integer in the syntax of a model's literals (decimal digits
 * up to LARGEST_LITERAL, a minus before them), true/false or an enum member's name. Anything else
 * is a diagnostic with a caret at the value; a constant set twice is a diagnostic at the second.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CommandLine } from '../../src/cli/commandline.js';
import { DiagnosticError, formatDiagnostic, LARGEST_LITERAL, makeSource, parseModel } from '../../src/lang/index.js';
import { buildModel, type Model } from '../../src/model/index.js';
import { runSpec } from '../../src/pipeline/gate.js';
import { loadModel } from '../../src/pipeline/load.js';
import { parseSpecs } from '../../src/spec/index.js';
import { ROOT, racecheck } from '../helpers.js';

const MODEL =
  'enum Mode { SLOW, FAST }\nconst N = 2\nconst B = true\nconst M = SLOW\nvar x: 0..3\n' +
  'process p { step "a" { x = 1 } }\n';

/** Builds MODEL with `-D` arguments as the command line gives them. */
function define(...values: string[]): Model {
  const cl = new CommandLine(['check', 'm.race', ...values.flatMap((v) => ['-D', v])]);
  const source = makeSource('m.race', MODEL);
  return buildModel(parseModel(source), source, cl.defines(values));
}

/** The diagnostic `define` ends in, as printed. */
function refused(...values: string[]): string {
  try {
    define(...values);
  } catch (e) {
    if (e instanceof DiagnosticError) return formatDiagnostic(e.diagnostic);
    throw e;
  }
  assert.fail(`-D ${values.join(' -D ')} was accepted`);
}

const constant = (m: Model, name: string) => m.constants.get(name)?.value;

describe('-D values', () => {
  it('takes integers, true/false and enum members', () => {
    const m = define('N=3', 'B=false', 'M=FAST');
    assert.equal(constant(m, 'N'), 3);
    assert.equal(constant(m, 'B'), 0);
    assert.equal(constant(m, 'M'), 1);
    assert.equal(constant(define(`N=${LARGEST_LITERAL}`), 'N'), LARGEST_LITERAL);
    assert.equal(constant(define(`N=-${LARGEST_LITERAL}`), 'N'), -LARGEST_LITERAL);
    assert.ok(Object.is(constant(define('N=-0'), 'N'), 0));
    assert.equal(constant(define('N=007'), 'N'), 7);
  });

  for (const value of [
    '1e400',
    '0x10',
    '',
    '1.5',
    '99999999999999999999',
    `${LARGEST_LITERAL + 1}`,
    'Infinity',
    '+3',
  ]) {
    it(`refuses N=${value} with a caret at the value`, () => {
      const shown = refused(`N=${value}`);
      const [head, line, caret] = shown.split('\n');
      assert.match(head!, /^<command line>:1:19: error: (constant 'N' is an integer|number .* is too large)/);
      assert.equal(line, `1 | check m.race -D N=${value}`);
      assert.equal(
        caret,
        `${' '.repeat('1 | check m.race -D N='.length)}^${'~'.repeat(Math.max(0, value.length - 1))}`,
      );
    });
  }

  it('refuses a bool or an enum member that is not one, at the value', () => {
    assert.match(refused('B=1'), /^<command line>:1:19: error: constant 'B' is a bool: write true or false, not '1'/);
    assert.match(refused('M=MEDIUM'), /^<command line>:1:19: error: constant 'M' is a Mode: write one of SLOW, FAST/);
  });

  it('refuses a -D without a name', () => {
    assert.match(
      refused('=3'),
      /^<command line>:1:17: error: -D needs NAME=VALUE, as in -D WRITERS=2, not '=3'\n.*\n {20}\^~\n?$/,
    );
  });

  it('says a constant set twice is set twice, at the second', () => {
    const shown = refused('N=1', 'N=2');
    assert.equal(
      shown,
      "<command line>:1:24: error: constant 'N' is set twice: N=1, then N=2\n" +
        '1 | check m.race -D N=1 -D N=2\n' +
        '                           ^',
    );
    // The same text twice points at the second one too.
    assert.match(refused('N=1', 'N=1'), /^<command line>:1:24: error: constant 'N' is set twice: N=1, then N=1/);
    // Two different constants are two settings.
    assert.equal(constant(define('N=1', 'B=false'), 'N'), 1);
  });

  it('a library caller gets the same checks, at the value in <constants>', () => {
    try {
      loadModel('m.race', { text: MODEL, constants: { N: Number.POSITIVE_INFINITY } });
      assert.fail('loaded');
    } catch (e) {
      assert.ok(e instanceof DiagnosticError);
      assert.match(e.message, /^<constants>:1:3: error: constant 'N' is an integer, but 'Infinity' is not/);
    }
    assert.equal(constant(loadModel('m.race', { text: MODEL, constants: { N: 3 } }), 'N'), 3);
  });

  it("a spec's const lines get the same checks, at the value, and a constant set twice at the second", async () => {
    const run = async (consts: string) => {
      const model = '  model "../models/btrfs-relocation/v4.7.race"\n';
      const text = `spec "s" {\n${model}${consts}  expect no_deadlock holds\n}\n`;
      const [spec] = parseSpecs(makeSource(join(ROOT, 'specs', 't.spec'), text));
      const r = await runSpec(spec!, { maxStates: 10 });
      return r.error ? formatDiagnostic(r.error).split('\n').slice(0, 3).join('\n') : 'loaded';
    };
    assert.match(await run('  const WITH_DIO_COW = maybe\n'), /t\.spec:3:24: error: constant 'WITH_DIO_COW' is a bool/);
    assert.match(
      await run('  const WITH_DIO_COW = true\n  const WITH_DIO_COW = false\n'),
      /t\.spec:4:9: error: constant 'WITH_DIO_COW' is set twice: WITH_DIO_COW=true, then WITH_DIO_COW=false/,
    );
    assert.doesNotMatch(await run('  const WITH_DIO_COW = false\n'), /error/);
  });

  it('the command line exits 2 for a bad value and a constant set twice', () => {
    const bad = racecheck(['check', 'models/btrfs-relocation/v4.7.race', '-D', 'WITH_DIO_COW=1e400']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^<command line>:1:57: error: constant 'WITH_DIO_COW' is a bool/);
    const twice = racecheck([
      'check',
      'models/btrfs-relocation/v4.7.race',
      '-D',
      'WITH_DIO_COW=true',
      '-D',
      'WITH_DIO_COW=false',
    ]);
    assert.equal(twice.code, 2);
    assert.match(twice.stderr, /constant 'WITH_DIO_COW' is set twice: WITH_DIO_COW=true, then WITH_DIO_COW=false/);
  });
});
