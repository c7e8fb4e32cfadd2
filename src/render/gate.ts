/*
 * The gate's table: one row per expectation, then what went wrong for each
 * missed one (with the counterexample's diagram when a property that should
 * hold is violated).
 */
import { where } from '../lang/index.js';
import type { SpecRun } from '../spec/index.js';
import { renderDiagram } from './diagram.js';
import { count, seconds } from './numbers.js';
import { type Paint, plain } from './paint.js';
import { violationFooter, violationHeader } from './report.js';

export function renderGate(runs: readonly SpecRun[], paint: Paint = plain): string {
  const header = ['spec', 'model', 'property', 'expected', 'got', 'states', 'time', ''];
  // A spec's name, model and statistics are shown on its first row only.
  const rows = runs.flatMap((run) =>
    run.rows.map((r, i) => [
      i === 0 ? r.spec.name : '',
      i === 0 ? run.modelPath : '',
      r.property,
      r.expected,
      r.got,
      i === 0 ? count(run.result.verdict.stats.distinct) : '',
      i === 0 ? seconds(run.result.verdict.stats.seconds) : '',
      r.ok ? 'ok' : 'MISSED',
    ]),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[], color = (s: string) => s) =>
    cells.map((c, i) => (i === cells.length - 1 ? color(c) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const out = [paint.strong(line(header)), ...rows.map((r) => line(r, r[7] === 'ok' ? paint.good : paint.bad))];

  const missed = runs.flatMap((run) => run.rows.filter((r) => !r.ok).map((r) => ({ run, r })));
  const total = rows.length;
  out.push('', `${total} expectation${total === 1 ? '' : 's'}: ${total - missed.length} met, ${missed.length} missed`);
  for (const { run, r } of missed) {
    out.push('', `${where(r.spec.source, r.at)}: ${paint.bad('missed')}: expected ${r.property} to be ${r.expected}, but it ${gotText(r.got)} in ${run.modelPath}`);
    const trace = run.result.traces.find((t) => t.violation?.property === r.property);
    if (trace) out.push('', violationHeader(trace, paint), '', renderDiagram(trace), ...violationFooter(trace));
    else if (r.got === 'holds') out.push(`  no reachable state violates it (${count(run.result.verdict.stats.distinct)} states explored)`);
  }
  return out.join('\n') + '\n';
}

function gotText(got: string): string {
  return got === 'unknown' ? 'could not be decided before a limit' : got === 'holds' ? 'holds' : 'is violated';
}
