/*
 * The generated symmetry canonicaliser against the general one (the slot by
 * slot sorter it replaces) on the states of random symmetric models: the same
 * canonical form, and the same one for every permutation of the elements. A
 * canonicaliser that leaves the last element out of its sort is caught.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compile } from '../../src/compile/index.js';
import type { Symmetry } from '../../src/model/index.js';
import type { Layout } from '../../src/state/layout.js';
import { type Canonicalize, sorter } from '../../src/state/symmetry.js';
import { randomSymmetricModel } from '../explore/models.js';
import { load } from '../helpers.js';

/** Up to `limit` reachable states, breadth-first, without symmetry reduction. */
function states(text: string, limit = 500): { symmetry: Symmetry; layout: Layout; states: Uint32Array[] } {
  const ts = compile(load(text));
  const seen = new Map<string, Uint32Array>([[ts.initial().join(), ts.initial()]]);
  const queue = [ts.initial()];
  const next = new Uint32Array(ts.words);
  for (let i = 0; i < queue.length && seen.size < limit; i++)
    ts.successors(queue[i]!, next, () => {
      if (!seen.has(next.join())) {
        seen.set(next.join(), next.slice());
        queue.push(next.slice());
      }
    });
  return { symmetry: ts.model.symmetries[0]!, layout: ts.layout, states: [...seen.values()] };
}

/** The state with elements a and b of the symmetric array swapped. */
function swapped(state: Uint32Array, symmetry: Symmetry, layout: Layout, a: number, b: number): Uint32Array {
  const out = state.slice();
  symmetry.slots[a]!.forEach((slot, k) => {
    const other = symmetry.slots[b]![k]!;
    const x = layout.get(state, slot);
    layout.set(out, slot, layout.get(state, other));
    layout.set(out, other, x);
  });
  return out;
}

/** What is wrong with a canonicaliser on a model's states, or undefined. */
function wrong(text: string, make: (s: Symmetry, l: Layout) => Canonicalize): string | undefined {
  const { symmetry, layout, states: all } = states(text);
  const canonical = make(symmetry, layout);
  const general = sorter(symmetry, layout, true)!;
  const n = symmetry.slots.length;
  for (const state of all) {
    const want = state.slice();
    general(want);
    for (let a = 0; a < n; a++) {
      for (let b = a; b < n; b++) {
        const got = swapped(state, symmetry, layout, a, b);
        canonical(got);
        if (got.join() !== want.join()) return `${state.join()} with ${a} and ${b} swapped: ${got} not ${want}`;
      }
    }
  }
  return undefined;
}

describe('generated canonicaliser', () => {
  it('agrees with the general one on every permutation of 100 random models’ states', () => {
    fc.assert(
      fc.property(randomSymmetricModel, (text) =>
        assert.equal(
          wrong(text, (s, l) => sorter(s, l)!),
          undefined,
        ),
      ),
      { numRuns: 100, seed: 3 },
    );
  });

  it('the check catches a canonicaliser that leaves the last element out', () => {
    const leavesLastOut = (s: Symmetry, l: Layout) => sorter({ ...s, slots: s.slots.slice(0, -1) }, l) ?? (() => {});
    const details = fc.check(
      fc.property(randomSymmetricModel, (text) => wrong(text, leavesLastOut) === undefined),
      { numRuns: 100, seed: 3 },
    );
    assert.equal(details.failed, true);
  });
});
