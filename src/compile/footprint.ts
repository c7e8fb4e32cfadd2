/*
 * Which slots each step can read and write, found from the IR before any
 * search: the basis of partial-order reduction. For each process and each
 * place it can wait at, "now" is what its next transition (control flow plus
 * step body) may touch, and "future" what any transition from there on may.
 * Array elements indexed at run time count as the whole array.
 */
import type { Expr, Model, Node, Place, Process, Stmt } from '../model/index.js';
import { waitPoints } from './transitions.js';

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
      const asserts = { found: false };
      walk(p, pc, a, after, () => (canEnd = true), new Set(), asserts);
      a.writes.add(p.pcSlot);
      now.set(pc, a);
      ends.set(pc, canEnd);
      asserting.set(pc, asserts.found);
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

/** What the transitions from control node `n` touch, up to and including their step. */
function walk(
  p: Process,
  n: number,
  a: Access,
  after: number[],
  end: () => void,
  seen: Set<number>,
  asserts: { found: boolean },
): void {
  if (seen.has(n)) return;
  seen.add(n);
  const node: Node = p.nodes[n]!;
  switch (node.k) {
    case 'step':
      stmts(node.step.body, a, asserts);
      if (node.next === 0) end();
      else after.push(node.next);
      return;
    case 'branch':
      expr(node.cond, a.reads);
      walk(p, node.then, a, after, end, seen, asserts);
      walk(p, node.else, a, after, end, seen, asserts);
      return;
    case 'choice':
      for (const t of node.targets) walk(p, t, a, after, end, seen, asserts);
      return;
    case 'enter':
      walk(p, node.next, a, after, end, seen, asserts);
      return;
    case 'set':
      place(node.place, a.writes, a.reads);
      expr(node.value, a.reads);
      walk(p, node.next, a, after, end, seen, asserts);
      return;
    case 'end':
      end();
      return;
  }
}

function stmts(list: readonly Stmt[], a: Access, asserts: { found: boolean }): void {
  for (const s of list) {
    switch (s.k) {
      case 'assign':
        place(s.place, a.writes, a.reads);
        expr(s.value, a.reads);
        break;
      case 'assert':
        asserts.found = true;
        expr(s.cond, a.reads);
        break;
      case 'await':
        expr(s.cond, a.reads);
        break;
      case 'if':
        expr(s.cond, a.reads);
        stmts(s.then, a, asserts);
        stmts(s.else, a, asserts);
        break;
      case 'either':
        for (const b of s.branches) stmts(b, a, asserts);
        break;
      case 'choose':
        place(s.place, a.writes, a.reads);
        if (s.where) expr(s.where, a.reads);
        break;
      case 'while':
        expr(s.cond, a.reads);
        stmts(s.body, a, asserts);
        break;
      case 'note':
        break; // display only
    }
  }
}

/** The slots a place may be: every element its run-time indices can reach. */
function place(p: Place, into: Slots, reads: Slots): void {
  let slots = [p.base];
  for (const ix of p.indices) {
    expr(ix.expr, reads);
    slots = slots.flatMap((b) => Array.from({ length: ix.length }, (_, k) => b + k * ix.stride));
  }
  for (const s of slots) into.add(s);
}

/** Adds the slots an expression reads. */
export function expr(e: Expr, reads: Slots): void {
  switch (e.k) {
    case 'read':
      place(e.place, reads, reads);
      return;
    case 'unary':
      expr(e.operand, reads);
      return;
    case 'binary':
      expr(e.left, reads);
      expr(e.right, reads);
      return;
    case 'cond':
      expr(e.test, reads);
      expr(e.then, reads);
      expr(e.else, reads);
      return;
    case 'quant':
      expr(e.body, reads);
      return;
    default:
      return;
  }
}
