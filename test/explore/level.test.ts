/*
 * The level barrier's admission of a worker that joins mid-search (explore/level.ts), driven from
 * this thread so that the order of its steps can be observed: the worker must be counted among the
 * members before the barrier moves on, and let go only after, or its first arrive() reads the old
 * epoch and passes the next barrier at once (a worker that did so once ended a search with the
 * starting thread waiting for it forever). The check watches the moment the epoch moves: a barrier
 * that let the worker go first is caught.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Levels, levelControl, Stop } from '../../src/explore/level.js';
import { hashWords } from '../../src/state/hash.js';
import { SharedStore, sharedStoreBuffers } from '../../src/state/shared-store.js';

// The control words' layout (level.ts): the epoch is word 0; region r's line starts at 16 * (1 + r).
const EPOCH = 0;
const ARRIVED = 1;
const MEMBERS = 6;
const wants = (r: number) => 16 * (1 + r) + 3;
const member = (r: number) => 16 * (1 + r) + 4;

/** A two-worker search whose first level is done: worker 1 is ready to join, worker 0 arrives. */
function barrier(): { levels: Levels; words: Int32Array; atEpoch: number[] } {
  const buffers = sharedStoreBuffers(1, 2);
  const store = new SharedStore(buffers, 0);
  const control = levelControl(buffers, {
    workers: 2,
    properties: 0,
    checked: [],
    stopWhenAllViolated: false,
    stopAtFirst: false,
    maxStates: Infinity,
    maxBytes: Infinity,
    deadline: Infinity,
    soloBelow: 0,
  });
  const levels = new Levels(control, store);
  const words = new Int32Array(control.words);
  store.begin();
  for (const v of [0, 1]) store.add(Uint32Array.of(v), 0, v - 1, hashWords(Uint32Array.of(v), 0, 1));
  store.end();
  assert.ok(levels.take(0)); // the first level (state 0), expanded into state 1
  Atomics.store(words, wants(1), 1);
  // What worker 1's membership word holds when the epoch moves.
  const atEpoch: number[] = [];
  const add = Atomics.add;
  Atomics.add = ((array: Int32Array, index: number, value: number) => {
    if (array.buffer === words.buffer && index === EPOCH) atEpoch.push(Atomics.load(words, member(1)));
    return add(array, index, value);
  }) as typeof Atomics.add;
  try {
    assert.equal(levels.arrive(), true);
  } finally {
    Atomics.add = add;
  }
  return { levels, words, atEpoch };
}

describe('level barrier', () => {
  it('counts a joining worker before the epoch moves, and lets it go only after', () => {
    const { levels, words, atEpoch } = barrier();
    assert.deepEqual(atEpoch, [2], 'counted, not yet let go, when the epoch moved');
    assert.equal(Atomics.load(words, member(1)), 1, 'let go after');
    assert.equal(Atomics.load(words, MEMBERS), 2);
    assert.ok(levels.member(1));
    assert.equal(levels.stopped, Stop.None);
    assert.equal(levels.depth, 1);
  });

  it('the check catches a barrier that lets the worker go before the epoch moves', () => {
    // The old order: admit() set the membership word to "in" before the epoch moved.
    const proto = Levels.prototype as unknown as { admit(release: boolean): number };
    const admit = proto.admit;
    proto.admit = function (this: Levels) {
      return admit.call(this, true);
    };
    try {
      const { atEpoch } = barrier();
      assert.notDeepEqual(atEpoch, [2]);
      assert.deepEqual(atEpoch, [1]);
    } finally {
      proto.admit = admit;
    }
  });

  it('a worker let in after the search stopped still arrives at the barrier that counts it', () => {
    const { levels, words } = barrier();
    levels.stop(Stop.Time); // a limit, between the barrier letting worker 1 in and its join seeing it
    assert.equal(levels.join(1), true, 'a member: it must arrive once more');
    Atomics.store(words, ARRIVED, 1); // worker 0 has arrived and waits for the epoch to move
    assert.equal(levels.arrive(), false); // worker 1, the last: the epoch moves and worker 0 goes
    assert.equal(Atomics.load(words, EPOCH), 2);
  });

  it('a worker never let in does not take part once the search has stopped', () => {
    const { levels, words } = barrier();
    Atomics.store(words, member(1), 0);
    levels.stop(Stop.Time);
    assert.equal(levels.join(1), false);
  });
});
