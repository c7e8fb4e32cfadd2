/*
 * The first stage of every command: a file read (with a diagnostic at the
 * place its name was written when it cannot be), parsed and built into a
 * Model; and the properties a command asks for, by name.
 *
 * Every file racecheck reads is read here, and read carefully, because the
 * gate runs on pull requests: only a regular file of at most MAX_FILE_BYTES
 * (a FIFO, /dev/zero or a folder is refused before it is opened for reading);
 * a path named in a spec stays inside the spec's repository, symbolic links
 * resolved (see repositoryRoot); and a file that is not text, or does not even
 * begin as a model (or spec), is refused at the place its name was written,
 * with nothing of its content shown (a diagnostic shows the line it points
 * at: that line could be a secret of /proc/self/environ or a key file).
 */
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  realpathSync,
  type Stats,
  statSync,
} from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import {
  asError,
  controlCharacterAt,
  type Diagnostic,
  DiagnosticError,
  fail,
  type Loc,
  lineCol,
  makeSource,
  parseModel,
  type Source,
  visible,
  where,
} from '../lang/index.js';
import { skipTrivia } from '../lang/lexer.js';
import { buildModel, type Define, limitStages, type Model, type StageLimits } from '../model/index.js';

/** Where a file name was written (a spec line, the command line), to point at when it cannot be read. */
export interface Ref {
  readonly source: Source;
  readonly at: Loc;
}

/** The largest file racecheck reads: 16 MiB (the largest bundled model is about 30 KiB). */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** How a file is read: what it should be (for messages) and the folder it must stay inside, if any. */
export interface ReadPolicy {
  /** What the file is, in messages: "model", "spec file", "race diagram" (default: "file"). */
  readonly what?: string;
  /**
   * The file, symbolic links resolved, must be inside this folder (a spec's repository): for paths a file
   * names (a spec's model and diagrams) and symbolic links a folder walk finds. The command line is trusted.
   */
  readonly within?: string;
}

/** A file's text as a Source; `ref` says where its name was written (default: nowhere but the name itself). */
export function readSource(path: string, ref: Ref = nameRef(path), policy: ReadPolicy = {}): Source {
  const what = policy.what ?? 'file';
  const refuse = (why: string): never => fail(ref.source, ref.at, `'${visible(path)}' ${why}`);
  if (policy.within !== undefined) {
    const outside = outsideOf(path, policy.within);
    if (outside) refuse(outside);
  }
  const bytes = readRegularFile(path, ref, refuse);
  // A NUL byte: a binary file, or /proc/self/environ; whatever it is, nothing of it is shown.
  if (bytes.includes(0)) refuse(`is not a racecheck ${what}: it holds NUL bytes (a binary file)`);
  const text = new TextDecoder('utf-8').decode(bytes);
  noControlCharacters(text, path, what, refuse);
  return makeSource(path, text);
}

/**
 * The file's bytes: only a regular file, of at most MAX_FILE_BYTES. stat first, so that a FIFO (which would
 * block the open) or a device (/dev/zero: endless) is never opened; then opened without blocking and looked
 * at again through the descriptor (it may have been swapped since), and read to one byte past the bound
 * (a file in /proc says it is empty, and is not).
 */
function readRegularFile(path: string, ref: Ref, refuse: (why: string) => never): Buffer {
  let fd: number | undefined;
  try {
    const kind = (s: Stats) => {
      if (s.isDirectory()) refuse('is a folder, not a file');
      if (!s.isFile()) refuse('is not a regular file (a FIFO, socket or device): racecheck reads only files');
      if (s.size > MAX_FILE_BYTES) refuse(tooLarge);
    };
    kind(statSync(path));
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    kind(fstatSync(fd));
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(1 << 20, MAX_FILE_BYTES + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > MAX_FILE_BYTES) refuse(tooLarge);
    }
    return Buffer.concat(chunks);
  } catch (e) {
    if (e instanceof DiagnosticError) throw e;
    if (e instanceof Error && 'code' in e) {
      const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EACCES' ? 'permission denied' : String(e.code);
      fail(ref.source, ref.at, `cannot read '${visible(path)}': ${why}`);
    }
    throw e;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const tooLarge = `is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB: racecheck reads no file that large`;

/** A control character but tab, LF and CR: not a text racecheck reads (a terminal would act on it). */
function noControlCharacters(text: string, path: string, what: string, refuse: (why: string) => never): void {
  const at = controlCharacterAt(text);
  if (at < 0) return;
  const { line, col } = lineCol(makeSource(path, text), at);
  refuse(`is not a racecheck ${what}: it holds a control character (${visible(text[at]!)}) at ${line}:${col}`);
}

/**
 * The repository of a file that names other files (a spec), or of a folder walked: the nearest folder,
 * from the file's own folder (or the folder walked) up, that holds `.git` or `package.json`; else that
 * folder itself. The paths a spec names, and the symbolic links a walk follows, stay inside it.
 */
export function repositoryRoot(folder: string): string {
  const start = resolve(folder);
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git')) || existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return start;
  }
}

/** Why `path` is not inside `root` (written with `..` past it, or a symbolic link out of it), or undefined. */
export function outsideOf(path: string, root: string): string | undefined {
  const inside = (p: string, r: string) => p === r || p.startsWith(r.endsWith(sep) ? r : r + sep);
  if (!inside(resolve(path), resolve(root))) return `is outside the repository (${repositoryName(root)})`;
  let real: string;
  try {
    real = realpathSync(path);
  } catch (e) {
    // A broken link is not followed anywhere; any other problem is the read's to report.
    if (e instanceof Error && 'code' in e && e.code === 'ENOENT') {
      return hasBrokenLink(path, root) ? 'is a broken symbolic link' : undefined;
    }
    return undefined;
  }
  if (!inside(real, realpathSync(root)))
    return `is a symbolic link to a file outside the repository (${repositoryName(root)})`;
  return undefined;
}

/** Whether `path`, or a folder on the way to it below `root`, is a symbolic link that does not resolve. */
function hasBrokenLink(path: string, root: string): boolean {
  for (let p = resolve(path); p !== resolve(root) && dirname(p) !== p; p = dirname(p)) {
    try {
      if (lstatSync(p).isSymbolicLink() && statSync(p, { throwIfNoEntry: false }) === undefined) return true;
    } catch {
      // Not there at all: look further up.
    }
  }
  return false;
}

/** The repository as messages name it: relative to the working directory. */
function repositoryName(root: string): string {
  return visible(relative('.', root) || '.');
}

/**
 * A path written in a spec (`model "…"`, `replay "…"`): relative to the spec file, inside its repository.
 * Returns it relative to the working directory, with the repository to read it within.
 */
export function specPath(written: string, specFile: string, at: Loc, spec: Source): { path: string; within: string } {
  if (written === '') fail(spec, at, 'the path is empty');
  if (isAbsolute(written)) {
    fail(spec, at, 'a path in a spec is relative to the spec file: racecheck reads nothing outside its repository');
  }
  const within = repositoryRoot(dirname(specFile));
  const full = resolve(dirname(specFile), written);
  const path = relative('.', full) || '.';
  const outside = outsideOf(full, within);
  if (outside) fail(spec, at, `'${visible(written)}' ${outside}`);
  return { path, within };
}

/**
 * Parses a file's source; when the first thing wrong is its very first token (or it holds no token), it is
 * not a racecheck file at all: the diagnostic goes to the place its name was written and shows nothing of
 * its content (which a diagnostic in the file would, the whole first line).
 */
export function parseFile<T>(
  source: Source,
  ref: Ref = nameRef(source.name),
  what: string,
  parse: (source: Source) => T,
): T {
  try {
    return parse(source);
  } catch (e) {
    if (!(e instanceof DiagnosticError) || e.diagnostic.source !== source) throw e;
    const d = e.diagnostic;
    let first: number;
    try {
      first = skipTrivia(source, 0);
    } catch {
      first = d.loc.offset; // an unterminated /* before anything: nothing in the file is a token
    }
    if (d.loc.offset > first) throw e;
    const name = visible(source.name);
    // No token at all (empty, blanks, comments): the parser says what is missing, at the file's name.
    if (first >= source.text.length) fail(ref.source, ref.at, `'${name}': ${d.message}`, d.hint);
    fail(ref.source, ref.at, `'${name}' is not a racecheck ${what}: ${firstTokenHint(what)}`);
  }
}

function firstTokenHint(what: string): string {
  return what === 'spec file'
    ? 'a spec file is a list of spec "name" { … } blocks'
    : 'a model begins with a declaration (model, const, enum, var, def, process, proc, invariant, …)';
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
  /** The model file, symbolic links resolved, must be inside this folder (see ReadPolicy). */
  readonly within?: string;
  /**
   * --max-memory and --max-time from before the file is read until the model is compiled: building and
   * compiling a model expand it, and a one-line model can ask for more than the machine has (model/budget.ts).
   */
  readonly limits?: StageLimits;
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
  flags: Pick<LoadOptions, 'strict' | 'within' | 'limits'> = {},
): Model {
  const given: LoadOptions = isDefines(options) ? flags : options;
  if (given.limits) limitStages(given.limits);
  const at = ref ?? nameRef(path);
  const source =
    given.text !== undefined
      ? textSource(path, given.text, at)
      : readSource(path, at, { what: 'model', ...(given.within !== undefined && { within: given.within }) });
  const defines = isDefines(options) ? options : definesOf(options.constants ?? {});
  const model = buildModel(
    parseFile(source, at, 'model', (s) => parseModel(s)),
    source,
    defines,
  );
  // Nothing to explore is not a model that holds: it is a model that says nothing (an empty file, a typo'd name).
  if (model.processes.length === 0) {
    fail(at.source, at.at, `'${visible(path)}' declares no process: there is nothing to check`);
  }
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

/** A library caller's text: held to the rules of a file's (no control characters). */
function textSource(path: string, text: string, ref: Ref): Source {
  noControlCharacters(text, path, 'model', (why) => fail(ref.source, ref.at, `'${visible(path)}' ${why}`));
  return makeSource(path, text);
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
