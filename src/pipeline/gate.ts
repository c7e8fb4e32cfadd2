/*
 * The CI invariant gate: runs every spec and compares what the model does
 * with what the spec expects: each property holds or is violated; each race
 * diagram replayed on the model ends in a violation, or is stopped by a named
 * step. A fixed model that regresses fails the gate, and so does a buggy
 * model whose race is no longer found. Each spec runs on its own: one that
 * does not load (its file, its model, a diagram, a property it names) is an
 * error of that spec, and the others still run.
 */
import { dirname, relative, resolve } from 'node:path';
import { propertyStatus, type SearchOptions, throwFailure } from '../explore/index.js';
import { type Diagnostic, DiagnosticError, fail, type Loc, type Source, where } from '../lang/index.js';
import { parseSpecs, type Spec, type SpecExpectation } from '../spec/index.js';
import { constantValues } from '../trace/build.js';
import type { ReplayInput, ReplayResult } from '../trace/replay.js';
import { callName } from '../trace/texts.js';
import type { Trace, Value } from '../trace/types.js';
import { type CheckResult, checkModel } from './check.js';
import type { ExitKind } from './exit.js';
import { type LoadOptions, loadModel, parseFile, type Ref, readSource, specPath } from './load.js';
import { replayDiagram } from './replay.js';

export interface GateRow {
  readonly spec: Spec;
  readonly expectation: SpecExpectation;
  /** What is checked: a property name, or "replay <diagram>". */
  readonly subject: string;
  readonly expected: string;
  readonly got: string;
  readonly ok: boolean;
  /** A limit stopped the search before it could tell. */
  readonly undecided: boolean;
  /**
   * The time it took: a replay's own; the property expectations of a spec are decided by one search, and
   * each carries an equal share of its time (so that a spec's cases add up to its time).
   */
  readonly seconds: number;
  /** Where the property is written in the model (file:line:col), for annotations. */
  readonly propertyAt?: string;
  /** What shows the miss: the counterexample, or the replay. */
  readonly trace?: Trace;
  readonly replay?: { readonly result: ReplayResult; readonly input: ReplayInput; readonly path: string };
}

export interface SpecRun {
  /** The spec's name; for a spec file that does not parse, the file's path. */
  readonly name: string;
  /** The spec file. */
  readonly file: string;
  /** Absent for a spec file that does not parse. */
  readonly spec?: Spec;
  /** The model path relative to the working directory. */
  readonly modelPath?: string;
  /** The constants of the run: the model's, with the spec's `const` lines applied (as written, if it did not load). */
  readonly constants: Readonly<Record<string, Value>>;
  /** What the model loaded with (unless strict, which makes the first one fail the spec). */
  readonly warnings: readonly Diagnostic[];
  /** The check of the spec's property expectations, if it has any. */
  readonly result?: CheckResult;
  readonly seconds: number;
  /** One per expectation; none when the spec did not load. */
  readonly rows: readonly GateRow[];
  /** Why the spec could not be run: its file, model or a diagram does not load, or the model fails at run time. */
  readonly error?: Diagnostic;
  /**
   * error: the spec did not load; ok: every expectation met; limit: every one missed was undecided (a limit
   * stopped it); else violated.
   */
  readonly exit: ExitKind;
}

export interface Gate {
  /** One per spec, in the order of the files and of the specs in each (one per spec file that does not parse). */
  readonly runs: readonly SpecRun[];
  /** error if any spec did not load, else violated if one missed an expectation, else limit if one was undecided. */
  readonly exit: ExitKind;
}

/** Runs every spec of every file, each on its own; `onRun` sees each as it finishes (to print its diagnostic). */
export async function runGate(
  files: readonly { path: string; ref?: Ref }[],
  limits: SearchOptions = {},
  onRun?: (run: SpecRun) => void,
  load: LoadOptions = {},
): Promise<Gate> {
  const runs: SpecRun[] = [];
  const done = (run: SpecRun) => {
    runs.push(run);
    onRun?.(run);
  };
  for (const { path, ref } of files) {
    let specs: Spec[];
    try {
      const what = 'spec file';
      specs = parseFile(readSource(path, ref, { what }), ref, what, parseSpecs);
    } catch (e) {
      if (!(e instanceof DiagnosticError)) throw e;
      done({
        name: path,
        file: path,
        constants: {},
        warnings: [],
        seconds: 0,
        rows: [],
        error: e.diagnostic,
        exit: 'error',
      });
      continue;
    }
    for (const spec of specs) done(await runSpec(spec, limits, load));
  }
  const exits = runs.map((r) => r.exit);
  const exit = (['error', 'violated', 'limit'] as const).find((k) => exits.includes(k)) ?? 'ok';
  return { runs, exit };
}

/** One spec: its model checked, its diagrams replayed; a spec that does not load is a run with its `error`. */
export async function runSpec(spec: Spec, limits: SearchOptions = {}, load: LoadOptions = {}): Promise<SpecRun> {
  const started = Date.now();
  const modelPath = relative('.', resolve(dirname(spec.source.name), spec.model.path)) || spec.model.path;
  try {
    return await decide(spec, modelPath, started, limits, load);
  } catch (e) {
    if (!(e instanceof DiagnosticError)) throw e;
    return {
      name: spec.name,
      file: spec.source.name,
      spec,
      modelPath,
      constants: Object.fromEntries(spec.constants.map((c) => [c.name, c.value])),
      warnings: [],
      seconds: (Date.now() - started) / 1000,
      rows: [],
      error: e.diagnostic,
      exit: 'error',
    };
  }
}

async function decide(
  spec: Spec,
  modelPath: string,
  started: number,
  limits: SearchOptions,
  load: LoadOptions,
): Promise<SpecRun> {
  // A path in a spec stays in the spec's repository: the gate runs on pull requests, and would print what
  // it read (/proc/self/environ, a key) in its diagnostics.
  const named = (p: { path: string; at: Loc }) => specPath(p.path, spec.source.name, p.at, spec.source);
  const defines = spec.constants.map((c) => ({ ...c, source: spec.source }));
  const { within } = named(spec.model);
  const model = loadModel(modelPath, defines, { source: spec.source, at: spec.model.at }, { ...load, within });
  const known = () => `its properties are: ${model.properties.map((q) => q.name).join(', ')}`;
  const index = (name: string, at: Loc) => {
    const p = model.properties.find((q) => q.name === name);
    if (!p) fail(spec.source, at, `model ${modelPath} has no property '${name}'`, known());
    return p.index;
  };

  const asked = spec.expectations.flatMap((e) => (e.kind === 'property' ? [index(e.property, e.at)] : []));
  // Every property and diagram the spec names is looked up before anything runs: a typo costs no search.
  const diagrams = new Map<SpecExpectation, Source>();
  for (const e of spec.expectations) {
    if (e.kind !== 'replay') continue;
    if (e.violates !== undefined) index(e.violates, e.at);
    const diagram = named(e.diagram);
    const ref = { source: spec.source, at: e.diagram.at };
    diagrams.set(e, readSource(diagram.path, ref, { what: 'race diagram', within: diagram.within }));
  }
  const checkStarted = Date.now();
  const result = asked.length
    ? await checkModel(model, {
        ...limits,
        properties: [...new Set(asked)],
        ...(spec.maxStates !== undefined && { maxStates: spec.maxStates }),
      })
    : undefined;
  if (result) throwFailure(model, result.verdict);
  const share = asked.length ? (Date.now() - checkStarted) / 1000 / asked.length : 0;

  const rows: GateRow[] = [];
  for (const e of spec.expectations) {
    if (e.kind === 'property') {
      const p = index(e.property, e.at);
      const got = propertyStatus(result!.verdict, p);
      const trace = result!.traces.find((t) => t.violation?.property === e.property);
      rows.push({
        spec,
        expectation: e,
        subject: e.property,
        expected: e.expected,
        got,
        ok: got === e.expected,
        undecided: got === 'unknown',
        seconds: share,
        propertyAt: where(model.source, model.properties[p]!.at),
        ...(trace && { trace }),
      });
      continue;
    }
    const path = named(e.diagram).path;
    const replayStarted = Date.now();
    const { input, result: r } = await replayDiagram(model, diagrams.get(e)!, limits);
    const got = replayVerdict(r);
    const o = r.outcome;
    // "stopped at S" holds only when S stops every run, in every state where the search stopped.
    const ok =
      e.violates !== undefined
        ? o.kind === 'violation' && o.property === e.violates
        : o.kind === 'infeasible' &&
          o.reasons.every((s) => s.step !== undefined && stoppedBy(s.step.text, e.stoppedAt!));
    rows.push({
      spec,
      expectation: e,
      subject: `replay ${path.replace(/^.*\//, '')}`,
      expected: e.violates !== undefined ? `violates ${e.violates}` : `stopped at ${e.stoppedAt}`,
      got,
      ok,
      undecided: !ok && ((o.kind === 'feasible' && !o.complete) || o.kind === 'undecided'),
      seconds: (Date.now() - replayStarted) / 1000,
      replay: { result: r, input, path },
    });
  }
  const missed = rows.filter((r) => !r.ok);
  const exit = missed.length === 0 ? 'ok' : missed.every((r) => r.undecided) ? 'limit' : 'violated';
  return {
    name: spec.name,
    file: spec.source.name,
    spec,
    modelPath,
    constants: constantValues(model),
    warnings: model.warnings,
    ...(result && { result }),
    seconds: (Date.now() - started) / 1000,
    rows,
    exit,
  };
}

/** What a replay came to, in the gate's words. */
function replayVerdict(r: ReplayResult): string {
  const o = r.outcome;
  if (o.kind === 'violation') return `violates ${o.property}`;
  if (o.kind === 'feasible') return o.complete ? 'feasible, violates nothing' : 'feasible, undecided';
  if (o.kind === 'undecided') return `undecided (${o.limit} limit)`;
  const steps = [...new Set(o.reasons.map((s) => s.step?.text ?? 'the end of the process'))];
  return `stopped at ${steps.join(' or ')}`;
}

/**
 * "btrfs_inc_nocow_writers(bg X)" is stopped by "btrfs_inc_nocow_writers":
 * the same call, or the text contains it.
 */
function stoppedBy(step: string, expected: string): boolean {
  const name = callName(expected);
  return name !== undefined ? callName(step) === name : step.includes(expected);
}
