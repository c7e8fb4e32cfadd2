/*
 * From where the replay search ended to a ReplayResult: the run rebuilt from
 * the search's parent links (the transition between two nodes is the one
 * whose drawing leads to the second's side, since two transitions to one
 * state can draw differently), which steps drew which entries and which the
 * search filled in; a violation met before the diagram's end ends the run
 * there; for an infeasible diagram, the reasons in every stopping state.
 */
import type { Stats } from '../../explore/index.js';
import type { Model } from '../../model/index.js';
import { sameState } from '../../state/layout.js';
import { TraceBuilder, violation } from '../build.js';
import type { Candidate, Stepper } from '../stepper.js';
import { isVisible, type TraceStep } from '../types.js';
import type { EntryPlan } from './entries.js';
import { tryMoves } from './moves.js';
import { Reasons } from './reasons.js';
import { openProperties, type ReplaySearch, type SearchEnd } from './search.js';
import { type RunStep, sinkOutsiders } from './sink.js';
import type { Outcome, ReplayInput, ReplayOptions, ReplayResult } from './types.js';

/** A run through the search's nodes: its transitions, and the step that drew each script position. */
interface Run {
  readonly path: Candidate[];
  /** Script position → step index. */
  readonly drew: Map<number, number>;
  /** How many steps it takes to draw the whole diagram (the path's length if it never does). */
  readonly endsAt: number;
  /** After each step, how far the diagram is drawn. */
  readonly at: number[];
}

/** A search and where it ended. */
export interface Searched {
  readonly search: ReplaySearch;
  readonly end: SearchEnd;
}

/**
 * The result of the search that decided (`decided`); its run is drawn from `shown`, a search
 * without the processes the diagram has no column for, when that one came to the same end.
 */
export function replayResult(
  model: Model,
  stepper: Stepper,
  decided: Searched,
  shown: Searched | undefined,
  input: ReplayInput,
  processes: readonly number[],
  plans: readonly EntryPlan[],
  options: ReplayOptions,
  /** For an infeasible diagram: the search that found no run even with every step free to be left out. */
  confirmed?: ReplaySearch,
): ReplayResult {
  const end = decided.end;
  const same = shown && sameEnd(end, shown.end) ? shown : undefined;
  const search = same?.search ?? decided.search;
  const script = search.script;
  const skipped = plans.flatMap((p, entry) => (p.role === 'skip' ? [{ entry, why: p.why }] : []));
  const only = options.properties?.map((i) => model.properties[i]!.name);
  const stats = confirmed ? both(decided.search.stats(), confirmed.stats()) : decided.search.stats();
  const base = { model, processes, skipped, stats, ...(only && { only }) };
  const builder = new TraceBuilder(model);
  const initial = stepper.system.initial();
  const toEntry = (at: number) => (at < script.n ? script.entry[at]! : input.entries.length);

  if (end.kind === 'violation' || end.kind === 'feasible') {
    const run = runTo(model, stepper, search, (same?.end as typeof end | undefined)?.index ?? end.index);
    let path = run.path;
    let property = end.kind === 'violation' ? end.property : -1;
    let afterEntries = input.entries.length;
    // A property the run breaks before the diagram's end ends it there.
    const early = firstViolation(stepper, initial, path, openProperties(model, options.properties));
    if (early && early.step < run.endsAt - 1) {
      property = early.property;
      path = path.slice(0, early.step + 1);
      afterEntries = toEntry(early.step >= 0 ? run.at[early.step]! : 0);
    }
    const outcome: Outcome =
      property >= 0
        ? { kind: 'violation', property: model.properties[property]!.name, afterEntries }
        : { kind: 'feasible', complete: end.kind === 'feasible' && end.complete };
    const last = path.at(-1)?.next ?? initial;
    const v = property >= 0 ? violation(model, model.properties[property]!, last) : undefined;
    const trace = builder.fromPath(initial, path, v);
    return { ...base, trace, outcome, ...drawing(script.entry, run, trace.steps), after: [] };
  }

  if (end.kind === 'limit') {
    const run = runTo(model, stepper, search, end.reached);
    const trace = builder.fromPath(initial, run.path);
    const outcome: Outcome = { kind: 'undecided', limit: end.limit, entry: toEntry(end.furthest) };
    return { ...base, trace, outcome, ...drawing(script.entry, run, trace.steps), after: [] };
  }

  // Infeasible: every run stops before script position `furthest`.
  const p = processes[script.column[end.furthest]!]!;
  const plan = script.plan[end.furthest] as EntryPlan & { role: 'step' };
  const stopsOf = (e: SearchEnd & { kind: 'stuck' }) => (e.stops.length > 0 ? e.stops : [e.reached]);
  const stops = stopsOf(end);
  const reasons = new Reasons(model, stepper, decided.search, p, plan).all(stops);
  // Shown: a stopping state whose run goes through the first state to reach the furthest entry, if
  // one does (its way there is the cheapest).
  const at = (same?.end ?? end) as SearchEnd & { kind: 'stuck' };
  const shownStop = stopsOf(at).find((i) => search.chain(i).includes(at.reached)) ?? stopsOf(at)[0]!;
  const run = runTo(model, stepper, search, shownStop);
  // The run is drawn up to the furthest entry; the process's own steps after it are what it does instead.
  const reach = run.at.findIndex((at) => at >= end.furthest) + 1;
  const full = builder.fromPath(initial, run.path);
  const trace = builder.fromPath(initial, run.path.slice(0, reach));
  const after = full.steps.slice(reach).filter((s) => s.process === p);
  const shownReason = new Reasons(model, stepper, search, p, plan).of(shownStop);
  const outcome: Outcome = {
    kind: 'infeasible',
    entry: toEntry(end.furthest),
    process: p,
    reasons,
    stops: stops.length,
    shown: shownReason,
  };
  return { ...base, trace, outcome, ...drawing(script.entry, run, trace.steps), after };
}

/** The run from the start to node `index`, with the steps of processes without a column as late as they go. */
function runTo(model: Model, stepper: Stepper, search: ReplaySearch, index: number): Run {
  const chain = search.chain(index);
  const steps: RunStep[] = [];
  const lastOf = new Map<number, number>();
  for (let k = 1; k < chain.length; k++) {
    const a = search.node(chain[k - 1]!);
    const b = search.node(chain[k]!);
    const fits = stepper.candidates(a.state).filter((c) => c.proc === b.last && sameState(c.next, b.state));
    let chosen = fits[0]!;
    const drew: number[] = [];
    // A process without a column leaves the drawing as it is (the search stepped it without drawing).
    const side = a.side;
    if (side && search.script.columnOf[b.last]! >= 0) {
      const ways = fits.flatMap((c) => tryMoves(model, search.script, side, c, search.lenient).map((m) => ({ c, m })));
      for (const { c, m: move } of ways) {
        if (search.intern(move.side) !== b.sideId) continue;
        chosen = c;
        drew.push(...move.drew);
        for (const [pos, r] of move.leftovers) {
          const by = r === c.proc ? undefined : lastOf.get(r);
          if (by === undefined) drew.push(pos);
          else steps[by] = { ...steps[by]!, drew: [...steps[by]!.drew, pos] };
        }
        break;
      }
    }
    lastOf.set(chosen.proc, steps.length);
    steps.push({ c: chosen, drew, at: b.side ? b.side.at : search.script.n });
  }
  const sunk = sinkOutsiders(model, stepper, search.script.columnOf, stepper.system.initial(), steps);
  const drew = new Map<number, number>();
  sunk.forEach((s, k) => {
    for (const pos of s.drew) drew.set(pos, k);
  });
  const at = sunk.map((s) => s.at);
  const ends = at.findIndex((x) => x >= search.script.n);
  return { path: sunk.map((s) => s.c), drew, at, endsAt: ends < 0 ? sunk.length : ends + 1 };
}

/** The first property the run breaks: at the step that fails an assertion, or the state that breaks one. */
function firstViolation(
  stepper: Stepper,
  initial: Uint32Array,
  path: readonly Candidate[],
  open: Uint8Array,
): { step: number; property: number } | undefined {
  const ts = stepper.system;
  let broken = -1;
  ts.check(initial, open, (q) => (broken = broken < 0 ? q : broken));
  if (broken >= 0) return { step: -1, property: broken };
  for (let k = 0; k < path.length; k++) {
    const c = path[k]!;
    if (c.failedAssert >= 0 && open[c.failedAssert]) return { step: k, property: c.failedAssert };
    ts.check(c.next, open, (q) => (broken = broken < 0 ? q : broken));
    if (broken >= 0) return { step: k, property: broken };
  }
  return undefined;
}

/** Which trace step drew each entry, and the drawn steps that drew none (filled in by the search). */
function drawing(
  entries: readonly number[],
  run: Run,
  steps: readonly TraceStep[],
): { matched: Map<number, number>; filled: Set<number> } {
  const matched = new Map<number, number>();
  for (const [pos, step] of run.drew) if (step >= 0 && step < steps.length) matched.set(entries[pos]!, step);
  const drawing = new Set(matched.values());
  const filled = new Set<number>();
  steps.forEach((s, i) => {
    if (i < run.endsAt && isVisible(s) && !drawing.has(i)) filled.add(i);
  });
  return { matched, filled };
}

/** Whether a search without the processes outside the diagram came to the same end as the one that decided. */
function sameEnd(decided: SearchEnd, shown: SearchEnd): boolean {
  if (decided.kind === 'violation') return shown.kind === 'violation' && shown.property === decided.property;
  if (decided.kind === 'feasible') return shown.kind === 'feasible';
  if (decided.kind === 'stuck') return shown.kind === 'stuck' && shown.furthest === decided.furthest;
  return false;
}

/** The statistics of two searches, as one: the states and steps of both, the time of both. */
function both(a: Stats, b: Stats): Stats {
  const seconds = a.seconds + b.seconds;
  const distinct = a.distinct + b.distinct;
  return {
    ...a,
    generated: a.generated + b.generated,
    distinct,
    depth: Math.max(a.depth, b.depth),
    seconds,
    statesPerSecond: seconds > 0 ? Math.round(distinct / seconds) : 0,
    bytes: Math.max(a.bytes, b.bytes),
  };
}
