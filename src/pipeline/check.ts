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
import { type Fairness, type Model, sourceOrder } from '../model/index.js';
import { TraceBuilder } from '../trace/build.js';
import { type CoverageReport, coverageReport } from '../trace/coverage.js';
import type { Trace } from '../trace/types.js';
import type { ExitKind } from './exit.js';
import { noSafetySearch, withLiveness } from './liveness.js';

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
}

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
  readonly random?: Omit<RandomOptions, 'properties' | 'maxSeconds' | 'interrupted'>;
  /** Worker threads for the exhaustive search (exact store, no reduction). */
  readonly workers?: number;
  /** The fairness of every process in liveness checks, instead of what the model declares. */
  readonly fairness?: Fairness;
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
            ...(options.interrupted && { interrupted: options.interrupted }),
          })
        : (options.workers ?? 1) > 1
          ? await parallelSearch(ts, options.workers!, safety)
          : await search(ts, { ...safety, order: 'shortest' });
  let shown = first.violations;
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
    const budget = Math.max(10, 3 * first.stats.seconds);
    const fewest = await search(ts, {
      ...safety,
      order: 'fewest-switches',
      properties: shown.map((c) => c.property),
      stopAtFirst: false,
      progress: undefined,
      maxSeconds: Math.min((options.maxSeconds ?? Infinity) - first.stats.seconds, budget),
    });
    // Where the second search stopped at a limit first, the shortest counterexample stays.
    shown = shown.map((c) => fewest.violations.find((f) => f.property === c.property) ?? c);
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
    .map((c) => builder.build(c));
  const failure = verdict.failure && failureOf(builder, verdict.failure);
  // Finals that hold say in how many end states they were checked (a violated one stopped counting).
  const holding = verdict.checked.filter((p) => !verdict.violations.some((c) => c.property === p));
  const coverage = verdict.coverage && coverageReport(model, verdict.coverage, holding);
  return {
    model,
    verdict,
    traces,
    exit: exitOf(verdict, options.engine),
    ...(failure && { failure }),
    ...(coverage && { coverage }),
  };
}

/** Random search's verdict, with the liveness properties asked for left undecided. */
function notDecided(model: Model, verdict: Verdict, live: readonly number[], options: CheckOptions): Verdict {
  if (live.length === 0) return verdict;
  const fairness = model.processes.map((p) => options.fairness ?? p.fairness);
  const liveness = { checked: live, complete: false, fairness, store: { kind: 'exact' as const } };
  return { ...verdict, checked: [...verdict.checked, ...live], liveness };
}

function exitOf(verdict: Verdict, engine: CheckOptions['engine']): ExitKind {
  if (verdict.failure) return 'error';
  if (verdict.violations.length > 0) return 'violated';
  // Random search that finds nothing says so and exits 0, as Quint's and TLC's simulations do.
  if (engine === 'random') return 'ok';
  return verdict.complete && (verdict.liveness?.complete ?? true) ? 'ok' : 'limit';
}

function failureOf(builder: TraceBuilder, failure: NonNullable<Verdict['failure']>): CheckResult['failure'] {
  const trace = builder.fromStates(failure.states);
  const message = `${failure.message} (after ${plural(trace.steps.length, 'step')})`;
  return { trace, diagnostic: { source: builder.model.source, loc: failure.loc, message } };
}
