/*
 * The Informal Trace Format (ITF, Apalache ADR-015), which Apalache and
 * Quint read: one object per trace, `vars` and one `states` entry per state;
 * a liveness counterexample has `loop`, the index of the state its cycle
 * starts at (the cycle ends in the last state and goes back there, so the
 * trace's repeated last state is left out; a run that stops loops on its last state).
 * Every state variable of the model is an ITF variable (array elements as
 * `content[A]`); integers are {"#bigint": "…"}, enum members are variants
 * {"tag": "A", "value": {"#tup": []}} as Quint writes its sum types, and
 * `mbt::actionTaken` names the step that led to each state, as in Quint.
 */
import { stepLabel } from '../trace/drawing.js';
import type { Trace, Value } from '../trace/types.js';

export const ITF_DESCRIPTION = 'https://apalache-mc.org/docs/adr/015adr-trace.html';
export const ACTION_TAKEN = 'mbt::actionTaken';

export type ItfValue = boolean | string | { '#bigint': string } | { tag: string; value: { '#tup': [] } };

export interface ItfTrace {
  '#meta': { format: 'ITF'; 'format-description': string; source: string; description: string };
  vars: string[];
  states: ({ '#meta': { index: number } } & Record<string, ItfValue | { index: number }>)[];
  loop?: number;
}

export function toItf(trace: Trace): ItfTrace {
  const what = trace.violation ? `counterexample for ${trace.violation.property}: ${trace.violation.message}` : 'a run';
  return {
    '#meta': {
      format: 'ITF',
      'format-description': ITF_DESCRIPTION,
      source: trace.file,
      description: `${what} (racecheck)`,
    },
    vars: [...trace.variables, ACTION_TAKEN],
    ...(trace.loop !== undefined && { loop: trace.loop }),
    states: (trace.loop !== undefined && !trace.stops ? trace.states.slice(0, -1) : trace.states).map(
      (state, index) => {
        const out: ItfTrace['states'][number] = { '#meta': { index } };
        trace.variables.forEach((name, i) => {
          out[name] = itfValue(state[i]!);
        });
        const step = index === 0 ? undefined : trace.steps[index - 1]!;
        out[ACTION_TAKEN] = step ? `${trace.processes[step.process]!.name}: ${stepLabel(step)}` : 'init';
        return out;
      },
    ),
  };
}

/** Booleans stay booleans, integers become #bigint, enum members become variants. */
export function itfValue(v: Value): ItfValue {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return { '#bigint': String(v) };
  return { tag: v, value: { '#tup': [] } };
}
