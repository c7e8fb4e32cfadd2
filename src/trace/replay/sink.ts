/*
 * A run found by the replay search, made readable: the steps of processes
 * the diagram has no column for are moved as late as they can go. The
 * search's partial-order reduction takes such a process's independent steps
 * first, so a run would otherwise open with writers the diagram never
 * mentions. A step moves past the next one only when the two touch
 * different variables and, taken the other way round, draw the same and
 * arrive at the same state: the run stays a run of the model, and the
 * diagram's processes draw exactly what they drew.
 */
import type { State } from '../../compile/index.js';
import { type Access, footprints } from '../../model/footprint.js';
import type { Model } from '../../model/index.js';
import { layoutOf, sameState } from '../../state/layout.js';
import type { Candidate, Stepper } from '../stepper.js';
import { eventsKey } from './moves.js';

/** A step of a rebuilt run: the transition, the script positions it drew, how far the diagram is drawn after it. */
export interface RunStep {
  readonly c: Candidate;
  readonly drew: readonly number[];
  readonly at: number;
}

export function sinkOutsiders(
  model: Model,
  stepper: Stepper,
  columnOf: Int32Array,
  initial: State,
  run: readonly RunStep[],
): RunStep[] {
  const steps = run.slice();
  const states = [initial, ...steps.map((s) => s.c.next)];
  const prints = footprints(model);
  const layout = layoutOf(model);
  const now = (p: number, s: State): Access | undefined =>
    prints[p]!.get(layout.get(s, model.processes[p]!.pcSlot))?.now;
  const outside = (p: number) => columnOf[p]! < 0;
  for (let k = steps.length - 1; k >= 0; k--) {
    if (!outside(steps[k]!.c.proc)) continue;
    for (let j = k; j + 1 < steps.length; j++) {
      const mine = steps[j]!;
      const theirs = steps[j + 1]!;
      const p = mine.c.proc;
      const q = theirs.c.proc;
      if (outside(q) || q === p) break;
      const a = now(p, states[j]!);
      const b = now(q, states[j]!);
      if (!a || !b || a.writes.meets(b.reads) || a.writes.meets(b.writes) || a.reads.meets(b.writes)) break;
      const first = same(stepper.candidatesOf(states[j]!, q), theirs.c);
      const second = first && same(stepper.candidatesOf(first.next, p), mine.c);
      if (!first || !second || !sameState(second.next, states[j + 2]!)) break;
      steps[j] = { ...theirs, c: first };
      steps[j + 1] = { c: second, drew: [], at: theirs.at };
      states[j + 1] = first.next;
    }
  }
  return steps;
}

/** The candidate that is the same step as `c`, drawing the same. */
function same(candidates: readonly Candidate[], c: Candidate): Candidate | undefined {
  const key = eventsKey(c);
  return candidates.find((x) => x.step === c.step && x.failedAssert === c.failedAssert && eventsKey(x) === key);
}
