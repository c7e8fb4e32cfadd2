/*
 * The test of any counterexample: it must be a run of the model that ends in
 * a violation of its property.
 */
import type { TransitionSystem } from '../../src/compile/index.js';
import type { Counterexample } from '../../src/explore/index.js';
import type { Model } from '../../src/model/index.js';
import { sameState } from '../../src/state/layout.js';
import type { Stepper } from '../../src/trace/stepper.js';

/**
 * Does the counterexample start in the initial state and replay, transition by transition, into a violation of its
 * property?
 */
export function replaysToViolation(model: Model, stepper: Stepper, ts: TransitionSystem, c: Counterexample): boolean {
  const p = model.properties[c.property]!;
  if (!sameState(c.states[0]!, ts.initial())) return false;
  let lastStep: { failedAssert: number } | undefined;
  for (let i = 0; i + 1 < c.states.length; i++) {
    const next = stepper.candidates(c.states[i]!).filter((x) => sameState(x.next, c.states[i + 1]!));
    if (next.length === 0) return false;
    lastStep = next.find((x) => x.failedAssert === c.property) ?? next[0];
  }
  const last = c.states[c.states.length - 1]!;
  if (p.kind === 'deadlock') return stepper.candidates(last).length === 0 && !ts.allDone(last);
  if (p.kind === 'assert') return lastStep?.failedAssert === c.property;
  const open = new Uint8Array(model.properties.length);
  open[c.property] = 1;
  let found = false;
  ts.check(last, open, () => (found = true));
  return found;
}
