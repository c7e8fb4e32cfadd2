/*
 * A trace for documentation: the violated property, the race diagram in a
 * fenced block, and a table of the variables that change along the trace;
 * the constants of the run, so that a trace pasted into a document says
 * which variant of the model it is of.
 */
import { plural } from '../lang/index.js';
import { stepLabel } from '../trace/drawing.js';
import { sliceSummary } from '../trace/folding.js';
import type { Trace } from '../trace/types.js';
import { renderDiagram } from './diagram.js';
import { constantsText, switchesText } from './report.js';

export function renderMarkdown(trace: Trace, heading = '###'): string {
  const v = trace.violation;
  const out: string[] = [];
  out.push(`${heading} ${v ? `${v.property}: ${v.message}` : 'A run'}`, '');
  if (v?.at) out.push(`\`${v.at}\`: \`${v.kind} ${v.property}: ${v.condition}\``, '');
  const constants = constantsText(trace.constants ?? {});
  if (constants) out.push(`Constants: \`${constants}\`.`, '');
  const sliced = sliceSummary(trace);
  if (sliced) out.push(`${sliced[0]!.toUpperCase()}${sliced.slice(1)}.`, '');
  out.push('```text', renderDiagram(trace).trimEnd(), '```', '');
  out.push(`${plural(trace.steps.length, 'step')}, ${switchesText(trace)}.${lassoSentence(trace)}`);
  if (v?.values.length) out.push(`Where it breaks: ${v.values.map((x) => `\`${x.name} = ${x.value}\``).join(', ')}.`);
  out.push('', ...variableTable(trace));
  return `${out.join('\n')}\n`;
}

/** How a lasso goes on, after its steps are counted. */
function lassoSentence(trace: Trace): string {
  if (trace.loop === undefined) return '';
  if (trace.stops) return ' The run stops there forever: no process can move.';
  return ` From state ${trace.loop} on, the run repeats forever (the last state is state ${trace.loop} again).`;
}

/** One row per state; one column per variable that changes somewhere; changes in bold; folded steps in italics. */
function variableTable(trace: Trace): string[] {
  const changing = trace.variables
    .map((_, i) => i)
    .filter((i) => trace.states.some((st) => st[i] !== trace.states[0]![i]));
  if (changing.length === 0) return [];
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rows = [
    `| # | step | ${changing.map((i) => `\`${cell(trace.variables[i]!)}\``).join(' | ')} |`,
    `|---|---|${changing.map(() => '---').join('|')}|`,
  ];
  trace.states.forEach((state, k) => {
    const step = k === 0 ? undefined : trace.steps[k - 1]!;
    const label = step ? `${trace.processes[step.process]!.display}: ${stepLabel(step)}` : 'initial state';
    const what = label.length > 60 ? `${label.slice(0, 57)}...` : label;
    const values = changing.map((i) => {
      const changed = k > 0 && trace.states[k - 1]![i] !== state[i];
      return changed ? `**${state[i]}**` : String(state[i]);
    });
    rows.push(`| ${k} | ${step?.folded ? `_${cell(what)}_ (folded)` : cell(what)} | ${values.join(' | ')} |`);
  });
  return rows;
}
