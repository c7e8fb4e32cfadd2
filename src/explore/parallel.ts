/*
 * Exhaustive breadth-first search on several cores (worker_threads), all of
 * them inserting into one lock-free table (state/shared-store.ts). The search
 * goes a breadth-first level at a time, as one worker does: the level is a
 * range of the shared arena, the workers take slices of it from an atomic
 * cursor (so none waits while another has work), and their new states, in
 * the arena after it, make the next level. At the end of a level the last
 * worker to arrive starts the next (level.ts). Levels keep the search
 * breadth-first, so the first violation of each property is a shortest one,
 * and the states, transitions and depth are those of one worker; only which
 * of several shortest counterexamples is found may differ from run to run.
 *
 * This thread starts the workers, watches the time and Ctrl-C, reports
 * progress from the shared counters, and rebuilds the counterexamples from
 * the shared arena once the workers are done.
 */
import { Worker } from 'node:worker_threads';
import type { TransitionSystem } from '../compile/index.js';
import type { Loc } from '../lang/index.js';
import { hashWords } from '../state/hash.js';
import { SharedStore, sharedStoreBuffers } from '../state/shared-store.js';
import { canonicalizer } from '../state/symmetry.js';
import { type LevelControl, Levels, levelControl, Stop } from './level.js';
import { LimitTicker } from './limits.js';
import { Paths } from './paths.js';
import type { SearchOptions } from './search.js';
import { assembleVerdict, type Counterexample, type ExhaustiveVerdict, type Limit, statistics } from './verdict.js';

/** What each worker is given. */
export interface WorkerSetup {
  readonly model: TransitionSystem['model'];
  readonly id: number;
  readonly control: LevelControl;
  readonly symmetry: boolean;
}

/** A violation a worker found: at state `state` of the arena, or on a step from it to `last`. */
export interface Found {
  readonly property: number;
  readonly cost: number;
  readonly state: number;
  readonly last?: number[];
}

/** What a worker reports when the search is over. */
export type FromWorker =
  | {
      readonly type: 'done';
      readonly generated: number;
      readonly found: Found[];
      readonly failure?: { loc: Loc; message: string; state: number };
    }
  | { readonly type: 'crash'; readonly message: string; readonly stack?: string };

const STOPS: Record<Limit, number> = {
  states: Stop.States,
  memory: Stop.Memory,
  time: Stop.Time,
  interrupted: Stop.Interrupted,
};
const LIMITS: Partial<Record<number, Limit>> = {
  [Stop.States]: 'states',
  [Stop.Memory]: 'memory',
  [Stop.Time]: 'time',
  [Stop.Interrupted]: 'interrupted',
};

export async function parallelSearch(
  ts: TransitionSystem,
  workers: number,
  options: SearchOptions = {},
): Promise<ExhaustiveVerdict> {
  const model = ts.model;
  const checked = options.properties ?? model.properties.map((p) => p.index);
  const canonical = options.symmetry !== false ? canonicalizer(model.symmetries, ts.layout) : undefined;
  const paths = new Paths(ts, ts.initial(), canonical);
  const buffers = sharedStoreBuffers(ts.words, workers, options.maxBytes ?? Infinity);
  // This thread only adds the initial state, into region 0 (worker 0's), before the workers start.
  const store = new SharedStore(buffers, 0);
  const control = levelControl(buffers, {
    workers,
    properties: model.properties.length,
    checked,
    stopWhenAllViolated: !options.exhaust && checked.length > 0,
    stopAtFirst: options.stopAtFirst === true,
    maxStates: options.maxStates ?? Infinity,
    maxBytes: options.maxBytes ?? Infinity,
  });
  const levels = new Levels(control, store);
  store.begin();
  store.add(paths.start, 0, -1, hashWords(paths.start, 0, ts.words));
  store.end();

  const counts = (generated = levels.generated.reduce((a, b) => a + b, 0)) => ({
    generated,
    distinct: store.count,
    depth: levels.depth,
    bytes: store.bytes,
  });
  const ticker = new LimitTicker(options, () => statistics(counts(), ticker.elapsed(), ts.layout));
  const threads = Array.from(
    { length: workers },
    (_, id) =>
      new Worker(new URL('./worker.js', import.meta.url), {
        workerData: { model, id, control, symmetry: canonical !== undefined } satisfies WorkerSetup,
      }),
  );
  let replies: FromWorker[];
  // Time, memory and Ctrl-C are watched here too (the workers never give their event loop a turn).
  const watch = setInterval(() => {
    const limit = ticker.check(store.count, store.bytes, levels.queued);
    if (limit) levels.stop(STOPS[limit]);
  }, 20);
  try {
    replies = await Promise.all(threads.map((w) => reply(w, levels)));
  } finally {
    clearInterval(watch);
    await Promise.all(threads.map((w) => w.terminate()));
  }
  for (const r of replies) if (r.type === 'crash') throw new Error(`a search worker failed: ${r.stack ?? r.message}`);

  const done = replies.flatMap((r) => (r.type === 'done' ? [r] : []));
  const run = (state: number, last?: number[], assert = -1) =>
    paths.run(paths.chain(store, state), last && Uint32Array.from(last), assert);
  const violations: Counterexample[] = done
    .flatMap((r) => r.found)
    .sort((a, b) => a.cost - b.cost || a.property - b.property)
    .map((f) => ({ property: f.property, cost: f.cost, states: run(f.state, f.last, f.last ? f.property : -1) }));
  const failed = done.find((r) => r.failure)?.failure;
  const stopped = levels.stopped;
  return assembleVerdict('exhaustive', {
    checked,
    violations,
    stats: statistics(counts(done.reduce((a, r) => a + r.generated, 0)), ticker.elapsed(), ts.layout),
    exhausted: stopped === Stop.Finished,
    limit: LIMITS[stopped],
    failure: failed && { loc: failed.loc, message: failed.message, states: run(failed.state) },
    store: { kind: 'exact' },
    symmetry: canonical && model.symmetries.map((s) => s.name),
  });
}

/** A worker's report; a crash stops the others at once (they would wait for it at the barrier). */
function reply(w: Worker, levels: Levels): Promise<FromWorker> {
  return new Promise((resolve) => {
    const crashed = (r: FromWorker) => {
      levels.stop(Stop.Failure);
      resolve(r);
    };
    w.once('message', (r: FromWorker) => (r.type === 'crash' ? crashed(r) : resolve(r)));
    w.once('error', (e) => crashed({ type: 'crash', message: String(e), stack: e.stack }));
  });
}
