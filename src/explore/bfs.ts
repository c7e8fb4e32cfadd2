/*
 * Exhaustive breadth-first search. States are expanded in the order they were
 * found, so the first violation of each property comes with a shortest path.
 * The search goes on after a violation until every checked property is
 * violated or the state space is exhausted, so one run gives a verdict for
 * each property.
 */
import { type TransitionSystem, ModelRuntimeError } from '../compile/index.js';
import { makeLayout } from '../state/layout.js';
import { StateStore, StoreFull } from '../state/store.js';
import type { Counterexample, Limit, Stats, Verdict } from './verdict.js';

const YIELD_EVERY = 0.05; // seconds

export interface SearchOptions {
  /** Property indices to check (default: all). */
  properties?: readonly number[];
  maxStates?: number;
  maxSeconds?: number;
  /** Stop when the state store would exceed this many bytes. */
  maxBytes?: number;
  /** Stop at the first violation of any property. */
  stopAtFirst?: boolean;
  /** Called every `progressEvery` seconds with the statistics so far. */
  progress?: (stats: Stats, queued: number) => void;
  progressEvery?: number;
  /** Set to stop the search (Ctrl-C); it ends with limit 'interrupted'. */
  interrupted?: () => boolean;
}

export async function breadthFirst(ts: TransitionSystem, options: SearchOptions = {}): Promise<Verdict> {
  const model = ts.model;
  const checked = options.properties ?? model.properties.map((p) => p.index);
  const open = new Uint8Array(model.properties.length);
  for (const p of checked) open[p] = 1;
  let remaining = checked.length;
  const deadlock = model.properties.find((p) => p.kind === 'deadlock')!.index;

  const layout = makeLayout(model.slots);
  const store = new StateStore(layout.words, options.maxBytes);
  const packed = new Uint32Array(layout.words);
  const cur = ts.initial();
  const next = new Int32Array(ts.width);
  const violations: Counterexample[] = [];
  const started = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;

  const path = (index: number, last?: Int32Array): Int32Array[] => {
    const states: Int32Array[] = [];
    for (let i = index; i >= 0; i = store.parent(i)) {
      const s = new Int32Array(ts.width);
      const { arena, offset } = store.view(i);
      layout.unpack(arena, offset, s);
      states.push(s);
    }
    states.reverse();
    if (last) states.push(last.slice());
    return states;
  };
  const violated = (property: number, index: number, last?: Int32Array) => {
    if (!open[property]) return;
    open[property] = 0;
    remaining--;
    violations.push({ property, states: path(index, last) });
  };

  let generated = 0;
  let depth = 0;
  let levelEnd = 1;
  let current = 0;
  let limit: Limit | undefined;
  const stats = (): Stats => {
    const seconds = elapsed();
    return {
      generated,
      distinct: store.count,
      depth,
      seconds,
      statesPerSecond: seconds > 0 ? store.count / seconds : 0,
      bytes: store.bytes,
      stateBits: layout.bits,
      stateWords: layout.words,
    };
  };

  // The initial state.
  layout.pack(cur, packed, 0);
  store.add(packed, -1);
  ts.check(cur, open, (p) => violated(p, 0));

  const emit = (_proc: number, _step: number, failedAssert: number) => {
    generated++;
    layout.pack(next, packed, 0);
    const index = store.add(packed, current);
    if (failedAssert >= 0 && open[failedAssert]) violated(failedAssert, current, next);
    if (index >= 0) ts.check(next, open, (p) => violated(p, index));
  };

  const maxStates = options.maxStates ?? Infinity;
  const maxSeconds = options.maxSeconds ?? Infinity;
  const every = options.progressEvery ?? 2;
  let nextProgress = every;
  let nextYield = YIELD_EVERY;
  try {
    for (; current < store.count && remaining > 0; current++) {
      if (current === levelEnd) {
        depth++;
        levelEnd = store.count;
      }
      if ((current & 1023) === 0) {
        if (store.count >= maxStates) limit = 'states';
        else if (options.interrupted?.()) limit = 'interrupted';
        else {
          const t = elapsed();
          if (t >= maxSeconds) limit = 'time';
          else if (options.progress && t >= nextProgress) {
            nextProgress = t + every;
            options.progress(stats(), store.count - current);
          }
          // Let signal handlers (Ctrl-C) run now and then.
          if (t >= nextYield) {
            nextYield = t + YIELD_EVERY;
            await new Promise((resolve) => setImmediate(resolve));
          }
        }
        if (limit) break;
      }
      const { arena, offset } = store.view(current);
      layout.unpack(arena, offset, cur);
      const n = ts.successors(cur, next, emit);
      if (n === 0 && open[deadlock] && !ts.allDone(cur)) violated(deadlock, current);
      if (options.stopAtFirst && violations.length > 0) break;
      if (store.count > maxStates) {
        limit = 'states';
        break;
      }
    }
  } catch (e) {
    if (e instanceof ModelRuntimeError) {
      return { status: 'error', complete: false, checked, violations, stats: stats(), failure: { loc: e.loc, message: e.message, states: path(current) } };
    }
    // The store could not grow: stop with what we have.
    if (e instanceof StoreFull || e instanceof RangeError) limit = 'memory';
    else throw e;
  }
  const complete = current >= store.count;
  const status = violations.length > 0 ? 'violated' : limit ? 'limit' : 'ok';
  return { status, complete, checked, violations, stats: stats(), ...(limit && { limit }) };
}
