/*
 * Exhaustive search: every reachable state once, in the order a Frontier
 * gives (breadth-first, or fewest context switches). Properties are checked
 * when a state is expanded, which is when its cost (depth, or switches) is
 * final, so the first violation of each property has the least cost. The
 * search goes on after a violation until every checked property is violated
 * or the state space is exhausted, so one run gives a verdict for each.
 */
import { ModelRuntimeError, type State, type TransitionSystem } from '../compile/index.js';
import { BitstateStore, FingerprintStore, type LoggedStore } from '../state/compact.js';
import { StateStore, StoreFull } from '../state/store.js';
import { canonicalizer } from '../state/symmetry.js';
import { concretize } from './concretize.js';
import { BreadthFirst, BreadthQueue, FewestSwitches, type Frontier } from './frontier.js';
import { Reduction } from './reduction.js';
import type { Counterexample, Limit, Stats, Verdict } from './verdict.js';

const YIELD_EVERY = 0.05; // seconds
const NONE = 0xffffffff; // "no last process", in the extra word of fewest-switches states

export type Order = 'shortest' | 'fewest-switches';

/** exact: every state stored; compact: 64-bit fingerprints; bitstate: a bit array (see state/compact.ts). */
export type StoreKind = 'exact' | 'compact' | 'bitstate';

export interface SearchOptions {
  /** Property indices to check (default: all). */
  properties?: readonly number[];
  /** shortest (breadth-first, the default) or fewest-switches (exact store only). */
  order?: Order;
  store?: StoreKind;
  /** bitstate: the bit array has 2^bits bits (default 30, 128 MiB), as SPIN's -w. */
  bits?: number;
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
  /** Start from this state instead of the initial one (to complete a replayed run). */
  from?: State;
  /** Explore every reachable state even once every checked property is violated (to count them). */
  exhaust?: boolean;
  /** Partial-order reduction (see reduction.ts). */
  reduce?: boolean;
  /**
   * Symmetry reduction (unless false) where the model has a `symmetric` process array: states
   * are stored in canonical form (see state/symmetry.ts). Not with fewest-switches, whose
   * states carry a process number that a permutation would change.
   */
  symmetry?: boolean;
}

/** A failed assert, found on a step, kept until no cheaper one can turn up. */
interface Pending {
  cost: number;
  from: number;
  state: State;
}

export async function search(ts: TransitionSystem, options: SearchOptions = {}): Promise<Verdict> {
  const model = ts.model;
  const checked = options.properties ?? model.properties.map((p) => p.index);
  const open = new Uint8Array(model.properties.length);
  for (const p of checked) open[p] = 1;
  let remaining = checked.length;
  const deadlock = model.properties.find((p) => p.kind === 'deadlock')!.index;

  const layout = ts.layout;
  const words = layout.words;
  const kind = options.store ?? 'exact';
  const budget = options.maxBytes ?? Infinity;
  // The exact store keeps every state, and is the breadth-first queue too; the others keep none.
  const exact =
    kind === 'exact' ? new StateStore(words + (options.order === 'fewest-switches' ? 1 : 0), budget) : undefined;
  const logged: LoggedStore | undefined =
    kind === 'compact'
      ? new FingerprintStore(words, budget)
      : kind === 'bitstate'
        ? new BitstateStore(words, options.bits ?? 30)
        : undefined;
  const frontier: Frontier = exact
    ? options.order === 'fewest-switches'
      ? new FewestSwitches(exact)
      : new BreadthFirst(exact)
    : new BreadthQueue(words);
  // A stored state is the model's words, then the frontier's own (the last process, for fewest-switches).
  const stored = words + frontier.extraWords;
  const cur = new Uint32Array(stored);
  const next = new Uint32Array(stored);
  const initial = options.from ?? ts.initial();
  const canonical =
    options.symmetry !== false && options.order !== 'fewest-switches'
      ? canonicalizer(model.symmetries, layout)
      : undefined;
  cur.set(initial);
  canonical?.(cur);
  const start = cur.slice(0, words); // the first state stored
  if (frontier.extraWords) cur[words] = NONE;
  const violations: Counterexample[] = [];
  const pending = new Map<number, Pending>();
  const started = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
  const bytes = () => (exact?.bytes ?? logged!.bytes) + frontier.bytes;

  /** The states from the initial one to state `index` (then `last`), as a run of the model. */
  const path = (index: number, last?: State, assert?: number): State[] => {
    const states = storedPath(index, last);
    return canonical ? concretize(ts, canonical, initial, states, assert) : states;
  };
  /** The same as stored: canonical states under symmetry. */
  const storedPath = (index: number, last?: State): State[] => {
    const states: State[] = [];
    if (exact) {
      for (let i = index; i >= 0; i = exact.parent(i)) {
        const { arena, offset } = exact.view(i);
        states.push(arena.slice(offset, offset + words));
      }
      states.reverse();
    } else {
      // Read the chain of parents back, then replay its steps from the initial state.
      const steps: { proc: number; ordinal: number }[] = [];
      for (let i = index; i > 0; ) {
        const r = logged!.log.read(i);
        steps.push(r);
        i = r.parent;
      }
      let s = start.slice();
      states.push(s);
      for (const { proc, ordinal } of steps.reverse()) {
        const out = new Uint32Array(words);
        let k = 0;
        ts.successorsOf[proc]!(s, out, () => {
          if (k++ === ordinal) s = out.slice();
        });
        canonical?.(s);
        states.push(s);
      }
    }
    if (last) states.push(last.slice(0, words));
    return states;
  };
  const violated = (property: number, index: number, cost: number, last?: State) => {
    if (!open[property]) return;
    open[property] = 0;
    remaining--;
    pending.delete(property);
    violations.push({ property, cost, states: path(index, last, last ? property : -1) });
  };
  /** Asserts found on steps cheaper than `cost` can no longer be beaten. */
  const settle = (cost: number) => {
    for (const [p, v] of pending) if (v.cost <= cost) violated(p, v.from, v.cost, v.state);
  };

  let generated = 0;
  let depth = 0;
  let current = 0;
  let currentCost = 0;
  let last = -1;
  let limit: Limit | undefined;
  const stats = (): Stats => {
    const seconds = elapsed();
    return {
      generated,
      distinct: (exact ?? logged)!.count,
      depth,
      seconds,
      statesPerSecond: seconds > 0 ? (exact ?? logged)!.count / seconds : 0,
      bytes: bytes(),
      stateBits: layout.bits,
      stateWords: words,
    };
  };

  let ordinal = 0; // of the step among its process's, for the parent log
  let emitting = -1;
  let revisited = false; // a step of the expansion led to a state seen before
  const emit = (proc: number, _step: number, failedAssert: number) => {
    generated++;
    if (proc !== emitting) {
      emitting = proc;
      ordinal = 0;
    }
    canonical?.(next);
    if (stored > words) next[words] = proc;
    const added = exact ? exact.add(next, current) : logged!.add(next, current, proc, ordinal);
    ordinal++;
    const isNew = added >= 0;
    if (!isNew) revisited = true;
    const index = isNew ? added : -added - 1;
    const cost = currentCost + frontier.edge(last, proc);
    if (frontier.offer(index, isNew, cost, next) && !isNew) exact!.setParent(index, current);
    if (failedAssert >= 0 && open[failedAssert]) {
      const seen = pending.get(failedAssert);
      if (!seen || cost < seen.cost) pending.set(failedAssert, { cost, from: current, state: next.slice() });
    }
  };

  const reduction = options.reduce ? new Reduction(ts) : undefined;
  /** Expands with one process when that stands for all (see reduction.ts); else every process. */
  const expandReduced = (r: Reduction, s: State): number => {
    for (let p = r.candidate(s); p >= 0; p = r.candidate(s, p)) {
      revisited = false;
      const n = ts.successorsOf[p]!(s, next, emit);
      if (n === 0) continue; // p cannot move here: try another
      if (!revisited) return n;
      // The cycle proviso: a step back to a seen state, so expand every other process too.
      let all = n;
      for (let q = 0; q < ts.successorsOf.length; q++) if (q !== p) all += ts.successorsOf[q]!(s, next, emit);
      return all;
    }
    return ts.successors(s, next, emit);
  };

  const maxStates = options.maxStates ?? Infinity;
  const maxSeconds = options.maxSeconds ?? Infinity;
  const every = options.progressEvery ?? 2;
  let nextProgress = every;
  let nextYield = YIELD_EVERY;
  let expanded = 0;
  // With nothing to check (or --exhaust), explore everything: to count states.
  const stopWhenAllViolated = !options.exhaust && checked.length > 0;
  try {
    if (exact) exact.add(cur, -1);
    else logged!.add(cur, -1, 0, 0);
    frontier.offer(0, true, 0, cur);
    for (
      current = frontier.next(cur);
      current >= 0 && (remaining > 0 || !stopWhenAllViolated);
      current = frontier.next(cur)
    ) {
      if ((++expanded & 1023) === 0) {
        const count = (exact ?? logged)!.count;
        if (count >= maxStates) limit = 'states';
        else if (bytes() > budget) limit = 'memory';
        else if (options.interrupted?.()) limit = 'interrupted';
        else {
          const t = elapsed();
          if (t >= maxSeconds) limit = 'time';
          else if (options.progress && t >= nextProgress) {
            nextProgress = t + every;
            options.progress(stats(), count - expanded);
          }
          // Let signal handlers (Ctrl-C) run now and then.
          if (t >= nextYield) {
            nextYield = t + YIELD_EVERY;
            await new Promise((resolve) => setImmediate(resolve));
          }
        }
        if (limit) break;
      }
      currentCost = frontier.cost(current);
      if (currentCost > depth) depth = currentCost;
      settle(currentCost);
      last = stored > words ? cur[words]! | 0 : -1;
      emitting = -1;
      ts.check(cur, open, (p) => violated(p, current, currentCost));
      const n = reduction ? expandReduced(reduction, cur) : ts.successors(cur, next, emit);
      if (n === 0 && open[deadlock] && !ts.allDone(cur)) violated(deadlock, current, currentCost);
      if (options.stopAtFirst && (violations.length > 0 || pending.size > 0)) break;
      if ((exact ?? logged)!.count > maxStates) {
        limit = 'states';
        break;
      }
    }
  } catch (e) {
    if (e instanceof ModelRuntimeError) {
      const failure = { loc: e.diagnostic.loc, message: e.diagnostic.message, states: path(current) };
      logged?.log.close();
      return { status: 'error', complete: false, checked, violations, stats: stats(), failure };
    }
    // The store could not grow: stop with what we have.
    if (e instanceof StoreFull || isAllocationFailure(e)) limit = 'memory';
    else throw e;
  }
  settle(Infinity);
  logged?.log.close();
  const complete = current < 0 || (remaining === 0 && stopWhenAllViolated);
  const status = violations.length > 0 ? 'violated' : limit ? 'limit' : 'ok';
  const store = { kind, ...(logged && { coverage: logged.coverage() }) };
  const symmetry = canonical && { symmetry: model.symmetries.map((s) => s.name) };
  return {
    status,
    complete: complete && !limit,
    checked,
    violations,
    stats: stats(),
    store,
    ...symmetry,
    ...(limit && { limit }),
  };
}

/** The engine's own arrays could not be allocated (as opposed to a bug that throws a RangeError). */
export function isAllocationFailure(e: unknown): boolean {
  return e instanceof RangeError && /allocation failed|Invalid typed array length|Array buffer/i.test(e.message);
}
