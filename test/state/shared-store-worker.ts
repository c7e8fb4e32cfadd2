/*
 * A thread of the shared-store test (shared-store.test.ts): inserts the states
 * 0..n-1 (two words each), at the same time as the other thread (so that they
 * race for the same slots), either in one go or in slices with the store left
 * between them (so that the table may grow while it is away); reports how
 * many states it found new.
 * The variants are deliberately broken stores the test must catch.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { hashWords } from '../../src/state/hash.js';
import { SharedStore, type SharedStoreBuffers } from '../../src/state/shared-store.js';

export type Variant = 'real' | 'plain-write' | 'stale-mask';

/** Claims a slot by reading then writing it, not atomically: two threads can both claim one. */
class PlainWrite extends SharedStore {
  protected override claim(slot: number, entry: number): boolean {
    if (this.table[slot] !== 0) return false;
    this.table[slot] = entry;
    return true;
  }
}

/** Forgets to look at the table's size when it starts inserting again. */
class StaleMask extends SharedStore {
  override begin(): void {
    const mask = this.mask;
    super.begin();
    this.mask = mask;
  }
}

const { buffers, index, n, seed, variant, away, start } = workerData as {
  index: number;
  buffers: SharedStoreBuffers;
  n: number;
  seed: number;
  variant: Variant;
  /** Leave the store between slices, and now and then sleep a moment. */
  away: boolean;
  /** Both threads count themselves in here, and start together. */
  start: SharedArrayBuffer;
};
const store =
  variant === 'plain-write'
    ? new PlainWrite(buffers, index)
    : variant === 'stale-mask'
      ? new StaleMask(buffers, index)
      : new SharedStore(buffers, index);
const state = new Uint32Array(2);
let fresh = 0;
const gate = new Int32Array(start);
Atomics.add(gate, 0, 1);
while (Atomics.load(gate, 0) < 2);
let random = seed;
for (let k = 0; k < n; ) {
  store.begin();
  random = (Math.imul(random, 1103515245) + 12345) >>> 0;
  const slice = away ? 1 + (random % 1000) : n;
  for (const end = Math.min(n, k + slice); k < end; k++) {
    state[0] = k;
    state[1] = Math.imul(k, 0x9e3779b9) >>> 0;
    if (store.add(state, 0, -1, hashWords(state, 0, 2)) >= 0) fresh++;
  }
  store.end();
  // Away for a moment now and then: the other thread may grow the table meanwhile.
  if (away && random % 2 === 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
}
parentPort!.postMessage(fresh);
