/*
 * Lazy state copies (compile/transitions.ts): the search's transition code reads `cur` until a
 * path's first write and copies it into the working state only then, while the recording variant
 * (used for traces) copies first. Both must give the same successors, in the same order, from every
 * reachable state, on random models that use every control construct, including `step if` and
 * `step while` tests (a test node that wrote its pc into an uncopied state gave wrong successors).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compile, type Recorder, type TransitionSystem } from '../../src/compile/index.js';
import { randomModel } from '../explore/models.js';
import { load } from '../helpers.js';

const silent: Recorder = { enter() {}, step() {}, note() {}, mark: () => 0, reset() {} };

/** The random models with their process-level `if` and `while` turned into tests of their own steps. */
const withTests = fc
  .tuple(randomModel, fc.boolean())
  .map(([text, both]) =>
    text
      .replace(/^ {2}if (.+?) \{ step/gm, '  step if ($1) { step')
      .replace(/^ {2}while c < 2 \{/gm, both ? '  step while (c < 2) {' : '  while c < 2 {'),
  );

/** Every successor of every reachable state (at most `limit`), as text, in the order they are emitted. */
function successors(ts: TransitionSystem, limit = 400): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const queue = [ts.initial()];
  seen.add(queue[0]!.join());
  const next = new Uint32Array(ts.words);
  for (let i = 0; i < queue.length && i < limit; i++) {
    const cur = queue[i]!;
    // The successor arrays start dirty, as in the search (they hold the previous successor).
    next.fill(0xffffffff);
    ts.successors(cur, next, (proc, step, failed) => {
      const key = next.join();
      out.push(`${cur.join()} -${proc}/${step}/${failed}-> ${key}`);
      if (!seen.has(key)) {
        seen.add(key);
        queue.push(next.slice());
      }
    });
  }
  return out;
}

describe('lazy state copies', () => {
  it('give the successors of copying first, on 200 random models with step tests', () => {
    let tests = 0;
    fc.assert(
      fc.property(withTests, (text) => {
        if (text.includes('step if') || text.includes('step while')) tests++;
        const model = load(text);
        assert.deepEqual(successors(compile(model)), successors(compile(model, silent)));
      }),
      { numRuns: 200, seed: 15 },
    );
    // The models did exercise the tests.
    assert.ok(tests > 50, `${tests} models with step tests`);
  });
});
