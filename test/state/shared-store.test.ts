/*
 * The shared store under real threads: two threads insert the same states at
 * once, from a table small enough to grow many times while they do, and every
 * state must be stored exactly once. Deliberately broken stores (a claim that
 * is not a compare-and-swap; a thread that does not see the table has grown)
 * must be caught by the same check.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { hashWords } from '../../src/state/hash.js';
import { SharedStore, sharedStoreBuffers } from '../../src/state/shared-store.js';
import { StoreFull } from '../../src/state/store.js';
import type { Variant } from './shared-store-worker.js';

/** How long one race may take: a real store's takes well under a second a million states. */
const RACE_SECONDS = 60;

/** Two threads insert states 0..N-1; returns what is wrong with the store afterwards, or undefined. */
async function race(variant: Variant, seed: number, away: boolean, N = 100_000): Promise<string | undefined> {
  const buffers = sharedStoreBuffers(2, 2);
  const start = new SharedArrayBuffer(4);
  const workers: Worker[] = [];
  const finished = Promise.all(
    [0, 1].map(
      (t) =>
        new Promise<number>((resolve, reject) => {
          const w = new Worker(new URL('./shared-store-worker.js', import.meta.url), {
            workerData: { buffers, index: t, n: N, seed: seed * 2 + t, variant, away, start },
          });
          workers.push(w);
          w.once('message', resolve);
          w.once('error', reject);
        }),
    ),
  );
  // A broken store can also leave a thread waiting forever (for a growth the other never joins): a
  // race that does not end in time is a fault too, and its threads are stopped, never left to hang the suite.
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), RACE_SECONDS * 1000);
  });
  const fresh = await Promise.race([finished, late]);
  clearTimeout(timer);
  if (fresh === 'late') {
    await Promise.all(workers.map((w) => w.terminate()));
    return `the threads did not finish within ${RACE_SECONDS} s`;
  }
  // Opened for reading (and for the look-ups below, as the thread of region 0).
  const store = new SharedStore(buffers, 0);
  if (store.count !== N) return `${store.count} states stored, not ${N}`;
  if (fresh[0]! + fresh[1]! !== N) return `the threads found ${fresh[0]! + fresh[1]!} states new, not ${N}`;
  const seen = new Uint8Array(N);
  for (let region = 0; region < 2; region++) {
    for (let i = 0; i < store.countIn(region); i++) {
      const { arena, offset } = store.view(store.id(region, i));
      if (seen[arena[offset]!]) return `state ${arena[offset]} is stored twice`;
      seen[arena[offset]!] = 1;
    }
  }
  // Every state is found again, under its own index.
  store.begin();
  const state = new Uint32Array(2);
  for (let k = 0; k < N; k++) {
    state[0] = k;
    state[1] = Math.imul(k, 0x9e3779b9) >>> 0;
    const got = store.add(state, 0, -1, hashWords(state, 0, 2));
    if (got >= 0) return `state ${k} is not found again`;
    const { arena, offset } = store.view(-got - 1);
    if (arena[offset] !== k) return `state ${k} is found under another state's index`;
  }
  store.end();
  return undefined;
}

/**
 * Whether a broken variant is caught in one of a few races. A race needs the threads to run at
 * the same time: with a million states each run lasts longer than the time slices of a loaded machine.
 */
async function caught(variant: Variant, away: boolean): Promise<boolean> {
  for (let seed = 1; seed <= 10; seed++) {
    const why = await race(variant, seed, away, away ? 200_000 : 1_000_000);
    if (process.env.DEBUG_RACE) console.log(variant, seed, why);
    if (why !== undefined) return true;
  }
  return false;
}

describe('shared store', () => {
  it('two threads inserting the same states at once store each exactly once, while the table grows', async () => {
    for (let seed = 1; seed <= 2; seed++) {
      assert.equal(await race('real', seed, false), undefined);
      assert.equal(await race('real', seed, true), undefined);
    }
    // Past 2^20 slots the table grows four times over.
    assert.equal(await race('real', 3, false, 1_000_000), undefined);
  });

  it('the check catches a claim that is not a compare-and-swap', async () => {
    assert.ok(await caught('plain-write', false), 'a store that claims slots without CAS must store some state twice');
  });

  it('the check catches a thread that does not see the table has grown', async () => {
    assert.ok(await caught('stale-mask', true));
  });

  it('stops at its byte budget', () => {
    const store = new SharedStore(sharedStoreBuffers(1, 1, 64 * 1024), 0);
    store.begin();
    assert.throws(() => {
      for (let i = 0; i < 1e6; i++) store.add(Uint32Array.of(i), 0, -1, hashWords(Uint32Array.of(i), 0, 1));
    }, StoreFull);
    assert.ok(store.bytes <= 64 * 1024, `${store.bytes} bytes`);
    assert.ok(store.bytes > 32 * 1024, `${store.bytes} bytes: stops well before its budget`);
  });

  it('doubles the table where growing it four times over would not fit the budget', () => {
    // One-word states, 8 bytes a record: at 2^20 slots (4 MiB) the table is full at 734,003 states
    // (5.6 MiB); four times the table (16 MiB) does not fit 16 MiB beside them, twice (8 MiB) does,
    // and leaves room for 2^20 states.
    const store = new SharedStore(sharedStoreBuffers(1, 1, 16 * 2 ** 20), 0);
    store.begin();
    const state = new Uint32Array(1);
    assert.throws(() => {
      for (let i = 0; i < 1e7; i++) {
        state[0] = i;
        store.add(state, 0, -1, hashWords(state, 0, 1));
      }
    }, StoreFull);
    assert.ok(store.count > 0.95 * 2 ** 20, `${store.count} states: stopped at the growth past 2^20 slots`);
    assert.ok(store.bytes <= 16 * 2 ** 20, `${store.bytes} bytes`);
  });
});
