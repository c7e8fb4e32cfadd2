/*
 * The report of a replay: the run as the model draws it (the steps the
 * diagram leaves out marked `+` in the margin), then the verdict: feasible,
 * and the violation it ends in or none; infeasible, with the entry no run
 * draws and why, in every state where the search stopped (each different
 * reason with how many states it holds in); or undecided, when a limit
 * stopped the search first. Lines skipped as commentary close the report.
 */
import { plural } from '../lang/index.js';
import { stepLabel } from '../trace/drawing.js';
import type { Condition, Reason, ReplayInput, ReplayResult, StopReason } from '../trace/replay.js';
import type { TraceStep } from '../trace/types.js';
import { renderDiagram } from './diagram.js';
import { limitName } from './explain.js';
import { count } from './numbers.js';
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
  const drawing = {
    title: paint.strong,
    marked: r.filled,
    ...(options.columnWidth && { columnWidth: options.columnWidth }),
  };
  const legend = r.filled.size > 0 ? [`(+ marks the ${plural(r.filled.size, 'step')} the diagram leaves out)`, ''] : [];

  if (outcome.kind === 'infeasible') {
    const e = input.entries[outcome.entry]!;
    const first = outcome.reasons[0]!;
    const lines = [`✗ ${e.kind === 'note' ? '--> ' : ''}${e.text}`, `  (${e.label}) cannot happen:`];
    // The run drawn stops in one of the stopping states: its own reason ends it.
    const shown = outcome.shown;
    const waits = shown.kind === 'blocked';
    if (r.after.length > 0)
      lines.push(`  ${waits ? 'first it takes' : 'it takes instead'}:`, ...r.after.flatMap((s) => describe(s)));
    if (shown.kind === 'blocked') lines.push(`  it waits at ${shown.at.text}`);
    else if (r.after.length > 0) lines.push('  and finishes');
    out.push(renderDiagram(r.trace, { ...drawing, tail: { process: outcome.process, lines } }), ...legend);
    const proc = model.processes[outcome.process]!.name;
    const cannot = e.kind === 'call' ? `call ${e.text}` : `show "${e.text}"`;
    out.push(`${paint.warn('INFEASIBLE')} at ${e.label}: ${proc} cannot ${cannot}`);
    const where = plural(outcome.stops, 'state');
    if (outcome.reasons.length === 1) {
      out.push(`  in every one of the ${where} where the search stopped:`, ...reasonLines(first, '  '));
    } else {
      out.push(`  the reasons differ across the ${where} where the search stopped:`);
      for (const s of outcome.reasons) out.push(`  in ${plural(s.states, 'state')}:`, ...reasonLines(s, '    '));
    }
  } else if (outcome.kind === 'undecided') {
    out.push(renderDiagram(r.trace, drawing), ...legend);
    const e = input.entries[outcome.entry];
    const furthest = e ? `; the runs searched got as far as ${e.label}` : '';
    out.push(
      `${paint.warn('UNDECIDED')}: ${limitName(outcome.limit)} stopped the search before any run drew the diagram`,
    );
    out.push(`  (no verdict: the diagram may or may not be a run of the model${furthest})`);
  } else {
    out.push(renderDiagram(r.trace, drawing), ...legend);
    if (outcome.kind === 'violation') {
      const more = r.trace.steps.length - lastMatchedStep(r) - 1;
      const early = outcome.afterEntries < input.entries.length;
      const goesOn = early
        ? `breaks a property before the diagram's end, at ${input.entries[outcome.afterEntries]!.label}: `
        : more > 0
          ? `goes on ${plural(more, 'more step', 'more steps')} and `
          : '';
      out.push(`${paint.bad('FEASIBLE')}: the run ${goesOn}ends in a violation of ${outcome.property}`);
      out.push(violationHeader(r.trace, paint), ...violationFooter(r.trace));
    } else {
      const nothing = r.only ? `does not violate ${r.only.join(' or ')}` : 'violates nothing';
      const searched = outcome.complete
        ? `, and no run that draws the diagram ends in ${r.only ? 'one' : 'a violation'}`
        : ' found before the search limits';
      out.push(`${paint.good('FEASIBLE')}: the run ${nothing}${searched}`);
    }
  }
  const s = r.stats;
  // No duration: the report is the same on every run (docs/traces.md pins it).
  out.push(`  ${paint.dim('searched')}  ${count(s.distinct)} states, ${count(s.generated)} steps`);
  if (r.skipped.length > 0) {
    out.push('', 'Not in this model, so skipped:');
    for (const { entry, why } of r.skipped) {
      const e = input.entries[entry]!;
      const text = `${e.kind === 'note' ? '--> ' : ''}${e.text}`;
      out.push(`  ${e.label}: ${text.length > 60 ? `${text.slice(0, 57)}...` : text}   (${why})`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** A stopping reason in words: the step it names, then the condition and where its values come from. */
export function reasonLines(s: StopReason, indent: string): string[] {
  const r: Reason = s.reason;
  const at = (x: { text: string; where: string }) => `${x.text}${x.where ? ` (${x.where})` : ''}`;
  switch (r.kind) {
    case 'blocked':
      return [
        `${indent}blocked at ${at(r.at)}`,
        ...(r.await ? conditionLines(`await ${r.await.text}`, r.await, `${indent}  `) : []),
      ];
    case 'branch':
      return [
        `${indent}steered away at ${at(s.step ?? r.then)}`,
        ...conditionLines(r.at.text, r.condition, `${indent}  `, r.at.where),
        `${indent}  so it goes on to ${at(r.then)}`,
      ];
    case 'not drawn':
      return [
        `${indent}steered away at ${at(r.at)}: it runs without drawing it`,
        ...(r.condition ? conditionLines(`if ${r.condition.text}`, r.condition, `${indent}  `) : []),
      ];
    case 'diverged':
      return [`${indent}steered away${r.at ? ` at ${at(r.at)}` : ''}: it takes other steps`];
  }
}

function conditionLines(what: string, c: Condition, indent: string, where?: string): string[] {
  const values = c.values.length ? `, where ${c.values.map((v) => `${v.name} = ${v.value}`).join(', ')}` : '';
  const lines = [`${indent}${what}${where ? ` (${where})` : ''} is ${c.value}${values}`];
  for (const o of c.origins) {
    const from = o.values.length ? `, where ${o.values.map((v) => `${v.name} = ${v.value}`).join(', ')}` : '';
    lines.push(`${indent}${o.name} was set by ${o.step.text} (${o.step.where}): ${o.assignment}${from}`);
  }
  return lines;
}

function describe(s: TraceStep): string[] {
  const head = stepLabel(s);
  const notes = (s.display ? s.notes : s.notes.slice(1)).map((n) => `      ${n.arrow ? '--> ' : ''}${n.text}`);
  return [`    ${head}   (${s.at})`, ...notes];
}

function lastMatchedStep(r: ReplayResult): number {
  return Math.max(-1, ...r.matched.values());
}
