/*
 * Runs single transitions with the recording variant of a model, to learn
 * what each one shows in a diagram. Trace reconstruction (and replay) are
 * built on it.
 */
import { compile, type State, type TransitionSystem } from '../compile/index.js';
import type { Model } from '../model/index.js';
import { type Event, EventRecorder } from './recorder.js';

export interface Candidate {
  readonly proc: number;
  readonly step: number;
  readonly failedAssert: number;
  readonly next: State;
  readonly events: readonly Event[];
}

const steppers = new WeakMap<Model, Stepper>();

export class Stepper {
  private readonly recorder = new EventRecorder();
  readonly system: TransitionSystem;

  /** The model's stepper: its recording variant is compiled once and shared by every trace and replay. */
  static of(model: Model): Stepper {
    let s = steppers.get(model);
    if (!s) {
      s = new Stepper(model);
      steppers.set(model, s);
    }
    return s;
  }

  private constructor(readonly model: Model) {
    this.system = compile(model, this.recorder);
  }

  /**
   * What process `p` records trying to move from `state` when it cannot (its way
   * there: the frames it enters, the step it waits at), or undefined when it can.
   */
  attempt(state: State, p: number): readonly Event[] | undefined {
    const next = new Uint32Array(this.system.words);
    const moved = this.system.successorsOf[p]!(state, next, () => {});
    return moved > 0 ? undefined : this.recorder.events.slice();
  }

  /** The transitions of process `p` enabled in `state`, with the events each one records. */
  candidatesOf(state: State, p: number): Candidate[] {
    const next = new Uint32Array(this.system.words);
    const out: Candidate[] = [];
    this.system.successorsOf[p]!(state, next, (proc, step, failedAssert) => {
      out.push({ proc, step, failedAssert, next: next.slice(), events: this.recorder.events.slice() });
    });
    return out;
  }

  /** Every transition enabled in `state`, with the events each one records. */
  candidates(state: State): Candidate[] {
    const next = new Uint32Array(this.system.words);
    const out: Candidate[] = [];
    this.system.successors(state, next, (proc, step, failedAssert) => {
      out.push({ proc, step, failedAssert, next: next.slice(), events: this.recorder.events.slice() });
    });
    return out;
  }
}
