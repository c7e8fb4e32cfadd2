/*
 * A trace as replay input, so that one model's counterexample can be
 * replayed on another (explain): its columns by process name, the lines its
 * diagram draws as entries.
 */
import { diagramColumns, stepItems } from '../drawing.js';
import type { Trace } from '../types.js';
import type { EntryKind, ReplayEntry, ReplayInput } from './types.js';

export function traceInput(trace: Trace, label: string): ReplayInput {
  const columns = diagramColumns(trace);
  const column = new Map(columns.map((c, i) => [c.process, i]));
  const entries: ReplayEntry[] = [];
  const drawn = new Set<number>();
  trace.steps.forEach((step, k) => {
    for (const item of stepItems(step, drawn)) {
      // As the diagram reader reads the drawn line back: a note without arrow is plain text.
      const kind: EntryKind = item.kind === 'call' ? 'call' : item.kind === 'arrow' ? 'note' : 'text';
      entries.push({ column: column.get(step.process)!, kind, text: item.text, label: `${label}, step ${k + 1}` });
    }
  });
  return { columns: columns.map((c) => ({ title: c.title, process: trace.processes[c.process]!.name })), entries };
}
