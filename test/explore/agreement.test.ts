/*
 * racecheck tested by fast-check: on random small models, every engine
 * agrees with exhaustive breadth-first search (the truth), and every
 * counterexample any engine reports replays, step by step, to a state that
 * violates its property. A deliberately broken engine makes this fail.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compile, type TransitionSystem } from '../../src/compile/index.js';
import { propertyStatus, randomSearch, search, type Verdict } from '../../src/explore/index.js';
import { checkModel } from '../../src/pipeline.js';
import { renderDiagram } from '../../src/render/diagram.js';
import { FORMATS, isStreamed, oneDocumentProblem, renderAll, renderOne } from '../../src/render/formats.js';
import { toItf } from '../../src/render/itf.js';
import { renderMermaid } from '../../src/render/mermaid.js';
import { renderText } from '../../src/render/text.js';
import { Stepper } from '../../src/trace/stepper.js';
import { load } from '../helpers.js';
import { randomModel } from './models.js';
import { replaysToViolation } from './replays.js';

type Engine = (ts: TransitionSystem) => Promise<Verdict>;
type Engines = {
  exhaustive: Engine;
  fewestSwitches: Engine;
  reduced: Engine;
  compact: Engine;
  bitstate: Engine;
  random: Engine;
};

const REAL: Engines = {
  exhaustive: (ts) => search(ts),
  fewestSwitches: (ts) => search(ts, { order: 'fewest-switches' }),
  reduced: (ts) => search(ts, { reduce: true }),
  compact: (ts) => search(ts, { store: 'compact' }),
  bitstate: (ts) => search(ts, { store: 'bitstate', bits: 24 }),
  random: (ts) => randomSearch(ts, { runs: 25, depth: 60, seed: 42 }),
};

/** Checks one model; returns a description of the first disagreement, or undefined. */
async function disagreement(text: string, engines: Engines): Promise<string | undefined> {
  const model = load(text);
  const ts = compile(model);
  const stepper = Stepper.of(model);
  const truth = await REAL.exhaustive(ts);
  const bfs = await engines.exhaustive(ts);
  const fewest = await engines.fewestSwitches(ts);
  const reduced = await engines.reduced(ts);
  const compact = await engines.compact(ts);
  const bitstate = await engines.bitstate(ts);
  const random = await engines.random(ts);
  const exhaustive = [
    ['breadth-first', bfs],
    ['fewest-switches', fewest],
    ['partial-order reduction', reduced],
    ['compact store', compact],
    ['bitstate store', bitstate],
  ] as const;
  for (const p of model.properties) {
    const want = propertyStatus(truth, p.index);
    for (const [engine, v] of exhaustive) {
      if (propertyStatus(v, p.index) !== want)
        return `${engine} says ${p.name} ${propertyStatus(v, p.index)}, the truth is ${want}`;
    }
    if (want === 'holds' && random.violations.some((c) => c.property === p.index))
      return `random search violates ${p.name}, which holds`;
  }
  if (compact.stats.distinct !== truth.stats.distinct)
    return `the compact store counts ${compact.stats.distinct} states, not ${truth.stats.distinct}`;
  for (const [engine, v] of [...exhaustive, ['random', random]] as const) {
    for (const c of v.violations) {
      if (!replaysToViolation(model, stepper, ts, c))
        return `${engine}'s counterexample for ${model.properties[c.property]!.name} does not replay to a violation`;
    }
  }
  // Breadth-first counterexamples are the shortest.
  for (const c of fewest.violations) {
    const b = bfs.violations.find((x) => x.property === c.property)!;
    if (b.states.length > c.states.length)
      return `breadth-first's counterexample for ${model.properties[c.property]!.name} is longer than another`;
  }
  return undefined;
}

const agree = (engines: Engines) =>
  fc.asyncProperty(randomModel, async (text) => {
    const why = await disagreement(text, engines);
    if (why) throw new Error(`${why}\n--- model ---\n${text}`);
  });

describe('engines agree on random models', () => {
  // Breadth-first, fewest-switches, partial-order reduction, the compact and bitstate stores, random search.
  it('every engine agrees with the truth on 300 random models', async () => {
    await fc.assert(agree(REAL), { numRuns: 300, seed: 20261124 });
  });

  it('every counterexample of 200 random models renders in every format, and JSON parses back to it', async () => {
    await fc.assert(
      fc.asyncProperty(randomModel, async (text) => {
        const result = await checkModel(load(text));
        for (const format of FORMATS) {
          // An ITF document holds one trace: a run with none or several writes them through a file pattern.
          if (oneDocumentProblem([result], format)) continue;
          const out = isStreamed(format) ? renderOne(result, format) : renderAll([result], format);
          assert.ok(out.length > 0);
        }
        for (const trace of result.traces) {
          assert.ok(renderDiagram(trace).length > 0 && renderText(trace).length > 0 && renderMermaid(trace).length > 0);
          assert.deepEqual(JSON.parse(JSON.stringify(trace)), trace);
          assert.equal(toItf(trace).states.length, trace.states.length);
        }
      }),
      { numRuns: 200, seed: 11 },
    );
  });

  it('the check catches a broken engine (breadth-first that never runs the last process)', async () => {
    const skipLast = (ts: TransitionSystem): TransitionSystem => {
      const last = ts.model.processes.length - 1;
      return {
        ...ts,
        successors: (cur, next, emit) =>
          ts.successors(cur, next, (proc, step, failed) => proc !== last && emit(proc, step, failed)),
      };
    };
    const broken: Engines = { ...REAL, exhaustive: (ts) => search(skipLast(ts)) };
    const details = await fc.check(agree(broken), { numRuns: 300, seed: 20261124 });
    assert.equal(details.failed, true, 'a broken engine must make the agreement property fail');
    assert.match(String(details.errorInstance), /breadth-first/);
  });

  it('the check catches a random engine that reports what it did not see', async () => {
    const liar: Engines = {
      ...REAL,
      random: async (ts) => {
        const v = await REAL.random(ts);
        // Claims every property is violated by the initial state alone.
        return {
          ...v,
          violations: ts.model.properties.map((p) => ({
            ...{ property: p.index, cost: 0, states: [ts.initial()] },
            ...{ seed: 42, path: '0', runs: 1, shrinks: 0, replayed: false },
          })),
        };
      },
    };
    const details = await fc.check(agree(liar), { numRuns: 100, seed: 7 });
    assert.equal(details.failed, true);
  });
});
