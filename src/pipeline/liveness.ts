/*
 * The liveness part of `check`: after the safety search, the liveness
 * engine builds the state graph again (keeping every transition) and decides
 * the liveness properties asked for; its verdicts and lassos join the safety
 * verdict. It is not run when the safety search could not finish (a limit,
 * or --first stopping it): the graph would not fit either, or was not wanted.
 */
import type { TransitionSystem } from '../compile/index.js';
import { assembleVerdict, checkLiveness, type Verdict } from '../explore/index.js';
import type { CheckOptions } from './check.js';

export async function withLiveness(
  ts: TransitionSystem,
  first: Verdict,
  live: readonly number[],
  options: CheckOptions,
): Promise<Verdict> {
  if (live.length === 0 || first.failure || first.engine === 'random') return first;
  const checked = [...first.checked, ...live];
  if (!first.complete) {
    const liveness = {
      checked: live,
      complete: false,
      fairness: ts.model.processes.map((p) => options.fairness ?? p.fairness),
      store: { kind: first.store?.kind === 'exact' ? ('exact' as const) : ('compact' as const) },
      ...(first.limit && { limit: first.limit }),
    };
    return { ...first, checked, liveness };
  }
  const spent = first.checked.length > 0 ? first.stats.seconds : 0;
  const lv = await checkLiveness(ts, {
    properties: live,
    ...(options.maxStates !== undefined && { maxStates: options.maxStates }),
    ...(options.maxSeconds !== undefined && { maxSeconds: options.maxSeconds - spent }),
    ...(options.maxBytes !== undefined && { maxBytes: options.maxBytes }),
    ...(options.progress && { progress: options.progress }),
    ...(options.interrupted && { interrupted: options.interrupted }),
    ...(options.fairness && { fairness: options.fairness }),
    ...(options.store && { store: options.store }),
    ...(options.traces && { traces: options.traces }),
    // The safety search went through the same graph (unless symmetry counted its states fewer).
    ...(first.checked.length > 0 &&
      !first.symmetry && { expect: { states: first.stats.distinct, transitions: first.stats.generated } }),
  });
  const violations = [...first.violations, ...lv.violations];
  const liveness = {
    checked: live,
    complete: lv.complete,
    stats: lv.stats,
    fairness: lv.fairness,
    store: lv.store,
    ...(lv.limit && { limit: lv.limit }),
  };
  if (lv.failure) return { ...first, status: 'error', complete: false, checked, failure: lv.failure, liveness };
  const status = violations.length > 0 ? 'violated' : first.status === 'ok' && lv.complete ? 'ok' : 'limit';
  // Without a safety search, the statistics are the liveness search's.
  const stats = first.checked.length > 0 ? first.stats : lv.stats;
  return { ...first, status, checked, violations, stats, liveness };
}

/** The verdict of a safety search that was not needed (only liveness properties asked for). */
export function noSafetySearch(ts: TransitionSystem): Verdict {
  const stats = { generated: 0, distinct: 0, depth: 0, seconds: 0, statesPerSecond: 0, bytes: 0 };
  return assembleVerdict('exhaustive', {
    checked: [],
    violations: [],
    stats: { ...stats, stateBits: ts.layout.bits, stateWords: ts.words },
    exhausted: true,
  });
}
