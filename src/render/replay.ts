/*
 * The report of a replay: the run as the model draws it, then whether the
 * diagram's run is feasible and ends in a violation, or where it cannot go
 * on and why: the step the process waits at, or the steps it takes instead,
 * drawn in its column under the run.
 */
import { plural } from '../lang/index.js';
import { stepLabel } from '../trace/drawing.js';
import type { ReplayInput, ReplayResult } from '../trace/replay.js';
import { isVisible, type TraceStep } from '../trace/types.js';
import { renderDiagram } from './diagram.js';
import { type Paint, plain } from './paint.js';
import { violationFooter, violationHeader } from './report.js';

export interface ReplayReportOptions {
  /** What was replayed, e.g. "specs/diagrams/9cfa3e34.txt". */
  readonly what: string;
  readonly paint?: Paint;
  readonly columnWidth?: number;
}

export function renderReplay(r: ReplayResult, input: ReplayInput, options: ReplayReportOptions): string {
  const paint = options.paint ?? plain;
  const { model, outcome } = r;
  const mapping = input.columns.map((c, i) => `${c.title} = ${model.processes[r.processes[i]!]!.name}`).join(', ');
  const out = [paint.strong(`${model.source.name}: replaying ${options.what}`), `  columns: ${mapping}`, ''];
  const width = options.columnWidth ? { columnWidth: options.columnWidth } : {};

  if (outcome.kind === 'infeasible') {
    const e = input.entries[outcome.entry]!;
    const reason = outcome.reason;
    const lines = [`✗ ${e.kind === 'note' ? '--> ' : ''}${e.text}`, `  (${e.label}) cannot happen:`];
    if (reason.steps.length > 0)
      lines.push(
        `  ${reason.kind === 'blocked' ? 'first it takes' : 'it takes instead'}:`,
        ...reason.steps.flatMap((s) => describe(s).map((l) => `    ${l}`)),
      );
    if (reason.kind === 'blocked') {
      lines.push(`  it waits at ${reason.at.text}`);
      if (reason.await) {
        const values = reason.await.values.map((v) => `${v.name} = ${v.value}`).join(', ');
        lines.push(`    await ${reason.await.text.replace(/^await\s+/, '')}, where ${values}`);
      }
    } else {
      lines.push(reason.ends === 'finished' ? '  and finishes' : '  and runs on without it');
    }
    out.push(renderDiagram(r.trace, { ...width, title: paint.strong, tail: { process: outcome.process, lines } }));
    const proc = model.processes[outcome.process]!.name;
    const cannot = e.kind === 'call' ? `call ${e.text}` : `show "${e.text}"`;
    out.push(`${paint.warn('INFEASIBLE')} at ${e.label}: ${proc} cannot ${cannot}`);
    if (reason.kind === 'blocked') {
      out.push(`  blocked at ${reason.at.text} (${reason.at.where})`);
    } else {
      const first = reason.steps.find(isVisible);
      out.push(`  steered away${first ? ` at ${stepLabel(first)} (${first.at})` : ''}`);
    }
  } else {
    out.push(renderDiagram(r.trace, { ...width, title: paint.strong }));
    if (outcome.kind === 'violation') {
      const more = r.trace.steps.length - lastMatchedStep(r) - 1;
      const goesOn = more > 0 ? `goes on ${plural(more, 'more step', 'more steps')} and ` : '';
      out.push(`${paint.bad('FEASIBLE')}: the run ${goesOn}ends in a violation of ${outcome.property}`);
      out.push(violationHeader(r.trace, paint), ...violationFooter(r.trace));
    } else {
      const searched = outcome.complete
        ? ', and no violation is reachable from where it ends'
        : ' found before the search limits';
      out.push(`${paint.good('FEASIBLE')}: the run violates nothing${searched}`);
    }
  }
  if (r.skipped.length > 0) {
    out.push('', 'Not in this model, so skipped:');
    for (const i of r.skipped) {
      const e = input.entries[i]!;
      out.push(
        `  ${e.label}: ${e.kind === 'note' ? '--> ' : ''}${e.text.length > 70 ? `${e.text.slice(0, 67)}...` : e.text}`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}

function describe(s: TraceStep): string[] {
  const head = stepLabel(s);
  const notes = (s.display ? s.notes : s.notes.slice(1)).map((n) => `  ${n.arrow ? '--> ' : ''}${n.text}`);
  return [`${head}   (${s.at})`, ...notes];
}

function lastMatchedStep(r: ReplayResult): number {
  return Math.max(-1, ...r.matched.values());
}
