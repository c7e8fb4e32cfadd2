/*
 * A lasso in every format: the diagram marks where the cycle starts and ends (or where the run
 * stops), the TLC-style listing goes back to the state it repeats from, ITF has `loop` and leaves
 * the repeated state out, Mermaid has a loop block, Markdown says it, JSON carries the Trace as is.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderDiagram } from '../../src/render/diagram.js';
import { toItf } from '../../src/render/itf.js';
import { checkJson } from '../../src/render/json.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { renderMermaid } from '../../src/render/mermaid.js';
import { renderReport } from '../../src/render/report.js';
import { renderText } from '../../src/render/text.js';
import { check } from '../helpers.js';

const LIVELOCK = `
var flag: array[0..1] of bool = false
fair process p[i in 0..1] "P{i}" {
  while true {
    step set_flag() { flag[i] = true }
    while flag[1 - i] {
      step back_off() { flag[i] = false }
      step retry() { flag[i] = true }
    }
    step critical_section()
    step release() { flag[i] = false }
  }
}
liveness someone_enters: always eventually (p[0] at release || p[1] at release)
`;

const STOPS = `
var x: 0..2 = 0
fair process a "A" { step "sets" { x = 1 }  step "waits" { await x == 2 } }
liveness a_done: eventually done(a)
`;

async function lasso(text: string) {
  const r = await check(text);
  assert.equal(r.traces.length, r.verdict.violations.length);
  return { result: r, trace: r.traces.find((t) => t.loop !== undefined)! };
}

describe('lasso counterexamples', () => {
  it('the diagram draws the prefix, then the cycle between its two marks', async () => {
    const { trace } = await lasso(LIVELOCK);
    const lines = renderDiagram(trace).split('\n');
    const start = lines.findIndex((l) => l.includes('from here the run repeats forever'));
    const end = lines.findIndex((l) => l.includes('back to where the repeat began'));
    assert.ok(start > 0 && end > start, lines.join('\n'));
    const drawn = (from: number, to: number) =>
      lines
        .slice(from, to)
        .map((l) => l.trim())
        .filter((l) => l.length > 0);
    // Two steps before the cycle (each process raises its flag), four in it.
    assert.deepEqual(drawn(2, start), ['set_flag()', 'set_flag()']);
    assert.deepEqual(drawn(start + 1, end), ['back_off()', 'retry()', 'back_off()', 'retry()']);
    assert.equal(trace.loop, 2);
    assert.deepEqual(trace.states[trace.loop!], trace.states[trace.states.length - 1]);
  });

  it('the text listing goes back to the state the run repeats from; a stop says so', async () => {
    const { trace } = await lasso(LIVELOCK);
    const text = renderText(trace);
    assert.match(text, /State 3: .*<- the cycle starts here/);
    assert.match(text, /State 7: p\[\d\]: retry\(\) .*\n {2}Back to state 3: the run repeats from there forever/);
    const stopped = (await lasso(STOPS)).trace;
    assert.equal(stopped.stops, true);
    assert.match(renderText(stopped), /The run stops here forever: no process can move\./);
    assert.match(renderDiagram(stopped), /==== here the run stops forever =+\n$/);
  });

  it("ITF has `loop`, the cycle's first state, and no repeated last state; a stop loops on its last", async () => {
    const { trace } = await lasso(LIVELOCK);
    const itf = toItf(trace);
    assert.equal(itf.loop, 2);
    assert.equal(itf.states.length, trace.states.length - 1);
    const stopped = (await lasso(STOPS)).trace;
    const itfStop = toItf(stopped);
    assert.equal(itfStop.states.length, stopped.states.length);
    assert.equal(itfStop.loop, stopped.states.length - 1);
  });

  it('Mermaid puts the cycle in a loop block; Markdown and JSON carry the lasso', async () => {
    const { result, trace } = await lasso(LIVELOCK);
    const mermaid = renderMermaid(trace).split('\n');
    const open = mermaid.indexOf('  loop the run repeats forever');
    const close = mermaid.indexOf('  end');
    assert.ok(open > 0 && close > open);
    assert.equal(mermaid.slice(open, close).filter((l) => l.includes('->>')).length, 4);
    assert.match(renderMarkdown(trace), /From state 2 on, the run repeats forever/);
    const json = JSON.parse(JSON.stringify(checkJson([result])));
    const cex = json.models[0].counterexamples[0];
    assert.equal(cex.loop, 2);
    assert.equal(cex.violation.kind, 'liveness');
    assert.deepEqual(json.models[0].liveness.fairness, { 'p[0]': 'weak', 'p[1]': 'weak' });
  });

  it('a lasso is drawn whole, where the same run as a safety counterexample is sliced', async () => {
    // The consumer reads before the data is written: the final fails, and the run stops short of the goal.
    const r = await check(`var ready: bool = false
      var data: 0..2 = 0
      var stats: 0..3 = 0
      var seen: 0..2 = 0
      process producer "CPU 1" {
        step count_request() { stats += 1 }
        step set_ready() { ready = true }
        step count_again() { stats += 1 }
        step write_data() { data = 2 }
      }
      process consumer "CPU 2" { step wait_ready() { await ready }  step read_data() { seen = data } }
      process logger "CPU 3" { step rotate() { stats = 0 } }
      final got_data: seen == 2
      liveness gets_data: eventually seen == 2`);
    const sliced = r.traces.find((t) => t.violation?.property === 'got_data')!;
    const whole = r.traces.find((t) => t.violation?.property === 'gets_data')!;
    assert.ok(sliced.steps.some((s) => s.folded));
    assert.match(renderReport(r), /drawn: 4 of 7 steps/);
    assert.equal(whole.stops, true);
    // The lasso's prefix has the bookkeeping the slice folds, and draws it.
    assert.ok(whole.steps.some((s) => s.display?.text === 'rotate()'));
    assert.ok(whole.steps.every((s) => s.folded === undefined));
    assert.equal(renderReport(r).match(/drawn: /g)?.length, 1);
  });

  it('a safety counterexample is no lasso', async () => {
    const r = await check('var x: 0..1 = 0\nprocess p "P" { step s() { x = 1 } }\ninvariant zero: x == 0');
    assert.equal(r.traces[0]!.loop, undefined);
    assert.doesNotMatch(renderDiagram(r.traces[0]!), /====/);
    assert.equal(toItf(r.traces[0]!).loop, undefined);
  });
});
