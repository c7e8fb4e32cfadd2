/*
 * Partial-order reduction with persistent sets of one process, for the replay
 * search (trace/replay/search.ts). In a state, the transitions of one process p
 * can stand for all: if no other process, from where it is now, can ever touch
 * what p's next transition reads or writes (so nothing the others do commutes
 * differently with it), and p's transition writes nothing a property looks at
 * (it is invisible). The search then explores only p's transitions from that
 * state, unless one of them leads to a state seen before: then it explores
 * every transition (the cycle proviso, which keeps a transition from being put
 * off forever).
 *
 * The exhaustive search uses stubborn sets instead (reduction.ts), which
 * reduce more but choose a set of processes after emitting every process's
 * successors with their footprints. The replay search interleaves the one
 * process it may reduce to with the steps that draw the diagram, and asks only
 * which single process may stand for the others: this is that question.
 *
 * Sound for everything racecheck checks: invariants and final properties
 * (their variables, and the ends of the processes a final property waits for,
 * are visible), assertions (a step that checks one is visible) and deadlocks
 * (a state with any enabled transition keeps one).
 */

import type { TransitionSystem } from '../compile/index.js';
import { type Access, expr, footprints, Slots } from '../model/footprint.js';
import type { Layout } from '../state/layout.js';

export class SingleProcessReduction {
  /** For process p at pc: whether each other process q, at each of its pcs, leaves p's next transition alone. */
  private readonly safe: Map<number, Uint8Array[]>[];
  private readonly pcSlots: number[];
  private readonly layout: Layout;

  constructor(ts: TransitionSystem) {
    const model = ts.model;
    const prints = footprints(model);
    // What the properties look at: invariant and final conditions.
    const visible = new Slots(model.slots.length);
    let endsVisible = new Set<number>();
    for (const p of model.properties) {
      if (p.kind === 'invariant' || p.kind === 'final') expr(p.cond!, visible);
      if (p.kind === 'final')
        endsVisible = new Set([...endsVisible, ...(p.after.length ? p.after : model.processes.map((q) => q.index))]);
    }
    const conflict = (a: Access, b: Access) =>
      a.writes.meets(b.reads) || a.writes.meets(b.writes) || a.reads.meets(b.writes);
    this.pcSlots = model.processes.map((p) => p.pcSlot);
    this.layout = ts.layout;
    this.safe = model.processes.map((p) => {
      const byPc = new Map<number, Uint8Array[]>();
      for (const [pc, here] of prints[p.index]!) {
        const invisible =
          !here.now.writes.meets(visible) && !(here.canEnd && endsVisible.has(p.index)) && !here.asserts;
        if (!invisible) continue;
        byPc.set(
          pc,
          model.processes.map((q) => {
            const ok = new Uint8Array(q.nodes.length).fill(1); // pc 0 (finished) touches nothing
            if (q.index === p.index) return ok;
            for (const [qpc, there] of prints[q.index]!) ok[qpc] = conflict(here.now, there.future) ? 0 : 1;
            return ok;
          }),
        );
      }
      return byPc;
    });
  }

  private pc(s: Uint32Array, p: number): number {
    return this.layout.get(s, this.pcSlots[p]!);
  }

  /** The first process whose transitions may stand for all in state `s`, or -1. */
  candidate(s: Uint32Array, after = -1): number {
    const processes = this.safe.length;
    for (let p = after + 1; p < processes; p++) {
      const table = this.safe[p]!.get(this.pc(s, p));
      if (!table) continue;
      let ok = true;
      for (let q = 0; q < processes && ok; q++) if (table[q]![this.pc(s, q)] === 0) ok = false;
      if (ok) return p;
    }
    return -1;
  }
}
