/*
 * The liveness engine: decides `liveness` properties (eventually P,
 * P leadsto Q, always eventually P) over the runs that are fair to the
 * processes declared fair. Each property is violated by a run that, from
 * some point on, stays forever in the states where its goal does not hold
 * and is fair; such a run exists exactly when a fair component of that part
 * of the graph (or a state where the run stops) can be reached:
 *
 *   eventually P          from the initial state, through states where P is false
 *   P leadsto Q           from a state where P holds and Q does not, through states where Q is false
 *   always eventually P   from any reachable state, through states where P is false
 *
 * Runs are maximal, as in SPIN: while some process can move, one does. A
 * process that is not fair may be passed over forever while others move;
 * under weak fairness a process that can move at every state of a cycle
 * moves in it; under strong fairness one that can move at some state of it.
 *
 * The state graph is built once for all the properties (liveness-graph.ts),
 * without symmetry or partial-order reduction: neither is sound here as they
 * are built (symmetry would need the properties and the fairness to be
 * symmetric; the reduction's proviso is for safety, and its visibility does
 * not cover the liveness conditions).
 */

import { compileConditions } from '../compile/conditions.js';
import type { TransitionSystem } from '../compile/index.js';
import type { Expr, Fairness, Model } from '../model/index.js';
import type { LimitOptions } from './limits.js';
import { FairComponents } from './liveness-fair.js';
import { buildGraph, label, replayEdges, type StateGraph, treePath } from './liveness-graph.js';
import { findLasso } from './liveness-lasso.js';
import type { StoreKind } from './search.js';
import type { Counterexample, Limit, RuntimeFailure, Stats } from './verdict.js';

export interface LivenessOptions extends LimitOptions {
  /** The liveness properties to decide (indices into the model's properties). */
  readonly properties: readonly number[];
  /** Overrides every process's declared fairness (`--fairness`). */
  readonly fairness?: Fairness;
  /** exact or compact; bitstate is checked with compact's fingerprints (a bit array cannot number states). */
  readonly store?: StoreKind;
  /** The prefix of a counterexample with the fewest context switches (default) or the fewest steps. */
  readonly traces?: 'fewest-switches' | 'shortest';
  /** The states and transitions a search before found, to size the graph's arrays once. */
  readonly expect?: { readonly states: number; readonly transitions: number };
}

export interface LivenessVerdict {
  readonly checked: readonly number[];
  /** One lasso per violated property. */
  readonly violations: readonly Counterexample[];
  /** Whether the whole graph was built, so that the properties not violated hold. */
  readonly complete: boolean;
  readonly limit?: Limit;
  readonly failure?: RuntimeFailure;
  /** The graph's states (distinct) and transitions (generated). */
  readonly stats: Stats;
  /** The fairness each process had. */
  readonly fairness: readonly Fairness[];
  readonly store: { readonly kind: 'exact' | 'compact'; readonly coverage?: string };
}

/** The fairness each process has in this check. */
export function fairnessOf(model: Model, override?: Fairness): Fairness[] {
  return model.processes.map((p) => override ?? p.fairness);
}

export async function checkLiveness(ts: TransitionSystem, options: LivenessOptions): Promise<LivenessVerdict> {
  const model = ts.model;
  const fairness = fairnessOf(model, options.fairness);
  const kind: 'exact' | 'compact' = options.store === 'exact' || options.store === undefined ? 'exact' : 'compact';
  // Condition 2k is property k's P, 2k + 1 its Q (true when it has none).
  const formulas = options.properties.map((i) => model.properties[i]!.liveness!);
  const conditions = compileConditions(
    model,
    formulas.flatMap((f) => [f.p, f.q ?? TRUE]),
  );
  const started = process.hrtime.bigint();
  const built = await buildGraph(ts, conditions, { ...options, store: kind });
  const base = {
    checked: options.properties,
    stats: built.stats,
    fairness,
    store: { kind, ...(built.coverage && { coverage: built.coverage }) },
  };
  if (built.failure) {
    const { loc, message, state } = built.failure;
    const partial = built.graph;
    const states = partial ? replayEdges(ts, partial, treePath(partial, state)) : [ts.initial()];
    return { ...base, violations: [], complete: false, failure: { loc, message, states } };
  }
  const g = built.graph;
  if (!g) return { ...base, violations: [], complete: false, ...(built.limit && { limit: built.limit }) };
  const violations: Counterexample[] = [];
  const fair = new FairComponents(g, fairness);
  options.properties.forEach((property, k) => {
    const cex = violation(ts, g, fair, property, formulas[k]!.form, 2 * k, fairness, options.traces !== 'shortest');
    if (cex) violations.push(cex);
  });
  // The time of the whole check: the graph, then each property's components and lasso.
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const stats = { ...built.stats, seconds, statesPerSecond: seconds > 0 ? built.stats.distinct / seconds : 0 };
  return { ...base, stats, violations, complete: true };
}

const TRUE: Expr = { k: 'const', value: 1, type: { kind: 'bool' } };

/** The lasso that violates the property whose P is condition `c` (Q: c + 1), if there is one. */
function violation(
  ts: TransitionSystem,
  g: StateGraph,
  fair: FairComponents,
  property: number,
  form: 'eventually' | 'leadsto' | 'always-eventually',
  c: number,
  fairness: readonly Fairness[],
  fewestSwitches: boolean,
): Counterexample | undefined {
  const n = g.count;
  // allowed: where the run may stay (the goal is false); seeds: where the trigger holds.
  const allowed = new Uint8Array(n);
  const seeds = new Uint8Array(n);
  const roots: number[] = [];
  for (let v = 0; v < n; v++) {
    const p = label(g, v, c);
    const q = label(g, v, c + 1);
    allowed[v] = (form === 'leadsto' ? q : p) ? 0 : 1;
    const seed = form === 'leadsto' ? p && !q : form === 'eventually' ? v === 0 && !p : !p;
    if (seed) {
      seeds[v] = 1;
      roots.push(v);
    }
  }
  const search = fair.run(allowed, roots);
  if (search.components.length === 0) return undefined;
  const lasso = findLasso(g, { allowed, seeds, free: form !== 'eventually', search, fairness, fewestSwitches });
  if (!lasso) return undefined;
  const states = replayEdges(ts, g, lasso.edges);
  const switches = countSwitches(g, lasso.edges.slice(0, lasso.loop));
  const { loop, stop, trigger, starved, passedOver, still } = lasso;
  const processes = lasso.edges.map((e) => g.procs[e]!);
  return { property, cost: switches, states, processes, lasso: { loop, stop, trigger, starved, passedOver, still } };
}

function countSwitches(g: StateGraph, edges: readonly number[]): number {
  let n = 0;
  for (let i = 1; i < edges.length; i++) if (g.procs[edges[i]!] !== g.procs[edges[i - 1]!]) n++;
  return n;
}
