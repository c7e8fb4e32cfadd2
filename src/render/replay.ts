/*
 * The report of a replay: the run as the model draws it, then whether the
 * diagram's run is feasible and ends in a violation, or where it cannot go
 * on and why: the step the process waits at, or the steps it takes instead,
 * drawn in its column under the run.
 */
import type { ReplayInput, ReplayResult } from '../trace/replay.js';
import type { TraceStep } from '../trace/types.js';
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
      if (reason.await)
        lines.push(
          `    await ${reason.await.text.replace(/^await\s+/, '')}, where ${reason.await.values.map((v) => `${v.name} = ${v.value}`).join(', ')}`,
        );
    } else {
      lines.push(reason.ends === 'finished' ? '  and finishes' : '  and runs on without it');
    }
    out.push(renderDiagram(r.trace, { ...width, title: paint.strong, tail: { process: outcome.process, lines } }));
    const proc = model.processes[outcome.process]!.name;
    out.push(
      `${paint.warn('INFEASIBLE')} at ${e.label}: ${proc} cannot ${e.kind === 'call' ? `call ${e.text}` : `show "${e.text}"`}`,
    );
    if (reason.kind === 'blocked') {
      out.push(`  blocked at ${reason.at.text} (${reason.at.where})`);
    } else {
      const first = reason.steps.find((s) => s.display || s.notes.length);
      out.push(
        `  steered away${first ? ` at ${first.display?.text ?? `--> ${first.notes[0]!.text}`} (${first.at})` : ''}`,
      );
    }
  } else {
    out.push(renderDiagram(r.trace, { ...width, title: paint.strong }));
    if (outcome.kind === 'violation') {
      const more = r.trace.steps.length - lastMatchedStep(r) - 1;
      out.push(
        `${paint.bad('FEASIBLE')}: the run ${more > 0 ? `goes on ${more} more step${more === 1 ? '' : 's'} and ` : ''}ends in a violation of ${outcome.property}`,
      );
      out.push(violationHeader(r.trace, paint), ...violationFooter(r.trace));
    } else {
      out.push(
        `${paint.good('FEASIBLE')}: the run violates nothing${outcome.complete ? ', and no violation is reachable from where it ends' : ' found before the search limits'}`,
      );
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
  const head = s.display?.text ?? (s.notes.length ? `--> ${s.notes[0]!.text}` : 'a silent step');
  const notes = (s.display ? s.notes : s.notes.slice(1)).map((n) => `  ${n.arrow ? '--> ' : ''}${n.text}`);
  return [`${head}   (${s.at})`, ...notes];
}

function lastMatchedStep(r: ReplayResult): number {
  return Math.max(-1, ...r.matched.values());
}
