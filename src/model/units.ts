/*
 * Control units: where a process is, finer than its pc, for partial-order
 * reduction. A process written as a `while true` loop over its control state
 * (`step { if state == NCS { ... } else if state == CS { ... } }`, as BEEM's
 * models are) waits at one pc the whole time, so what it can do next from its
 * pc is every branch. A unit is a pc together with the value of the one
 * private variable the process's steps branch on most (`state`): the unit's
 * footprint is the branch taken for that value, and its successors the units
 * of the values the branch assigns. What a process can touch from where it is
 * (its future) is then the union over the units it can reach, which leaves out
 * the branches it has passed for good, and, through the value ranges of its
 * other private variables (ranges.ts), branches no reachable state takes.
 *
 * Private variables are the process's locals that no other process writes.
 * Which those are depends on the analysis (a translated error branch writes
 * every process's locals, but no reachable state takes it), so it starts from
 * all locals and drops any that some process's reachable code writes, until
 * nothing changes. That is sound: in any run, the first step that would write
 * another process's private variable starts in a state the analysis covers
 * (every step before it did), so the analysis would have seen that write.
 */
import { Slots } from './footprint.js';
import type { Model, Node, Process } from './ir.js';
import { type Env, join, RangeWalk, sameEnv, type Touches } from './ranges.js';
import { cardinality, low } from './types.js';
import { visitProcess } from './visit.js';

/** A control variable has at most this many values (the lookup table has a row per value). */
const MAX_CONTROL_VALUES = 256;
/** A unit's abstract state widens what still grows to its type's range after this many updates. */
const WIDEN_AFTER = 8;
/**
 * Units a process may have beyond its pcs, in 32-bit words of footprint (each unit keeps a few
 * sets of every slot): past it the process's units are its pcs, as many as its code has.
 */
const UNIT_WORDS = 1 << 22;

export interface Unit {
  readonly pc: number;
  /** What the next transition from here can touch. */
  readonly now: Touches;
  /** What any transition from here on can touch. */
  readonly future: Touches;
  /** The units the next transition can lead to. */
  readonly next: readonly number[];
  readonly canEnd: boolean;
  readonly asserts: boolean;
}

export interface ProcessUnits {
  /** The slot units are keyed by beside the pc, or -1 (one unit per pc). */
  readonly control: number;
  /** The control variable's lowest value, and how many values it has (1 without one). */
  readonly lo: number;
  readonly span: number;
  /** Unit by `pc * span + value - lo`; -1 where the analysis found no reachable state. */
  readonly unitOf: Int32Array;
  readonly units: readonly Unit[];
}

/** The control units of every process (`unitWords`: see UNIT_WORDS). */
export function controlUnits(model: Model, unitWords = UNIT_WORDS): ProcessUnits[] {
  const owned = model.processes.map(
    (p) => new Set(model.slots.flatMap((s, k) => (s.owner === p.index && !s.isPc ? [k] : []))),
  );
  const control = model.processes.map((p) => controlVariable(model, p, owned[p.index]!));
  // A process's analysis depends on its own private slots only: redo those whose set shrank.
  const units: ProcessUnits[] = [];
  let redo = new Set(model.processes.map((p) => p.index));
  while (redo.size > 0) {
    for (const q of redo) {
      const mine = owned[q]!;
      const keyed = mine.has(control[q]!) ? control[q]! : -1;
      units[q] = analyse(model, model.processes[q]!, [...mine], keyed, unitWords);
    }
    const changed = new Set<number>();
    for (const q of redo) {
      const writes = new Slots(model.slots.length);
      for (const unit of units[q]!.units) writes.addAll(unit.now.writes);
      model.slots.forEach((s, k) => {
        if (s.owner >= 0 && s.owner !== q && writes.has(k) && owned[s.owner]!.delete(k)) changed.add(s.owner);
      });
    }
    redo = changed;
  }
  return units;
}

/**
 * The local the process's code compares with a constant most often (`state == CS`), if it does so
 * at least twice and the variable has few values; else -1.
 */
function controlVariable(model: Model, p: Process, owned: Set<number>): number {
  const tests = new Map<number, number>();
  visitProcess(p, {
    expr: (e) => {
      if (e.k !== 'binary' || e.op !== '==') return;
      for (const [a, b] of [
        [e.left, e.right],
        [e.right, e.left],
      ] as const) {
        if (a.k === 'read' && a.place.indices.length === 0 && b.k === 'const' && owned.has(a.place.base))
          tests.set(a.place.base, (tests.get(a.place.base) ?? 0) + 1);
      }
    },
  });
  let best = -1;
  let most = 1;
  for (const [slot, n] of tests)
    if (n > most && cardinality(model.slots[slot]!.type) <= MAX_CONTROL_VALUES) {
      best = slot;
      most = n;
    }
  return best;
}

/** The units of process `p` reachable from its start, with `priv` its private slots. */
function analyse(model: Model, p: Process, priv: number[], control: number, unitWords: number): ProcessUnits {
  const most = Math.max(p.nodes.length, Math.floor(unitWords / Math.ceil(model.slots.length / 32)));
  const walk = new RangeWalk(
    model.slots.map((s) => s.type),
    priv,
  );
  const lo = control >= 0 ? low(model.slots[control]!.type) : 0;
  const span = control >= 0 ? cardinality(model.slots[control]!.type) : 1;
  const key = (pc: number, value: number) => pc * span + value - lo;
  const entry = new Map<number, Env>();
  const updates = new Map<number, number>();
  const init = new Float64Array(priv.length * 2);
  priv.forEach((s, k) => {
    init[2 * k] = init[2 * k + 1] = model.slots[s]!.init;
  });
  const start = key(p.start, control >= 0 ? model.slots[control]!.init : lo);
  entry.set(start, init);

  /** Calls `to` for each unit a transition ending at pc `next` in `env` arrives at. */
  const arrive = (next: number, env: Float64Array, to: (unit: number, env: Float64Array) => void) => {
    if (control < 0) {
      to(key(next, lo), env);
      return;
    }
    const [l, h] = walk.get(env, control);
    for (let v = l; v <= h; v++) to(key(next, v), walk.narrow(env, control, v, v)!);
  };

  // The abstract states at each unit, to a fixpoint.
  const pending = [start];
  const queued = new Set(pending);
  while (pending.length > 0) {
    if (control >= 0 && entry.size > most) return analyse(model, p, priv, -1, unitWords);
    const k = pending.pop()!;
    queued.delete(k);
    transitions(walk, p, Math.floor(k / span), entry.get(k)!, (next, env) =>
      arrive(next, env, (unit, e) => {
        const old = entry.get(unit) ?? null;
        let grown = join(old, e);
        if (sameEnv(old, grown)) return;
        const n = (updates.get(unit) ?? 0) + 1;
        updates.set(unit, n);
        if (n > WIDEN_AFTER) grown = walk.widen(old, grown);
        entry.set(unit, grown);
        if (!queued.has(unit)) {
          queued.add(unit);
          pending.push(unit);
        }
      }),
    );
  }

  // Each unit's footprint and successors, from its final abstract state.
  const keys = [...entry.keys()];
  const unitOf = new Int32Array(p.nodes.length * span).fill(-1);
  keys.forEach((k, id) => {
    unitOf[k] = id;
  });
  const nows = keys.map((k) => {
    const touches = { reads: new Slots(model.slots.length), writes: new Slots(model.slots.length) };
    touches.writes.add(p.pcSlot);
    walk.touches = touches;
    walk.asserts = false;
    const next = new Set<number>();
    let canEnd = false;
    transitions(walk, p, Math.floor(k / span), entry.get(k)!, (pc, env) => {
      if (pc === 0) canEnd = true;
      else arrive(pc, env, (unit) => next.add(unitOf[unit]!));
    });
    return { pc: Math.floor(k / span), now: touches, next: [...next], canEnd, asserts: walk.asserts };
  });
  walk.touches = undefined;
  const futures = reachableUnion(
    nows.map((u) => u.next),
    nows.map((u) => u.now),
    model.slots.length,
  );
  return { control, lo, span, unitOf, units: nows.map((u, id) => ({ ...u, future: futures[id]! })) };
}

/**
 * Walks the next transitions of `p` from pc `pc` in `env`: control flow, then the step; calls
 * `arrive` with where each path ends (pc 0: the process ends) and the abstract state there.
 */
function transitions(
  walk: RangeWalk,
  p: Process,
  pc: number,
  env: Float64Array,
  arrive: (pc: number, env: Float64Array) => void,
): void {
  const none = new Map<number, readonly [number, number]>();
  const go = (n: number, env: Env): void => {
    if (env === null) return;
    const node: Node = p.nodes[n]!;
    switch (node.k) {
      case 'step':
        for (const out of walk.stmts(node.step.body, [env])) arrive(node.next, out!);
        return;
      case 'test':
      case 'branch': {
        // (A test step's effect is only where it goes: the compiled code runs no body for it.)
        const v = walk.eval(node.cond, env, none);
        const to = (target: number, truth: boolean) =>
          node.k === 'test'
            ? arriveAt(target, walk.where(env, node.cond, v, truth, none))
            : go(target, walk.where(env, node.cond, v, truth, none));
        if (v[1] === 1) to(node.then, true);
        if (v[0] === 0) to(node.else, false);
        return;
      }
      case 'choice':
        for (const t of node.targets) go(t, env);
        return;
      case 'enter':
        go(node.next, env);
        return;
      case 'set':
        go(node.next, walk.assign(node.place, env, walk.eval(node.value, env, none), none));
        return;
      case 'end':
        arrive(0, env);
        return;
    }
  };
  const arriveAt = (target: number, env: Env) => {
    if (env !== null) arrive(target, env);
  };
  go(pc, env);
}

/** For each node of a graph, the union of `own` over the nodes reachable from it (itself included). */
function reachableUnion(next: readonly (readonly number[])[], own: readonly Touches[], size: number): Touches[] {
  // Tarjan's strongly connected components, iteratively; a component's union is complete when it
  // closes, since every component it reaches closed before it.
  const n = next.length;
  const index = new Int32Array(n).fill(-1);
  const lowLink = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const result: Touches[] = new Array(n);
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (index[root]! >= 0) continue;
    const frames: [number, number][] = [[root, 0]];
    index[root] = lowLink[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const [v, i] = frame;
      if (i < next[v]!.length) {
        frame[1]++;
        const w = next[v]![i]!;
        if (index[w]! < 0) {
          index[w] = lowLink[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          frames.push([w, 0]);
        } else if (onStack[w]) lowLink[v] = Math.min(lowLink[v]!, index[w]!);
        continue;
      }
      frames.pop();
      if (frames.length > 0) {
        const parent = frames[frames.length - 1]![0];
        lowLink[parent] = Math.min(lowLink[parent]!, lowLink[v]!);
      }
      if (lowLink[v] !== index[v]) continue;
      const members: number[] = [];
      let w: number;
      do {
        w = stack.pop()!;
        onStack[w] = 0;
        members.push(w);
      } while (w !== v);
      const union = { reads: new Slots(size), writes: new Slots(size) };
      for (const m of members) {
        union.reads.addAll(own[m]!.reads);
        union.writes.addAll(own[m]!.writes);
        for (const t of next[m]!)
          if (result[t]) {
            union.reads.addAll(result[t]!.reads);
            union.writes.addAll(result[t]!.writes);
          }
      }
      for (const m of members) result[m] = union;
    }
  }
  return result;
}
