/*
 * Runs single transitions with the recording variant of a model, to learn
 * what each one shows in a diagram. Trace reconstruction (and replay) are
 * built on it.
 */
import { type TransitionSystem, compile } from '../compile/index.js';
import type { Model } from '../model/index.js';
import { type Event, EventRecorder } from './recorder.js';

export interface Candidate {
  readonly proc: number;
  readonly step: number;
  readonly failedAssert: number;
  readonly next: Int32Array;
  readonly events: readonly Event[];
}

export class Stepper {
  private readonly recorder = new EventRecorder();
  readonly system: TransitionSystem;

  constructor(readonly model: Model) {
    this.system = compile(model, this.recorder);
  }

  /** Every transition enabled in `state`, with the events each one records. */
  candidates(state: Int32Array): Candidate[] {
    const next = new Int32Array(this.system.width);
    const out: Candidate[] = [];
    this.system.successors(state, next, (proc, step, failedAssert) => {
      out.push({ proc, step, failedAssert, next: next.slice(), events: this.recorder.events.slice() });
    });
    return out;
  }
}

export function sameState(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
