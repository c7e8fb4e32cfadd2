/*
 * The TLC-style listing of a trace: every state's variables, the ones the
 * step changed marked with `*`, and the step that led there (every step,
 * those a sliced diagram folds marked "folded").
 */
import { stepLabel } from '../trace/drawing.js';
import type { Trace, Value } from '../trace/types.js';

export function renderText(trace: Trace): string {
  const out: string[] = [];
  const width = Math.max(...trace.variables.map((v) => v.length));
  trace.states.forEach((state, i) => {
    const step = i === 0 ? undefined : trace.steps[i - 1]!;
    const folded = step?.folded ? ', folded' : '';
    const title = step
      ? `${trace.processes[step.process]!.name}: ${stepLabel(step)} (${step.at}${folded})`
      : '<initial state>';
    out.push(`State ${i + 1}: ${title}`);
    const before = i === 0 ? undefined : trace.states[i - 1]!;
    trace.variables.forEach((name, v) => {
      const changed = before !== undefined && before[v] !== state[v];
      out.push(`${changed ? '*' : ' '} ${name.padEnd(width)} = ${show(state[v]!)}`);
    });
    out.push('');
  });
  return out.join('\n');
}

export function show(v: Value): string {
  return String(v);
}
