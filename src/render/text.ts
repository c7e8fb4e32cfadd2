/*
 * The TLC-style listing of a trace: every state's variables, the ones the
 * step changed marked with `*`, and the step that led there (every step,
 * those a sliced diagram folds marked "folded"). A lasso ends as TLC's do:
 * "Back to state N" where its cycle closes, or where the run stops.
 */
import { stepLabel } from '../trace/drawing.js';
import type { Trace, Value } from '../trace/types.js';

export function renderText(trace: Trace): string {
  const out: string[] = [];
  const width = Math.max(...trace.variables.map((v) => v.length));
  const closes = trace.loop !== undefined && !trace.stops ? trace.states.length - 1 : -1;
  trace.states.forEach((state, i) => {
    const step = i === 0 ? undefined : trace.steps[i - 1]!;
    const folded = step?.folded ? ', folded' : '';
    const title = step
      ? `${trace.processes[step.process]!.name}: ${stepLabel(step)} (${step.at}${folded})`
      : '<initial state>';
    if (i === closes) {
      out.push(
        `State ${i + 1}: ${title}`,
        `  Back to state ${trace.loop! + 1}: the run repeats from there forever`,
        '',
      );
      return;
    }
    out.push(`State ${i + 1}: ${title}${i === trace.loop && !trace.stops ? '  <- the cycle starts here' : ''}`);
    const before = i === 0 ? undefined : trace.states[i - 1]!;
    trace.variables.forEach((name, v) => {
      const changed = before !== undefined && before[v] !== state[v];
      out.push(`${changed ? '*' : ' '} ${name.padEnd(width)} = ${show(state[v]!)}`);
    });
    out.push('');
  });
  if (trace.stops) out.push('The run stops here forever: no process can move.', '');
  return out.join('\n');
}

export function show(v: Value): string {
  return String(v);
}
