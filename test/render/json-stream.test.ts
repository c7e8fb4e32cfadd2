/*
 * JSON in pieces (render/json-stream.ts): the same text as JSON.stringify
 * with two spaces, for any JSON value and for real check results, in pieces
 * no larger than asked (plus one value).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { checkModel } from '../../src/pipeline.js';
import { renderAll, renderAllChunks } from '../../src/render/formats.js';
import { checkJson } from '../../src/render/json.js';
import { jsonChunks } from '../../src/render/json-stream.js';
import { load } from '../helpers.js';

describe('JSON written in pieces', () => {
  it('is the text JSON.stringify gives, for 500 random values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 1, max: 64 }), (value, size) => {
        assert.equal([...jsonChunks(value, size)].join(''), JSON.stringify(value, null, 2));
      }),
      { numRuns: 500, seed: 3 },
    );
  });

  it('leaves out undefined fields and writes undefined array elements as null, as JSON.stringify does', () => {
    const value = { a: undefined, b: [1, undefined, 'x'], c: { d: undefined } };
    assert.equal([...jsonChunks(value)].join(''), JSON.stringify(value, null, 2));
  });

  it('writes a check result as JSON.stringify would, in pieces of about the size asked', async () => {
    const r = await checkModel(
      load(`var n: 0..400 = 0
        process p "CPU 1" { while n < 400 { step inc() { n += 1 } } }
        invariant small: n < 400`),
    );
    assert.equal(renderAll([r], 'json'), `${JSON.stringify(checkJson([r]), null, 2)}\n`);
    const pieces = [...jsonChunks(checkJson([r]), 4096)];
    assert.ok(pieces.length > 10);
    assert.ok(pieces.every((p) => p.length < 4096 + 200));
    assert.equal([...renderAllChunks([r], 'itf')].join('').length > 0, true);
  });
});
