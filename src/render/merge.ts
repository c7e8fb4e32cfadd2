/*
 * The output of `merge`: a table (per model, each property's status, with
 * the length of its counterexample and how to reproduce it) or one JSON
 * document in the shape `check --format json` writes.
 */
import type { Merged } from '../pipeline.js';
import { JSON_SCHEMA } from './json.js';

export function renderMerged(merged: Merged, format: 'table' | 'json'): string {
  if (format === 'json') return `${JSON.stringify({ schema: JSON_SCHEMA, models: merged.models }, null, 2)}\n`;
  const out: string[] = [];
  for (const m of merged.models) {
    const d = m.diagnostic;
    if (!m.properties) {
      out.push(`${m.file}: did not load${d ? `: ${d.file}:${d.line}:${d.column}: ${d.message}` : ''}`);
      continue;
    }
    out.push(`${m.file}: ${m.model}${m.random ? ` (${m.random.runs} random runs in all)` : ''}`);
    if (d) out.push(`  error      ${d.file}:${d.line}:${d.column}: ${d.message}`);
    for (const p of m.properties) {
      const t = m.counterexamples?.find((c) => c.violation?.property === p.name);
      const f = m.random?.found.find((x) => x.property === p.name && t);
      const how = t ? ` (${t.steps.length} steps${f ? `; seed ${f.seed}, path ${f.path}` : ''})` : '';
      out.push(`  ${(p.status === 'unknown' ? 'not found' : p.status).padEnd(9)}  ${p.name}${how}`);
    }
  }
  return `${out.join('\n')}\n`;
}
