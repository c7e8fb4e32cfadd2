/*
 * The successors of a few expansions, held back until the expansions are over
 * so that the store can look them all up at once (StateStore.prefetch): the
 * search is bound by the latency of the store's cache misses, and misses of
 * independent lookups overlap when their loads are issued together.
 * Successors are kept in the order they were emitted, each with the state it
 * came from, and handed on in that order, so the search stores and numbers
 * them exactly as one at a time.
 */
import type { ModelRuntimeError } from '../compile/index.js';
import { hashWords } from '../state/hash.js';
import type { Limit } from './verdict.js';

export class Batch {
  /** Successor i's words are at i * stride. */
  data: Uint32Array;
  procs: Int32Array;
  asserts: Int32Array;
  ordinals: Int32Array;
  /** The state each came from (its index in the store). */
  parents: Int32Array;
  hashes: Uint32Array;
  size = 0;

  constructor(readonly stride: number) {
    this.data = new Uint32Array(64 * stride);
    this.procs = new Int32Array(64);
    this.asserts = new Int32Array(64);
    this.ordinals = new Int32Array(64);
    this.parents = new Int32Array(64);
    this.hashes = new Uint32Array(64);
  }

  /** Holds the successor in `state`'s first `stride` words. */
  push(state: Uint32Array, proc: number, failedAssert: number, ordinal: number, parent = 0): void {
    const i = this.size;
    if (i === this.procs.length) this.grow();
    const stride = this.stride;
    const data = this.data;
    for (let w = 0; w < stride; w++) data[i * stride + w] = state[w]!;
    this.procs[i] = proc;
    this.asserts[i] = failedAssert;
    this.ordinals[i] = ordinal;
    this.parents[i] = parent;
    this.hashes[i] = hashWords(state, 0, stride);
    this.size = i + 1;
  }

  /** Bytes its arrays hold (one state's millions of successors make it large). */
  get bytes(): number {
    return this.data.byteLength + 20 * this.procs.length;
  }

  /** Whether a successor among from..to is a step of `proc`. */
  has(proc: number, from: number, to: number): boolean {
    for (let i = from; i < to; i++) if (this.procs[i] === proc) return true;
    return false;
  }

  /** Copies successor i's words into `out`. */
  copy(i: number, out: Uint32Array): void {
    const stride = this.stride;
    for (let w = 0; w < stride; w++) out[w] = this.data[i * stride + w]!;
  }

  private grow(): void {
    const n = 2 * this.procs.length;
    const data = new Uint32Array(n * this.stride);
    data.set(this.data);
    this.data = data;
    for (const key of ['procs', 'asserts', 'ordinals', 'parents'] as const) {
      const a = new Int32Array(n);
      a.set(this[key]);
      this[key] = a;
    }
    const hashes = new Uint32Array(n);
    hashes.set(this.hashes);
    this.hashes = hashes;
  }
}

/**
 * The states a batch took from the frontier: their words, store indices, successor counts and
 * where their successors end in the batch; the (state, property) pairs their checks found, and the
 * run-time failure that ended the taking, if any.
 */
export class Taken {
  readonly states: Uint32Array[];
  /** (Doubles: a compact or bitstate store may hold more than 2^31 states.) */
  readonly indices: Float64Array;
  readonly moves: Int32Array;
  readonly ends: Int32Array;
  readonly found: number[] = [];
  failure: { at: number; error: ModelRuntimeError } | undefined;
  /** A limit reached inside state `at`'s successor generation: the taking ended there. */
  stopped: { at: number; limit: Limit } | undefined;
  /** The state being checked. */
  checking = 0;

  constructor(width: number, stride: number) {
    this.states = Array.from({ length: width }, () => new Uint32Array(stride));
    this.indices = new Float64Array(width);
    this.moves = new Int32Array(width);
    this.ends = new Int32Array(width);
  }
}
