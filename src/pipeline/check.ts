/*
 * `check`: a model explored by the exhaustive or the random engine; the
 * verdict, a trace per violated property (redrawn with the fewest context
 * switches), how the run ended, and how a run-time failure of the model got
 * there.
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
import { type Define, type Model, sourceOrder } from '../model/index.js';
import { TraceBuilder } from '../trace/build.js';
import type { Trace } from '../trace/types.js';
import type { ExitKind } from './exit.js';
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
  readonly random?: Omit<RandomOptions, 'properties' | 'maxSeconds' | 'interrupted'>;
  /** Worker threads for the exhaustive search (exact store, no reduction). */
  readonly workers?: number;
  /**
   * Mark the steps of each counterexample that its violation does not depend on as folded
   * (trace/slice.ts; the default), or (false: `--full`) draw every step.
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
  const verdict =
    options.engine === 'random'
      ? await randomSearch(ts, {
          ...options.random,
          ...(options.properties && { properties: options.properties }),
          ...(options.maxSeconds !== undefined && { maxSeconds: options.maxSeconds }),
          ...(options.interrupted && { interrupted: options.interrupted }),
        })
      : (options.workers ?? 1) > 1
        ? await parallelSearch(ts, options.workers!, options)
        : await search(ts, { ...options, order: 'shortest' });
  let shown = verdict.violations;
  const notes: { property: string; text: string }[] = [];
  // A random counterexample is already shrunk; an exhaustive one is redrawn with the fewest switches
  // (which needs every state kept: not done when the states did not fit).
  const exact = (options.store ?? 'exact') === 'exact';
  if (
    options.engine !== 'random' &&
    exact &&
    options.traces !== 'shortest' &&
    shown.length > 0 &&
    verdict.status !== 'error'
  ) {
    // It explores states × last process: give it a few times the first search's time at most.
    const budget =
      options.fewestBudget ??
      Math.min((options.maxSeconds ?? Infinity) - verdict.stats.seconds, Math.max(10, 3 * verdict.stats.seconds));
    // Not reduced: partial-order reduction keeps some interleaving of each class, not the one with
    // the fewest switches; it is the first search that decides the properties.
    const fewest = await search(ts, {
      ...options,
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
  // The recording variant of the model, compiled once for every trace drawn.
  const builder = new TraceBuilder(model);
  // Counterexamples in the order their properties are written in the model.
  const traces = [...shown]
    .sort((a, b) => sourceOrder(model, a.property) - sourceOrder(model, b.property))
    .map((c) => builder.build(c, { slice: options.slice !== false }));
  const failure = verdict.failure && failureOf(builder, verdict.failure);
  const result = { model, verdict, traces, exit: exitOf(verdict, options.engine), notes, ...(failure && { failure }) };
  return options.minimize && !failure ? minimized(result, options, options.minimize.defines) : result;
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
  // Random search that finds nothing says so and exits 0, as Quint's and TLC's simulations do.
  if (engine === 'random') return 'ok';
  return verdict.complete ? 'ok' : 'limit';
}

function failureOf(builder: TraceBuilder, failure: NonNullable<Verdict['failure']>): CheckResult['failure'] {
  const trace = builder.fromStates(failure.states);
  const message = `${failure.message} (after ${plural(trace.steps.length, 'step')})`;
  return { trace, diagnostic: { source: builder.model.source, loc: failure.loc, message } };
}
