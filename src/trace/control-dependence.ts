/*
 * Control dependence in a process's control graph: which `if`/`while`
 * branches decide whether a step runs at all. A step depends on a branch
 * when one way out of the branch always leads to the step and another may
 * not (Ferrante, Ottenstein and Warren): the step post-dominates a successor
 * of the branch but not the branch itself. Slicing uses it to keep, with a
 * step, the transition that decided it would run, when that decision was
 * made by an earlier transition (an `if` around several steps is evaluated
 * on the way to the first of them).
 */
import { freeSuccessors } from '../model/control.js';
import type { Process } from '../model/index.js';

/** For each step node of the process, the branch nodes it is control dependent on. */
export function controlDependences(p: Process): Map<number, number[]> {
  const count = p.nodes.length;
  const succ = (n: number): number[] => {
    const node = p.nodes[n]!;
    return node.k === 'step' ? [node.next] : freeSuccessors(node);
  };
  // Post-dominator sets, by iteration to the greatest fixed point (the end, node 0, post-dominates itself only).
  const all = new Set(Array.from({ length: count }, (_, i) => i));
  const pdom: Set<number>[] = Array.from({ length: count }, (_, i) => (i === 0 ? new Set([0]) : new Set(all)));
  for (let changed = true; changed; ) {
    changed = false;
    for (let n = count - 1; n > 0; n--) {
      const next = succ(n);
      let meet: Set<number> | undefined;
      for (const s of next) meet = meet ? new Set([...meet].filter((x) => pdom[s]!.has(x))) : new Set(pdom[s]);
      const mine = meet ?? new Set<number>();
      mine.add(n);
      if (mine.size !== pdom[n]!.size) {
        pdom[n] = mine;
        changed = true;
      }
    }
  }
  const out = new Map<number, number[]>();
  p.nodes.forEach((node, x) => {
    if (node.k !== 'branch') return;
    for (const s of succ(x)) {
      for (const y of pdom[s]!) {
        if (p.nodes[y]!.k !== 'step' || (pdom[x]!.has(y) && y !== x)) continue;
        const list = out.get(y) ?? [];
        if (!list.includes(x)) list.push(x);
        out.set(y, list);
      }
    }
  });
  return out;
}
