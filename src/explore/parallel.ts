/*
 * Exhaustive breadth-first search on several cores, every thread inserting
 * into one lock-free table (state/shared-store.ts): no successor is ever
 * routed from one thread to another. The search goes a breadth-first level
 * at a time, as one worker does: a level is a range of each thread's region
 * of the store, the threads take slices of it from atomic cursors (so none
 * waits while another has work), and the states they find make the next
 * level (level.ts). Levels keep the search breadth-first, so the first
 * violation of each property is a shortest one, and the states, transitions
 * and depth are those of one worker; only which of several shortest
 * counterexamples is found may differ from run to run.
 *
 * This thread is one of the workers: it starts at once, the worker threads
 * are started once it has searched for SPAWN_AFTER and meets a level of
 * SOLO_BELOW states, and they join at a level barrier once they are up (a
 * small search is over before a thread would have paid for itself). A level
 * smaller than that is this thread's alone: the others sit it out (a barrier
 * costs more than they would save). Between slices, and while it
 * waits at a barrier for the others (in turns of its event loop, not blocked),
 * it watches the time, the memory of every thread and Ctrl-C, and reports
 * progress; every thread also watches the states, memory and deadline itself
 * (level-runner.ts), so a stop reaches all of them, inside one state's
 * expansion too. At the end it rebuilds the counterexamples from the shared
 * store.
 */
import { Worker } from 'node:worker_threads';
import type { TransitionSystem } from '../compile/index.js';
import { hashWords } from '../state/hash.js';
import { SharedStore, sharedStoreBuffers } from '../state/shared-store.js';
import { canonicalizer } from '../state/symmetry.js';
import { type LevelControl, Levels, levelControl, Stop } from './level.js';
import { type Failure, type Found, LevelRunner } from './level-runner.js';
import { LimitTicker } from './limits.js';
import { Paths } from './paths.js';
import type { SearchOptions } from './search.js';
import { assembleVerdict, type Counterexample, type ExhaustiveVerdict, type Limit, statistics } from './verdict.js';

/** What each worker thread is given. */
export interface WorkerSetup {
  readonly model: TransitionSystem['model'];
  /** Its region of the shared store (region 0 is this thread's). */
  readonly region: number;
  readonly control: LevelControl;
  readonly symmetry: boolean;
}

/** What a worker reports when the search is over. */
export type FromWorker =
  | { readonly type: 'done'; readonly generated: number; readonly found: Found[]; readonly failure?: Failure }
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

/** States this thread expands between looks at the clock. */
const TURN = 2048;
/**
 * Seconds of search before the worker threads are started: a search over by then is done by this
 * thread alone, and pays nothing for threads (each loads and compiles the model, and is stopped).
 */
const SPAWN_AFTER = 0.1;
/** Levels of fewer states are this thread's alone (LevelSettings.soloBelow). */
const SOLO_BELOW = 4096;
/** Milliseconds this thread waits at a barrier, blocked, before it waits in turns of its event loop. */
const BLOCKED_WAIT = 20;
/** Milliseconds between its looks at the limits while it waits so. */
const WATCH_EVERY = 5;

/**
 * The search on `workers` threads. With `eager` (for tests: so that small models are explored by
 * several threads too) the search starts once every worker thread is up.
 */
export async function parallelSearch(
  ts: TransitionSystem,
  workers: number,
  options: SearchOptions = {},
  eager = false,
): Promise<ExhaustiveVerdict> {
  const model = ts.model;
  const checked = options.properties ?? model.properties.map((p) => p.index);
  const canonical = options.symmetry !== false ? canonicalizer(model.symmetries, ts.layout) : undefined;
  const paths = new Paths(ts, ts.initial(), canonical);
  const buffers = sharedStoreBuffers(ts.words, workers, options.maxBytes ?? Infinity);
  const store = new SharedStore(buffers, 0);
  const control = levelControl(buffers, {
    workers,
    properties: model.properties.length,
    checked,
    stopWhenAllViolated: !options.exhaust && checked.length > 0,
    stopAtFirst: options.stopAtFirst === true,
    maxStates: options.maxStates ?? Infinity,
    maxBytes: options.maxBytes ?? Infinity,
    deadline: options.maxSeconds !== undefined ? Date.now() + options.maxSeconds * 1000 : Infinity,
    soloBelow: options.soloBelow ?? (eager ? 0 : SOLO_BELOW),
  });
  const levels = new Levels(control, store);
  const runner = new LevelRunner(ts, store, levels, 0, canonical);
  const counts = (generated: number) => ({ generated, distinct: store.count, depth: levels.depth, bytes: store.bytes });
  const progress = () => levels.generated.reduce((a, b) => a + b, 0);
  const ticker = new LimitTicker(options, () => statistics(counts(progress()), ticker.elapsed(), ts.layout));
  const threads: Worker[] = [];
  const replies: Promise<FromWorker>[] = [];
  /** Starts the worker threads (once): they join at the next barrier once they are up. */
  const spawn = () => {
    for (let k = threads.length; k < workers - 1; k++) {
      const w = new Worker(new URL('./worker.js', import.meta.url), {
        workerData: { model, region: k + 1, control, symmetry: canonical !== undefined } satisfies WorkerSetup,
      });
      threads.push(w);
      replies.push(reply(w, levels));
    }
  };
  const reports: FromWorker[] = [];
  const watch = () => {
    // Threads once the search has lasted, and has a level they can share (until then they would sit out).
    if (threads.length === 0 && ticker.elapsed() >= SPAWN_AFTER && levels.size >= control.soloBelow) spawn();
    const limit = ticker.check(store.count, levels.bytes(), levels.queued);
    if (limit) levels.stop(STOPS[limit]);
  };
  /** This thread's arrival at the barrier: whether the search goes on. */
  const arrive = async (): Promise<boolean> => {
    const epoch = levels.arriveAt();
    if (epoch === undefined || store.waitFor(() => levels.passed(epoch), BLOCKED_WAIT)) return levels.goesOn();
    // Another thread is still expanding (a large level, or one state with millions of successors).
    while (!levels.passed(epoch)) {
      watch();
      await new Promise((resolve) => setTimeout(resolve, WATCH_EVERY));
    }
    return levels.goesOn();
  };
  try {
    store.begin();
    store.add(paths.start, 0, -1, hashWords(paths.start, 0, ts.words));
    store.end();
    if (eager) spawn();
    while (eager && levels.admit(true) < workers && levels.stopped === Stop.None)
      await new Promise((resolve) => setTimeout(resolve, 5));
    do {
      store.begin();
      try {
        while (!runner.expand(TURN)) {
          watch();
          const pause = ticker.breathe();
          if (pause) {
            // Not inserting while the event loop has its turn: a growth need not wait for this thread.
            store.end();
            await pause;
            store.begin();
          }
        }
      } finally {
        store.end();
      }
      watch();
    } while (await arrive());
    // The workers that took part report; the others are not needed.
    for (let k = 0; k < threads.length; k++) if (levels.member(k + 1)) reports.push(await replies[k]!);
  } finally {
    await Promise.all(threads.map((w) => w.terminate()));
  }
  for (const r of reports) if (r.type === 'crash') throw new Error(`a search worker failed: ${r.stack ?? r.message}`);

  const done = [runner, ...reports.flatMap((r) => (r.type === 'done' ? [r] : []))];
  const run = (state: number, last?: number[], assert = -1) =>
    paths.run(paths.chain(store, state), last && Uint32Array.from(last), assert);
  const violations: Counterexample[] = done
    .flatMap((r) => r.found)
    .sort((a, b) => a.cost - b.cost || a.property - b.property)
    .map((f) => ({ property: f.property, cost: f.cost, states: run(f.state, f.last, f.last ? f.property : -1) }));
  const failed = done.find((r) => r.failure)?.failure;
  const stopped = levels.stopped;
  const generated = done.reduce((a, r) => a + r.generated, 0);
  return assembleVerdict('exhaustive', {
    checked,
    violations,
    stats: statistics(counts(generated), ticker.elapsed(), ts.layout),
    exhausted: stopped === Stop.Finished,
    limit: LIMITS[stopped],
    failure: failed && { loc: failed.loc, message: failed.message, states: run(failed.state) },
    store: { kind: 'exact' },
    symmetry: canonical && model.symmetries.map((s) => s.name),
  });
}

/** A worker's report; a crash stops the search at once (the others would wait for it at the barrier). */
function reply(w: Worker, levels: Levels): Promise<FromWorker> {
  return new Promise((resolve) => {
    const crashed = (r: FromWorker) => {
      levels.crash();
      resolve(r);
    };
    w.once('message', (r: FromWorker) => (r.type === 'crash' ? crashed(r) : resolve(r)));
    w.once('error', (e) => crashed({ type: 'crash', message: String(e), stack: e.stack }));
  });
}
