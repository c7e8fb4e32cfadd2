import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagnosticError, makeSource } from '../../src/lang/index.js';
import { scan, scanRawParens } from '../../src/lang/lexer.js';

function tokens(text: string): string[] {
  const source = makeSource('t', text);
  const out: string[] = [];
  for (let t = scan(source, 0); t.kind !== 'eof'; t = scan(source, t.end)) out.push(`${t.kind}:${t.text}`);
  return out;
}

describe('lexer', () => {
  it('scans names, keywords, numbers, strings and punctuation, longest first', () => {
    assert.deepEqual(tokens('step x --> "a {b}" 0..12 <= -= // gone\n/* gone */ =>'), [
      'keyword:step',
      'ident:x',
      'punct:-->',
      'string:a {b}',
      'int:0',
      'punct:..',
      'int:12',
      'punct:<=',
      'punct:-=',
      'punct:=>',
    ]);
  });

  it('reports an unexpected character at its place', () => {
    assert.throws(
      () => tokens('var x: bool\n  $'),
      (e: unknown) => {
        assert.ok(e instanceof DiagnosticError);
        assert.equal(e.diagnostic.loc.offset, 14);
        assert.match(e.diagnostic.message, /unexpected character '\$'/);
        return true;
      },
    );
  });

  it('reports unterminated strings and comments', () => {
    assert.throws(() => tokens('"abc'), /unterminated string/);
    assert.throws(() => tokens('/* abc'), /unterminated comment/);
  });

  it('rejects a number glued to a name', () => {
    assert.throws(() => tokens('12ab'), /malformed number/);
  });

  it('finds the matching parenthesis of raw call text', () => {
    const source = makeSource('t', 'f(a (b) c) rest');
    assert.deepEqual(scanRawParens(source, 1), { start: 2, end: 9, next: 10 });
    assert.throws(() => scanRawParens(makeSource('t', 'f(a (b c'), 1), /unclosed parenthesis/);
  });
});
