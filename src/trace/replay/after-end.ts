/*
 * After a diagram's last entry: the search for a violation from where the
 * replayed run stands, within the limits given. The shortest one found ends
 * the run; none, and the run is feasible (searched to the end or not).
 */
import type { State, TransitionSystem } from '../../compile/index.js';
import { search, throwFailure } from '../../explore/index.js';
import type { Model } from '../../model/index.js';
import type { ReplayLimits } from './types.js';

export type AfterEnd =
  /** A violation of `property`, reached through `states` (the one the run stands in first). */
  | { readonly kind: 'violation'; readonly property: number; readonly states: readonly State[] }
  /** No violation found; `complete` when every state reachable from the run's end was searched. */
  | { readonly kind: 'none'; readonly complete: boolean };

export async function searchAfterEnd(
  model: Model,
  ts: TransitionSystem,
  from: State,
  limits: ReplayLimits,
): Promise<AfterEnd> {
  const rest = await search(ts, { maxStates: 2_000_000, maxSeconds: 30, ...limits, from, stopAtFirst: true });
  throwFailure(model, rest);
  const first = [...rest.violations].sort((a, b) => a.states.length - b.states.length)[0];
  return first
    ? { kind: 'violation', property: first.property, states: first.states }
    : { kind: 'none', complete: rest.complete };
}
