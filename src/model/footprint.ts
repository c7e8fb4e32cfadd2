/*
 * Which slots each step can read and write, found from the IR before any
 * search: the basis of partial-order reduction. For each process and each
 * place it can wait at, "now" is what its next transition (control flow plus
 * step body) may touch, and "future" what any transition from there on may.
 * Array elements indexed at run time count as the whole array.
 */
import { forEachNextNode, stepTargets, waitPoints } from './control.js';
import type { Expr, Model, Place } from './ir.js';
import { type Visitor, visitExpr, visitNode } from './visit.js';

/** A set of slots as a bit set. */
export class Slots {
  readonly bits: Uint32Array;

  constructor(size: number) {
    this.bits = new Uint32Array(Math.ceil(size / 32) || 1);
  }

  add(slot: number): void {
    this.bits[slot >>> 5] = this.bits[slot >>> 5]! | (1 << (slot & 31));
  }

  has(slot: number): boolean {
    return (this.bits[slot >>> 5]! & (1 << (slot & 31))) !== 0;
  }

  addAll(other: Slots): void {
    for (let i = 0; i < this.bits.length; i++) this.bits[i] = this.bits[i]! | other.bits[i]!;
  }

  meets(other: Slots): boolean {
    for (let i = 0; i < this.bits.length; i++) if ((this.bits[i]! & other.bits[i]!) !== 0) return true;
    return false;
  }
}

export interface Access {
  readonly reads: Slots;
  readonly writes: Slots;
}

export interface LocationFootprint {
  /** The next transition from here. */
  readonly now: Access;
  /** Every transition from here on. */
  readonly future: Access;
  /** Whether the next transition can end the process. */
  readonly canEnd: boolean;
  /** Whether the next transition checks an assertion (which makes it visible). */
  readonly asserts: boolean;
}

/** Footprints by process, then by pc (a wait point). */
export function footprints(model: Model): Map<number, LocationFootprint>[] {
  const size = model.slots.length;
  const fresh = (): Access => ({ reads: new Slots(size), writes: new Slots(size) });
  return model.processes.map((p) => {
    const now = new Map<number, Access>();
    const ends = new Map<number, boolean>();
    const asserting = new Map<number, boolean>();
    const nexts = new Map<number, number[]>();
    for (const pc of waitPoints(p)) {
      const a = fresh();
      const after: number[] = [];
      let canEnd = false;
      let asserts = false;
      const touches: Visitor = {
        place: (place, write) => {
          const into = write ? a.writes : a.reads;
          for (const s of placeSlots(place)) into.add(s);
          return false; // its indices are read: the walk goes on into them
        },
        stmt: (s) => {
          if (s.k === 'assert') asserts = true;
        },
      };
      forEachNextNode(p, pc, (node) => {
        visitNode(node, touches);
        if (node.k === 'end') canEnd = true;
        for (const next of stepTargets(node)) {
          if (next === 0) canEnd = true;
          else after.push(next);
        }
      });
      a.writes.add(p.pcSlot);
      now.set(pc, a);
      ends.set(pc, canEnd);
      asserting.set(pc, asserts);
      nexts.set(pc, after);
    }
    const result = new Map<number, LocationFootprint>();
    for (const pc of now.keys()) {
      const future = fresh();
      const seen = new Set<number>();
      const stack = [pc];
      while (stack.length) {
        const at = stack.pop()!;
        if (seen.has(at) || !now.has(at)) continue;
        seen.add(at);
        future.reads.addAll(now.get(at)!.reads);
        future.writes.addAll(now.get(at)!.writes);
        stack.push(...nexts.get(at)!);
      }
      result.set(pc, { now: now.get(pc)!, future, canEnd: ends.get(pc)!, asserts: asserting.get(pc)! });
    }
    return result;
  });
}

/** The slots a place may name: every element its run-time indices can reach. */
export function placeSlots(p: Place): number[] {
  let slots = [p.base];
  for (const ix of p.indices)
    slots = slots.flatMap((b) => Array.from({ length: ix.length }, (_, k) => b + k * ix.stride));
  return slots;
}

/** Adds the slots an expression reads. */
export function expr(e: Expr, reads: Slots): void {
  visitExpr(e, {
    place: (p) => {
      for (const s of placeSlots(p)) reads.add(s);
      return false;
    },
  });
}
