/*
 * The first stage of every command: a file read (with a diagnostic at the
 * place its name was written when it cannot be), parsed and built into a
 * Model; and the properties a command asks for, by name.
 */
import { readFileSync, statSync } from 'node:fs';
import {
  asError,
  type Diagnostic,
  DiagnosticError,
  fail,
  type Loc,
  makeSource,
  parseModel,
  type Source,
  where,
} from '../lang/index.js';
import { buildModel, type Define, type Model } from '../model/index.js';

/** Where a file name was written (a spec line, the command line), to point at when it cannot be read. */
export interface Ref {
  readonly source: Source;
  readonly at: Loc;
}

/** A file's text as a Source; `ref` says where its name was written (default: nowhere but the name itself). */
export function readSource(path: string, ref: Ref = nameRef(path)): Source {
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

/** A model that did not load, as a result of its own (so that a run over several models reports every one). */
export interface LoadFailure {
  /** The file as given. */
  readonly file: string;
  readonly diagnostic: Diagnostic;
  readonly exit: 'error';
}

/** How a library caller asks for a model: its constants by name, and its text when it is not in a file. */
export interface LoadOptions {
  /** Constants to set, as -D does: a number, true or false, or an enum member's name. */
  readonly constants?: Readonly<Record<string, number | boolean | string>>;
  /** The model's text; `path` then only names it (in diagnostics and traces). */
  readonly text?: string;
  /** A warning is an error: the first one fails the load (--strict). */
  readonly strict?: boolean;
}

/**
 * Reads, parses and builds a model (whose warnings the caller prints, or, strict, that fail the load).
 * The commands pass their -D's as Defines (each pointing into the command line, for its diagnostics),
 * where the path was written and whether warnings are errors; a library caller passes LoadOptions.
 */
export function loadModel(
  path: string,
  options: LoadOptions | readonly Define[] = {},
  ref?: Ref,
  flags: Pick<LoadOptions, 'strict'> = {},
): Model {
  const given: LoadOptions = isDefines(options) ? flags : options;
  const source = given.text !== undefined ? makeSource(path, given.text) : readSource(path, ref);
  const defines = isDefines(options) ? options : definesOf(options.constants ?? {});
  const model = buildModel(parseModel(source), source, defines);
  const first = model.warnings[0];
  if (given.strict && first) throw new DiagnosticError(asError(first, '(--strict: warnings are errors)'));
  return model;
}

function isDefines(options: LoadOptions | readonly Define[]): options is readonly Define[] {
  return Array.isArray(options);
}

/** Constants given by name, as -D's: each points into a one-line text `NAME=VALUE ...` named <constants>. */
function definesOf(constants: Readonly<Record<string, number | boolean | string>>): Define[] {
  let text = '';
  const at: number[] = [];
  for (const [name, value] of Object.entries(constants)) {
    if (text) text += ' ';
    at.push(text.length);
    text += `${name}=${String(value)}`;
  }
  const source = makeSource('<constants>', text);
  return Object.entries(constants).map(([name, value], i) => ({
    name,
    value: String(value),
    source,
    at: { offset: at[i]!, length: name.length },
    valueAt: { offset: at[i]! + name.length + 1, length: Math.max(1, String(value).length) },
  }));
}

/** A file named by a caller with no text of its own to point into: the diagnostic names the file. */
function nameRef(path: string): Ref {
  return { source: makeSource(path, ''), at: { offset: 0, length: 0 } };
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
