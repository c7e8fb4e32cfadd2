/*
 * A Mermaid sequence diagram: one participant per process that took part;
 * a call frame opens an activation (with a note naming the call), each step
 * is a message to itself, its notes are notes beside it. A lasso's cycle is
 * a `loop` block; a run that stops ends with a note saying so.
 */
import { diagramColumns } from '../trace/drawing.js';
import { isVisible, type Trace } from '../trace/types.js';

export function renderMermaid(trace: Trace): string {
  const columns = diagramColumns(trace);
  const id = new Map(columns.map((c, i) => [c.process, `P${i}`]));
  const out = ['sequenceDiagram'];
  for (const c of columns) out.push(`  participant ${id.get(c.process)} as ${text(c.title)}`);
  const open = new Map<number, number[]>(columns.map((c) => [c.process, []]));
  const closeAll = () => {
    for (const [proc, stack] of open)
      while (stack.length > 0 && stack.pop() !== undefined) out.push(`  deactivate ${id.get(proc)}`);
  };
  const everyone = [...id.values()].join(',') || 'P0';
  trace.steps.forEach((step, i) => {
    if (i === trace.loop && !trace.stops) {
      closeAll(); // activations may not straddle the loop block
      out.push('  loop the run repeats forever');
    }
    if (!isVisible(step)) return;
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
  });
  if (trace.loop !== undefined && !trace.stops) {
    closeAll();
    if (!trace.steps.slice(trace.loop).some(isVisible)) out.push(`  Note over ${everyone}: only silent steps`);
    out.push('  end');
  }
  for (const [proc, stack] of open) for (let i = 0; i < stack.length; i++) out.push(`  deactivate ${id.get(proc)}`);
  if (trace.stops) out.push(`  Note over ${everyone}: the run stops here forever`);
  if (trace.violation)
    out.push(`  Note over ${[...id.values()].join(',')}: violated: ${text(trace.violation.property)}`);
  return `${out.join('\n')}\n`;
}

/** Mermaid ends a message at ';' and reads '#' as an entity: escape both (and a bare newline). */
function text(s: string): string {
  return s.replace(/#/g, '#35;').replace(/;/g, '#59;').replace(/\n/g, ' ');
}
