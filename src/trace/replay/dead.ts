/*
 * Dead ends of the replay search: a state from which the diagram can no
 * longer be drawn, because the next entry of some column can be drawn only
 * by steps its process has already gone past (its control graph no longer
 * reaches any step that shows the entry, and its last step left nothing
 * over that does). The search that confirms "infeasible", where any step
 * may be left out, prunes them: otherwise every step the diagram draws,
 * taken as one it leaves out, would open a search of the whole model.
 */
import type { State } from '../../compile/index.js';
import { freeSuccessors } from '../../model/control.js';
import type { Model } from '../../model/index.js';
import { layoutOf } from '../../state/layout.js';
import { siteTexts } from '../texts.js';
import type { Script, Side } from './moves.js';

export class DeadEnds {
  /** Script position → for each node of its process, whether a step that shows the entry is still ahead. */
  private readonly ahead = new Map<number, Uint8Array>();

  constructor(
    private readonly model: Model,
    private readonly script: Script,
  ) {}

  /** Whether no run from (`state`, `side`) can draw the rest of the diagram. */
  dead(state: State, side: Side): boolean {
    const { script } = this;
    const layout = layoutOf(this.model);
    for (let c = 0; c < script.processes.length; c++) {
      const j = script.nextOf(c, side.at);
      if (j >= script.n) continue;
      const p = script.processes[c]!;
      if (side.pens[p]!.leftover.some((item) => script.matches(j, item))) continue;
      const pc = layout.get(state, this.model.processes[p]!.pcSlot);
      // pc 0: the process has finished (no node is numbered 0 that a process can wait at).
      if (pc === 0 || this.aheadOf(j, p)[pc] === 0) return true;
    }
    return false;
  }

  private aheadOf(j: number, p: number): Uint8Array {
    let ahead = this.ahead.get(j);
    if (ahead) return ahead;
    const plan = this.script.plan[j]!;
    const proc = this.model.processes[p]!;
    const shows = (id: number) => plan.role === 'step' && siteTexts(this.model.steps[id]!).some((t) => plan.shows(t));
    // Backwards from the steps that show the entry: every node with a way to one of them.
    ahead = new Uint8Array(proc.nodes.length);
    const before = proc.nodes.map(() => [] as number[]);
    proc.nodes.forEach((node, n) => {
      const next = node.k === 'step' ? [node.next] : freeSuccessors(node);
      for (const m of next) before[m]!.push(n);
    });
    const stack = proc.nodes.flatMap((node, n) => (node.k === 'step' && shows(node.step.id) ? [n] : []));
    for (const n of stack) ahead[n] = 1;
    while (stack.length > 0) {
      for (const m of before[stack.pop()!]!) {
        if (ahead[m]) continue;
        ahead[m] = 1;
        stack.push(m);
      }
    }
    this.ahead.set(j, ahead);
    return ahead;
  }
}
