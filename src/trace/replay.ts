/*
 * Replays a race diagram (or another model's trace) against a model. Each
 * column is mapped to a process; each entry of the diagram that names
 * something the process can show must happen, in the diagram's order. To
 * reach its next entry a process may take steps the diagram leaves out, when
 * exactly one way leads there; a call that the model draws as a frame waits
 * for the step that enters it. Entries the model has nothing like are
 * commentary and are skipped (a near miss of a call name is an error).
 * The outcome: the run ends in a violation, or is feasible and violates
 * nothing, or is infeasible at an entry, with the reason (the step the
 * process waits at, or the steps it takes instead).
 *
 * The parts, in replay/: columns.ts (which process each column is),
 * entries.ts (what each entry is in that process), walk.ts with alone.ts
 * (matching entries against steps), after-end.ts (the search for a violation
 * after the diagram's end).
 */
import type { Model } from '../model/index.js';
import { assignColumns } from './replay/columns.js';
import { planEntries } from './replay/entries.js';
import type { ReplayInput, ReplayLimits, ReplayResult } from './replay/types.js';
import { walkEntries } from './replay/walk.js';
import { Stepper } from './stepper.js';
import { shownTexts } from './texts.js';

export { traceInput } from './replay/trace-input.js';
export type {
  EntryKind,
  Outcome,
  Reason,
  ReplayColumn,
  ReplayEntry,
  ReplayInput,
  ReplayLimits,
  ReplayResult,
} from './replay/types.js';

export async function replay(model: Model, input: ReplayInput, limits: ReplayLimits = {}): Promise<ReplayResult> {
  const stepper = Stepper.of(model);
  const texts = model.processes.map((_, p) => shownTexts(model, p));
  let best: ReplayResult | undefined;
  for (const processes of assignColumns(model, input, texts)) {
    const plan = planEntries(model, input, processes, texts);
    const result = await walkEntries(model, stepper, input, processes, plan, limits);
    if (!best || rank(result) > rank(best)) best = result;
  }
  return best!;
}

/** Prefer a violation, then a feasible run, then the run that got furthest. */
function rank(r: ReplayResult): number {
  if (r.outcome.kind === 'violation') return 2e9;
  if (r.outcome.kind === 'feasible') return 1e9;
  return r.outcome.entry;
}
