/*
 * One worker of the parallel breadth-first search (parallel.ts): it owns the
 * states whose hash falls in its part, stores them, expands them a level at a
 * time, and hands the successors that belong to other workers back to the
 * coordinator, which routes them. It checks the properties of its own states.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compile, ModelRuntimeError } from '../compile/index.js';
import type { Model } from '../model/index.js';
import { hashWords } from '../state/hash.js';
import { StateStore, StoreFull } from '../state/store.js';
import { canonicalizer } from '../state/symmetry.js';
import type { FromWorker, Seen, ToWorker } from './parallel.js';

/** Records of (state words, parent id, hash) for another worker, in a growing typed array. */
class Box {
  private data = new Uint32Array(1024);
  private length = 0;

  constructor(private readonly record: number) {}

  push(state: Uint32Array, parent: number, hash: number): void {
    if (this.length + this.record > this.data.length) {
      const grown = new Uint32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const words = this.record - 2;
    for (let w = 0; w < words; w++) this.data[this.length + w] = state[w]!;
    this.data[this.length + words] = parent;
    this.data[this.length + words + 1] = hash;
    this.length += this.record;
  }

  /** The records, as a buffer to transfer. */
  take(): ArrayBuffer {
    return this.data.slice(0, this.length).buffer;
  }
}

/** A direct-mapped cache of states, to drop a state sent a moment ago (a state sent once reaches its owner). */
class RecentStates {
  private readonly data: Uint32Array;
  private readonly used: Uint8Array;

  constructor(
    private readonly words: number,
    private readonly size: number,
  ) {
    this.data = new Uint32Array(words * size);
    this.used = new Uint8Array(size);
  }

  /** Whether `state` is in the cache; if not, it takes the place of whatever was there. */
  seen(state: Uint32Array, hash: number): boolean {
    const slot = hash & (this.size - 1);
    const base = slot * this.words;
    if (this.used[slot]) {
      let same = true;
      for (let w = 0; w < this.words; w++) {
        if (this.data[base + w] !== state[w]) {
          same = false;
          break;
        }
      }
      if (same) return true;
    }
    for (let w = 0; w < this.words; w++) this.data[base + w] = state[w]!;
    this.used[slot] = 1;
    return false;
  }
}

const {
  model,
  id,
  workers,
  open: openList,
  budget,
  symmetry,
} = workerData as { model: Model; id: number; workers: number; open: number[]; budget: number; symmetry: boolean };
const ts = compile(model);
const canonical = symmetry ? canonicalizer(model.symmetries, ts.layout) : undefined;
const words = ts.words;
const store = new StateStore(words, budget);
const parents: number[] = []; // global ids: local index * workers + worker
const open = new Uint8Array(model.properties.length);
for (const p of openList) open[p] = 1;
const deadlock = model.properties.find((p) => p.kind === 'deadlock')!.index;
const port = parentPort!;

/**
 * The worker that owns a state with this hash. Mixed again first: taking bits of
 * the hash itself would give each worker states that all share those bits,
 * leaving part of its table's slots unused and its probe runs long.
 */
function owner(hash: number): number {
  return (Math.imul(hash ^ (hash >>> 16), 0x45d9f3b) >>> 0) % workers;
}

/** States recently sent to other workers: most successors sent are repeats, not worth sending again. */
const shipped = new RecentStates(words, 1 << 18);
let levelStart = 0;
let levelEnd = 0;
let expanding = -1; // the state being expanded, for a run-time failure's trace
const send = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

/** Adds a state of mine; its global id if new, -1 if known. Checks invariants of a new state. */
function insert(state: Uint32Array, parent: number, violations: Seen[], hash = hashWords(state, 0, words)): number {
  const index = store.add(state, -1, hash);
  if (index < 0) return -1;
  parents[index] = parent;
  const gid = index * workers + id;
  ts.check(state, open, (p) => violations.push({ property: p, state: gid }));
  return gid;
}

port.on('message', (m: ToWorker) => {
  try {
    if (m.type === 'start') {
      const violations: Seen[] = [];
      if (owner(hashWords(m.initial, 0, words)) === id) insert(m.initial, -1, violations);
      levelEnd = store.count;
      send({ type: 'level', size: levelEnd - levelStart, violations, count: store.count, bytes: store.bytes });
    } else if (m.type === 'expand') {
      for (const p of m.closed) open[p] = 0;
      // Expand this level: my successors go straight into my store (they make my next
      // level), the others' into a box per owner, sent between levels.
      const boxes = Array.from({ length: workers }, () => new Box(words + 2));
      const violations: Seen[] = [];
      const cur = new Uint32Array(words);
      const next = new Uint32Array(words);
      let generated = 0;
      let gid = 0;
      expanding = -1;
      const emit = (_proc: number, _step: number, failedAssert: number) => {
        generated++;
        canonical?.(next);
        if (failedAssert >= 0 && open[failedAssert])
          violations.push({ property: failedAssert, state: gid, last: Array.from(next) });
        const hash = hashWords(next, 0, words);
        const to = owner(hash);
        if (to === id) insert(next, gid, violations, hash);
        else if (!shipped.seen(next, hash)) boxes[to]!.push(next, gid, hash);
      };
      for (let i = levelStart; i < levelEnd; i++) {
        const { arena, offset } = store.view(i);
        for (let w = 0; w < words; w++) cur[w] = arena[offset + w]!;
        gid = i * workers + id;
        expanding = gid;
        const n = ts.successors(cur, next, emit);
        if (n === 0 && open[deadlock] && !ts.allDone(cur)) violations.push({ property: deadlock, state: gid });
      }
      levelStart = levelEnd;
      const buffers = boxes.map((b) => b.take());
      send({ type: 'expanded', boxes: buffers, generated, violations }, buffers);
    } else if (m.type === 'receive') {
      // Successors of the last level that are mine: the new ones make the next level.
      const violations: Seen[] = [];
      const state = new Uint32Array(words);
      for (const buffer of m.boxes) {
        const box = new Uint32Array(buffer);
        for (let at = 0; at < box.length; at += words + 2) {
          for (let w = 0; w < words; w++) state[w] = box[at + w]!;
          insert(state, box[at + words]!, violations, box[at + words + 1]!);
        }
      }
      levelEnd = store.count;
      send({ type: 'level', size: levelEnd - levelStart, violations, count: store.count, bytes: store.bytes });
    } else if (m.type === 'state') {
      const index = Math.floor(m.id / workers);
      const { arena, offset } = store.view(index);
      send({ type: 'state', words: Array.from(arena.subarray(offset, offset + words)), parent: parents[index]! });
    }
  } catch (e) {
    if (e instanceof ModelRuntimeError)
      send({ type: 'failure', loc: e.diagnostic.loc, message: e.diagnostic.message, state: expanding });
    else if (e instanceof StoreFull) send({ type: 'full' });
    else throw e;
  }
});
send({ type: 'ready' });
