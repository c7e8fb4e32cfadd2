/*
 * The output of `merge`: a table (per model, each property's status, with the length of its
 * counterexample and how to reproduce it) or one JSON document in the shape `check --format json`
 * writes. The names in the table come from files that may be hostile: control characters (ESC,
 * CR, line and paragraph separators, bidirectional overrides) are shown as escapes, never sent to
 * the terminal as they are.
 */
import type { Merged } from '../pipeline.js';
import { JSON_SCHEMA } from './json.js';

// C0 and C1 controls, DEL, the line and paragraph separators, and the bidirectional controls.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `text` with each control character as an escape (\n, \x1b, \u202e): visible, and one line. */
export function visible(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return NAMED[c] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`);
  });
}

/** `text` visible and at most `max` characters (a name from a file can be a megabyte long). */
export function clip(text: string, max = 80): string {
  const shown = visible(text.length > max * 4 ? text.slice(0, max * 4) : text);
  return shown.length > max ? `${shown.slice(0, max - 1)}…` : shown;
}

/** A name from a file, quoted for a message. */
export function quoted(text: string): string {
  return `'${clip(text)}'`;
}

export function renderMerged(merged: Merged, format: 'table' | 'json'): string {
  if (format === 'json') return `${JSON.stringify({ schema: JSON_SCHEMA, models: merged.models }, null, 2)}\n`;
  const out: string[] = [];
  for (const m of merged.models) {
    const d = m.diagnostic;
    const error = d && `${visible(d.file)}:${d.line}:${d.column}: ${visible(d.message)}`;
    if (!m.properties) {
      out.push(`${visible(m.file)}: did not load${error ? `: ${error}` : ''}`);
      continue;
    }
    out.push(
      `${visible(m.file)}: ${visible(m.model ?? '')}${m.random ? ` (${m.random.runs} random runs in all)` : ''}`,
    );
    if (error) out.push(`  error      ${error}`);
    // Unknown after a run a limit stopped is undecided; after random runs that all ran, not found.
    const unknown = m.status === 'limit' || m.limit !== undefined ? 'undecided' : 'not found';
    for (const p of m.properties) {
      const t = m.counterexamples?.find((c) => c.violation?.property === p.name);
      const f = t && m.random?.found.find((x) => x.property === p.name);
      const how = t ? ` (${t.steps.length} steps${f ? `; seed ${f.seed}, path ${f.path}` : ''})` : '';
      out.push(`  ${(p.status === 'unknown' ? unknown : p.status).padEnd(9)}  ${visible(p.name)}${how}`);
    }
    if (m.status === 'limit' && m.limit)
      out.push(`  stopped    at a limit (${m.limit}) in a run, and no other run decided`);
  }
  return `${out.join('\n')}\n`;
}
