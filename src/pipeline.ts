/*
 * The stages composed: file → AST → Model → TransitionSystem → Verdict →
 * Traces. The CLI commands and the gate call these; they hold no logic of
 * their own beyond what is wired here.
 */
import { readFileSync, statSync } from 'node:fs';
import { compile } from './compile/index.js';
import { type Verdict, breadthFirst, type SearchOptions } from './explore/index.js';
import { type Loc, type Source, fail, makeSource, parseModel } from './lang/index.js';
import { type Define, type Model, buildModel } from './model/index.js';
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
  /** One trace per violation, in the order of verdict.violations. */
  readonly traces: readonly Trace[];
}

export async function checkModel(model: Model, options: SearchOptions = {}): Promise<CheckResult> {
  const verdict = await breadthFirst(compile(model), options);
  const builder = new TraceBuilder(model);
  const traces = verdict.violations.map((c) => builder.build(c));
  return { model, verdict, traces };
}
