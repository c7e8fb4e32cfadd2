/*
 * One worker of the parallel breadth-first search (parallel.ts): level after
 * level, it takes slices of the level from the shared cursor, checks each
 * state's properties, and inserts its successors into the shared store
 * (which makes them the next level's). It reports what it found, and how many
 * transitions it took, once the search is over.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compile, ModelRuntimeError } from '../compile/index.js';
import { SharedStore } from '../state/shared-store.js';
import { StoreFull } from '../state/store.js';
import { canonicalizer } from '../state/symmetry.js';
import { Batch } from './batch.js';
import { Levels, Stop } from './level.js';
import type { Found, FromWorker, WorkerSetup } from './parallel.js';

const { model, id, control, symmetry } = workerData as WorkerSetup;
const ts = compile(model);
const canonical = symmetry ? canonicalizer(model.symmetries, ts.layout) : undefined;
const words = ts.words;
const store = new SharedStore(control.store, id);
const levels = new Levels(control, store);
const open = levels.open;
const deadlock = model.properties.find((p) => p.kind === 'deadlock')!.index;
const cur = new Uint32Array(words);
const next = new Uint32Array(words);
const batch = new Batch(words);
const found: Found[] = [];
let failure: { loc: ModelRuntimeError['diagnostic']['loc']; message: string; state: number } | undefined;
let generated = 0;
/** The state being expanded, and the depth of its level. */
let current = 0;
let depth = 0;

const emit = (proc: number, _step: number, failedAssert: number) => {
  generated++;
  canonical?.(next);
  batch.push(next, proc, failedAssert, 0);
};

const report = (property: number) => {
  if (levels.close(property)) found.push({ property, cost: depth, state: current });
};

/** Expands state `index`: checks it, stores its successors, notes a deadlock or a failed assert. */
function expand(index: number): void {
  current = index;
  store.copy(index, cur);
  ts.check(cur, open, report);
  const n = ts.successors(cur, next, emit);
  if (n === 0 && open[deadlock] && !ts.allDone(cur)) report(deadlock);
  const size = batch.size;
  batch.size = 0;
  store.prefetch(batch.hashes, size);
  for (let i = 0; i < size; i++) {
    store.add(batch.data, i * words, index, batch.hashes[i]!);
    const failedAssert = batch.asserts[i]!;
    if (failedAssert >= 0 && open[failedAssert] && levels.close(failedAssert)) {
      batch.copy(i, next);
      found.push({ property: failedAssert, cost: depth + 1, state: index, last: Array.from(next) });
    }
  }
}

/** Expands slices of the level (its own region's first) until none is left, or the search stops. */
function expandLevel(): void {
  const { maxStates, maxBytes } = control;
  depth = levels.depth;
  while (levels.stopped === Stop.None && levels.take(id)) {
    const { region, from, to } = levels;
    for (let i = from; i < to; i++) expand(store.id(region, i));
    levels.generated[id] = generated;
    if (store.count > maxStates) levels.stop(Stop.States);
    else if (store.bytes > maxBytes) levels.stop(Stop.Memory);
  }
}

try {
  do {
    store.begin();
    try {
      expandLevel();
    } catch (e) {
      if (e instanceof ModelRuntimeError) {
        failure = { loc: e.diagnostic.loc, message: e.diagnostic.message, state: current };
        levels.stop(Stop.Failure);
      } else if (e instanceof StoreFull) levels.stop(Stop.Memory);
      else throw e;
    } finally {
      store.end();
    }
  } while (levels.arrive());
  parentPort!.postMessage({ type: 'done', generated, found, ...(failure && { failure }) } satisfies FromWorker);
} catch (e) {
  // A bug: stop the others, and let the starting thread report it.
  levels.stop(Stop.Failure);
  const error = e instanceof Error ? e : new Error(String(e));
  parentPort!.postMessage({ type: 'crash', message: error.message, stack: error.stack } satisfies FromWorker);
}
