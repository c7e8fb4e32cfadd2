/*
 * A Mermaid sequence diagram: one participant per process that took part;
 * a call frame opens an activation (with a note naming the call), each step
 * is a message to itself, its notes are notes beside it. A sliced trace's
 * folded steps are a note "… 3 steps" where they ran, as in the race diagram.
 */
import { drawingOrder, drawnColumns, foldText } from '../trace/folding.js';
import type { Trace } from '../trace/types.js';

export function renderMermaid(trace: Trace): string {
  const columns = drawnColumns(trace);
  const id = new Map(columns.map((c, i) => [c.process, `P${i}`]));
  const out = ['sequenceDiagram'];
  for (const c of columns) out.push(`  participant ${id.get(c.process)} as ${text(c.title)}`);
  const open = new Map<number, number[]>(columns.map((c) => [c.process, []]));
  for (const item of drawingOrder(trace, new Set(id.keys()))) {
    if (item.kind === 'fold') {
      out.push(`  Note right of ${id.get(item.process)}: ${text(foldText(item.steps))}`);
      continue;
    }
    const step = item.step;
    const p = id.get(step.process)!;
    const stack = open.get(step.process)!;
    const ids = step.frames.map((f) => f.id);
    while (stack.length > 0 && !ids.includes(stack[stack.length - 1]!)) {
      stack.pop();
      out.push(`  deactivate ${p}`);
    }
    for (const frame of step.frames) {
      if (stack.includes(frame.id)) continue;
      stack.push(frame.id);
      out.push(`  Note over ${p}: ${text(frame.text)}`, `  activate ${p}`);
      for (const n of frame.notes) out.push(`  Note right of ${p}: ${text(n.text)}`);
    }
    if (step.display) out.push(`  ${p}->>${p}: ${text(step.display.text)}`);
    for (const n of step.notes) out.push(`  Note right of ${p}: ${text(n.text)}`);
  }
  for (const [proc, stack] of open) for (let i = 0; i < stack.length; i++) out.push(`  deactivate ${id.get(proc)}`);
  if (trace.violation)
    out.push(`  Note over ${[...id.values()].join(',')}: violated: ${text(trace.violation.property)}`);
  return `${out.join('\n')}\n`;
}

/** Mermaid ends a message at ';' and reads '#' as an entity: escape both (and a bare newline). */
function text(s: string): string {
  return s.replace(/#/g, '#35;').replace(/;/g, '#59;').replace(/\n/g, ' ');
}
