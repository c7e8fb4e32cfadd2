/*
 * A trace for documentation: the violated property, the race diagram in a
 * fenced block, and a table of the variables that change along the trace.
 */
import type { Trace } from '../trace/types.js';
import { renderDiagram } from './diagram.js';

export function renderMarkdown(trace: Trace, heading = '###'): string {
  const v = trace.violation;
  const out: string[] = [];
  out.push(`${heading} ${v ? `${v.property}: ${v.message}` : 'A run'}`, '');
  if (v?.at) out.push(`\`${v.at}\`: \`${v.kind} ${v.property}: ${v.condition}\``, '');
  out.push('```text', renderDiagram(trace).trimEnd(), '```', '');
  const s = trace.steps.length;
  const switches = `${trace.contextSwitches} context switch${trace.contextSwitches === 1 ? '' : 'es'}`;
  const preemptions = `${trace.preemptions} preemption${trace.preemptions === 1 ? '' : 's'}`;
  out.push(`${s} step${s === 1 ? '' : 's'}, ${switches}, ${preemptions}.`);
  if (v?.values.length) out.push(`Where it breaks: ${v.values.map((x) => `\`${x.name} = ${x.value}\``).join(', ')}.`);
  out.push('', ...variableTable(trace));
  return `${out.join('\n')}\n`;
}

/** One row per state; one column per variable that changes somewhere; changes in bold. */
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
    const shown = step && (step.display?.text ?? (step.notes[0] ? `--> ${step.notes[0].text}` : '(silent)'));
    const what = step ? `${trace.processes[step.process]!.display}: ${shown}` : 'initial state';
    const values = changing.map((i) => {
      const changed = k > 0 && trace.states[k - 1]![i] !== state[i];
      return changed ? `**${state[i]}**` : String(state[i]);
    });
    rows.push(`| ${k} | ${cell(what.length > 60 ? `${what.slice(0, 57)}...` : what)} | ${values.join(' | ')} |`);
  });
  return rows;
}
