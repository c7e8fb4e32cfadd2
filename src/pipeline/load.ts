/*
 * The first stage of every command: a file read (with a diagnostic at the
 * place its name was written when it cannot be), parsed and built into a
 * Model (whose warnings the caller prints, or, strict, that fail the load);
 * and the properties a command asks for, by name.
 */
import { readFileSync, statSync } from 'node:fs';
import { asError, DiagnosticError, fail, type Loc, makeSource, parseModel, type Source, where } from '../lang/index.js';
import { buildModel, type Define, type Model } from '../model/index.js';

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

export interface LoadOptions {
  /** A warning is an error: the first one fails the load (--strict). */
  readonly strict?: boolean;
}

export function loadModel(path: string, defines: readonly Define[], ref: Ref, options: LoadOptions = {}): Model {
  const source = readSource(path, ref);
  const model = buildModel(parseModel(source), source, defines);
  const first = model.warnings[0];
  if (options.strict && first) throw new DiagnosticError(asError(first, '(--strict: warnings are errors)'));
  return model;
}

/**
 * The indices of the properties named (undefined for none named: all of them).
 * An unknown name is a diagnostic at the place `refOf` says it was written.
 */
export function selectProperties(
  model: Model,
  names: readonly string[],
  refOf: (name: string) => Ref,
): number[] | undefined {
  if (names.length === 0) return undefined;
  return names.map((name) => {
    const p = model.properties.find((q) => q.name === name);
    if (!p) {
      const { source, at } = refOf(name);
      const known = model.properties.map((q) => q.name).join(', ');
      fail(
        source,
        at,
        `${where(model.source, { offset: 0, length: 0 }).replace(/:1:1$/, '')} has no property '${name}'`,
        `its properties are: ${known}`,
      );
    }
    return p.index;
  });
}
