/*
 * Every output format of `check`, from the results of a run: the human
 * report (diagram or TLC-style text) and Markdown, printed model by model;
 * JSON, ITF and Mermaid, one document for the whole run; and one document per
 * counterexample, for an output file pattern such as 'out/{property}.itf.json'.
 * ITF and Mermaid hold one trace a document: a run with several
 * counterexamples writes ITF through a pattern, and Mermaid as Markdown with
 * one fenced diagram per counterexample.
 */
import type { Found } from '../explore/index.js';
import type { CheckResult, LoadFailure } from '../pipeline.js';
import type { Trace } from '../trace/types.js';
import { renderDiagram } from './diagram.js';
import { toItf } from './itf.js';
import { checkJson } from './json.js';
import { jsonChunks } from './json-stream.js';
import { renderMarkdown } from './markdown.js';
import { renderMermaid } from './mermaid.js';
import type { Paint } from './paint.js';
import { plain } from './paint.js';
import { renderReport, summary } from './report.js';
import { renderText } from './text.js';

export const FORMATS = ['diagram', 'text', 'json', 'itf', 'markdown', 'mermaid'] as const;
export type Format = (typeof FORMATS)[number];

/** Formats that describe one model at a time, so a run can print each model as it finishes. */
export function isStreamed(format: Format): boolean {
  return format === 'diagram' || format === 'text' || format === 'markdown';
}

/** The output for one model, in a streamed format. */
export function renderOne(
  result: CheckResult,
  format: Format,
  options: { paint?: Paint; columnWidth?: number; reproduce?: (f: Found) => string; coverage?: boolean } = {},
): string {
  switch (format) {
    case 'diagram':
    case 'text':
      return `${renderReport(result, { format, ...options })}\n`;
    case 'markdown': {
      const out = [`## ${result.model.source.name}: ${result.model.title}`, ''];
      for (const t of result.traces) out.push(renderMarkdown(t));
      out.push(
        '```text',
        // Without the statistics lines, which differ from run to run.
        ...summary(result.model, result.verdict, plain).filter((l) => !/^\s*(states|liveness) /.test(l)),
        '```',
        '',
      );
      return out.join('\n');
    }
    default:
      throw new Error(`${format} is not a streamed format`);
  }
}

/**
 * Why the run's output does not fit one document of `format`, or undefined when it does: an ITF
 * document holds exactly one trace, and so does a Mermaid file (`path` ending in .mmd or .mermaid;
 * elsewhere several diagrams are written as Markdown).
 */
export function oneDocumentProblem(results: readonly CheckResult[], format: Format, path = ''): string | undefined {
  const n = results.reduce((sum, r) => sum + r.traces.length, 0);
  if (n === 1) return undefined;
  if (format === 'itf')
    return n === 0
      ? 'no counterexample, so no ITF trace to write'
      : `${n} counterexamples, and an ITF document holds one`;
  if (format === 'mermaid' && /\.(mmd|mermaid)$/.test(path))
    return n === 0 ? 'no counterexample, so no diagram to write' : `${n} counterexamples, and a Mermaid file holds one`;
  return undefined;
}

/**
 * The output for a whole run, in a format that is one document (check oneDocumentProblem first for ITF);
 * JSON lists the models that did not load too.
 */
export function renderAll(outcomes: readonly (CheckResult | LoadFailure)[], format: Format): string {
  return [...renderAllChunks(outcomes, format)].join('');
}

/**
 * The same, in pieces: written one after the other, a document of any size gets out (one string holds at
 * most about 500 million characters, and a counterexample of millions of steps is more).
 */
export function* renderAllChunks(outcomes: readonly (CheckResult | LoadFailure)[], format: Format): Generator<string> {
  const results = outcomes.filter((r): r is CheckResult => 'verdict' in r);
  switch (format) {
    case 'json':
      yield* jsonChunks(checkJson(outcomes));
      yield '\n';
      return;
    case 'itf': {
      const traces = results.flatMap((r) => r.traces);
      if (traces.length !== 1) throw new Error(`internal error: ${traces.length} traces for one ITF document`);
      yield* jsonChunks(toItf(traces[0]!));
      yield '\n';
      return;
    }
    case 'mermaid':
      yield mermaidDocument(results);
      return;
    default:
      throw new Error(`${format} is written model by model`);
  }
}

/** One counterexample as a document of its own, in any format (for an output file pattern). */
export function renderTrace(trace: Trace, format: Format, options: { columnWidth?: number } = {}): string {
  return [...traceChunks(trace, format, options)].join('');
}

/** The same, in pieces (JSON and ITF of any size get out). */
export function* traceChunks(trace: Trace, format: Format, options: { columnWidth?: number } = {}): Generator<string> {
  switch (format) {
    case 'diagram':
      yield renderDiagram(trace, options);
      return;
    case 'text':
      yield renderText(trace);
      return;
    case 'json':
      yield* jsonChunks(trace);
      yield '\n';
      return;
    case 'itf':
      yield* jsonChunks(toItf(trace));
      yield '\n';
      return;
    case 'markdown':
      yield renderMarkdown(trace, '#');
      return;
    case 'mermaid':
      yield renderMermaid(trace);
      return;
  }
}

/**
 * One diagram: a Mermaid document. Several (or none): Markdown, a section per model and a fenced
 * ```mermaid block per counterexample, which GitHub, GitLab and mermaid-cli render block by block.
 */
function mermaidDocument(results: readonly CheckResult[]): string {
  const traces = results.flatMap((r) => r.traces);
  if (traces.length === 1) return renderMermaid(traces[0]!);
  const out: string[] = [];
  for (const r of results) {
    out.push(`## ${r.model.source.name}: ${r.model.title}`, '');
    if (r.traces.length === 0) out.push('No counterexample to draw.', '');
    for (const t of r.traces) {
      out.push(`### ${t.violation?.property ?? 'a run'}`, '', '```mermaid', renderMermaid(t).trimEnd(), '```', '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** The names an output file pattern may use: {model} (the file name without .race), {property}, {seq} (from 0). */
export interface TraceName {
  readonly model: string;
  readonly property: string;
  readonly seq: number;
}

/** Whether an output path is a pattern: one file per counterexample. */
export function isPattern(path: string): boolean {
  return /\{(model|property|seq)\}/.test(path);
}

/** The file a counterexample goes to. */
export function expandPattern(pattern: string, name: TraceName): string {
  return pattern.replace(/\{(model|property|seq)\}/g, (_, key: keyof TraceName) => String(name[key]));
}

/** Each counterexample of the run with its name, in order: for the output file patterns. */
export function namedTraces(results: readonly CheckResult[]): { trace: Trace; name: TraceName }[] {
  let seq = 0;
  return results.flatMap((r) =>
    r.traces.map((trace) => ({
      trace,
      name: {
        model: r.model.source.name.replace(/^.*\//, '').replace(/\.race$/, ''),
        property: trace.violation?.property ?? 'run',
        seq: seq++,
      },
    })),
  );
}
