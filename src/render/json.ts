/*
 * Machine-readable results. The shape is documented in docs/json.md (whose
 * schema block a test validates every command's output against) and
 * versioned by `schema`; traces are the Trace type as is. Every model named
 * appears, a model that failed with its diagnostic (and, for a run-time
 * failure, the run up to the failing step); every result records the
 * constants of the run.
 */
import { propertyStatus } from '../explore/index.js';
import { type Diagnostic, lineCol, where } from '../lang/index.js';
import { sourceOrder } from '../model/index.js';
import type { CheckResult, LoadFailure, SpecRun } from '../pipeline.js';
import { constantValues } from '../trace/build.js';

/** 2: models that failed appear (with a diagnostic), constants everywhere, the gate's runs by spec. */
export const JSON_SCHEMA = 2;

export function checkJson(results: readonly (CheckResult | LoadFailure)[]) {
  return { schema: JSON_SCHEMA, models: results.map((r) => ('verdict' in r ? modelJson(r) : failedJson(r))) };
}

/** A diagnostic as data: what is wrong, and where (file, 1-based line and column). */
export function diagnosticJson(d: Diagnostic) {
  const { line, col } = lineCol(d.source, d.loc.offset);
  return { message: d.message, file: d.source.name, line, column: col, ...(d.hint !== undefined && { hint: d.hint }) };
}

/** A model that did not load: its file (as given) and why. */
function failedJson(f: LoadFailure) {
  return { file: f.file, status: 'error' as const, diagnostic: diagnosticJson(f.diagnostic) };
}

export function modelJson({ model, verdict, traces, failure, coverage, notes, configurations }: CheckResult) {
  const s = verdict.stats;
  return {
    file: model.source.name,
    model: model.title,
    status: verdict.status,
    complete: verdict.complete,
    ...(verdict.limit && { limit: verdict.limit }),
    constants: constantValues(model),
    properties: [...verdict.checked]
      .sort((a, b) => sourceOrder(model, a) - sourceOrder(model, b))
      .map((i) => {
        const p = model.properties[i]!;
        return {
          name: p.name,
          kind: p.kind,
          at: p.kind === 'deadlock' ? null : where(model.source, p.at),
          status: propertyStatus(verdict, i),
        };
      }),
    // Random search stores no states: it counts the steps it took, and how deep a run went.
    stats:
      verdict.engine === 'random'
        ? { generated: s.generated, depth: s.depth, seconds: s.seconds, statesPerSecond: s.statesPerSecond }
        : s,
    ...(verdict.symmetry && { symmetry: verdict.symmetry }),
    ...(verdict.liveness && {
      liveness: {
        complete: verdict.liveness.complete,
        ...(verdict.liveness.limit && { limit: verdict.liveness.limit }),
        fairness: Object.fromEntries(model.processes.map((p, i) => [p.name, verdict.liveness!.fairness[i]])),
        ...(verdict.liveness.stats && { stats: verdict.liveness.stats }),
        store: verdict.liveness.store.kind,
      },
    }),
    ...(coverage && { coverage }),
    ...(verdict.store && { store: verdict.store }),
    engine: verdict.engine,
    ...(verdict.engine === 'random' && {
      random: {
        runs: verdict.runs,
        seed: verdict.seed,
        bias: verdict.bias,
        found: verdict.violations.map((f) => ({
          property: model.properties[f.property]!.name,
          seed: f.seed,
          path: f.path,
          runs: f.runs,
          shrinks: f.shrinks,
          replayed: f.replayed,
        })),
      },
    }),
    ...(failure && { diagnostic: diagnosticJson(failure.diagnostic), trace: failure.trace }),
    counterexamples: traces,
    ...(notes.length > 0 && { notes }),
    ...(configurations && { configurations }),
  };
}

export function gateJson(runs: readonly SpecRun[]) {
  return {
    schema: JSON_SCHEMA,
    ok: runs.every((run) => run.exit === 'ok'),
    specs: runs.map((run) => ({
      spec: run.name,
      file: run.file,
      at: run.spec ? where(run.spec.source, run.spec.at) : null,
      model: run.modelPath ?? null,
      constants: run.constants,
      status: run.exit,
      states: run.result?.verdict.stats.distinct ?? null,
      seconds: run.seconds,
      ...(run.error && { diagnostic: diagnosticJson(run.error) }),
      expectations: run.rows.map((r) => ({
        at: where(r.spec.source, r.expectation.at),
        checks: r.subject,
        expected: r.expected,
        got: r.got,
        ok: r.ok,
        seconds: r.seconds,
      })),
    })),
  };
}
