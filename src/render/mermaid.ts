/*
 * A Mermaid sequence diagram, one per trace (Mermaid reads one diagram a
 * document): one participant per process that took part; a call frame opens
 * an activation (with a note naming the call), each step is a message to
 * itself, its notes are notes beside it. Text is wrapped with <br/> to about a
 * participant's width, so that a note or a message stays within its own
 * lifeline's lane rather than widening it. The title names the property; a
 * note over every participant, the constants of the run. A sliced trace's
 * folded steps are a note "… 3 steps" where they ran, as in the race diagram.
 * A lasso's cycle (never sliced) is a `loop` block; a run that stops ends with
 * a note saying so.
 */
import { drawingOrder, drawnColumns, foldText } from '../trace/folding.js';
import { isVisible, type Trace } from '../trace/types.js';
import { wrapWords } from './wrap.js';

/** Characters a line of a note or a sentence (Mermaid's participant box is 150 px wide: about 24 characters). */
export const MERMAID_TEXT_WIDTH = 24;
/** A call's text breaks only where it is longer than this (a break inside `f(bg X)` reads badly). */
const CALL_WIDTH = 40;

export function renderMermaid(trace: Trace): string {
  const columns = drawnColumns(trace);
  const id = new Map(columns.map((c, i) => [c.process, `P${i}`]));
  const out = ['sequenceDiagram', `  title ${inline(titleOf(trace))}`];
  for (const c of columns) out.push(`  participant ${id.get(c.process)} as ${inline(c.title)}`);
  const everyone = [...id.values()].join(',');
  const constants = Object.entries(trace.constants ?? {}).map(([name, value]) => `${name}=${value}`);
  if (constants.length > 0 && columns.length > 0)
    out.push(
      `  Note over ${everyone}: ${wrapped(`constants: ${constants.join(', ')}`, MERMAID_TEXT_WIDTH * columns.length)}`,
    );
  const open = new Map<number, number[]>(columns.map((c) => [c.process, []]));
  const closeAll = () => {
    for (const [proc, stack] of open)
      while (stack.length > 0 && stack.pop() !== undefined) out.push(`  deactivate ${id.get(proc)}`);
  };
  // A lasso whose steps are all silent has no participant: its notes go over the first one Mermaid makes.
  const anyone = everyone || 'P0';
  // A note beside the last participant has room to its right; beside any other it would cross the next lifeline.
  const last = columns.length > 0 ? id.get(columns[columns.length - 1]!.process) : undefined;
  const note = (p: string, text: string) => `  Note ${p === last ? 'right of' : 'over'} ${p}: ${wrapped(text)}`;
  // A lasso's cycle: a loop block from its first drawn step (after the prefix, if the cycle draws none).
  let repeats = trace.loop !== undefined && !trace.stops;
  const openLoop = () => {
    if (!repeats) return;
    repeats = false;
    closeAll(); // activations may not straddle the loop block
    out.push('  loop the run repeats forever');
  };
  for (const item of drawingOrder(trace, new Set(id.keys()))) {
    if (item.kind === 'step' && item.index >= trace.loop!) openLoop();
    if (item.kind === 'fold') {
      out.push(note(id.get(item.process)!, foldText(item.steps)));
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
      out.push(`  Note over ${p}: ${wrapped(frame.text, CALL_WIDTH)}`, `  activate ${p}`);
      for (const n of frame.notes) out.push(note(p, n.text));
    }
    const width = step.display?.kind === 'call' ? CALL_WIDTH : MERMAID_TEXT_WIDTH;
    if (step.display) out.push(`  ${p}->>${p}: ${wrapped(step.display.text, width)}`);
    for (const n of step.notes) out.push(note(p, n.text));
  }
  openLoop();
  if (trace.loop !== undefined && !trace.stops) {
    closeAll();
    if (!trace.steps.slice(trace.loop).some(isVisible)) out.push(`  Note over ${anyone}: only silent steps`);
    out.push('  end');
  }
  for (const [proc, stack] of open) for (let i = 0; i < stack.length; i++) out.push(`  deactivate ${id.get(proc)}`);
  if (trace.stops) out.push(`  Note over ${anyone}: the run stops here forever`);
  if (trace.violation && columns.length > 0)
    out.push(`  Note over ${everyone}: violated: ${inline(trace.violation.property)}`);
  return `${out.join('\n')}\n`;
}

/** "no_lost_dio_write violated (v4.6.race)"; the constants follow in a note, which wraps. */
function titleOf(trace: Trace): string {
  const what = trace.violation ? `${trace.violation.property} violated` : 'a run';
  return `${what} (${trace.file.replace(/^.*\//, '')})`;
}

/** Text wrapped to about a participant's width, the lines joined by <br/>. */
function wrapped(s: string, width = MERMAID_TEXT_WIDTH): string {
  return wrapWords(s, width).map(inline).join('<br/>');
}

/**
 * One line of Mermaid text. In a sequence diagram '#' starts a comment and ';' ends the statement, so both
 * are written as Mermaid's entity codes (#35;, #59;), which it draws as the characters; so is a '<' that
 * would open a tag (#60;), since Mermaid reads HTML in text (which is how <br/> breaks a line).
 */
function inline(s: string): string {
  return s
    .replace(/#/g, '#35;')
    .replace(/;/g, '#59;')
    .replace(/<(?=[A-Za-z/!?])/g, '#60;')
    .replace(/\n/g, ' ');
}
