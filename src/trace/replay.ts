/*
 * Replays a race diagram (or another model's trace) against a model. Each
 * column is mapped to a process; each entry that names something the process
 * can show must be drawn, in the diagram's order, by some run of the model in
 * which any process may also take the steps the diagram leaves out, at any
 * time. A search over (model state, how far the diagram is drawn) decides it:
 * feasible when some run draws the whole diagram (then the violation it ends
 * in, or none), infeasible only when no run does (then the furthest entry any
 * run drew, and why the next cannot happen in every state where they stop),
 * undecided when a limit stops the search first.
 *
 * The parts, in replay/: columns.ts (which process each column is),
 * entries.ts (what each entry is in that process), moves.ts (the rule for
 * one step), search.ts (the search), reasons.ts (why an entry cannot
 * happen), result.ts (the run and the outcome).
 */
import type { DiagnosticError } from '../lang/index.js';
import type { Model } from '../model/index.js';
import { assignColumns } from './replay/columns.js';
import { planEntries } from './replay/entries.js';
import { Script } from './replay/moves.js';
import { replayResult, type Searched } from './replay/result.js';
import { ReplaySearch } from './replay/search.js';
import type { ReplayInput, ReplayOptions, ReplayResult } from './replay/types.js';
import { Stepper } from './stepper.js';
import { shownTexts } from './texts.js';

export { traceInput } from './replay/trace-input.js';
export type {
  Condition,
  EntryKind,
  Origin,
  Outcome,
  Reason,
  ReplayColumn,
  ReplayEntry,
  ReplayInput,
  ReplayLimits,
  ReplayOptions,
  ReplayResult,
  StepRef,
  StopReason,
} from './replay/types.js';

export async function replay(model: Model, input: ReplayInput, options: ReplayOptions = {}): Promise<ReplayResult> {
  const stepper = Stepper.of(model);
  const texts = model.processes.map((_, p) => shownTexts(model, p));
  const started = Date.now();
  // Several column assignments, and each one's searches, share the time limit.
  const left = () =>
    options.maxSeconds !== undefined ? options.maxSeconds - (Date.now() - started) / 1000 : undefined;
  let best: ReplayResult | undefined;
  let error: DiagnosticError | undefined;
  for (const processes of assignColumns(model, input, texts)) {
    const plans = planEntries(model, input, processes, texts, options.strict);
    if (!Array.isArray(plans)) {
      error ??= plans;
      continue;
    }
    const script = new Script(input.entries, plans, processes, model.processes.length);
    const limits = { ...options, ...(left() !== undefined && { maxSeconds: left() }) };
    const strict = new ReplaySearch(model, stepper, script, limits);
    let decided: Searched = { search: strict, end: await strict.run() };
    // No run draws it when each step that draws an entry's text is that entry: but a run may draw the
    // text once more than the diagram does. Only when no run does either is the diagram infeasible;
    // the reasons stay the first search's (the stopping states of runs that follow the diagram).
    let confirmed: ReplaySearch | undefined;
    if (decided.end.kind === 'stuck') {
      const lenient = new ReplaySearch(model, stepper, script, { ...limits, maxSeconds: left() }, true, true, true);
      const end = await lenient.run();
      if (end.kind === 'stuck') confirmed = lenient;
      else decided = { search: lenient, end };
    }
    const search = decided.search;
    // The run to draw: found again without the processes the diagram has no column for and
    // without the reduction's choice of order, if it can be (the reduction runs independent steps
    // first, which is not how anyone draws them).
    let shown: Searched | undefined;
    if (decided.end.kind !== 'limit' && (decided.end.kind !== 'stuck' || processes.length < model.processes.length)) {
      const cap = { ...limits, maxSeconds: left(), maxStates: Math.max(10_000, search.store.count) };
      const quiet = new ReplaySearch(model, stepper, script, cap, false, false, search.lenient);
      shown = { search: quiet, end: await quiet.run() };
    }
    const result = replayResult(model, stepper, decided, shown, input, processes, plans, options, confirmed);
    if (!best || rank(result) > rank(best)) best = result;
    if (result.outcome.kind === 'violation' || result.outcome.kind === 'undecided') break;
  }
  if (!best) throw error!;
  return best;
}

/** Prefer a violation, then a feasible run, then no verdict, then the run that got furthest. */
function rank(r: ReplayResult): number {
  const o = r.outcome;
  if (o.kind === 'violation') return 4e9;
  if (o.kind === 'feasible') return 3e9;
  if (o.kind === 'undecided') return 2e9;
  return o.entry;
}
