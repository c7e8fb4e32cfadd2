/*
 * Exhaustive breadth-first search on several cores (worker_threads). The
 * states are split among the workers by hash; each stores and expands its own
 * part, one BFS level at a time, and the successors that belong to another
 * worker are routed to it between levels. Levels keep the search breadth-
 * first, so the first violation of each property is still a shortest one,
 * and the verdict and the number of distinct states are those of one worker.
 */
import { Worker } from 'node:worker_threads';
import type { State, TransitionSystem } from '../compile/index.js';
import type { Loc } from '../lang/index.js';
import { canonicalizer } from '../state/symmetry.js';
import { LimitTicker } from './limits.js';
import { Paths } from './paths.js';
import type { SearchOptions } from './search.js';
import { assembleVerdict, type Counterexample, type ExhaustiveVerdict, type Limit, statistics } from './verdict.js';

/** A violation a worker saw: at one of its states (global id), or on a step from it to `last`. */
export interface Seen {
  property: number;
  state: number;
  last?: number[];
}

export type ToWorker =
  | { type: 'start'; initial: Uint32Array }
  /** Expand the current level; stop looking for the `closed` properties (violated already). */
  | { type: 'expand'; closed: number[] }
  | { type: 'receive'; boxes: ArrayBuffer[] }
  | { type: 'state'; id: number };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'level'; size: number; violations: Seen[]; count: number; bytes: number }
  | { type: 'expanded'; boxes: ArrayBuffer[]; generated: number; violations: Seen[] }
  | { type: 'state'; words: number[]; parent: number }
  | { type: 'failure'; loc: Loc; message: string; state: number }
  | { type: 'full' };

/** The workers, each answering its messages in order. */
class Crew {
  private readonly waiting: ((m: FromWorker) => void)[][];

  constructor(readonly threads: Worker[]) {
    this.waiting = threads.map(() => []);
    threads.forEach((w, i) => {
      w.on('message', (m: FromWorker) => this.waiting[i]!.shift()?.(m));
    });
  }

  ask(i: number, m: ToWorker, transfer: ArrayBuffer[] = []): Promise<FromWorker> {
    return new Promise((resolve) => {
      this.waiting[i]!.push(resolve);
      this.threads[i]!.postMessage(m, transfer);
    });
  }

  all(make: (i: number) => [ToWorker, ArrayBuffer[]?]): Promise<FromWorker[]> {
    return Promise.all(this.threads.map((_, i) => this.ask(i, ...make(i))));
  }
}

export async function parallelSearch(
  ts: TransitionSystem,
  workers: number,
  options: SearchOptions = {},
): Promise<ExhaustiveVerdict> {
  const model = ts.model;
  const checked = options.properties ?? model.properties.map((p) => p.index);
  const open = new Set(checked);
  const stopWhenAllViolated = !options.exhaust && checked.length > 0;
  const budget = (options.maxBytes ?? Infinity) / workers;
  const canonical = options.symmetry !== false ? canonicalizer(model.symmetries, ts.layout) : undefined;
  const paths = new Paths(ts, ts.initial(), canonical);
  const threads = Array.from(
    { length: workers },
    (_, id) =>
      new Worker(new URL('./worker.js', import.meta.url), {
        workerData: { model, id, workers, open: checked, budget, symmetry: canonical !== undefined },
      }),
  );
  await Promise.all(threads.map((w) => new Promise((resolve) => w.once('message', resolve))));
  const crew = new Crew(threads);

  const counts = { generated: 0, distinct: 0, depth: 0, bytes: 0 };
  const ticker = new LimitTicker(options, () => statistics(counts, ticker.elapsed(), ts.layout));
  let limit: Limit | undefined;
  let failure: { loc: Loc; message: string; state: number } | undefined;
  const found: (Seen & { cost: number })[] = [];
  const note = (seen: Seen[], cost: number) => {
    for (const v of seen) {
      if (!open.has(v.property)) continue;
      open.delete(v.property);
      found.push({ ...v, cost });
    }
  };
  /** Reads the workers' replies after a level is stored: the level's size; notes its violations. */
  const level = (replies: FromWorker[], cost: number): number => {
    let size = 0;
    counts.distinct = 0;
    counts.bytes = 0;
    for (const r of replies) {
      if (r.type === 'failure') failure ??= r;
      if (r.type === 'full') limit = 'memory';
      if (r.type !== 'level') continue;
      size += r.size;
      counts.distinct += r.count;
      counts.bytes += r.bytes;
      note(r.violations, cost);
    }
    return size;
  };
  /** The chain of parents of a worker's state (then `last`) as a run, asked of the workers that own them. */
  const run = async (state: number, last?: number[], assert = -1) =>
    paths.run(await chain(crew, workers, state), last && Uint32Array.from(last), assert);

  try {
    let size = level(await crew.all(() => [{ type: 'start', initial: paths.start }]), 0);
    while (size > 0 && !failure && !limit && (open.size > 0 || !stopWhenAllViolated)) {
      limit = ticker.check(counts.distinct, counts.bytes, size);
      if (limit) break;
      // Expand the level; deadlocks are at this depth, failed asserts on steps to the next.
      const boxes: ArrayBuffer[][] = threads.map(() => []);
      const closed = checked.filter((p) => !open.has(p));
      for (const r of await crew.all(() => [{ type: 'expand', closed }])) {
        if (r.type === 'failure') failure ??= r;
        if (r.type !== 'expanded') continue;
        counts.generated += r.generated;
        note(
          r.violations.filter((v) => !v.last),
          counts.depth,
        );
        note(
          r.violations.filter((v) => v.last),
          counts.depth + 1,
        );
        r.boxes.forEach((b, to) => {
          boxes[to]!.push(b);
        });
      }
      if (failure) break;
      size = level(await crew.all((i) => [{ type: 'receive', boxes: boxes[i]! }, boxes[i]!]), counts.depth + 1);
      if (size > 0) counts.depth++;
    }
    const violations: Counterexample[] = [];
    for (const f of found)
      violations.push({
        property: f.property,
        cost: f.cost,
        states: await run(f.state, f.last, f.last ? f.property : -1),
      });
    const states = failure && (failure.state >= 0 ? await run(failure.state) : []);
    return assembleVerdict('exhaustive', {
      checked,
      violations,
      stats: statistics(counts, ticker.elapsed(), ts.layout),
      exhausted: size === 0 || (open.size === 0 && stopWhenAllViolated),
      limit,
      failure: failure && states && { loc: failure.loc, message: failure.message, states },
      store: { kind: 'exact' },
      symmetry: canonical && model.symmetries.map((s) => s.name),
    });
  } finally {
    await Promise.all(threads.map((w) => w.terminate()));
  }
}

/** The stored states from the first to global state `id`, each asked of the worker that owns it. */
async function chain(crew: Crew, workers: number, id: number): Promise<State[]> {
  const states: State[] = [];
  for (let at = id; at >= 0; ) {
    const r = await crew.ask(at % workers, { type: 'state', id: at });
    if (r.type !== 'state') break;
    states.push(Uint32Array.from(r.words));
    at = r.parent;
  }
  return states.reverse();
}
