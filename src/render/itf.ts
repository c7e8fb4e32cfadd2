/*
 * The Informal Trace Format (ITF, Apalache ADR-015), which Apalache and Quint
 * read: one trace per document, `vars` and one `states` entry per state.
 * Variables keep the model's shape: a global is a variable, an array a #map
 * from its index to its elements, a process's locals a record named by the
 * process (a process array's, a #map from its index to those records). Booleans
 * stay booleans, integers are {"#bigint": "…"}, enum members are variants
 * {"tag": "A", "value": {"#tup": []}} as Quint writes its sum types. The
 * constants are `params`, set in the initial state (and shown plainly in
 * `#meta`); `mbt::actionTaken` names the step that led to each state, as in
 * Quint. The shape comes from the trace's variable names alone (`content[A]`,
 * `relocation.stage`, `writer[2].bg`, as the model names its slots), so any
 * Trace converts, whoever built it. Every state is there; a step a sliced
 * diagram folds is marked in its state's `#meta` (`"folded": true`), which
 * ITF readers ignore. A liveness counterexample has `loop`, the index of the
 * state its cycle starts at (the cycle ends in the last state and goes back
 * there, so the trace's repeated last state is left out; a run that stops
 * loops on its last state).
 */
import { stepLabel } from '../trace/drawing.js';
import type { Trace, Value } from '../trace/types.js';

export const ITF_DESCRIPTION = 'https://apalache-mc.org/docs/adr/015adr-trace.html';
export const ACTION_TAKEN = 'mbt::actionTaken';

export type ItfValue =
  | boolean
  | string
  | { readonly '#bigint': string }
  | { readonly tag: string; readonly value: { readonly '#tup': readonly [] } }
  | { readonly '#map': readonly (readonly [ItfValue, ItfValue])[] }
  | { readonly [field: string]: ItfValue };

export interface ItfState {
  /** `folded`: the step into this state is one a sliced diagram folds. */
  readonly '#meta': { readonly index: number; readonly folded?: true };
  readonly [name: string]: ItfValue | { readonly index: number; readonly folded?: true };
}

export interface ItfTrace {
  readonly '#meta': {
    readonly format: 'ITF';
    readonly 'format-description': string;
    readonly source: string;
    readonly description: string;
    /** The constants of the run, as the model writes them (the same values as `params` in the first state). */
    readonly constants: Readonly<Record<string, Value>>;
  };
  readonly params: readonly string[];
  readonly vars: readonly string[];
  readonly states: readonly ItfState[];
  /** A lasso (a liveness counterexample): the index of the state where its cycle starts; absent for a finite trace. */
  readonly loop?: number;
}

export function toItf(trace: Trace): ItfTrace {
  const what = trace.violation ? `counterexample for ${trace.violation.property}: ${trace.violation.message}` : 'a run';
  const constants = trace.constants ?? {};
  const shape = shapeOf(trace.variables);
  return {
    '#meta': {
      format: 'ITF',
      'format-description': ITF_DESCRIPTION,
      source: trace.file,
      description: `${what} (racecheck)`,
      constants,
    },
    params: Object.keys(constants),
    vars: [...shape.map((v) => v.name), ACTION_TAKEN],
    // A lasso's last state is where its cycle starts again: ITF's loop goes back there itself.
    states: (trace.loop !== undefined && !trace.stops ? trace.states.slice(0, -1) : trace.states).map(
      (state, index) => {
        const step = index === 0 ? undefined : trace.steps[index - 1]!;
        const out: Record<string, ItfValue | ItfState['#meta']> = {
          '#meta': { index, ...(step?.folded && { folded: true as const }) },
        };
        if (index === 0) for (const [name, value] of Object.entries(constants)) out[name] = itfValue(value);
        for (const v of shape) out[v.name] = assemble(v.node, state);
        out[ACTION_TAKEN] = step ? `${trace.processes[step.process]!.name}: ${stepLabel(step)}` : 'init';
        return out as ItfState;
      },
    ),
    ...(trace.loop !== undefined && { loop: trace.loop }),
  };
}

/** Booleans stay booleans, integers become #bigint, enum members become variants. */
export function itfValue(v: Value): ItfValue {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return { '#bigint': String(v) };
  return { tag: v, value: { '#tup': [] } };
}

/**
 * A variable's shape, from the names of its slots: a leaf (one slot), a map (indexed by the values in
 * brackets, in slot order: the index order) or a record (a process's locals, by name).
 */
type Node =
  | { readonly k: 'leaf'; readonly slot: number }
  | { readonly k: 'map'; readonly entries: Map<string, Node> }
  | { readonly k: 'record'; readonly fields: Map<string, Node> };

/** One part of a slot's name: a name (`ro`, a process's local after `.`) or an index in brackets. */
type Part = { readonly k: 'name'; readonly text: string } | { readonly k: 'index'; readonly text: string };

function shapeOf(names: readonly string[]): { name: string; node: Node }[] {
  const top = new Map<string, Node>();
  names.forEach((name, slot) => {
    const [head, ...rest] = parts(name);
    if (head?.k !== 'name') throw new Error(`internal error: variable name '${name}' does not start with a name`);
    top.set(head.text, insert(top.get(head.text), rest, slot, name));
  });
  return [...top].map(([name, node]) => ({ name, node }));
}

function insert(node: Node | undefined, rest: readonly Part[], slot: number, name: string): Node {
  const [part, ...more] = rest;
  if (!part) return { k: 'leaf', slot };
  const kind = part.k === 'index' ? 'map' : 'record';
  if (node && node.k !== kind) throw new Error(`internal error: variable '${name}' is both a ${node.k} and a ${kind}`);
  const children = node?.k === 'map' ? node.entries : node?.k === 'record' ? node.fields : new Map<string, Node>();
  children.set(part.text, insert(children.get(part.text), more, slot, name));
  return kind === 'map' ? { k: 'map', entries: children } : { k: 'record', fields: children };
}

/** `writer[2].waiting[DIO_COW]` → writer, [2], waiting, [DIO_COW]. */
function parts(name: string): Part[] {
  const out: Part[] = [];
  for (const m of name.matchAll(/\[([^\]]*)\]|\.?([^.[\]]+)/g)) {
    out.push(m[1] !== undefined ? { k: 'index', text: m[1] } : { k: 'name', text: m[2]! });
  }
  return out;
}

function assemble(node: Node, state: readonly Value[]): ItfValue {
  switch (node.k) {
    case 'leaf':
      return itfValue(state[node.slot]!);
    case 'map':
      return { '#map': [...node.entries].map(([key, n]) => [itfValue(indexValue(key)), assemble(n, state)] as const) };
    case 'record':
      return Object.fromEntries([...node.fields].map(([field, n]) => [field, assemble(n, state)]));
  }
}

/** An index as the model shows it: a whole number, true or false, or an enum member. */
function indexValue(text: string): Value {
  if (/^-?\d+$/.test(text)) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  return text;
}
