/*
 * What a trace draws, before any layout: columns, the items of each step,
 * a step's one-line label; and that trace/ stays before render/ in the
 * pipeline.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { diagramColumns, stepItems, stepLabel } from '../../src/trace/drawing.js';
import type { Trace, TraceStep } from '../../src/trace/types.js';
import { ROOT } from '../helpers.js';

const step = (over: Partial<TraceStep>): TraceStep => ({
  process: 0,
  step: 0,
  at: 'm.race:1:1',
  frames: [],
  notes: [],
  ...over,
});

describe('stepLabel', () => {
  it("is the step's text when it has one, whatever its notes", () => {
    const s = step({ display: { kind: 'call', text: 'f()' }, notes: [{ arrow: true, text: 'n' }] });
    assert.equal(stepLabel(s), 'f()');
  });

  it('is the first note as the diagram draws it, with its arrow or without', () => {
    assert.equal(
      stepLabel(
        step({
          notes: [
            { arrow: true, text: 'a' },
            { arrow: false, text: 'b' },
          ],
        }),
      ),
      '--> a',
    );
    assert.equal(stepLabel(step({ notes: [{ arrow: false, text: 'b' }] })), 'b');
  });

  it('tells a silent step from reaching the end', () => {
    assert.equal(stepLabel(step({})), 'a silent step');
    assert.equal(stepLabel(step({ step: -1 })), 'reaches its end');
  });
});

describe('stepItems', () => {
  const frame = { id: 7, depth: 0, text: 'outer()', notes: [{ arrow: true, text: 'in outer' }] };

  it('draws a frame once, before the first drawn step inside it, and nests the step under it', () => {
    const drawn = new Set<number>();
    const first = step({ frames: [frame], display: { kind: 'sentence', text: 'does it' } });
    assert.deepEqual(stepItems(first, drawn), [
      { kind: 'call', text: 'outer()', depth: 0 },
      { kind: 'arrow', text: 'in outer', depth: 1 },
      { kind: 'sentence', text: 'does it', depth: 1 },
    ]);
    const second = step({ frames: [frame], notes: [{ arrow: false, text: 'plain' }] });
    assert.deepEqual(stepItems(second, drawn), [{ kind: 'plain', text: 'plain', depth: 1 }]);
  });

  it('draws nothing for a silent step, not even its frames', () => {
    const drawn = new Set<number>();
    assert.deepEqual(stepItems(step({ frames: [frame] }), drawn), []);
    assert.equal(drawn.size, 0);
  });
});

describe('diagramColumns', () => {
  const trace = (displays: string[], steps: TraceStep[]): Trace => ({
    model: 'm',
    file: 'm.race',
    processes: displays.map((display, i) => ({ name: `p${i}`, display })),
    variables: [],
    states: [],
    steps,
    contextSwitches: 0,
    preemptions: 0,
  });
  const shown = (process: number) => step({ process, display: { kind: 'call', text: 'f()' } });

  it('has the processes with a drawn step, in model order, titled by display name', () => {
    const t = trace(['CPU 1', 'CPU 2', 'CPU 3'], [shown(2), step({ process: 1 }), shown(0)]);
    assert.deepEqual(diagramColumns(t), [
      { process: 0, title: 'CPU 1' },
      { process: 2, title: 'CPU 3' },
    ]);
  });

  it('tells two processes with one display name apart by their names', () => {
    const t = trace(['CPU 1', 'CPU 2', 'CPU 2'], [shown(1), shown(2)]);
    assert.deepEqual(
      diagramColumns(t).map((c) => c.title),
      ['CPU 2 (p1)', 'CPU 2 (p2)'],
    );
  });
});

describe('the stage order', () => {
  it('trace/ imports nothing from render/, spec/, cli/ or the pipeline', () => {
    const src = join(ROOT, 'src');
    const later = ['render', 'spec', 'cli', 'pipeline.ts'].map((d) => join(src, d));
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
      );
    const found = files(join(src, 'trace')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)]
        .map((m) => resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')))
        .filter((target) => later.some((l) => target === l || target.startsWith(`${l}/`)))
        .map((target) => `${relative(ROOT, file)} imports ${relative(ROOT, target)}`),
    );
    assert.ok(files(join(src, 'trace')).length > 5, 'reads the trace stage');
    assert.deepEqual(found, []);
  });
});
