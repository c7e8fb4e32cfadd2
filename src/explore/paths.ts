/*
 * Counterexamples rebuilt from what a search kept: the chain of parents in an
 * exact store, or, for stores that keep no states (compact, bitstate), the
 * parent log's records replayed from the initial state. Under symmetry
 * reduction the chain is of canonical states, which is not a run; it is then
 * turned into one (concretize.ts). The parallel search walks its chain across
 * the workers that own its states, and hands it here to become a run.
 */
import type { State, TransitionSystem } from '../compile/index.js';
import type { ParentLog } from '../state/parent-log.js';
import type { Canonicalize } from '../state/symmetry.js';
import { concretize } from './concretize.js';

/** A store that keeps every state (the one-thread or the shared one). */
export interface StoredStates {
  view(index: number): { arena: Uint32Array; offset: number };
  parent(index: number): number;
}

export class Paths {
  /** The first state stored: the initial state, in canonical form under symmetry. */
  readonly start: State;
  private readonly words: number;

  constructor(
    private readonly ts: TransitionSystem,
    /** The state the search started from, as the model has it. */
    private readonly initial: State,
    private readonly canonical: Canonicalize | undefined,
  ) {
    this.words = ts.words;
    this.start = initial.slice(0, this.words);
    canonical?.(this.start);
  }

  /** The stored states from the first to state `index` of an exact store, by its parent links. */
  chain(store: StoredStates, index: number): State[] {
    const states: State[] = [];
    for (let i = index; i >= 0; i = store.parent(i)) {
      const { arena, offset } = store.view(i);
      states.push(arena.slice(offset, offset + this.words));
    }
    return states.reverse();
  }

  /** The stored states from the first to state `index` of a logged store: its records, replayed. */
  replay(log: ParentLog, index: number): State[] {
    const steps: { proc: number; ordinal: number }[] = [];
    for (let i = index; i > 0; ) {
      const r = log.read(i);
      steps.push(r);
      i = r.parent;
    }
    let s = this.start.slice();
    const states = [s];
    const out = new Uint32Array(this.words);
    for (const { proc, ordinal } of steps.reverse()) {
      let k = 0;
      this.ts.successorsOf[proc]!(s, out, () => {
        if (k++ === ordinal) s = out.slice();
      });
      this.canonical?.(s);
      states.push(s);
    }
    return states;
  }

  /**
   * Stored states, then the successor `last` if the violation is on a step, as a run of the
   * model; `assert` is the assertion that step fails (the run's last step must fail it too).
   */
  run(stored: State[], last?: State, assert = -1): State[] {
    if (last) stored.push(last.slice(0, this.words));
    return this.canonical ? concretize(this.ts, this.canonical, this.initial, stored, assert) : stored;
  }
}
