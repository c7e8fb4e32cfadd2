/*
 * The CI invariant gate: runs every spec and compares each property's
 * verdict with what the spec expects. A fixed model that regresses fails the
 * gate, and so does a buggy model whose race is no longer found.
 */
import { dirname, relative, resolve } from 'node:path';
import { propertyStatus } from '../explore/index.js';
import { type Loc, fail } from '../lang/index.js';
import { type CheckResult, checkModel, loadModel } from '../pipeline.js';
import type { SearchOptions } from '../explore/index.js';
import type { Spec } from './parse.js';

export interface GateRow {
  readonly spec: Spec;
  readonly property: string;
  readonly expected: 'holds' | 'violated';
  readonly got: 'holds' | 'violated' | 'unknown';
  readonly ok: boolean;
  /** Where the expectation is written in the spec. */
  readonly at: Loc;
}

export interface SpecRun {
  readonly spec: Spec;
  /** The model path relative to the working directory. */
  readonly modelPath: string;
  readonly result: CheckResult;
  readonly rows: readonly GateRow[];
}

export async function runSpec(spec: Spec, limits: SearchOptions = {}): Promise<SpecRun> {
  const modelPath = relative('.', resolve(dirname(spec.source.name), spec.model.path)) || spec.model.path;
  const defines = spec.constants.map((c) => ({ name: c.name, value: c.value, source: spec.source, at: c.at }));
  const model = loadModel(modelPath, defines, { source: spec.source, at: spec.model.at });
  const properties = spec.expectations.map((e) => {
    const p = model.properties.find((q) => q.name === e.property);
    if (!p) {
      fail(spec.source, e.at, `model ${modelPath} has no property '${e.property}'`, `its properties are: ${model.properties.map((q) => q.name).join(', ')}`);
    }
    return p.index;
  });
  const result = await checkModel(model, { ...limits, properties: [...new Set(properties)], ...(spec.maxStates !== undefined && { maxStates: spec.maxStates }) });
  const rows = spec.expectations.map((e, i) => {
    const got = propertyStatus(result.verdict, properties[i]!);
    return { spec, property: e.property, expected: e.expected, got, ok: got === e.expected, at: e.at };
  });
  return { spec, modelPath, result, rows };
}
