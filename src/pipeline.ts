/*
 * The stages composed: file → AST → Model → TransitionSystem → Verdict →
 * Traces. The CLI commands and the gate call these; they hold no logic of
 * their own beyond what is wired here.
 */
import { readFileSync, statSync } from 'node:fs';
import { compile } from './compile/index.js';
import {
  parallelSearch,
  type RandomOptions,
  randomSearch,
  type SearchOptions,
  search,
  type Verdict,
} from './explore/index.js';
import { fail, type Loc, makeSource, parseModel, type Source } from './lang/index.js';
import { buildModel, type Define, type Model, sourceOrder } from './model/index.js';
import { TraceBuilder } from './trace/build.js';
import type { Trace } from './trace/types.js';

/** Where a file name was written (a spec line, the command line), to point at when it cannot be read. */
export interface Ref {
  readonly source: Source;
  readonly at: Loc;
}

export function readSource(path: string, ref: Ref): Source {
  let text: string;
  try {
    if (statSync(path).isDirectory()) fail(ref.source, ref.at, `'${path}' is a folder, not a model file`);
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof Error && 'code' in e) {
      const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EACCES' ? 'permission denied' : String(e.code);
      fail(ref.source, ref.at, `cannot read '${path}': ${why}`);
    }
    throw e;
  }
  return makeSource(path, text);
}

export function loadModel(path: string, defines: readonly Define[], ref: Ref): Model {
  const source = readSource(path, ref);
  return buildModel(parseModel(source), source, defines);
}

export interface CheckResult {
  readonly model: Model;
  readonly verdict: Verdict;
  /** One trace per violated property, in the order the properties are written. */
  readonly traces: readonly Trace[];
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
    const budget = Math.max(10, 3 * verdict.stats.seconds);
    const fewest = await search(ts, {
      ...options,
      order: 'fewest-switches',
      properties: shown.map((c) => c.property),
      stopAtFirst: false,
      progress: undefined,
      maxSeconds: Math.min((options.maxSeconds ?? Infinity) - verdict.stats.seconds, budget),
    });
    // Where the second search stopped at a limit first, the shortest counterexample stays.
    shown = shown.map((c) => fewest.violations.find((f) => f.property === c.property) ?? c);
  }
  const builder = new TraceBuilder(model);
  // Counterexamples in the order their properties are written in the model.
  const traces = [...shown]
    .sort((a, b) => sourceOrder(model, a.property) - sourceOrder(model, b.property))
    .map((c) => builder.build(c));
  return { model, verdict, traces };
}
