import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderDiagram } from '../../src/render/diagram.js';
import { layoutText, wrapWords } from '../../src/render/wrap.js';
import { check } from '../helpers.js';

/** The diagram of a model's one violation, every step drawn (slicing is tested in test/trace/slice.test.ts). */
async function diagram(text: string, width?: number): Promise<string> {
  const r = await check(text, { slice: false });
  assert.equal(r.traces.length, 1, 'one violation');
  return renderDiagram(r.traces[0]!, width ? { columnWidth: width } : {});
}

describe('text layout', () => {
  it('wraps words greedily and keeps a long word whole', () => {
    assert.deepEqual(wrapWords('aa bb cc dd', 5), ['aa bb', 'cc dd']);
    assert.deepEqual(wrapWords('abcdefgh ij', 4), ['abcdefgh', 'ij']);
    assert.deepEqual(wrapWords('one\ntwo three', 20), ['one', 'two three']);
  });

  it('continues notes under their text and calls two columns in', () => {
    assert.deepEqual(layoutText('arrow', 'alpha beta gamma delta epsilon zeta eta theta', 2, 32), [
      '  --> alpha beta gamma delta',
      '      epsilon zeta eta theta',
    ]);
    assert.deepEqual(layoutText('call', 'relocate_block_group(rc->stage == MOVE_DATA_EXTENTS)', 2, 40), [
      '  relocate_block_group(rc->stage ==',
      '    MOVE_DATA_EXTENTS)',
    ]);
  });
});

describe('race diagram', () => {
  it('draws one column per process that took part, frames nested two spaces a level', async () => {
    const d = await diagram(`var x: 0..2
      process idle "CPU 3" { step { } }
      process a "CPU 1" {
        call outer(bg X) {
          call inner() { step leaf() { x += 1 } --> "a note that is long enough to wrap onto a second line" }
        }
      }
      process b "CPU 2" { step "a sentence" { await x == 1  x += 1 } note "plain note" }
      invariant small: x < 2`);
    assert.equal(
      d,
      [
        '            CPU 1                                     CPU 2',
        '',
        ' outer(bg X)',
        '   inner()',
        '     leaf()',
        '       --> a note that is long enough to wrap',
        '           onto a second line',
        '',
        '                                           a sentence',
        '                                             plain note',
        '',
      ].join('\n'),
    );
  });

  it('draws a frame again when it is entered again, and silent steps not at all', async () => {
    const d = await diagram(`var n: 0..3
      process p "CPU 1" {
        while n < 2 { call pass() { step count() { n += 1 } } atomic { } }
        step done()
      }
      final f: n == 3`);
    assert.equal(
      d,
      ['            CPU 1', '', ' pass()', '   count()', '', ' pass()', '   count()', '', ' done()', ''].join('\n'),
    );
  });

  it('shows values in text and note-only steps at the depth of their call', async () => {
    const d = await diagram(`enum G { X, Y }
      var g: G = Y
      process p "CPU 1" { call f(bg {g}) { step { g = X } --> "now bg {g}, {1 + 2} of them" } }
      invariant stays: g == Y`);
    assert.match(d, /\n f\(bg Y\)\n {3}--> now bg X, 3 of them\n/);
  });

  it('names the process when two columns share a display name', async () => {
    const d = await diagram(`var x: 0..2
      process a "CPU 2" { step one() { x += 1 } }
      process b "CPU 2" { step two() { x += 1 } }
      final f: x < 2`);
    assert.match(d.split('\n')[0]!, /CPU 2 \(a\) +CPU 2 \(b\)/);
  });
});
