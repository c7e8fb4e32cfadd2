/*
 * What an exhaustive search took of the model's code, as SPIN's "unreached
 * in proctype" and TLC's -coverage report it: per step written in the model
 * (the copies a process array, a procedure called twice or an unrolled `for`
 * makes of it count as one), how many transitions took it; the steps no run
 * takes, apart from those in code no control path reaches (an `if` on a constant
 * that is false switches a writer off: that is the model's configuration, not a
 * step the runs miss); and, per final property, in how many end states it was checked (a
 * final property checked in none holds only because no run gets there).
 */

import type { StepCoverage } from '../explore/index.js';
import { type Loc, where } from '../lang/index.js';
import { type Model, pathSteps } from '../model/index.js';

export interface StepCount {
  /** file:line:col of the step as written. */
  readonly at: string;
  /** The step's first source line. */
  readonly text: string;
  /** Transitions that took it (in the states stored: under symmetry, of one state per permutation class). */
  readonly count: number;
}

export interface CoverageReport {
  /** Every step written in the model, in source order. */
  readonly steps: readonly StepCount[];
  /** The steps no run takes, though a control path of their process leads to them. */
  readonly unreached: readonly StepCount[];
  /** The steps no control path leads to (under an `if` on a false constant, after an endless loop). */
  readonly switchedOff: readonly StepCount[];
  /** Per final property checked, in how many end states. */
  readonly finals: readonly { readonly property: string; readonly ends: number }[];
}

export function coverageReport(model: Model, coverage: StepCoverage, checked: readonly number[]): CoverageReport {
  const onPath = new Set(model.processes.flatMap((p) => [...pathSteps(p)]));
  const byPlace = new Map<number, { at: Loc; count: number; onPath: boolean }>();
  for (const site of model.steps) {
    const entry = byPlace.get(site.at.offset) ?? { at: site.at, count: 0, onPath: false };
    entry.count += coverage.fired[site.id + 1] ?? 0;
    entry.onPath ||= onPath.has(site.id);
    byPlace.set(site.at.offset, entry);
  }
  const places = [...byPlace.values()].sort((a, b) => a.at.offset - b.at.offset);
  const counted = (x: { at: Loc; count: number }) => ({
    at: where(model.source, x.at),
    text: firstLine(model, x.at),
    count: x.count,
  });
  const steps = places.map(counted);
  const finals = checked
    .filter((p) => model.properties[p]!.kind === 'final')
    .map((p) => ({ property: model.properties[p]!.name, ends: coverage.finalChecks[p] ?? 0 }));
  return {
    steps,
    unreached: places.filter((x) => x.count === 0 && x.onPath).map(counted),
    switchedOff: places.filter((x) => !x.onPath).map(counted),
    finals,
  };
}

/** The first line of a step's source, blanks collapsed, shortened past 80 characters. */
function firstLine(model: Model, at: Loc): string {
  const text = model.source.text
    .slice(at.offset, at.offset + at.length)
    .split('\n')[0]!
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
