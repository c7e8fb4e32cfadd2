/*
 * `explain`: why a fix works. The old model is checked; the counterexample of
 * each property it violates is replayed on the new model (processes matched by
 * name) by the same search as `replay`: the new model blocks it (no run of it
 * draws the counterexample, and the reason is the condition that fails in
 * every state where the search stopped), or still ends in a violation.
 */
import { type Limit, throwFailure } from '../explore/index.js';
import type { Model } from '../model/index.js';
import { type ReplayInput, type ReplayLimits, type ReplayResult, replay, traceInput } from '../trace/replay.js';
import { checkModel } from './check.js';
import type { ExitKind } from './exit.js';
import { replayExit } from './replay.js';

/** One old counterexample replayed on the new model. */
export interface ExplainedRace {
  readonly before: Model;
  /** The property the old counterexample violates. */
  readonly property: string;
  readonly input: ReplayInput;
  readonly result: ReplayResult;
}

export interface Explanation {
  readonly before: Model;
  /** One per violated property of `before`, in the order the properties are written (none: nothing to explain). */
  readonly replays: readonly ExplainedRace[];
  /** violated: a counterexample still ends in a violation on `after`; limit: a search stopped at a limit. */
  readonly exit: ExitKind;
  /** The limit that stopped the check of `before`, if one did (its counterexamples may be missing). */
  readonly checkLimit?: Limit;
}

export interface ExplainOptions extends ReplayLimits {
  /** The indices of `before`'s properties to explain (default: all). */
  readonly properties?: readonly number[];
  /** Called as each replay finishes, so that it can be shown before the next one (which may fail) runs. */
  readonly onReplay?: (race: ExplainedRace) => void;
}

export async function explainFix(before: Model, after: Model, options: ExplainOptions = {}): Promise<Explanation> {
  const { properties: asked, onReplay, ...limits } = options;
  // A liveness counterexample goes on forever: there is no finite run of it to replay on `after`.
  const properties = (asked ?? before.properties.map((p) => p.index)).filter(
    (p) => before.properties[p]!.kind !== 'liveness',
  );
  const started = Date.now();
  const left = () =>
    limits.maxSeconds !== undefined ? { maxSeconds: limits.maxSeconds - (Date.now() - started) / 1000 } : {};
  const checked = await checkModel(before, { ...limits, properties });
  // There is no run to draw for a model that fails: the failure is the diagnostic.
  throwFailure(before, checked.verdict);
  const replays: ExplainedRace[] = [];
  for (const trace of checked.traces) {
    const input = traceInput(trace, before.source.name);
    // The race is the property: a run of NEW that breaks another one is not this race.
    const same = after.properties.find((p) => p.name === trace.violation!.property);
    const result = await replay(after, input, { ...limits, ...left(), ...(same && { properties: [same.index] }) });
    const race = { before, property: trace.violation!.property, input, result };
    replays.push(race);
    onReplay?.(race);
  }
  const exits = replays.map((r) => replayExit(r.result));
  const checkLimit = checked.verdict.limit;
  const limited = exits.includes('limit') || checkLimit !== undefined;
  const exit = exits.includes('violated') ? 'violated' : limited ? 'limit' : 'ok';
  return { before, replays, exit, ...(checkLimit && { checkLimit }) };
}
