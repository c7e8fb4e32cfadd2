/*
 * Every output format of `check`, from the results of a run: the human
 * report (diagram or TLC-style text), JSON, ITF, Markdown and Mermaid.
 */
import type { Found } from '../explore/index.js';
import type { CheckResult } from '../pipeline.js';
import { toItf } from './itf.js';
import { checkJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderMermaid } from './mermaid.js';
import type { Paint } from './paint.js';
import { plain } from './paint.js';
import { renderReport, summary } from './report.js';

export const FORMATS = ['diagram', 'text', 'json', 'itf', 'markdown', 'mermaid'] as const;
export type Format = (typeof FORMATS)[number];

/** Formats that describe one model at a time, so a run can print each model as it finishes. */
export function isStreamed(format: Format): boolean {
  return format === 'diagram' || format === 'text' || format === 'markdown' || format === 'mermaid';
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
    case 'mermaid':
      if (result.traces.length === 0) return `%% ${result.model.source.name}: no counterexample to draw\n`;
      return result.traces
        .map((t) => `%% ${result.model.source.name}: ${t.violation?.property}\n${renderMermaid(t)}`)
        .join('\n');
    default:
      throw new Error(`${format} is not a streamed format`);
  }
}

/** The output for a whole run, in a format that is one document. */
export function renderAll(results: readonly CheckResult[], format: Format): string {
  if (format === 'json') return `${JSON.stringify(checkJson(results), null, 2)}\n`;
  const traces = results.flatMap((r) => r.traces.map(toItf));
  return `${JSON.stringify(traces.length === 1 ? traces[0] : traces, null, 2)}\n`;
}
