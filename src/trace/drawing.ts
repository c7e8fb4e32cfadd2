/*
 * What a trace draws, independent of how it is laid out: which processes get
 * a column and under what title, the items (calls, sentences, notes) each
 * step draws at their nesting depth, and a step in one line. The diagram
 * renderers lay these out; replay matches a diagram's entries against them.
 */
import { isVisible, type Trace, type TraceStep } from './types.js';

/** What a piece of drawn text is: a call, a free sentence, a `-->` note, or a note without arrow. */
export type TextKind = 'call' | 'sentence' | 'arrow' | 'plain';

/** One thing a diagram draws: a call or sentence line, or a note, at a nesting depth within its column. */
export interface DiagramItem {
  readonly kind: TextKind;
  readonly text: string;
  readonly depth: number;
}

export interface DiagramColumn {
  readonly process: number;
  readonly title: string;
}

/** The processes that appear in the diagram (those with a drawn step, and `extra`), in model order, titled. */
export function diagramColumns(trace: Trace, extra: readonly number[] = []): DiagramColumn[] {
  const shown = [...new Set([...trace.steps.filter(isVisible).map((s) => s.process), ...extra])].sort((a, b) => a - b);
  return shown.map((p) => {
    const { name, display } = trace.processes[p]!;
    // Two processes with one display name (two "CPU 2"s) are told apart by their names.
    const clash = shown.some((q) => q !== p && trace.processes[q]!.display === display);
    return { process: p, title: clash ? `${display} (${name})` : display };
  });
}

/**
 * What a step draws: the frames it runs in that are not drawn yet (marked
 * drawn), then its own text, then its notes. A step without text draws its
 * notes at its own depth, so they sit under the call it runs in.
 */
export function stepItems(step: TraceStep, drawn: Set<number>): DiagramItem[] {
  if (!isVisible(step)) return [];
  const items: DiagramItem[] = [];
  for (const frame of step.frames) {
    if (drawn.has(frame.id)) continue;
    drawn.add(frame.id);
    items.push({ kind: 'call', text: frame.text, depth: frame.depth });
    for (const n of frame.notes)
      items.push({ kind: n.arrow ? 'arrow' : 'plain', text: n.text, depth: frame.depth + 1 });
  }
  const depth = step.frames.length;
  if (step.display) items.push({ kind: step.display.kind, text: step.display.text, depth });
  const noteDepth = step.display ? depth + 1 : depth;
  for (const n of step.notes) items.push({ kind: n.arrow ? 'arrow' : 'plain', text: n.text, depth: noteDepth });
  return items;
}

/**
 * A step in one line, for listings and messages: its text, else its first
 * note as the diagram draws it, else what it does without showing anything.
 */
export function stepLabel(step: TraceStep): string {
  if (step.display) return step.display.text;
  const note = step.notes[0];
  if (note) return note.arrow ? `--> ${note.text}` : note.text;
  return step.step < 0 ? 'reaches its end' : 'a silent step';
}
