/*
 * What an exhaustive search took of the model's code, as SPIN's "unreached
 * in proctype" and TLC's -coverage report it: per step written in the model
 * (the copies a process array, a procedure called twice or an unrolled `for`
 * makes of it count as one), how many transitions took it; the steps no run
 * takes; and, per final property, in how many end states it was checked (a
 * final property checked in none holds only because no run gets there).
 */

import type { StepCoverage } from '../explore/index.js';
import { type Loc, where } from '../lang/index.js';
import type { Model } from '../model/index.js';

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
  /** The steps no run takes. */
  readonly unreached: readonly StepCount[];
  /** Per final property checked, in how many end states. */
  readonly finals: readonly { readonly property: string; readonly ends: number }[];
}

export function coverageReport(model: Model, coverage: StepCoverage, checked: readonly number[]): CoverageReport {
  const byPlace = new Map<number, { at: Loc; count: number }>();
  for (const site of model.steps) {
    const entry = byPlace.get(site.at.offset) ?? { at: site.at, count: 0 };
    entry.count += coverage.fired[site.id + 1] ?? 0;
    byPlace.set(site.at.offset, entry);
  }
  const steps = [...byPlace.values()]
    .sort((a, b) => a.at.offset - b.at.offset)
    .map(({ at, count }) => ({ at: where(model.source, at), text: firstLine(model, at), count }));
  const finals = checked
    .filter((p) => model.properties[p]!.kind === 'final')
    .map((p) => ({ property: model.properties[p]!.name, ends: coverage.finalChecks[p] ?? 0 }));
  return { steps, unreached: steps.filter((s) => s.count === 0), finals };
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
