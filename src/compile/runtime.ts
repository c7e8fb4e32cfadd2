/*
 * Helpers the generated code calls, and the error it throws when a model
 * does something impossible at run time (a value out of its range, an index
 * out of bounds, an integer overflow, a division by zero, a loop inside a step
 * that never ends).
 */
import { DiagnosticError, type Loc, type Source } from '../lang/index.js';
import { divide, MAX_INT, overflowMessage, type ScalarType, showValue } from '../model/index.js';
import type { Layout } from '../state/layout.js';

/** A diagnostic like any other: where it is caught without a trace to show, it prints as one. */
export class ModelRuntimeError extends DiagnosticError {
  constructor(source: Source, loc: Loc, message: string) {
    super({ source, loc, message });
    this.name = 'ModelRuntimeError';
  }
}

export interface Runtime {
  /** Reads slot `k` of a packed state (for array elements indexed at run time). */
  rd(s: Uint32Array, k: number): number;
  /** Stores `v` (already in range) in slot `k` of a packed state. */
  wr(s: Uint32Array, k: number, v: number): void;
  /** rd and wr for the footprint variant: they also mark the slot, if it is tracked, in R or W. */
  frd(s: Uint32Array, k: number): number;
  fwr(s: Uint32Array, k: number, v: number): void;
  range(v: number, lo: number, hi: number, site: number): number;
  index(v: number, lo: number, length: number, site: number): number;
  /** + - * where the result may leave the model's integers: an overflow is a run-time error. */
  add(a: number, b: number, site: number): number;
  sub(a: number, b: number, site: number): number;
  mul(a: number, b: number, site: number): number;
  div(a: number, b: number, site: number): number;
  mod(a: number, b: number, site: number): number;
  loop(site: number): never;
  show(type: number, v: number): string;
}

/** The footprint variant's bit sets of tracked slots read and written, and each slot's bit (or -1). */
export interface Footprint {
  readonly tracked: Int32Array;
  readonly reads: Uint32Array;
  readonly writes: Uint32Array;
}

export function makeRuntime(
  source: Source,
  locs: readonly Loc[],
  types: readonly ScalarType[],
  layout: Layout,
  footprint?: Footprint,
): Runtime {
  const fail = (site: number, message: string): never => {
    throw new ModelRuntimeError(source, locs[site]!, message);
  };
  const { get, set } = layout;
  const tracked = footprint?.tracked ?? new Int32Array(0);
  const reads = footprint?.reads ?? new Uint32Array(1);
  const writes = footprint?.writes ?? new Uint32Array(1);
  return {
    rd: get,
    wr: set,
    frd(s, k) {
      const bit = tracked[k]!;
      if (bit >= 0) reads[bit >>> 5] = reads[bit >>> 5]! | (1 << (bit & 31));
      return get(s, k);
    },
    fwr(s, k, v) {
      const bit = tracked[k]!;
      if (bit >= 0) writes[bit >>> 5] = writes[bit >>> 5]! | (1 << (bit & 31));
      set(s, k, v);
    },
    // (Written so that a NaN, which compares false with everything, would fail them too.)
    range(v, lo, hi, site) {
      if (!(v >= lo && v <= hi)) fail(site, `value ${v} is out of range ${lo}..${hi}`);
      return v;
    },
    index(v, lo, length, site) {
      if (!(v >= lo && v < lo + length)) fail(site, `index ${v} is out of bounds ${lo}..${lo + length - 1}`);
      return v - lo;
    },
    // An exact result beyond ±MAX_INT rounds to a double beyond it too (rounding is monotone).
    add(a, b, site) {
      const r = a + b;
      if (r > MAX_INT || r < -MAX_INT) fail(site, overflowMessage('+', a, b));
      return r;
    },
    sub(a, b, site) {
      const r = a - b;
      if (r > MAX_INT || r < -MAX_INT) fail(site, overflowMessage('-', a, b));
      return r;
    },
    mul(a, b, site) {
      const r = a * b;
      if (r > MAX_INT || r < -MAX_INT) fail(site, overflowMessage('*', a, b));
      return r;
    },
    div(a, b, site) {
      if (b === 0) fail(site, 'division by zero');
      return divide(a, b);
    },
    mod(a, b, site) {
      if (b === 0) fail(site, 'division by zero');
      return a % b;
    },
    loop(site) {
      return fail(site, 'this loop inside a step ran a million times without ending');
    },
    show(type, v) {
      return showValue(types[type]!, v);
    },
  };
}
