/*
 * Under symmetry reduction the search stores canonical states (see
 * state/symmetry.ts), and a path of canonical states is not a run: the step
 * from one to the next may belong to a permuted element. This turns such a
 * path back into a run the model can take, step by step from the real
 * initial state, choosing each time a successor whose canonical form is the
 * next state on the path. Properties are symmetric, so the run's last state
 * violates what the canonical one did.
 */
import type { State, TransitionSystem } from '../compile/index.js';
import { sameState } from '../state/layout.js';
import type { Canonicalize } from '../state/symmetry.js';

export function concretize(
  ts: TransitionSystem,
  canonical: Canonicalize,
  initial: State,
  path: readonly State[],
  /** The assertion the last step fails, if that is the violation: the step chosen must fail it. */
  assert = -1,
): State[] {
  const words = ts.words;
  const form = new Uint32Array(words);
  let at: State = initial.slice(0, words);
  const run: State[] = [at];
  const next = new Uint32Array(words);
  for (let i = 1; i < path.length; i++) {
    const target = path[i]!;
    const mustFail = i === path.length - 1 ? assert : -1;
    let found: State | undefined;
    ts.successors(at, next, (_proc, _step, failed) => {
      if (found || (mustFail >= 0 && failed !== mustFail)) return;
      form.set(next);
      canonical(form);
      if (sameState(form, target)) found = next.slice();
    });
    if (!found)
      throw new Error(
        `internal error: no step leads from state ${i - 1} of the counterexample to a permutation of state ${i}`,
      );
    at = found;
    run.push(at);
  }
  return run;
}
