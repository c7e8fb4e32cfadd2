/*
 * Machine-readable results. The shape is documented in docs/json.md and
 * versioned by `schema`; traces are the Trace type as is.
 */
import { propertyStatus } from '../explore/index.js';
import { where } from '../lang/index.js';
import { sourceOrder } from '../model/index.js';
import type { CheckResult, SpecRun } from '../pipeline.js';

export const JSON_SCHEMA = 1;

export function checkJson(results: readonly CheckResult[]) {
  return { schema: JSON_SCHEMA, models: results.map(modelJson) };
}

export function modelJson({ model, verdict, traces, coverage }: CheckResult) {
  return {
    file: model.source.name,
    model: model.title,
    status: verdict.status,
    complete: verdict.complete,
    ...(verdict.limit && { limit: verdict.limit }),
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
    stats: verdict.stats,
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
        })),
      },
    }),
    counterexamples: traces,
  };
}

export function gateJson(runs: readonly SpecRun[]) {
  return {
    schema: JSON_SCHEMA,
    ok: runs.every((run) => run.rows.every((r) => r.ok)),
    expectations: runs.flatMap((run) =>
      run.rows.map((r) => ({
        spec: r.spec.name,
        at: where(r.spec.source, r.expectation.at),
        model: run.modelPath,
        checks: r.subject,
        expected: r.expected,
        got: r.got,
        ok: r.ok,
        states: run.result?.verdict.stats.distinct ?? null,
        seconds: run.seconds,
      })),
    ),
  };
}
