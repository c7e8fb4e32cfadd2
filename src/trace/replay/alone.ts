/*
 * One process's way to its next entry: it runs alone, breadth-first over
 * its own steps, until a step draws the entry. Where several ways do, the
 * one that also draws the column's following entries wins, and two that
 * still lead to different states are an ambiguous diagram. Where none does,
 * the reason: the step it waits at, or the steps it takes instead.
 */
import type { State } from '../../compile/index.js';
import { fail, where } from '../../lang/index.js';
import { type Model, waitingSteps } from '../../model/index.js';
import { layoutOf } from '../../state/layout.js';
import { type FrameStacks, readValues } from '../build.js';
import { type DiagramItem, stepItems, stepLabel } from '../drawing.js';
import type { Candidate, Stepper } from '../stepper.js';
import { templateText } from '../texts.js';
import type { TraceStep } from '../types.js';
import { matches } from './entries.js';
import type { Reason, ReplayInput } from './types.js';

/** How far a process may run alone, looking for its next entry. */
const MAX_ALONE = 500;

/** Where a run stands: the state, each process's entered frames, and the frames drawn so far. */
export interface Position {
  readonly state: State;
  readonly stacks: FrameStacks;
  readonly drawn: ReadonlySet<number>;
}

interface Node extends Position {
  readonly path: readonly Candidate[];
  readonly steps: readonly TraceStep[];
  /** What the last step draws. */
  readonly items: readonly DiagramItem[];
}

/** The transitions that take process `p` alone from `from` to a step that draws entry `i`, or why there are none. */
export function runAlone(
  model: Model,
  stepper: Stepper,
  from: Position,
  p: number,
  i: number,
  input: ReplayInput,
): { path: readonly Candidate[] } | { reason: Reason } {
  const e = input.entries[i]!;
  let frontier: Node[] = [
    { state: from.state, stacks: from.stacks.clone(), drawn: new Set(from.drawn), path: [], steps: [], items: [] },
  ];
  const seen = new Set<string>();
  let end: { node: Node; ends: 'finished' | 'blocked' } | undefined;
  // Breadth-first over the process's own steps: the first that shows the entry wins.
  for (let depth = 0; depth < MAX_ALONE && frontier.length > 0; depth++) {
    const found: Node[] = [];
    const next: Node[] = [];
    for (const node of frontier) {
      const moves = stepper.candidates(node.state).filter((c) => c.proc === p);
      if (moves.length === 0) {
        end ??= { node, ends: pcOf(model, p, node.state) === 0 ? 'finished' : 'blocked' };
        continue;
      }
      for (const c of moves) {
        const stacks = node.stacks.clone();
        const drawn = new Set(node.drawn);
        const step = stacks.step(model, c);
        const child = {
          state: c.next,
          stacks,
          drawn,
          path: [...node.path, c],
          steps: [...node.steps, step],
          items: stepItems(step, drawn),
        };
        if (child.items.some((item) => matches(e, item))) {
          found.push(child);
          continue;
        }
        const key = c.next.join(',');
        if (seen.has(key)) continue;
        seen.add(key);
        next.push(child);
      }
    }
    if (found.length > 0) return { path: bestWay(model, p, i, input, found).path };
    frontier = next;
  }
  if (!end) return { reason: { kind: 'diverged', steps: frontier[0]?.steps ?? [], ends: 'too long' } };
  const { node, ends } = end;
  return {
    reason:
      ends === 'blocked'
        ? blockedReason(model, p, node.state, node.steps)
        : { kind: 'diverged', steps: node.steps, ends },
  };
}

/**
 * Of the ways that draw entry `i`, the one that also draws the most of the
 * column's next entries; fails if several such ways end in different states.
 */
function bestWay(model: Model, p: number, i: number, input: ReplayInput, found: readonly Node[]): Node {
  const e = input.entries[i]!;
  /** How many of the column's next entries the last step goes on to draw, in order. */
  const following = (n: Node): number => {
    let at = n.items.findIndex((item) => matches(e, item)) + 1;
    let count = 0;
    for (let j = i + 1; j < input.entries.length && input.entries[j]!.column === e.column; j++) {
      const k = n.items.slice(at).findIndex((item) => matches(input.entries[j]!, item));
      if (k < 0) break;
      at += k + 1;
      count++;
    }
    return count;
  };
  const most = Math.max(...found.map(following));
  const best = found.filter((n) => following(n) === most);
  const distinct = new Set(best.map((n) => n.state.join(',')));
  if (distinct.size > 1) {
    const ways = best.map((n) => n.steps.map(stepLabel).join(' → '));
    fail(
      input.source ?? model.source,
      e.loc ?? { offset: 0, length: 1 },
      `${e.label}: ambiguous: ${model.processes[p]!.name} can get here in ${distinct.size} ways`,
      [...new Set(ways)].map((w) => `  ${w}`).join('\n'),
    );
  }
  return best[0]!;
}

function blockedReason(
  model: Model,
  p: number,
  state: State,
  steps: readonly TraceStep[],
): Reason & { kind: 'blocked' } {
  const site = waitingSteps(model.processes[p]!, pcOf(model, p, state))[0]!;
  const wait = site.body.find((s) => s.k === 'await');
  const awaited =
    wait?.k === 'await'
      ? {
          text: model.source.text.slice(wait.at.offset, wait.at.offset + wait.at.length),
          values: readValues(model, wait.cond, state),
        }
      : undefined;
  const at = {
    text: site.display ? templateText(site.display.text) : 'a silent step',
    where: where(model.source, site.at),
  };
  return { kind: 'blocked', steps, at, ...(awaited && { await: awaited }) };
}

function pcOf(model: Model, p: number, state: State): number {
  return layoutOf(model).unpack(state)[model.processes[p]!.pcSlot]!;
}
