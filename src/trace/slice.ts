/*
 * Slicing a counterexample: which of its steps a diagram must draw for the
 * reader to believe the violation, the others being folded. The criterion
 * (docs/slicing.md says it with an example):
 *
 * 1. Relevant: the steps the violation depends on. The last writers of what
 *    the violated property reads (for an assert, the failing step; for a
 *    deadlock, what keeps the waiting processes waiting), and, transitively,
 *    the last writers of everything a relevant step read (its conditions,
 *    `await`s and `if`s included: they are reads), and the earlier transition
 *    of its process that took the `if` or `while` branch it runs inside.
 * 2. Kept among the relevant: the seeds; the steps that take part in a race
 *    (a relevant step of another process writes what it reads or writes, or
 *    reads what it writes); the transition that decided a kept step would
 *    run; and every step without which the run would change. A step can be
 *    folded when the counterexample, run again with it (and every folded
 *    step) having no effect at all, still takes the same path in every drawn
 *    step (same branches, notes and steps; the values a note shows aside)
 *    and still violates the property. Relevant steps are tried from the
 *    last to the first, each folded if that test passes.
 * 3. The writes that came too late: where a kept step read a value that
 *    another process changed afterwards, and the kept step would have taken
 *    another path had it read the new value, the step that changed it is
 *    kept too (it shows the race: "turns block group into RO mode" after the
 *    writer checked it), if the test of 2 still passes with it drawn.
 *
 * The test of 2 is the soundness argument: no folded step has an effect
 * that a drawn step, or the violation, depends on. Long runs are not
 * sliced (the test is quadratic in the run's length).
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
  if (k * relevant.size <= MAX_WORK) minimise(run, hidden, protectedSteps(run, relevant, seeds.critical));
  addRacePartners(run, hidden);
  return Array.from(hidden, (h) => h === 0);
}

/** The steps `from` depend on: the writers of what they read, and the transitions that decided they run. */
function closure(run: RecordedRun, from: readonly number[]): Set<number> {
  const out = new Set<number>();
  const work = [...from];
  while (work.length > 0) {
    const i = work.pop()!;
    if (out.has(i)) continue;
    out.add(i);
    work.push(...run.sources[i]!, ...run.deciders[i]!);
  }
  return out;
}

/** The seeds, and the relevant steps that race with a relevant step of another process. */
function protectedSteps(run: RecordedRun, relevant: Set<number>, seeds: readonly number[]): Set<number> {
  const out = new Set(seeds);
  const list = [...relevant].sort((a, b) => a - b);
  const meets = (a: ReadonlySet<number>, b: ReadonlySet<number>) => {
    for (const x of a) if (b.has(x)) return true;
    return false;
  };
  for (const i of list) {
    for (const j of list) {
      if (j <= i || run.path[i]!.proc === run.path[j]!.proc) continue;
      const a = run.execs[i]!;
      const b = run.execs[j]!;
      if (meets(a.writes, b.reads) || meets(a.writes, b.writes) || meets(a.reads, b.writes)) {
        out.add(i);
        out.add(j);
      }
    }
  }
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

/**
 * Rule 3, the race partners of drawn steps, repeated for the steps it adds: a later step of
 * another process that changes a value a drawn step read, where the drawn step would have gone
 * another way had it read the new value; or that reads a value a drawn step wrote, where it would
 * have gone another way had it read the value from before.
 */
function addRacePartners(run: RecordedRun, hidden: Uint8Array): void {
  const done = new Set<number>();
  const draw = (j: number): boolean => {
    hidden[j] = 0;
    if (run.holdsWithout(hidden)) return true;
    hidden[j] = 1;
    return false;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < run.length; i++) {
      if (hidden[i] || done.has(i)) continue;
      done.add(i);
      for (const slot of run.execs[i]!.reads) {
        const j = lateWrite(run, i, slot);
        if (j >= 0 && hidden[j] && run.wouldDiffer(i, slot, run.values[j + 1]![slot]!)) changed = draw(j) || changed;
      }
      for (let j = i + 1; j < run.length; j++) {
        if (!hidden[j] || run.path[j]!.proc === run.path[i]!.proc || !run.sources[j]!.includes(i)) continue;
        for (const slot of run.execs[j]!.reads) {
          if (!run.execs[i]!.writes.has(slot) || run.writerBefore(slot, j) !== i) continue;
          if (run.wouldDiffer(j, slot, run.values[i]![slot]!) && draw(j)) {
            changed = true;
            break;
          }
        }
      }
    }
  }
}

/** The first step after `i`, of another process, that changes `slot` from the value `i` read; -1 if none. */
function lateWrite(run: RecordedRun, i: number, slot: number): number {
  const read = run.values[i]![slot];
  for (let j = i + 1; j < run.length; j++) {
    if (!run.execs[j]!.writes.has(slot)) continue;
    if (run.values[j + 1]![slot] === read) continue;
    return run.path[j]!.proc === run.path[i]!.proc ? -1 : j;
  }
  return -1;
}
