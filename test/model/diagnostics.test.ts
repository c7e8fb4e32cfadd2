/*
 * Every class of error in a model is a diagnostic at file:line:col with the
 * source line and a caret: lexical, syntax, unknown names, types, ranges,
 * -D overrides, structure.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectDiagnostic } from '../helpers.js';

describe('model diagnostics', () => {
  it('shows the file, line, column, source line and a caret', () => {
    const shown = expectDiagnostic('var x: 0..3\nvar y: bool = z\n', 2, 15, /unknown name 'z'/);
    assert.equal(
      shown.split('\n').slice(0, 3).join('\n'),
      "test.race:2:15: error: unknown name 'z'\n2 | var y: bool = z\n                  ^",
    );
  });

  it('lexical: a stray character', () => {
    expectDiagnostic('var x: bool\nvar y: bool = x @ x', 2, 17, /unexpected character '@'/);
  });

  it('unknown names, with a suggestion', () => {
    const shown = expectDiagnostic(
      'var counter: 0..3\nprocess p { step { countr = 1 } }',
      2,
      20,
      /unknown name 'countr'/,
    );
    assert.match(shown, /did you mean 'counter'\?/);
    expectDiagnostic('var x: Colour', 1, 8, /unknown type 'Colour'/);
    expectDiagnostic('process p { frob() }', 1, 13, /unknown name 'frob'|unknown procedure 'frob'/);
    expectDiagnostic('process p { skip }\nfinal f after q: true', 2, 15, /unknown name 'q'/);
  });

  it('duplicate declarations', () => {
    expectDiagnostic('var x: bool\nvar x: bool', 2, 5, /'x' is already declared/);
    expectDiagnostic('invariant a: true\ninvariant a: true', 2, 1, /property 'a' is already defined/);
  });

  it('type mismatches', () => {
    expectDiagnostic(
      'var x: 0..3\nprocess p { step { x = true } }',
      2,
      24,
      /cannot assign bool to a variable of type 0..3/,
    );
    expectDiagnostic('enum E { A }\nenum F { B }\nvar e: E\ninvariant i: e == B', 4, 14, /cannot compare E with F/);
    expectDiagnostic('var x: 0..3\ninvariant i: x && true', 2, 14, /'&&' needs bool operands, but this is 0..3/);
    expectDiagnostic('var b: bool\nprocess p { step { await b + 1 } }', 2, 26, /'\+' needs integer operands/);
    expectDiagnostic('var x: 0..3\nprocess p { if x { skip } }', 2, 16, /an if condition must be bool/);
    expectDiagnostic('var a: array[0..1] of bool\ninvariant i: a', 2, 14, /whole array/);
  });

  it('values out of range, found before running', () => {
    expectDiagnostic('var x: 0..3 = 4', 1, 15, /initial value 4 is out of range 0..3/);
    expectDiagnostic('var x: 0..3\nprocess p { step { x = 7 } }', 2, 24, /value 7 is out of range 0..3/);
    expectDiagnostic('var a: array[1..2] of bool\ninvariant i: a[3]', 2, 16, /index 3 is out of bounds 1..2/);
    expectDiagnostic('var x: 3..1', 1, 8, /empty range 3..1/);
    expectDiagnostic('const N = 1 / 0', 1, 15, /division by zero/);
  });

  it('-D: unknown constants and values of the wrong type point at the command line', () => {
    const shown = expectDiagnostic('const WRITERS = 1', 1, 4, /the model has no constant 'WRITRS'/, { WRITRS: '2' });
    assert.match(shown, /^<command line>:1:4: error/);
    assert.match(shown, /did you mean 'WRITERS'\?/);
    expectDiagnostic('const N = 1', 1, 4, /constant 'N' is an integer, but 'many' is not/, { N: 'many' });
    expectDiagnostic('const B = true', 1, 4, /constant 'B' is a bool/, { B: '1' });
  });

  it('structure: steps do not nest, notes belong to steps, loops must take steps', () => {
    expectDiagnostic('process p { step { step { } } }', 1, 20, /'step' cannot appear inside a step/);
    expectDiagnostic('process p { --> "hello" }', 1, 13, /a note belongs to a step/);
    expectDiagnostic(
      'var x: bool\nprocess p { while true { if x { step { } } } }',
      2,
      13,
      /this loop can go round without taking a step/,
    );
    expectDiagnostic(
      'var x: 0..3\nprocess p { step { while x < 3 { either { x = 1 } or { x = 2 } } } }',
      2,
      20,
      /a while loop inside a step cannot contain either or choose/,
    );
    expectDiagnostic('proc a() { b() }\nproc b() { a() }\nprocess p { a() }', 2, 12, /calls itself/);
  });

  it('procedure arguments must be variables or constants', () => {
    expectDiagnostic(
      'var x: 0..3\nproc inc(v) { step { v += 1 } }\nprocess p { inc(x + 1) }',
      3,
      17,
      /must be a constant/,
    );
    expectDiagnostic('proc f(v) { skip }\nprocess p { f() }', 2, 13, /f takes 1 argument, but 0 were given/);
  });

  it('rejects an empty enum, values in the title, and the built-in property name', () => {
    expectDiagnostic('enum E {}', 1, 1, /enum E has no members/);
    expectDiagnostic('model "a {1 + 1} title"', 1, 11, /the model title cannot show values/);
    expectDiagnostic(
      'var x: 0..1\ninvariant no_deadlock: x < 1',
      2,
      11,
      /'no_deadlock' is the built-in deadlock check/,
    );
    expectDiagnostic(
      'process p { step { assert a: true } }\ninvariant a: true',
      2,
      1,
      /property 'a' is already defined/,
    );
  });

  it('reading another process: an unknown local', () => {
    expectDiagnostic('process p { var t: bool }\ninvariant i: p.u', 2, 14, /process has no local variable 'u'/);
  });
});
