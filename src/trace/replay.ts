/*
 * Replays a race diagram (or another model's trace) against a model. Each
 * column is mapped to a process; each entry of the diagram that names
 * something the process can show must happen, in the diagram's order. To
 * reach its next entry a process may take steps the diagram leaves out, when
 * exactly one way leads there; a call that the model draws as a frame waits
 * for the step that enters it. Entries the model has nothing like are
 * commentary and are skipped (a near miss of a call name is an error).
 * The outcome: the run ends in a violation, or is feasible and violates
 * nothing, or is infeasible at an entry, with the reason (the step the
 * process waits at, or the steps it takes instead).
 */
import type { State } from '../compile/index.js';
import { type SearchOptions, search, throwFailure } from '../explore/index.js';
import { closest, fail, type Loc, type Source, where } from '../lang/index.js';
import { type Model, waitingSteps } from '../model/index.js';
import { type DiagramItem, diagramColumns, stepItems } from '../render/diagram.js';
import { layoutOf } from '../state/layout.js';
import { FrameStacks, readValues, TraceBuilder, violation } from './build.js';
import { type Candidate, Stepper } from './stepper.js';
import { callName, normalise, type ShownText, shownTexts, templateText } from './texts.js';
import type { Trace, TraceStep, Value } from './types.js';

export interface ReplayColumn {
  readonly title: string;
  /** The process, by name, when it is known (replaying a trace); else found from the title. */
  readonly process?: string;
}

export interface ReplayEntry {
  readonly column: number;
  readonly kind: 'call' | 'text' | 'note';
  readonly text: string;
  /** How to point at the entry in messages: "line 23". */
  readonly label: string;
  /** Where it is in `ReplayInput.source`, for diagnostics. */
  readonly loc?: Loc;
}

export interface ReplayInput {
  readonly columns: readonly ReplayColumn[];
  readonly entries: readonly ReplayEntry[];
  /** The diagram's text, when entries come from one. */
  readonly source?: Source;
}

export type Reason =
  /** The process cannot move: it waits at a step (its text, and file:line:col) whose await is false. */
  | {
      readonly kind: 'blocked';
      readonly steps: readonly TraceStep[];
      readonly at: { readonly text: string; readonly where: string };
      readonly await?: { readonly text: string; readonly values: readonly { name: string; value: Value }[] };
    }
  /** The process takes other steps and finishes without showing the entry (or runs on too long). */
  | { readonly kind: 'diverged'; readonly steps: readonly TraceStep[]; readonly ends: 'finished' | 'too long' };

export type Outcome =
  | { readonly kind: 'violation'; readonly property: string; readonly afterEntries: number }
  | { readonly kind: 'feasible'; readonly complete: boolean }
  | { readonly kind: 'infeasible'; readonly entry: number; readonly process: number; readonly reason: Reason };

export interface ReplayResult {
  readonly model: Model;
  /** Column → process index. */
  readonly processes: readonly number[];
  /** The run: the steps replayed (and, for a violation, those that complete it). */
  readonly trace: Trace;
  readonly outcome: Outcome;
  /** Entries the model has nothing like, and why they were skipped. */
  readonly skipped: readonly number[];
  /** Entry → index of the trace step that showed it (frames: the step that entered them). */
  readonly matched: ReadonlyMap<number, number>;
}

type Role = 'step' | 'frame' | 'skip';

/** How far a process may run alone, looking for its next entry. */
const MAX_ALONE = 500;

/** Limits of the search for a violation after the diagram's last entry (default: 2 million states, 30 s). */
export type ReplayLimits = Pick<SearchOptions, 'maxStates' | 'maxSeconds' | 'maxBytes' | 'interrupted'>;

export async function replay(model: Model, input: ReplayInput, limits: ReplayLimits = {}): Promise<ReplayResult> {
  const stepper = new Stepper(model);
  const texts = model.processes.map((_, p) => shownTexts(model, p));
  const assignments = assign(model, input, texts);
  let best: ReplayResult | undefined;
  for (const processes of assignments) {
    const result = await run(model, stepper, input, processes, texts, limits);
    if (!best || rank(result) > rank(best)) best = result;
  }
  return best!;
}

/** Prefer a violation, then a feasible run, then the run that got furthest. */
function rank(r: ReplayResult): number {
  if (r.outcome.kind === 'violation') return 2e9;
  if (r.outcome.kind === 'feasible') return 1e9;
  return r.outcome.entry;
}

// ----------------------------------------------------------------- columns

/** The processes each column may be, narrowed by what they can show; every combination left. */
function assign(model: Model, input: ReplayInput, texts: ShownText[][]): number[][] {
  const options = input.columns.map((col, c) => {
    const named = model.processes.filter((p) =>
      col.process !== undefined
        ? p.name === col.process
        : [p.display, p.name, `${p.display} (${p.name})`].includes(col.title),
    );
    if (named.length === 0) {
      const known = model.processes.map((p) => `${p.name} "${p.display}"`).join(', ');
      const loc = input.source
        ? { offset: input.source.text.indexOf(col.title), length: col.title.length }
        : { offset: 0, length: 1 };
      fail(
        input.source ?? model.source,
        loc,
        `no process of the model is called '${col.process ?? col.title}'`,
        `its processes are: ${known}`,
      );
    }
    // Keep the candidates that can show the most of this column's entries.
    const score = (p: number) => input.entries.filter((e) => e.column === c && role(e, texts[p]!) !== 'skip').length;
    const top = Math.max(...named.map((p) => score(p.index)));
    return named.filter((p) => score(p.index) === top).map((p) => p.index);
  });
  const combos: number[][] = [[]];
  for (const opts of options) {
    const next: number[][] = [];
    for (const combo of combos) for (const p of opts) if (!combo.includes(p)) next.push([...combo, p]);
    combos.splice(0, combos.length, ...next.slice(0, 64));
  }
  if (combos.length === 0)
    fail(input.source ?? model.source, { offset: 0, length: 1 }, 'two columns would be the same process');
  return combos;
}

/** What an entry names in a process: a step (must happen), a frame (entered by a later step), or nothing. */
function role(e: ReplayEntry, texts: readonly ShownText[]): Role {
  if (e.kind === 'call') {
    const name = callName(e.text);
    const same = texts.filter((t) => t.kind !== 'note' && callName(t.text) === name);
    if (same.some((t) => t.kind === 'step')) return 'step';
    return same.length > 0 ? 'frame' : 'skip';
  }
  const n = normalise(e.text);
  const same = texts.filter((t) => t.pattern.test(n));
  if (same.some((t) => t.kind !== 'frame')) return 'step';
  return same.length > 0 ? 'frame' : 'skip';
}

/** A call name that is almost one of the process's: a typo, reported rather than skipped. */
function checkTypo(model: Model, input: ReplayInput, e: ReplayEntry, proc: number, texts: readonly ShownText[]): void {
  const name = callName(e.text);
  if (!name) return;
  const names = [
    ...new Set(
      texts
        .filter((t) => t.kind !== 'note')
        .map((t) => callName(t.text))
        .filter((n): n is string => n !== undefined),
    ),
  ];
  const near = names.filter(
    (n) => distance(n.toLowerCase(), name.toLowerCase()) <= Math.max(2, Math.floor(name.length / 8)),
  );
  if (near.length === 0) return;
  const hint = `closest step names in ${model.processes[proc]!.name}: ${closest(name, names, 3)
    .map((n) => `${n}()`)
    .join(', ')}`;
  fail(
    input.source ?? model.source,
    e.loc ?? { offset: 0, length: 1 },
    `${e.label}: ${model.processes[proc]!.name} has no step '${name}()'`,
    hint,
  );
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

// --------------------------------------------------------------------- run

interface Walk {
  state: State;
  stacks: FrameStacks;
  drawn: Set<number>;
  steps: TraceStep[];
  states: State[];
  candidates: Candidate[];
}

function matches(e: ReplayEntry, item: DiagramItem): boolean {
  if (e.kind === 'call') return item.kind === 'call' && callName(item.text) === callName(e.text);
  return normalise(item.text) === normalise(e.text);
}

async function run(
  model: Model,
  stepper: Stepper,
  input: ReplayInput,
  processes: readonly number[],
  texts: ShownText[][],
  limits: ReplayLimits,
): Promise<ReplayResult> {
  const ts = stepper.system;
  const open = new Uint8Array(model.properties.length).fill(1);
  const walk: Walk = {
    state: ts.initial(),
    stacks: new FrameStacks(model.processes.length),
    drawn: new Set(),
    steps: [],
    states: [],
    candidates: [],
  };
  walk.states.push(walk.state);
  const leftover = new Map<number, DiagramItem[]>();
  const skipped: number[] = [];
  const matched = new Map<number, number>();
  const builder = new TraceBuilder(model);
  // The trace is drawn from the transitions matched, not rebuilt from the states: two may lead to one state and draw differently.
  const finish = (outcome: Outcome, extra: State[] = [], property?: number): ReplayResult => {
    const path = [...walk.candidates, ...builder.pathOf([walk.state, ...extra])];
    const last = path.at(-1)?.next ?? walk.state;
    const v = property === undefined ? undefined : violation(model, model.properties[property]!, last);
    return { model, processes, trace: builder.fromPath(walk.states[0]!, path, v), outcome, skipped, matched };
  };

  for (let i = 0; i < input.entries.length; i++) {
    const e = input.entries[i]!;
    const p = processes[e.column]!;
    const r = role(e, texts[p]!);
    if (r === 'skip') {
      checkTypo(model, input, e, p, texts[p]!);
      skipped.push(i);
      continue;
    }
    const left = leftover.get(p) ?? [];
    const k = left.findIndex((item) => matches(e, item));
    if (k >= 0) {
      leftover.set(p, left.slice(k + 1));
      matched.set(i, lastStepOf(walk, p));
      continue;
    }
    if (r === 'frame') continue; // entered by the step that reaches the process's next entry
    const found = alone(model, stepper, walk, p, i, input);
    if ('reason' in found) return finish({ kind: 'infeasible', entry: i, process: p, reason: found.reason });
    for (const c of found.path) {
      const step = walk.stacks.step(model, c);
      walk.steps.push(step);
      walk.candidates.push(c);
      walk.state = c.next;
      walk.states.push(c.next);
      const items = stepItems(step, walk.drawn);
      if (c === found.path[found.path.length - 1]) {
        const at = items.findIndex((item) => matches(e, item));
        leftover.set(p, items.slice(at + 1));
        matched.set(i, walk.steps.length - 1);
      }
      // The run may break a property before the diagram ends.
      let broken = c.failedAssert >= 0 ? c.failedAssert : -1;
      if (broken < 0) ts.check(c.next, open, (q) => (broken = broken < 0 ? q : broken));
      if (broken >= 0)
        return finish({ kind: 'violation', property: model.properties[broken]!.name, afterEntries: i + 1 }, [], broken);
    }
  }

  // Every entry happened: does the run go on into a violation?
  const rest = await search(ts, {
    maxStates: 2_000_000,
    maxSeconds: 30,
    ...limits,
    from: walk.state,
    stopAtFirst: true,
  });
  throwFailure(model, rest);
  const first = [...rest.violations].sort((a, b) => a.states.length - b.states.length)[0];
  if (first) {
    return finish(
      { kind: 'violation', property: model.properties[first.property]!.name, afterEntries: input.entries.length },
      first.states.slice(1),
      first.property,
    );
  }
  return finish({ kind: 'feasible', complete: rest.complete });
}

function lastStepOf(walk: Walk, p: number): number {
  for (let i = walk.steps.length - 1; i >= 0; i--) if (walk.steps[i]!.process === p) return i;
  return -1;
}

/**
 * Runs process `p` alone from the walk's state until a step shows entry `i`.
 * Returns the steps, or why there are none.
 */
function alone(
  model: Model,
  stepper: Stepper,
  walk: Walk,
  p: number,
  i: number,
  input: ReplayInput,
): { path: Candidate[] } | { reason: Reason } {
  const e = input.entries[i]!;
  interface Node {
    state: State;
    stacks: FrameStacks;
    drawn: Set<number>;
    path: Candidate[];
    steps: TraceStep[];
    /** What the last step draws. */
    items: DiagramItem[];
  }
  /** How many of the column's next entries the last step goes on to draw, in order. */
  const following = (n: Node): number => {
    let at = n.items.findIndex((item) => matches(e, item)) + 1;
    let count = 0;
    for (let j = i + 1; j < input.entries.length && input.entries[j]!.column === e.column; j++) {
      const k = n.items.slice(at).findIndex((item) => matches(input.entries[j]!, item));
      if (k < 0) break;
      at += k + 1;
      count++;
    }
    return count;
  };
  let frontier: Node[] = [
    { state: walk.state, stacks: walk.stacks.clone(), drawn: new Set(walk.drawn), path: [], steps: [], items: [] },
  ];
  const seen = new Set<string>();
  let end: { node: Node; ends: 'finished' | 'blocked' } | undefined;
  // Breadth-first over the process's own steps: the first that shows the entry wins.
  for (let depth = 0; depth < MAX_ALONE && frontier.length > 0; depth++) {
    const found: Node[] = [];
    const next: Node[] = [];
    for (const node of frontier) {
      const moves = stepper.candidates(node.state).filter((c) => c.proc === p);
      if (moves.length === 0) {
        end ??= { node, ends: pcOf(model, p, node.state) === 0 ? 'finished' : 'blocked' };
        continue;
      }
      for (const c of moves) {
        const stacks = node.stacks.clone();
        const drawn = new Set(node.drawn);
        const step = stacks.step(model, c);
        const child = {
          state: c.next,
          stacks,
          drawn,
          path: [...node.path, c],
          steps: [...node.steps, step],
          items: stepItems(step, drawn),
        };
        if (child.items.some((item) => matches(e, item))) {
          found.push(child);
          continue;
        }
        const key = c.next.join(',');
        if (seen.has(key)) continue;
        seen.add(key);
        next.push(child);
      }
    }
    if (found.length > 0) {
      // Where several steps show the entry, the ones that also draw the column's next entries.
      const most = Math.max(...found.map(following));
      const best = found.filter((n) => following(n) === most);
      const distinct = new Set(best.map((n) => n.state.join(',')));
      if (distinct.size > 1) {
        const ways = best.map((n) =>
          n.steps.map((s) => s.display?.text ?? s.notes[0]?.text ?? 'a silent step').join(' → '),
        );
        fail(
          input.source ?? model.source,
          e.loc ?? { offset: 0, length: 1 },
          `${e.label}: ambiguous: ${model.processes[p]!.name} can get here in ${distinct.size} ways`,
          [...new Set(ways)].map((w) => `  ${w}`).join('\n'),
        );
      }
      return { path: best[0]!.path };
    }
    frontier = next;
  }
  if (!end) return { reason: { kind: 'diverged', steps: frontier[0]?.steps ?? [], ends: 'too long' } };
  const { node, ends } = end;
  return {
    reason:
      ends === 'blocked'
        ? blockedReason(model, p, node.state, node.steps)
        : { kind: 'diverged', steps: node.steps, ends },
  };
}

function blockedReason(model: Model, p: number, state: State, steps: TraceStep[]): Reason & { kind: 'blocked' } {
  const site = waitingSteps(model.processes[p]!, pcOf(model, p, state))[0]!;
  const wait = site.body.find((s) => s.k === 'await');
  const awaited =
    wait?.k === 'await'
      ? {
          text: model.source.text.slice(wait.at.offset, wait.at.offset + wait.at.length),
          values: readValues(model, wait.cond, state),
        }
      : undefined;
  const at = {
    text: site.display ? templateText(site.display.text) : 'a silent step',
    where: where(model.source, site.at),
  };
  return { kind: 'blocked', steps, at, ...(awaited && { await: awaited }) };
}

/** A trace as replay input: its columns by process name, its drawn lines as entries. */
export function traceInput(trace: Trace, label: string): ReplayInput {
  const columns = diagramColumns(trace);
  const column = new Map(columns.map((c, i) => [c.process, i]));
  const entries: ReplayEntry[] = [];
  const drawn = new Set<number>();
  trace.steps.forEach((step, k) => {
    for (const item of stepItems(step, drawn)) {
      const kind = item.kind === 'call' ? 'call' : item.kind === 'arrow' ? 'note' : 'text';
      entries.push({ column: column.get(step.process)!, kind, text: item.text, label: `${label}, step ${k + 1}` });
    }
  });
  return { columns: columns.map((c) => ({ title: c.title, process: trace.processes[c.process]!.name })), entries };
}

function pcOf(model: Model, p: number, state: State): number {
  return layoutOf(model).unpack(state)[model.processes[p]!.pcSlot]!;
}
