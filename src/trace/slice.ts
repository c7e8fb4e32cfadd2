/*
 * Slicing a counterexample: which of its steps a diagram must draw for the
 * reader to believe the violation; the others are folded. The criterion
 * (docs/slicing.md says it with an example):
 *
 * 1. Relevant: the steps the violation depends on. The last writers of what
 *    the violated property reads in the last state (for an assert, the
 *    failing step; for a deadlock, what keeps the waiting processes waiting,
 *    and where each stopped); then, transitively, for each relevant step: the
 *    last writers of what it read (its `await` and `if` conditions are
 *    reads), the step its process took before it (which brought it there),
 *    and the earlier transition of its process that took the `if` or `while`
 *    branch it runs inside.
 * 2. Races: a relevant step and a later step of another process that writes
 *    what it read, or reads or writes what it wrote, race when their order
 *    matters: with the relevant step put off until just after the other, and
 *    with the other brought forward to just before it, the run goes another
 *    way or violates nothing ("turns block group into RO mode" after the
 *    writer tested it). Both are drawn; the other becomes relevant, with what
 *    it depends on, and its own races count too.
 * 3. Drawn, besides the races: the critical seeds (the failing step, where a
 *    waiting process stopped, the last writer of a value that, changed alone
 *    in the last state, would undo the violation); the steps the violation
 *    needs one by one (without the effect of that step alone, the others
 *    keeping their order of processes, some process could not move or
 *    nothing would be violated); the transition that decided a drawn step
 *    would run; and whatever this test needs: a relevant step is folded when
 *    the run, repeated with it and every folded step having no effect (each
 *    must still be able to run, then its process just moves on), still takes
 *    the same path in every drawn step (the same step, the same notes; the
 *    values a note shows aside) and still violates the property. Relevant
 *    steps are tried from the last to the first.
 *
 * The test of 3 is the soundness argument: no folded step has an effect
 * that a drawn step, or the violation, depends on, and each could still have
 * run. Runs too long for it (it is quadratic in the run's length, the races
 * cubic) are drawn whole.
 */
import type { State } from '../compile/index.js';
import type { Model } from '../model/index.js';
import { RecordedRun, type RunStep } from './slice-run.js';

/** Runs longer than this are drawn whole; minimising costs runs × relevant steps transitions at most. */
const MAX_STEPS = 20000;
const MAX_WORK = 400000;

/** For each step of the run, whether a diagram draws it; undefined when the run cannot be sliced. */
export function sliceRun(
  model: Model,
  property: number,
  states: readonly State[],
  path: readonly RunStep[],
): boolean[] | undefined {
  if (path.length === 0 || path.length > MAX_STEPS) return undefined;
  const run = RecordedRun.read(model, model.properties[property]!, states, path);
  if (!run) return undefined;
  const k = run.length;
  const seeds = run.seeds();
  // The violation reads only initial values: draw where it ends.
  if (seeds.all.length === 0) seeds.all.push(k - 1);
  if (seeds.critical.length === 0) seeds.critical.push(seeds.all[seeds.all.length - 1]!);
  const relevant = closure(run, seeds.all);
  const hidden = new Uint8Array(k);
  for (let i = 0; i < k; i++) hidden[i] = relevant.has(i) ? 0 : 1;
  repair(run, hidden, relevant);
  const racing = races(run, hidden, relevant);
  if (k * relevant.size > MAX_WORK || !racing) return Array.from(hidden, (h) => h === 0);
  minimise(run, hidden, new Set([...necessary(run, hidden, seeds.critical), ...racing]));
  return Array.from(hidden, (h) => h === 0);
}

/**
 * Rule 2: the relevant steps that race with a later step of another process (it writes what the
 * relevant step read, or reads or writes what it wrote) where the order of the two matters
 * (run.orderMatters), and those steps; each of these becomes relevant with what it depends on,
 * and its own races are looked for too. Undefined when that would take too long.
 */
function races(run: RecordedRun, hidden: Uint8Array, relevant: Set<number>): Set<number> | undefined {
  const out = new Set<number>();
  const meets = (a: ReadonlySet<number>, b: ReadonlySet<number>) => {
    for (const x of a) if (b.has(x)) return true;
    return false;
  };
  let work = 0;
  const done = new Set<number>();
  for (let todo = [...relevant].sort((a, b) => a - b); todo.length > 0; ) {
    const d = todo.shift()!;
    if (done.has(d)) continue;
    done.add(d);
    const a = run.execs[d]!;
    for (let g = d + 1; g < run.length; g++) {
      if (run.path[g]!.proc === run.path[d]!.proc) continue;
      const b = run.execs[g]!;
      if (!meets(b.writes, a.reads) && !meets(b.reads, a.writes) && !meets(b.writes, a.writes)) continue;
      work += run.length;
      if (work > MAX_WORK) return undefined;
      if (!run.orderMatters(d, g)) continue;
      out.add(d);
      out.add(g);
      for (const i of closure(run, [g])) {
        if (relevant.has(i)) continue;
        relevant.add(i);
        hidden[i] = 0;
        todo.push(i);
      }
    }
  }
  repair(run, hidden, relevant);
  return out;
}

/**
 * The steps `from` depend on, themselves included: the writers of what they read, the steps their
 * processes took before them, and the transitions that decided they run.
 */
function closure(run: RecordedRun, from: readonly number[]): Set<number> {
  const out = new Set<number>();
  const work = [...from];
  while (work.length > 0) {
    const i = work.pop()!;
    if (out.has(i)) continue;
    out.add(i);
    work.push(...run.sources[i]!, ...run.deciders[i]!);
    if (run.previous[i]! >= 0) work.push(run.previous[i]!);
  }
  return out;
}

/**
 * Folding every step that is not relevant passes the test, unless a step that is not relevant
 * could not have run without another's effect: then that step, and what it depends on, are drawn
 * (and relevant), until the test passes (at worst, with every step drawn).
 */
function repair(run: RecordedRun, hidden: Uint8Array, relevant: Set<number>): void {
  let work = 0;
  for (let f = run.failureWithout(hidden); f >= 0 && f < run.length; f = run.failureWithout(hidden)) {
    work += run.length;
    if (work > MAX_WORK) break; // too long to find out: everything is drawn
    const more = closure(run, [f]);
    let changed = false;
    for (const i of more) {
      relevant.add(i);
      if (hidden[i]) changed = true;
      hidden[i] = 0;
    }
    if (!changed) break; // a drawn step goes another way although all it depends on is drawn: cannot happen
  }
  if (run.failureWithout(hidden) >= 0) hidden.fill(0);
}

/**
 * The critical seeds, and the relevant steps the violation needs one by one: without its effect
 * alone (and that of the steps that are not relevant), it would not happen (run.needs).
 */
function necessary(run: RecordedRun, hidden: Uint8Array, critical: readonly number[]): Set<number> {
  const out = new Set(critical);
  for (let i = 0; i < run.length; i++) if (!hidden[i] && !out.has(i) && run.needs(i, hidden)) out.add(i);
  return out;
}

/** Folds every relevant step it can, from the last to the first, keeping the run's test passing. */
function minimise(run: RecordedRun, hidden: Uint8Array, keep: Set<number>): void {
  for (let i = run.length - 1; i >= 0; i--) {
    if (hidden[i] || keep.has(i)) continue;
    // The transition that decided a drawn step runs stays drawn with it.
    if (decidesDrawn(run, hidden, i)) continue;
    hidden[i] = 1;
    if (!run.holdsWithout(hidden)) hidden[i] = 0;
  }
}

function decidesDrawn(run: RecordedRun, hidden: Uint8Array, i: number): boolean {
  for (let j = i + 1; j < run.length; j++) if (!hidden[j] && run.deciders[j]!.includes(i)) return true;
  return false;
}
