/*
 * The commit-message race diagram: one column per process that took part,
 * titled with its display name; calls nested two spaces a level; `-->` notes
 * with continuation lines aligned under their text; a blank line between
 * steps. A call frame is drawn once, when the first step inside it is drawn.
 * A sliced trace draws its folded steps as one line per run of them in their
 * column (trace/folding.ts). A liveness counterexample (a lasso, never
 * sliced) is marked where its cycle starts and ends, or where its run stops.
 */
import { type DiagramColumn, stepItems } from '../trace/drawing.js';
import { type Drawn, drawingOrder, drawnColumns, foldDepth, foldText } from '../trace/folding.js';
import { isVisible, type Trace, type TraceStep, type WaitingStep } from '../trace/types.js';
import { layoutText } from './wrap.js';

export interface DiagramOptions {
  /** Where each column starts, counted from the previous one (default 42, as in the commit messages). */
  readonly columnWidth?: number;
  /** Characters a line may reach from its column's start before it wraps (default columnWidth + 4). */
  readonly textWidth?: number;
  /** Decorates a column title (bold in a terminal). */
  readonly title?: (s: string) => string;
  /** Lines to draw after the trace, in a process's column (replay draws where a run stops). */
  readonly tail?: { readonly process: number; readonly lines: readonly string[] };
  /** Steps (indices into the trace) whose lines get a `+` in the margin: those a replayed diagram leaves out. */
  readonly marked?: ReadonlySet<number>;
}

export function renderDiagram(trace: Trace, options: DiagramOptions = {}): string {
  // Each line holds one column's text, so a long line may reach under the next
  // column's title, as in the commit messages; the wrap width keeps it short.
  const spacing = options.columnWidth ?? 42;
  const width = options.textWidth ?? spacing + 4;
  const waits = trace.waits ?? [];
  const columns = drawnColumns(trace, [
    ...(options.tail ? [options.tail.process] : []),
    ...waits.map((w) => w.step.process),
  ]);
  if (columns.length === 0) {
    return trace.steps.length === 0
      ? '(no step: the initial state already shows it)\n'
      : '(no step of this trace is drawn: every step it takes is silent)\n';
  }
  const margin = 1;
  const x = new Map(columns.map((c, i) => [c.process, margin + i * spacing]));

  const out: string[] = [titleLine(columns, x, spacing, options.title ?? ((s) => s)), ''];
  const drawn = new Set<number>(); // frame ids already drawn
  let first = true;
  const across = Math.max(44, columns.length * spacing - 4);
  const rule = (text: string) => ` ==== ${text} ${'='.repeat(Math.max(4, across - text.length - 7))}`;
  // Where a lasso's cycle starts: before its first drawn step (after the prefix, if the cycle draws none).
  let repeats = trace.loop !== undefined && !trace.stops;
  const markRepeat = () => {
    if (!repeats) return;
    repeats = false;
    // Frames are drawn again inside the cycle, so that it reads on its own each time round.
    if (!first) out.push('');
    out.push(rule('from here the run repeats forever'));
    drawn.clear();
    first = false;
  };
  const items = drawingOrder(trace, new Set(x.keys()));
  items.forEach((item, i) => {
    if (item.kind === 'step' && item.index >= trace.loop!) markRepeat();
    if (!first && !joined(items, i)) out.push('');
    first = false;
    const at = x.get(processOf(item))!;
    const left = item.kind === 'step' && options.marked?.has(item.index) ? `${' '.repeat(at - 1)}+` : ' '.repeat(at);
    const lines = item.kind === 'step' ? stepLines(item.step, drawn, width) : foldLines(item.steps, drawn, width);
    for (const line of lines) out.push((left + line).trimEnd());
  });
  markRepeat();
  // A deadlock ends with the step each process waits at, as the kernel draws the final schedule().
  for (const w of waits) {
    if (!first) out.push('');
    first = false;
    const left = ' '.repeat(x.get(w.step.process)!);
    // "woken is false" says it all; "nocow_writers == 0 is false: nocow_writers = 1" needs the value.
    const plainName = w.values.length === 1 && w.values[0]!.name === w.until;
    const values = w.values.length > 0 && !plainName ? ` (${shown(w.values)})` : '';
    const why = w.until ? `: ${w.until} is false${values}` : '';
    const mark = layoutText('arrow', `waits here${why}`, 2 * (w.step.frames.length + 1), width);
    for (const line of [...stepLines(w.step, drawn, width), ...mark]) out.push((left + line).trimEnd());
  }
  if (trace.loop !== undefined) {
    if (!trace.stops && !trace.steps.slice(trace.loop).some(isVisible)) out.push('', ' (only silent steps)');
    out.push('', rule(trace.stops ? 'here the run stops forever' : 'back to where the repeat began'));
  }
  if (options.tail) {
    const left = ' '.repeat(x.get(options.tail.process)!);
    out.push('', ...options.tail.lines.map((line) => (left + line).trimEnd()));
  }
  return `${out.join('\n')}\n`;
}

/** The lines of one step within its column. */
export function stepLines(step: TraceStep, drawn: Set<number>, width: number): string[] {
  return stepItems(step, drawn).flatMap((item) => layoutText(item.kind, item.text, 2 * item.depth, width));
}

const processOf = (d: Drawn): number => (d.kind === 'step' ? d.step.process : d.process);

/**
 * Whether item `i` follows the one before it without a blank line: a fold line sits with the
 * steps of its column, under the one before it, else over the one after it.
 */
function joined(items: readonly Drawn[], i: number): boolean {
  const same = (a: number, b: number) =>
    items[a] !== undefined && items[b] !== undefined && processOf(items[a]) === processOf(items[b]);
  if (items[i]!.kind === 'fold' && same(i - 1, i)) return true;
  return items[i - 1]?.kind === 'fold' && !same(i - 2, i - 1) && same(i - 1, i);
}

/** The line that stands for a run of folded steps, inside the drawn frames they all run in. */
export function foldLines(steps: readonly TraceStep[], drawn: ReadonlySet<number>, width: number): string[] {
  return layoutText('plain', foldText(steps), 2 * foldDepth(steps, drawn), width);
}

function shown(values: WaitingStep['values']): string {
  return values.map((v) => `${v.name} = ${v.value}`).join(', ');
}

function titleLine(
  columns: readonly DiagramColumn[],
  x: Map<number, number>,
  width: number,
  paint: (s: string) => string,
): string {
  let line = '';
  let plain = 0; // printed length without colour codes
  for (const c of columns) {
    const at = x.get(c.process)! + Math.max(0, Math.floor((Math.min(width, 28) - c.title.length) / 2));
    const pad = Math.max(plain === 0 ? 0 : 1, at - plain);
    line += ' '.repeat(pad) + paint(c.title);
    plain += pad + c.title.length;
  }
  return line;
}
