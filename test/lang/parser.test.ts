import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Stmt } from '../../src/lang/ast.js';
import { makeSource, parseModel } from '../../src/lang/index.js';
import { expectDiagnostic } from '../helpers.js';

const parse = (text: string) => parseModel(makeSource('t.race', text));

function body(text: string): Stmt[] {
  const m = parse(`process p { ${text} }`);
  const d = m.decls[0]!;
  assert.equal(d.kind, 'process');
  return d.kind === 'process' ? d.body : [];
}

describe('parser', () => {
  it('parses a model title and every kind of declaration', () => {
    const m = parse(`model "t"
      const N = 2
      enum E { A, B, }
      var x: 0..N = 1
      var a: array[E] of bool = [true, false]
      def twice(v) = v * 2
      proc bump(v) { v += 1 }
      process p "CPU 1" { skip }
      process w[i in 1..N] "CPU {i + 1}" { skip }
      invariant small: x <= N
      final done after p, w[1]: x == 2`);
    assert.equal(m.title, 't');
    assert.deepEqual(
      m.decls.map((d) => d.kind),
      ['const', 'enum', 'var', 'var', 'def', 'proc', 'process', 'process', 'invariant', 'final'],
    );
  });

  it('reads call text raw, with {expr} holes', () => {
    const [s] = body('step relocate_block_group(rc->stage == {x}) { }');
    assert.equal(s?.kind, 'step');
    if (s?.kind !== 'step') return;
    const parts = s.display!.text.parts;
    assert.equal(parts[0], 'relocate_block_group(rc->stage == ');
    assert.equal(typeof parts[1], 'object');
    assert.equal(parts[2], ')');
  });

  it('takes \\{ and \\} in call text as literal braces', () => {
    const [s] = body('step f(\\{ x \\}) { }');
    assert.ok(s!.kind === 'step');
    assert.deepEqual(s.kind === 'step' && s.display!.text.parts, ['f({ x })']);
  });

  it('collapses blanks and line breaks in strings, and keeps \\n', () => {
    const [s] = body('step "a   long\n      sentence\\nnext" ');
    assert.ok(s!.kind === 'step');
    assert.deepEqual(s.kind === 'step' && s.display!.text.parts, ['a long sentence\nnext']);
  });

  it('attaches notes after a step body to the step', () => {
    const [s, t] = body('step f() { } --> "one" note "two"\n step g()');
    assert.ok(s!.kind === 'step' && t!.kind === 'step');
    if (s!.kind === 'step')
      assert.deepEqual(
        s.notes.map((n) => n.arrow),
        [true, false],
      );
  });

  it('gives operators their precedence: && binds tighter than ||, => is loosest but ?:', () => {
    const m = parse('invariant i: a || b && c => d');
    const d = m.decls[0]!;
    assert.ok(d.kind === 'invariant');
    if (d.kind !== 'invariant') return;
    assert.ok(d.cond.kind === 'binary' && d.cond.op === '=>');
    if (d.cond.kind === 'binary') assert.ok(d.cond.left.kind === 'binary' && d.cond.left.op === '||');
  });

  it('reports syntax errors at the offending token', () => {
    expectDiagnostic('process p {\n  x = = 1\n}', 2, 7, /expected a value, found '='/);
    expectDiagnostic('var x bool', 1, 7, /expected ':' and a type, found 'bool'/);
    expectDiagnostic('process p {\n  step f() {\n', 3, 1, /expected '}', found the end of the file/);
    expectDiagnostic('invariant i: a < b < c', 1, 20, /comparisons do not chain/);
    expectDiagnostic('process p { either { skip } }', 1, 29, /'or'/);
    expectDiagnostic('var step: bool', 1, 5, /keyword 'step'/);
    expectDiagnostic('process p { step f { } }', 1, 18, /call text needs parentheses/);
    expectDiagnostic('process p { step "x {1 +}" }', 1, 25, /expected a value, found '}'/);
  });
});
