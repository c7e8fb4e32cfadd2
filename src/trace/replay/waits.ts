/*
 * A diagram that ends in the call a process blocks in, as the kernel draws
 * a lost wake-up ending with the waiter's `schedule()`: in a state where no
 * process can move, the diagram's remaining entries may be what the waiting
 * processes would draw next. Then the diagram is a run that deadlocks.
 */
import type { State } from '../../compile/index.js';
import type { Model } from '../../model/index.js';
import { FrameStacks } from '../build.js';
import { type DiagramItem, stepItems } from '../drawing.js';
import type { Stepper } from '../stepper.js';
import type { Script, Side } from './moves.js';

/** The remaining entries, each with the process whose waiting step draws it; undefined if they are not that. */
export function drawnByWaits(
  model: Model,
  stepper: Stepper,
  script: Script,
  state: State,
  side: Side,
): [number, number][] | undefined {
  const items = new Map<number, DiagramItem[]>();
  const cursor = new Map<number, number>();
  const drawn: [number, number][] = [];
  for (let at = side.at; at < script.n; at++) {
    if (script.plan[at]!.role === 'frame') continue;
    const r = script.processes[script.column[at]!]!;
    let mine = items.get(r);
    if (!mine) {
      mine = [...side.pens[r]!.leftover, ...waitingItems(model, stepper, state, side, r)];
      items.set(r, mine);
    }
    const from = cursor.get(r) ?? 0;
    const k = mine.findIndex((item, x) => x >= from && script.matches(at, item));
    if (k < 0) return undefined;
    cursor.set(r, k + 1);
    drawn.push([at, r]);
  }
  return drawn;
}

/** What process `r` would draw with the step it waits at in `state` (nothing if it has finished). */
function waitingItems(model: Model, stepper: Stepper, state: State, side: Side, r: number): DiagramItem[] {
  const events = stepper.attempt(state, r);
  const at = events?.find((e) => e.k === 'step');
  if (!events || at?.k !== 'step') return [];
  const pen = side.pens[r]!;
  const stacks = FrameStacks.restore(side.pens.map((p) => p.frames));
  const step = stacks.step(model, { proc: r, step: at.id, failedAssert: -1, next: state, events });
  return stepItems(step, new Set(pen.frames.slice(0, pen.drawn).map((f) => f.id)));
}
