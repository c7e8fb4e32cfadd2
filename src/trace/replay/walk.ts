/*
 * The walk: the diagram's entries in order, each matched against the steps
 * of its column's process. An entry the process's last step already drew
 * (a note under its call, say) is matched there; a frame waits for the step
 * that enters it; a step entry is reached by the process running alone. The
 * run stops at the first entry that cannot happen, or at a broken property;
 * past the last entry, the search after the end decides.
 */
import type { State } from '../../compile/index.js';
import type { Model } from '../../model/index.js';
import { FrameStacks, TraceBuilder, violation } from '../build.js';
import { type DiagramItem, stepItems } from '../drawing.js';
import type { Candidate, Stepper } from '../stepper.js';
import type { TraceStep } from '../types.js';
import { searchAfterEnd } from './after-end.js';
import { runAlone } from './alone.js';
import { type EntryPlan, matches } from './entries.js';
import type { Outcome, ReplayInput, ReplayLimits, ReplayResult } from './types.js';

/** The run so far: where it stands, and the transitions that got it there with what they drew. */
interface Run {
  state: State;
  readonly stacks: FrameStacks;
  readonly drawn: Set<number>;
  readonly steps: TraceStep[];
  readonly candidates: Candidate[];
}

/** Replays the input with column `c` as process `processes[c]`, each entry in the role `plan` gives it. */
export async function walkEntries(
  model: Model,
  stepper: Stepper,
  input: ReplayInput,
  processes: readonly number[],
  plan: readonly EntryPlan[],
  limits: ReplayLimits,
): Promise<ReplayResult> {
  const ts = stepper.system;
  const open = new Uint8Array(model.properties.length).fill(1);
  const initial = ts.initial();
  const run: Run = {
    state: initial,
    stacks: new FrameStacks(model.processes.length),
    drawn: new Set(),
    steps: [],
    candidates: [],
  };
  /** What each process's last step drew that no entry has matched yet. */
  const leftover = new Map<number, DiagramItem[]>();
  const skipped: number[] = [];
  const matched = new Map<number, number>();
  const builder = new TraceBuilder(model);
  // The trace is drawn from the transitions matched, not rebuilt from the states:
  // two may lead to one state and draw differently.
  const finish = (outcome: Outcome, extra: readonly State[] = [], property?: number): ReplayResult => {
    const path = [...run.candidates, ...builder.pathOf([run.state, ...extra])];
    const last = path.at(-1)?.next ?? run.state;
    const v = property === undefined ? undefined : violation(model, model.properties[property]!, last);
    return { model, processes, trace: builder.fromPath(initial, path, v), outcome, skipped, matched };
  };

  for (let i = 0; i < input.entries.length; i++) {
    const e = input.entries[i]!;
    const p = processes[e.column]!;
    const entry = plan[i]!;
    if (entry.role === 'skip') {
      if (entry.typo) throw entry.typo;
      skipped.push(i);
      continue;
    }
    const left = leftover.get(p) ?? [];
    const k = left.findIndex((item) => matches(e, item));
    if (k >= 0) {
      leftover.set(p, left.slice(k + 1));
      matched.set(i, lastStepOf(run, p));
      continue;
    }
    if (entry.role === 'frame') continue; // entered by the step that reaches the process's next entry
    const found = runAlone(model, stepper, run, p, i, input);
    if ('reason' in found) return finish({ kind: 'infeasible', entry: i, process: p, reason: found.reason });
    for (const c of found.path) {
      const step = run.stacks.step(model, c);
      run.steps.push(step);
      run.candidates.push(c);
      run.state = c.next;
      const items = stepItems(step, run.drawn);
      if (c === found.path[found.path.length - 1]) {
        const at = items.findIndex((item) => matches(e, item));
        leftover.set(p, items.slice(at + 1));
        matched.set(i, run.steps.length - 1);
      }
      // The run may break a property before the diagram ends.
      let broken = c.failedAssert >= 0 ? c.failedAssert : -1;
      if (broken < 0) ts.check(c.next, open, (q) => (broken = broken < 0 ? q : broken));
      if (broken >= 0)
        return finish({ kind: 'violation', property: model.properties[broken]!.name, afterEntries: i + 1 }, [], broken);
    }
  }

  // Every entry happened: does the run go on into a violation?
  const after = await searchAfterEnd(model, ts, run.state, limits);
  if (after.kind === 'none') return finish({ kind: 'feasible', complete: after.complete });
  const property = model.properties[after.property]!.name;
  return finish(
    { kind: 'violation', property, afterEntries: input.entries.length },
    after.states.slice(1),
    after.property,
  );
}

function lastStepOf(run: Run, p: number): number {
  for (let i = run.steps.length - 1; i >= 0; i--) if (run.steps[i]!.process === p) return i;
  return -1;
}
