/*
 * The check-then-act warning. A process-level `if` or `while` is decided as
 * part of the next step, so a condition that reads a variable another process
 * writes is tested atomically with that step, as if both ran under a lock.
 * The C way of writing a lost wake-up, `if !cond { step set_current_state(…)
 * … }`, then gets a clean bill: nothing can run between the test and the step.
 * Each such test gets a warning that says so and how to make the test a step
 * of its own (`step if (…)`), or to say that the atomicity is meant (the `if`
 * inside the step's body).
 */
import { type Diagnostic, type Source, warning } from '../lang/index.js';
import { expr, placeSlots, Slots } from './footprint.js';
import type { Process, Slot } from './ir.js';
import { visitProcess } from './visit.js';

export function checkThenActWarnings(
  source: Source,
  slots: readonly Slot[],
  processes: readonly Process[],
): Diagnostic[] {
  const writes = processes.map((p) => {
    const w = new Slots(slots.length);
    visitProcess(p, {
      place: (place, write) => {
        if (write) for (const s of placeSlots(place)) w.add(s);
        return false;
      },
    });
    return w;
  });
  const found = new Map<number, Diagnostic>();
  for (const p of processes) {
    for (const node of p.nodes) {
      if (node.k !== 'branch' || found.has(node.condAt.offset)) continue;
      const reads = new Slots(slots.length);
      expr(node.cond, reads);
      const shared: string[] = [];
      const writers = new Set<string>();
      slots.forEach((slot, i) => {
        if (!reads.has(i)) return;
        const others = processes.filter((q) => q !== p && writes[q.index]!.has(i));
        if (others.length === 0) return;
        shared.push(slot.name);
        for (const q of others) writers.add(q.name);
      });
      if (shared.length === 0) continue;
      found.set(node.condAt.offset, warning(source, node.condAt, message(shared, [...writers]), HINT));
    }
  }
  return [...found.values()].sort((a, b) => a.loc.offset - b.loc.offset);
}

const HINT =
  'write step if (…) to test it in a step of its own (step while (…) for a loop);\n' +
  'if one lock covers the test and the step, put the if inside the step';

function message(shared: readonly string[], writers: readonly string[]): string {
  const names = shared.length <= 2 ? shared.map((s) => `'${s}'`).join(' and ') : `'${shared[0]}' and others`;
  const who = writers.length <= 2 ? writers.join(' and ') : `${writers[0]} and others`;
  const verb = writers.length === 1 ? 'writes' : 'write';
  return `this test reads ${names}, which ${who} ${verb}, and is decided in the same atomic step as the step after it`;
}
