/*
 * A worker thread of the parallel breadth-first search (parallel.ts): it
 * compiles the model, joins the search at the next level barrier, expands
 * its share of each level (level-runner.ts), and reports what it found, and
 * how many transitions it took, once the search is over.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compile } from '../compile/index.js';
import { SharedStore } from '../state/shared-store.js';
import { canonicalizer } from '../state/symmetry.js';
import { Levels } from './level.js';
import { LevelRunner } from './level-runner.js';
import type { FromWorker, WorkerSetup } from './parallel.js';

const { model, region, control, symmetry } = workerData as WorkerSetup;
const ts = compile(model);
const store = new SharedStore(control.store, region);
const levels = new Levels(control, store);
const canonical = symmetry ? canonicalizer(model.symmetries, ts.layout) : undefined;
const runner = new LevelRunner(ts, store, levels, region, canonical);
try {
  let go = levels.join(region) && levels.sitOut();
  while (go) {
    store.begin();
    try {
      runner.expand();
    } finally {
      store.end();
    }
    go = levels.arrive() && levels.sitOut();
  }
  const { generated, found, failure } = runner;
  parentPort!.postMessage({ type: 'done', generated, found, ...(failure && { failure }) } satisfies FromWorker);
} catch (e) {
  // A bug: stop the others (they may be waiting for this one), and let the starting thread report it.
  levels.crash();
  const error = e instanceof Error ? e : new Error(String(e));
  parentPort!.postMessage({ type: 'crash', message: error.message, stack: error.stack } satisfies FromWorker);
}
