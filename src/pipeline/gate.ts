/*
 * The CI invariant gate: runs every spec and compares what the model does
 * with what the spec expects: each property holds or is violated; each race
 * diagram replayed on the model ends in a violation, or is stopped by a named
 * step. A fixed model that regresses fails the gate, and so does a buggy
 * model whose race is no longer found.
 */
import { dirname, relative, resolve } from 'node:path';
import { propertyStatus, type SearchOptions, throwFailure } from '../explore/index.js';
import { type Diagnostic, fail, type Loc, where } from '../lang/index.js';
import type { Spec, SpecExpectation } from '../spec/index.js';
import type { ReplayInput, ReplayResult } from '../trace/replay.js';
import { callName } from '../trace/texts.js';
import type { Trace } from '../trace/types.js';
import { type CheckResult, checkModel } from './check.js';
import type { ExitKind } from './exit.js';
import { type LoadOptions, loadModel, readSource } from './load.js';
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
  /** Where the property is written in the model (file:line:col), for annotations. */
  readonly propertyAt?: string;
  /** What shows the miss: the counterexample, or the replay. */
  readonly trace?: Trace;
  readonly replay?: { readonly result: ReplayResult; readonly input: ReplayInput; readonly path: string };
}

export interface SpecRun {
  readonly spec: Spec;
  /** The model path relative to the working directory. */
  readonly modelPath: string;
  /** What the model loaded with (unless strict, which makes the first one fail the spec). */
  readonly warnings: readonly Diagnostic[];
  /** The check of the spec's property expectations, if it has any. */
  readonly result?: CheckResult;
  readonly seconds: number;
  readonly rows: readonly GateRow[];
  /** ok: every expectation met; limit: every one missed was undecided (a limit stopped it); else violated. */
  readonly exit: ExitKind;
}

export async function runSpec(spec: Spec, limits: SearchOptions = {}, load: LoadOptions = {}): Promise<SpecRun> {
  const started = Date.now();
  const here = (path: string) => relative('.', resolve(dirname(spec.source.name), path)) || path;
  const modelPath = here(spec.model.path);
  const defines = spec.constants.map((c) => ({ name: c.name, value: c.value, source: spec.source, at: c.at }));
  const model = loadModel(modelPath, defines, { source: spec.source, at: spec.model.at }, load);
  const known = () => `its properties are: ${model.properties.map((q) => q.name).join(', ')}`;
  const index = (name: string, at: Loc) => {
    const p = model.properties.find((q) => q.name === name);
    if (!p) fail(spec.source, at, `model ${modelPath} has no property '${name}'`, known());
    return p.index;
  };

  const asked = spec.expectations.flatMap((e) => (e.kind === 'property' ? [index(e.property, e.at)] : []));
  const result = asked.length
    ? await checkModel(model, {
        ...limits,
        properties: [...new Set(asked)],
        ...(spec.maxStates !== undefined && { maxStates: spec.maxStates }),
      })
    : undefined;
  if (result) throwFailure(model, result.verdict);

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
        propertyAt: where(model.source, model.properties[p]!.at),
        ...(trace && { trace }),
      });
      continue;
    }
    if (e.violates !== undefined) index(e.violates, e.at);
    const path = here(e.diagram.path);
    const { input, result: r } = await replayDiagram(
      model,
      readSource(path, { source: spec.source, at: e.diagram.at }),
      limits,
    );
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
      replay: { result: r, input, path },
    });
  }
  const missed = rows.filter((r) => !r.ok);
  const exit = missed.length === 0 ? 'ok' : missed.every((r) => r.undecided) ? 'limit' : 'violated';
  const seconds = (Date.now() - started) / 1000;
  return { spec, modelPath, warnings: model.warnings, ...(result && { result }), seconds, rows, exit };
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
