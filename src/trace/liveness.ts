/*
 * What a liveness counterexample shows, in words: the run it draws goes on
 * forever (a cycle it repeats) or stops (no process can move), and on it the
 * property's goal never comes; which processes the cycle passes over although
 * they could move (the runs a fairness declaration would rule out).
 */
import type { State } from '../compile/index.js';
import type { LassoShape } from '../explore/index.js';
import { plural, where } from '../lang/index.js';
import type { Model, Property } from '../model/index.js';
import { layoutOf } from '../state/layout.js';
import { blocked, readValues, waitsAt } from './build.js';
import type { Violation } from './types.js';

export function livenessViolation(model: Model, p: Property, states: readonly State[], lasso: LassoShape): Violation {
  const f = p.liveness!;
  const steps = states.length - 1;
  const ending = lasso.stop
    ? `the run stops after ${plural(steps, 'step')}: ${stopReason(model, states[steps]!)}`
    : `the run then repeats a cycle of ${plural(steps - lasso.loop, 'step')} forever`;
  let message: string;
  if (f.form === 'leadsto') {
    const when = lasso.trigger === 0 ? 'in the initial state' : `after ${plural(lasso.trigger, 'step')}`;
    message = `${f.pText} holds ${when}, and ${f.qText} never does after it; ${ending}`;
  } else if (f.form === 'eventually') {
    message = `${f.pText} never holds: ${ending}`;
  } else {
    const where = lasso.stop ? 'does not hold where it stops' : 'holds in none of its states';
    message = `${f.pText} stops holding for good: ${ending}, and it ${where}`;
  }
  const goal = f.form === 'leadsto' ? f.q! : f.p;
  const waiting = lasso.stop ? [] : stuck(model, states, lasso);
  const names = (procs: readonly number[]) => procs.map((q) => model.processes[q]!.name);
  return {
    property: p.name,
    kind: p.kind,
    at: where(model.source, p.at),
    condition: p.text,
    message: `liveness property ${p.name} is violated: ${message}`,
    values: readValues(model, goal, states[lasso.loop]!),
    ...(lasso.starved.length > 0 && { starved: names(lasso.starved) }),
    ...(lasso.passedOver.length > 0 && { passedOver: names(lasso.passedOver) }),
    ...(waiting.length > 0 && { waiting }),
  };
}

/** Where the unfinished processes that cannot move at any state of the cycle wait. */
function stuck(model: Model, states: readonly State[], lasso: LassoShape): string[] {
  const start = states[lasso.loop]!;
  const layout = layoutOf(model);
  return lasso.still
    .filter((p) => layout.get(start, model.processes[p]!.pcSlot) !== 0)
    .map((p) => waitsAt(model, start, p));
}

function stopReason(model: Model, s: State): string {
  const unpacked = layoutOf(model).unpack(s);
  const done = model.processes.every((q) => unpacked[q.pcSlot] === 0);
  return done ? 'every process has finished' : `no process can move, and ${blocked(model, s)}`;
}
