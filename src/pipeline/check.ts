/*
 * `check`: a model explored by the exhaustive or the random engine; the
 * verdict, a trace per violated property (redrawn with the fewest context
 * switches), how the run ended, and how a run-time failure of the model got
 * there. Liveness properties are decided by the liveness engine, in a second
 * search of its own (liveness.ts beside this file); after an exhaustive
 * search that expanded every state, which steps it took (coverage).
 */
import { compile } from '../compile/index.js';
import {
  parallelSearch,
  type RandomOptions,
  randomSearch,
  type SearchOptions,
  search,
  type Verdict,
} from '../explore/index.js';
import { type Diagnostic, plural } from '../lang/index.js';
import { type Define, type Fairness, type Model, sourceOrder } from '../model/index.js';
import { TraceBuilder } from '../trace/build.js';
import { type CoverageReport, coverageReport } from '../trace/coverage.js';
import type { Trace } from '../trace/types.js';
import type { ExitKind } from './exit.js';
import { noSafetySearch, withLiveness } from './liveness.js';
import { type Setting, smallestConfiguration } from './minimize.js';

export interface CheckResult {
  readonly model: Model;
  readonly verdict: Verdict;
  /** One trace per violated property, in the order the properties are written. */
  readonly traces: readonly Trace[];
  /** error (the model failed), violated, limit (an exhaustive search that did not finish), else ok. */
  readonly exit: ExitKind;
  /** The model failed at run time: the run that got there, and the diagnostic (with its length in steps). */
  readonly failure?: { readonly trace: Trace; readonly diagnostic: Diagnostic };
  /** After an exhaustive search that expanded every reachable state: the steps it took, and how often. */
  readonly coverage?: CoverageReport;
  /** How a property's counterexample was chosen, where it is not the one asked for (printed after it). */
  readonly notes: readonly { readonly property: string; readonly text: string }[];
  /** With `minimize`: the configuration each violated property's counterexample was found in. */
  readonly configurations?: readonly { readonly property: string; readonly settings: readonly Setting[] }[];
}

/** A counterexample with the fewest switches but longer than this, where a shorter one exists, is not drawn. */
const LONGEST_DRAWN = 100000;

export interface CheckOptions extends Omit<SearchOptions, 'order'> {
  /**
   * Which counterexample to show for each violated property: the one with the
   * fewest context switches (the default: the most readable diagram), or the
   * shortest in steps (what breadth-first search finds first).
   */
  readonly traces?: 'fewest-switches' | 'shortest';
  /** exhaustive (the default) or random: property-based search with fast-check. */
  readonly engine?: 'exhaustive' | 'random';
  /** Runs, depth, seed, path, bias and shard of the random engine. */
  readonly random?: Omit<RandomOptions, 'properties' | 'maxSeconds' | 'maxStates' | 'maxBytes' | 'interrupted'>;
  /** Worker threads for the exhaustive search (exact store, no reduction). */
  readonly workers?: number;
  /** The fairness of every process in liveness checks, instead of what the model declares. */
  readonly fairness?: Fairness;
  /**
   * Mark the steps of each counterexample that its violation does not depend on as folded
   * (trace/slice.ts; the default), or (false: `--full`) draw every step. Lassos are drawn whole.
   */
  readonly slice?: boolean;
  /**
   * Draw each violated property's counterexample in the smallest configuration that still
   * violates it (pipeline/minimize.ts), the command line's `defines` kept as they are.
   */
  readonly minimize?: { readonly defines: readonly Define[] };
  /** Seconds the fewest-switches search may take (default: a few times the first search's, at least 10). */
  readonly fewestBudget?: number;
}

/**
 * Breadth-first search decides every property; then, for the violated ones, a
 * second search by fewest context switches finds the counterexamples to draw.
 */
export async function checkModel(model: Model, options: CheckOptions = {}): Promise<CheckResult> {
  const ts = compile(model);
  const asked = options.properties ?? model.properties.map((p) => p.index);
  const properties = asked.filter((p) => model.properties[p]!.kind !== 'liveness');
  const live = asked.filter((p) => model.properties[p]!.kind === 'liveness');
  const safety = { ...options, properties };
  const first =
    options.engine !== 'random' && properties.length === 0 && live.length > 0
      ? noSafetySearch(ts)
      : options.engine === 'random'
        ? await randomSearch(ts, {
            ...options.random,
            properties,
            ...(options.maxSeconds !== undefined && { maxSeconds: options.maxSeconds }),
            ...(options.maxStates !== undefined && { maxStates: options.maxStates }),
            ...(options.maxBytes !== undefined && { maxBytes: options.maxBytes }),
            ...(options.interrupted && { interrupted: options.interrupted }),
          })
        : (options.workers ?? 1) > 1
          ? await parallelSearch(ts, options.workers!, safety)
          : await search(ts, { ...safety, order: 'shortest' });
  let shown = first.violations;
  const notes: { property: string; text: string }[] = [];
  // A random counterexample is already shrunk; an exhaustive one is redrawn with the fewest switches
  // (which needs every state kept: not done when the states did not fit).
  const exact = (options.store ?? 'exact') === 'exact';
  if (
    options.engine !== 'random' &&
    exact &&
    options.traces !== 'shortest' &&
    shown.length > 0 &&
    first.status !== 'error'
  ) {
    // It explores states × last process: give it a few times the first search's time at most.
    const budget =
      options.fewestBudget ??
      Math.min((options.maxSeconds ?? Infinity) - first.stats.seconds, Math.max(10, 3 * first.stats.seconds));
    // Not reduced: partial-order reduction keeps some interleaving of each class, not the one with
    // the fewest switches; it is the first search that decides the properties.
    const fewest = await search(ts, {
      ...safety,
      reduce: false,
      order: 'fewest-switches',
      properties: shown.map((c) => c.property),
      stopAtFirst: false,
      progress: undefined,
      maxSeconds: budget,
    });
    // Where the second search stopped at a limit first, the shortest counterexample stays, and says so.
    shown = shown.map((c) => {
      const name = model.properties[c.property]!.name;
      const f = fewest.violations.find((x) => x.property === c.property);
      if (!f) {
        const why = fewest.limit === 'time' ? `its time budget (${+budget.toFixed(2)} s)` : `a limit (${fewest.limit})`;
        notes.push({ property: name, text: `the search for fewer context switches stopped at ${why}: a shortest run` });
        return c;
      }
      if (f.states.length > LONGEST_DRAWN && f.states.length > c.states.length) {
        const steps = plural(f.states.length - 1, 'step');
        notes.push({ property: name, text: `the run with the fewest context switches has ${steps}: a shortest run` });
        return c;
      }
      return f;
    });
  }
  // Random search decides no liveness property: they stay undecided (the report says so).
  const verdict =
    options.engine === 'random'
      ? notDecided(model, first, live, options)
      : await withLiveness(ts, first, live, options);
  shown = [...shown, ...verdict.violations.filter((c) => c.lasso)];
  // The recording variant of the model, compiled once for every trace drawn.
  const builder = new TraceBuilder(model);
  // Counterexamples in the order their properties are written in the model.
  const traces = [...shown]
    .sort((a, b) => sourceOrder(model, a.property) - sourceOrder(model, b.property))
    .map((c) => builder.build(c, { slice: options.slice !== false }));
  const failure = verdict.failure && failureOf(builder, verdict.failure);
  // Finals that hold say in how many end states they were checked (a violated one stopped counting).
  const holding = verdict.checked.filter((p) => !verdict.violations.some((c) => c.property === p));
  const coverage = verdict.coverage && coverageReport(model, verdict.coverage, holding);
  const result = {
    model,
    verdict,
    traces,
    exit: exitOf(verdict, options.engine),
    notes,
    ...(failure && { failure }),
    ...(coverage && { coverage }),
  };
  return options.minimize && !failure ? minimized(result, options, options.minimize.defines) : result;
}

/** Random search's verdict, with the liveness properties asked for left undecided. */
function notDecided(model: Model, verdict: Verdict, live: readonly number[], options: CheckOptions): Verdict {
  if (live.length === 0) return verdict;
  const fairness = model.processes.map((p) => options.fairness ?? p.fairness);
  const liveness = { checked: live, complete: false, fairness, store: { kind: 'exact' as const } };
  return { ...verdict, checked: [...verdict.checked, ...live], liveness };
}

/** Each violated property's counterexample redrawn in its smallest configuration (pipeline/minimize.ts). */
async function minimized(result: CheckResult, options: CheckOptions, defines: readonly Define[]): Promise<CheckResult> {
  const { minimize: _, properties: __, ...rest } = options;
  const traces: Trace[] = [];
  const configurations: { property: string; settings: Setting[] }[] = [];
  for (const trace of result.traces) {
    const name = trace.violation!.property;
    const only = (m: Model) => [m.properties.findIndex((p) => p.name === name)].filter((i) => i >= 0);
    const violates = async (m: Model) => {
      if (only(m).length === 0) return false;
      const quick = { ...rest, properties: only(m), traces: 'shortest', slice: false, stopAtFirst: true } as const;
      return (await checkModel(m, quick)).verdict.violations.length > 0;
    };
    const { settings, model } = await smallestConfiguration(result.model, defines, violates);
    configurations.push({ property: name, settings });
    const again = settings.length > 0 ? await checkModel(model, { ...rest, properties: only(model) }) : undefined;
    traces.push(again?.traces[0] ?? trace);
  }
  return { ...result, traces, configurations };
}

function exitOf(verdict: Verdict, engine: CheckOptions['engine']): ExitKind {
  if (verdict.failure) return 'error';
  if (verdict.violations.length > 0) return 'violated';
  // Random search that finds nothing says so and exits 0, as Quint's and TLC's simulations do,
  // unless a limit (or Ctrl-C) cut its runs short.
  if (engine === 'random') return verdict.limit ? 'limit' : 'ok';
  return verdict.complete && (verdict.liveness?.complete ?? true) ? 'ok' : 'limit';
}

function failureOf(builder: TraceBuilder, failure: NonNullable<Verdict['failure']>): CheckResult['failure'] {
  const trace = builder.fromStates(failure.states);
  const message = `${failure.message} (after ${plural(trace.steps.length, 'step')})`;
  return { trace, diagnostic: { source: builder.model.source, loc: failure.loc, message } };
}
