/*
 * An oracle for the fewest-switches search: a plain Dijkstra search over
 * (state, last process), every path's cost a tuple (switches, preemptions,
 * steps, first process), the cheapest taken from a sorted list. Slow, simple,
 * and independent of explore/: the recording stepper moves it.
 */
import { compile } from '../../src/compile/index.js';
import type { Model } from '../../src/model/index.js';
import { Stepper } from '../../src/trace/stepper.js';

export type Key = [switches: number, preemptions: number, steps: number, first: number];

/** Whether cost `a` comes before cost `b`. */
export const less = (a: Key, b: Key) => {
  for (let i = 0; i < 4; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
};

/** The least cost of a violation of each property, by Dijkstra over (state, last process). */
export function cheapest(model: Model): Map<number, Key> {
  const ts = compile(model);
  const stepper = Stepper.of(model);
  const best = new Map<string, Key>();
  const found = new Map<number, Key>();
  const note = (property: number, key: Key) => {
    const old = found.get(property);
    if (!old || less(key, old)) found.set(property, key);
  };
  const open = new Uint8Array(model.properties.length).fill(1);
  const deadlock = model.properties.find((p) => p.kind === 'deadlock')!.index;
  type Entry = { state: Uint32Array; last: number; key: Key };
  const start: Entry = { state: ts.initial(), last: -1, key: [0, 0, 0, -1] };
  const queue = [start];
  best.set(`${start.state.join(',')}|-1`, start.key);
  while (queue.length > 0) {
    queue.sort((x, y) => (less(x.key, y.key) ? -1 : less(y.key, x.key) ? 1 : 0));
    const { state, last, key } = queue.shift()!;
    if (best.get(`${state.join(',')}|${last}`) !== key) continue;
    ts.check(state, open, (p) => note(p, key));
    const next = stepper.candidates(state);
    if (next.length === 0 && !ts.allDone(state)) note(deadlock, key);
    const lastCould = next.some((c) => c.proc === last);
    for (const c of next) {
      const switched = last >= 0 && c.proc !== last;
      const k: Key = [
        key[0] + (switched ? 1 : 0),
        key[1] + (switched && lastCould ? 1 : 0),
        key[2] + 1,
        key[3] < 0 ? c.proc : key[3],
      ];
      if (c.failedAssert >= 0) note(c.failedAssert, k);
      const id = `${c.next.join(',')}|${c.proc}`;
      const old = best.get(id);
      if (old && !less(k, old)) continue;
      best.set(id, k);
      queue.push({ state: c.next, last: c.proc, key: k });
    }
  }
  return found;
}
