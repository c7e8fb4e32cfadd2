/*
 * Literate CLI tests: the command examples in the README and docs/ are run, and their output and
 * exit code compared, so the documentation cannot drift from the program (as Quint pins its CLI
 * with txm and io-cli-tests.md; this is our own, smaller harness). test/cli/README.md describes
 * the convention for writers; in short:
 *
 * - An example is a fenced block tagged `console` whose first line is `$ racecheck ...`. The
 *   lines after a command, up to the next `$ ` line or the end of the block, are its exact output
 *   as a terminal shows it: standard output and standard error together, in the order written.
 *   A command may continue on the next line after a trailing ` \`.
 * - The exit code is 0 unless the command ends with the comment `# exits N` (`# exit N`, and
 *   anything after the number, are fine too).
 * - A fenced block tagged `race NAME.race` (a model), `spec NAME.spec` (a spec file) or `diagram NAME.txt`
 *   (or `text NAME.txt`: a race diagram) defines a file of the document. A command that names such a file
 *   runs in a scratch folder holding the document's files; any other command runs in the repository root. Either way
 *   `racecheck` is `node bin/racecheck.js` of this checkout, with NO_COLOR=1, COLUMNS=80 and nothing
 *   else of the caller's environment.
 * - What is not deterministic is masked on both sides, and nothing else: a duration (`0.14 s`,
 *   any `N.N s`) and a rate (`674,159 states/s`, `25,657 steps/s`). The lines a long search
 *   writes to stderr every two seconds (`[racecheck] FILE: 2.00 s, depth ...`) are dropped from
 *   the output. State counts, depths, bytes stored and bits a state are compared exactly.
 * - A line that is only `…` stands for any number of output lines (none included): for a
 *   document that shows part of a long output. Trailing blank lines are not compared.
 *
 * Only `racecheck` commands are run, never a shell: no pipes, redirections or variables.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers.js';

/** A fenced block of a Markdown document. */
export interface Fence {
  /** The info string after the opening fence, trimmed (`console`, `race lost_update.race`). */
  info: string;
  /** 1-based line of the opening fence. */
  line: number;
  lines: string[];
}

/** One command of a document, with the output and exit code the document says it has. */
export interface Example {
  /** Where the command is: `README.md:25`. */
  where: string;
  /** The command as written (`racecheck check x.race`), continuation lines joined, without `$ ` and the comment. */
  command: string;
  /** The arguments after `racecheck`. */
  args: string[];
  exit: number;
  /** The output lines the document shows, each with its line in the document. */
  expected: { text: string; line: number }[];
  /** Whether the command names a file the document defines (then it runs among them). */
  usesDocumentFiles: boolean;
}

export interface Document {
  file: string;
  /** The files defined by ```race NAME.race, ```spec NAME.spec and ```text NAME.txt blocks, by name. */
  files: Map<string, string>;
  examples: Example[];
}

/**
 * The blocks that define a file of the document when they are named (```race x.race), and their extension.
 * `diagram` and `text` both name a race diagram (docs/diagrams.md uses one, docs/specs.md the other).
 */
const FILE_BLOCKS: Readonly<Record<string, string>> = { race: '.race', spec: '.spec', diagram: '.txt', text: '.txt' };

/** The line that stands for any number of output lines. */
export const ELISION = '…';

export class DocumentError extends Error {}

/** The fenced blocks of a Markdown text (fences at the start of a line, ``` or ~~~). */
export function fences(text: string): Fence[] {
  const lines = text.split('\n');
  const out: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,}|~{3,})(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const marker = open[1]!;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !isClosing(lines[i]!, marker); i++) body.push(lines[i]!);
    out.push({ info: open[2]!.trim(), line: start + 1, lines: body });
  }
  return out;
}

function isClosing(line: string, marker: string): boolean {
  const m = /^(`{3,}|~{3,})\s*$/.exec(line);
  return m !== null && m[1]![0] === marker[0] && m[1]!.length >= marker.length;
}

/** Reads a document's files and examples; `file` is the name used in messages. */
export function parseDocument(file: string, text: string): Document {
  const files = new Map<string, string>();
  const blocks: Fence[] = [];
  for (const f of fences(text)) {
    const [lang, name, ...rest] = f.info.split(/\s+/);
    const extension = lang === undefined ? undefined : FILE_BLOCKS[lang];
    if (extension !== undefined && name !== undefined) {
      if (rest.length > 0 || !/^[\w.-]+$/.test(name) || !name.endsWith(extension))
        throw new DocumentError(
          `${file}:${f.line}: a ${lang} block is named by one file name, like \`${lang} x${extension}\``,
        );
      if (files.has(name)) throw new DocumentError(`${file}:${f.line}: ${name} is defined twice`);
      files.set(name, `${f.lines.join('\n')}\n`);
    } else if (lang === 'console') {
      blocks.push(f);
    }
  }
  const examples = blocks.flatMap((b) => examplesOf(file, b, files));
  return { file, files, examples };
}

function examplesOf(file: string, block: Fence, files: Map<string, string>): Example[] {
  const at = (i: number) => `${file}:${block.line + 1 + i}`;
  if (!block.lines[0]?.startsWith('$ '))
    throw new DocumentError(`${at(0)}: a console block starts with a command: \`$ racecheck ...\``);
  const examples: Example[] = [];
  let i = 0;
  while (i < block.lines.length) {
    const first = i;
    let command = block.lines[i]!.slice(2);
    while (command.endsWith('\\') && i + 1 < block.lines.length)
      command = `${command.slice(0, -1)} ${block.lines[++i]}`;
    i++;
    const expected: { text: string; line: number }[] = [];
    for (; i < block.lines.length && !block.lines[i]!.startsWith('$ '); i++)
      expected.push({ text: block.lines[i]!, line: block.line + 1 + i });
    const { words, exit } = splitCommand(command, at(first));
    if (words[0] !== 'racecheck') throw new DocumentError(`${at(first)}: only racecheck commands are run`);
    const args = words.slice(1);
    examples.push({
      where: at(first),
      command: command
        .replace(/\s+#.*$/, '')
        .replace(/\s+/g, ' ')
        .trim(),
      args,
      exit,
      expected,
      usesDocumentFiles: args.some((a) => files.has(a)),
    });
  }
  return examples;
}

/** Splits a command line into words ('...' and "..." quote), and reads its `# exits N` comment. */
export function splitCommand(command: string, where: string): { words: string[]; exit: number } {
  const words: string[] = [];
  let word: string | undefined;
  let exit = 0;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (c === "'" || c === '"') {
      const end = command.indexOf(c, i + 1);
      if (end < 0) throw new DocumentError(`${where}: unclosed ${c}`);
      word = (word ?? '') + command.slice(i + 1, end);
      i = end;
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === '#' && word === undefined) {
      const code = /^#\s*exits?\s+(\d+)\b/.exec(command.slice(i));
      if (code) exit = Number(code[1]);
      break;
    } else if (/[|&;<>$`*?()]/.test(c)) {
      throw new DocumentError(`${where}: '${c}' needs a shell, and the examples are run without one`);
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== undefined) words.push(word);
  return { words, exit };
}

/** The output of one run, as a terminal would show it. */
export interface Run {
  code: number;
  output: string;
}

/** Runs an example's command: in `dir` if it names the document's files, else in the repository root. */
export function runExample(example: Example, dir: string): Run {
  const folder = mkdtempSync(join(tmpdir(), 'racecheck-literate-out-'));
  const capture = join(folder, 'output');
  const fd = openSync(capture, 'w');
  try {
    // One file for both streams: the child's writes land in the order it made them.
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'racecheck.js'), ...example.args], {
      cwd: example.usesDocumentFiles ? dir : ROOT,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', COLUMNS: '80' },
      stdio: ['ignore', fd, fd],
      timeout: 300_000,
    });
    if (r.error) throw r.error;
    return { code: r.status ?? -1, output: readFileSync(capture, 'utf8') };
  } finally {
    closeSync(fd);
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Writes a document's files into a fresh scratch folder and returns it. */
export function scratchFolder(doc: Document): string {
  const dir = mkdtempSync(join(tmpdir(), 'racecheck-literate-'));
  for (const [name, text] of doc.files) writeFileSync(join(dir, name), text);
  return dir;
}

/** Hides what differs from run to run: durations and rates (states/s, and steps/s of random search). */
export function mask(line: string): string {
  return line.replace(/\b\d+\.\d+ s\b/g, '<seconds>').replace(/\b\d[\d,]* (states|steps)\/s\b/g, '<rate> $1/s');
}

const PROGRESS = /^\[racecheck\] .*: \d+\.\d+ s, depth \d+/;

/**
 * Compares an example's output with a run's: undefined if they agree, else a readable report
 * (the command's file:line, then a diff with the document's lines marked `-` and their line
 * numbers, the program's marked `+`).
 */
export function compare(example: Example, run: Run): string | undefined {
  const actual = trimEnd(run.output.split('\n').filter((l) => !PROGRESS.test(l)));
  const expected = trimEnd(example.expected.map((e) => e.text));
  const diff = alignLines(expected, actual);
  const same = diff.every((d) => d.kind === ' ' || d.kind === '…');
  if (same && run.code === example.exit) return undefined;
  const head = `${example.where}: ${example.command}`;
  const exit = run.code === example.exit ? [] : [`  exits ${run.code}, the document says ${example.exit}`];
  if (same) return [head, ...exit].join('\n');
  const lineOf = (i: number) => example.expected[i]!.line;
  const file = example.where.replace(/:\d+$/, '');
  return [
    head,
    ...exit,
    `  its output differs (- ${file}, + racecheck):`,
    ...showDiff(diff, (i) => `${file}:${lineOf(i)}`),
  ].join('\n');
}

function trimEnd(lines: string[]): string[] {
  let n = lines.length;
  while (n > 0 && lines[n - 1]!.trim() === '') n--;
  return lines.slice(0, n);
}

/** One line of an alignment: both sides agree, only the document has it, only the run, or elided. */
export interface DiffLine {
  kind: ' ' | '-' | '+' | '…';
  text: string;
  /** Index into the expected lines (for ' ', '-' and '…'). */
  expected?: number;
}

/**
 * Aligns expected lines (which may contain `…` lines) with actual ones, comparing them masked, by
 * the fewest lines added and removed (an edit-distance table: outputs are a few hundred lines).
 */
export function alignLines(expected: string[], actual: string[]): DiffLine[] {
  const e = expected.map(mask);
  const a = actual.map(mask);
  const n = e.length;
  const m = a.length;
  const w = m + 1;
  const cost = new Uint32Array((n + 1) * w);
  for (let i = n; i >= 0; i--)
    for (let j = m; j >= 0; j--) {
      if (i === n) cost[i * w + j] = m - j;
      else if (e[i] === ELISION)
        cost[i * w + j] = Math.min(cost[(i + 1) * w + j]!, j < m ? cost[i * w + j + 1]! : Infinity);
      else if (j === m) cost[i * w + j] = 1 + cost[(i + 1) * w + j]!;
      else if (e[i] === a[j]) cost[i * w + j] = cost[(i + 1) * w + j + 1]!;
      else cost[i * w + j] = 1 + Math.min(cost[(i + 1) * w + j]!, cost[i * w + j + 1]!);
    }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    const here = cost[i * w + j]!;
    if (i < n && e[i] === ELISION) {
      if (j < m && cost[i * w + j + 1] === here) out.push({ kind: '…', text: actual[j++]!, expected: i });
      else i++;
    } else if (i < n && j < m && e[i] === a[j] && cost[(i + 1) * w + j + 1] === here) {
      out.push({ kind: ' ', text: actual[j]!, expected: i });
      i++;
      j++;
    } else if (i < n && cost[(i + 1) * w + j]! + 1 === here) {
      out.push({ kind: '-', text: expected[i]!, expected: i });
      i++;
    } else {
      out.push({ kind: '+', text: actual[j++]! });
    }
  }
  return out;
}

/** A diff with three lines of context around each change, elided runs folded into one line. */
function showDiff(diff: DiffLine[], where: (expected: number) => string, context = 3): string[] {
  const changed = diff.map((d) => d.kind === '-' || d.kind === '+');
  const near = diff.map((_, k) => changed.slice(Math.max(0, k - context), k + context + 1).some(Boolean));
  const out: string[] = [];
  let skipped = false;
  for (let k = 0; k < diff.length; k++) {
    const d = diff[k]!;
    if (!near[k]) {
      if (!skipped) out.push('    ...');
      skipped = true;
      continue;
    }
    skipped = false;
    if (d.kind === '…') {
      let run = 1;
      while (diff[k + 1]?.kind === '…' && near[k + 1]) {
        k++;
        run++;
      }
      out.push(`    ${ELISION} (${run} line${run === 1 ? '' : 's'} of output)`);
    } else if (d.kind === '-') out.push(`  - ${d.text}    <- ${where(d.expected!)}`);
    else out.push(`  ${d.kind} ${d.text}`);
  }
  return out;
}
