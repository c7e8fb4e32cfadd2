/*
 * `explain`: why a fix works. The old model is checked; the counterexample of
 * each property it violates is replayed on the new model (processes matched by
 * name), which blocks it or steers it away, or still ends in a violation.
 */
import { throwFailure } from '../explore/index.js';
import type { Model } from '../model/index.js';
import { type ReplayInput, type ReplayResult, replay, traceInput } from '../trace/replay.js';
import { checkModel } from './check.js';
import type { ExitKind } from './exit.js';

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
  /** violated: a counterexample still ends in a violation on `after`. */
  readonly exit: ExitKind;
}

export interface ExplainOptions {
  /** The indices of `before`'s properties to explain (default: all). */
  readonly properties?: readonly number[];
  /** Called as each replay finishes, so that it can be shown before the next one (which may fail) runs. */
  readonly onReplay?: (race: ExplainedRace) => void;
}

export async function explainFix(before: Model, after: Model, options: ExplainOptions = {}): Promise<Explanation> {
  // A liveness counterexample goes on forever: there is no finite run of it to replay on `after`.
  const properties = (options.properties ?? before.properties.map((p) => p.index)).filter(
    (p) => before.properties[p]!.kind !== 'liveness',
  );
  const checked = await checkModel(before, { properties });
  // There is no run to draw for a model that fails: the failure is the diagnostic.
  throwFailure(before, checked.verdict);
  const replays: ExplainedRace[] = [];
  for (const trace of checked.traces) {
    const input = traceInput(trace, before.source.name);
    const race = { before, property: trace.violation!.property, input, result: await replay(after, input) };
    replays.push(race);
    options.onReplay?.(race);
  }
  const stillRacy = replays.some((r) => r.result.outcome.kind === 'violation');
  return { before, replays, exit: stillRacy ? 'violated' : 'ok' };
}
