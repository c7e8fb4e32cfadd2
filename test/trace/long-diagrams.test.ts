/*
 * A long race diagram is read in linear time and without recursion per line: 300,000 lines, a call
 * continued over 40,000 lines, a sentence of 400 KB; and replay matches and searches it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeSource } from '../../src/lang/index.js';
import { replayDiagram } from '../../src/pipeline/replay.js';
import { readDiagram } from '../../src/trace/diagram-reader.js';
import { load } from '../helpers.js';

const TITLE = '    CPU 1        CPU 2';

function timed<T>(work: () => T): { result: T; ms: number } {
  const started = performance.now();
  const result = work();
  return { result, ms: performance.now() - started };
}

describe('long diagrams', () => {
  it('reads 300,000 lines, each its own entry', () => {
    const lines = Array.from({ length: 300_000 }, (_, i) => (i % 2 ? '                 g()' : '    f()'));
    const { result, ms } = timed(() => readDiagram(makeSource('d.txt', [TITLE, ...lines].join('\n'))));
    assert.equal(result.entries.length, 300_000);
    assert.deepEqual(
      result.entries.slice(0, 2).map((e) => [e.column, e.text, e.line]),
      [
        [0, 'f()', 2],
        [1, 'g()', 3],
      ],
    );
    assert.ok(ms < 10_000, `${ms.toFixed(0)} ms`);
  });

  it('reads a call continued over 40,000 lines (400 KB) as one entry', () => {
    const lines = ['    f(', ...Array(40_000).fill('      arg arg,'), '    )'];
    const { result, ms } = timed(() => readDiagram(makeSource('d.txt', [TITLE, ...lines].join('\n'))));
    assert.equal(result.entries.length, 2); // the closing parenthesis on the call's own column starts anew
    assert.ok(result.entries[0]!.text.startsWith('f( arg arg, arg arg,'));
    assert.ok(ms < 5000, `${ms.toFixed(0)} ms`);
    // Still open: a line indented under it continues it; closed, the next line is an entry.
    const closed = readDiagram(makeSource('d.txt', [TITLE, '    f(a,', '      b)', '      g()'].join('\n')));
    assert.deepEqual(
      closed.entries.map((e) => e.text),
      ['f(a, b)', 'g()'],
    );
  });

  it('reads a sentence of 400 KB as one entry', () => {
    const lines = Array(40_000).fill('    word word');
    const { result, ms } = timed(() => readDiagram(makeSource('d.txt', [TITLE, ...lines].join('\n'))));
    assert.equal(result.entries.length, 1);
    assert.ok(ms < 5000, `${ms.toFixed(0)} ms`);
  });

  it('replays a diagram of 20,000 lines on a model that draws it', async () => {
    const model = load(
      'var x: 0..3\nprocess p "CPU 1" { while true { step f() { x = 1 } } }\n' +
        'process q "CPU 2" { while true { step g() { x = 2 } } }\n',
    );
    const lines = Array.from({ length: 20_000 }, (_, i) => (i % 2 ? '                 g()' : '    f()'));
    const diagram = makeSource('d.txt', [TITLE, ...lines].join('\n'));
    const r = await replayDiagram(model, diagram, { maxSeconds: 60 });
    assert.equal(r.input.entries.length, 20_000);
    assert.equal(r.result.outcome.kind, 'feasible');
  });
});
