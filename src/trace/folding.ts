/*
 * What a diagram draws of a sliced trace (one whose steps the violation
 * does not depend on are marked `folded`, see slice.ts): its drawn steps in
 * order, and, where a drawn process took folded steps between two drawn
 * steps, one fold line for them in its column ("… 3 steps"), so the reader
 * sees that something happened there and how much. A process whose every
 * drawn-worthy step is folded gets no column; the diagram says it was left
 * out. The fold lines stand where the folded steps ran, so the diagram's
 * order, with each fold put back, is the run's.
 */
import { plural } from '../lang/index.js';
import { type DiagramColumn, diagramColumns } from './drawing.js';
import { isVisible, type Trace, type TraceStep } from './types.js';

/** A step drawn (`index`: its place in the trace), or a drawn process's folded steps between two drawn steps. */
export type Drawn =
  | { readonly kind: 'step'; readonly step: TraceStep; readonly index: number }
  | { readonly kind: 'fold'; readonly process: number; readonly steps: readonly TraceStep[] };

/** Whether a diagram draws the step: it shows something, and the slice keeps it. */
export function isDrawn(step: TraceStep): boolean {
  return isVisible(step) && step.folded !== true;
}

/** Whether the trace is sliced: some step it would draw is folded. */
export function isSliced(trace: Trace): boolean {
  return trace.steps.some((s) => s.folded === true && isVisible(s));
}

/** The columns of a sliced diagram: the processes with a drawn step (and `extra`). */
export function drawnColumns(trace: Trace, extra: readonly number[] = []): DiagramColumn[] {
  if (!isSliced(trace)) return diagramColumns(trace, extra);
  const shown = new Set([...trace.steps.filter(isDrawn).map((s) => s.process), ...extra]);
  return diagramColumns(trace, extra).filter((c) => shown.has(c.process));
}

/** The processes that took a step a diagram would show, none of them drawn: left out of a sliced diagram. */
export function leftOut(trace: Trace): number[] {
  const drawn = new Set(trace.steps.filter(isDrawn).map((s) => s.process));
  return [...new Set(trace.steps.filter((s) => isVisible(s) && !drawn.has(s.process)).map((s) => s.process))].sort(
    (a, b) => a - b,
  );
}

/** What the diagram draws, in order: drawn steps, and the folds of the processes in `columns`. */
export function drawingOrder(trace: Trace, columns: ReadonlySet<number>): Drawn[] {
  const out: Drawn[] = [];
  let waiting = new Map<number, TraceStep[]>();
  const flush = () => {
    for (const [process, steps] of waiting) if (columns.has(process)) out.push({ kind: 'fold', process, steps });
    waiting = new Map();
  };
  trace.steps.forEach((step, index) => {
    if (!isVisible(step)) return;
    if (step.folded) {
      const list = waiting.get(step.process) ?? [];
      list.push(step);
      waiting.set(step.process, list);
      return;
    }
    flush();
    out.push({ kind: 'step', step, index });
  });
  flush();
  return out;
}

/** The fold line's text. */
export function foldText(steps: readonly TraceStep[]): string {
  return `… ${plural(steps.length, 'step')}`;
}

/** How deep a fold sits: inside the frames that all its steps run in and that are drawn already. */
export function foldDepth(steps: readonly TraceStep[], drawn: ReadonlySet<number>): number {
  let depth = 0;
  for (;;) {
    const id = steps[0]!.frames[depth]?.id;
    if (id === undefined || !drawn.has(id) || !steps.every((s) => s.frames[depth]?.id === id)) return depth;
    depth++;
  }
}

/** The line that says a diagram is sliced: how many steps it draws, and which processes it leaves out. */
export function sliceSummary(trace: Trace): string | undefined {
  if (!isSliced(trace)) return undefined;
  const visible = trace.steps.filter(isVisible).length;
  const drawn = trace.steps.filter(isDrawn).length;
  const out = leftOut(trace).map((p) => trace.processes[p]!.name);
  const left =
    out.length > 0 ? `; left out: ${out.join(', ')}, which ${out.length > 1 ? 'take' : 'takes'} no part` : '';
  return `drawn: ${drawn} of ${visible} steps, the ones the violation depends on (--full draws all)${left}`;
}
