/*
 * The gate's outputs: the table (one row per expectation, then what went
 * wrong for each missed one, with its diagram), JUnit XML for CI systems, and
 * GitHub Actions annotations at the property's line.
 */
import { plural, where } from '../lang/index.js';
import type { GateRow, SpecRun } from '../pipeline.js';
import { renderDiagram } from './diagram.js';
import { count, seconds } from './numbers.js';
import { type Paint, plain } from './paint.js';
import { renderReplay } from './replay.js';
import { violationFooter, violationHeader } from './report.js';

export function renderGate(runs: readonly SpecRun[], paint: Paint = plain): string {
  const header = ['spec', 'model', 'checks', 'expected', 'got', 'states', 'time', ''];
  // A spec's name, model and statistics are shown on its first row only.
  const rows = runs.flatMap((run) =>
    run.rows.map((r, i) => [
      i === 0 ? r.spec.name : '',
      i === 0 ? run.modelPath : '',
      r.subject,
      r.expected,
      r.got,
      i === 0 && run.result ? count(run.result.verdict.stats.distinct) : '',
      i === 0 ? seconds(run.seconds) : '',
      r.ok ? 'ok' : 'MISSED',
    ]),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[], color = (s: string) => s) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? color(c) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [paint.strong(line(header)), ...rows.map((r) => line(r, r[7] === 'ok' ? paint.good : paint.bad))];

  const missed = runs.flatMap((run) => run.rows.filter((r) => !r.ok).map((r) => ({ run, r })));
  const total = rows.length;
  out.push('', `${plural(total, 'expectation')}: ${total - missed.length} met, ${missed.length} missed`);
  for (const { run, r } of missed) {
    out.push(
      '',
      `${where(r.spec.source, r.expectation.at)}: ${paint.bad('missed')}: ${missText(r)} in ${run.modelPath}`,
    );
    if (r.replay) out.push('', renderReplay(r.replay.result, r.replay.input, { what: r.replay.path, paint }));
    else if (r.trace)
      out.push('', violationHeader(r.trace, paint), '', renderDiagram(r.trace), ...violationFooter(r.trace));
    else if (r.got === 'holds' && run.result)
      out.push(`  no reachable state violates it (${count(run.result.verdict.stats.distinct)} states explored)`);
  }
  return `${out.join('\n')}\n`;
}

export function missText(r: GateRow): string {
  return `expected ${r.subject} to be ${r.expected}, but it ${gotText(r)}`;
}

/** What a row got, as the end of "but it …". */
function gotText(r: GateRow): string {
  if (r.expectation.kind === 'replay')
    return r.got === 'feasible, violates nothing' ? 'is feasible and violates nothing' : r.got;
  return r.got === 'unknown' ? 'could not be decided before a limit' : r.got === 'holds' ? 'holds' : 'is violated';
}

/** JUnit XML: a test suite per spec, a test case per expectation. */
export function renderJunit(runs: readonly SpecRun[]): string {
  const esc = (s: string) =>
    s
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these characters, so they are dropped
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
  const failures = (rs: readonly GateRow[]) => rs.filter((r) => !r.ok).length;
  const all = runs.flatMap((r) => r.rows);
  const time = (seconds: number) => `time="${seconds.toFixed(3)}"`;
  const counts = (rs: readonly GateRow[]) => `tests="${rs.length}" failures="${failures(rs)}" errors="0"`;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="racecheck gate" ${counts(all)} ${time(sum(runs.map((r) => r.seconds)))}>`,
  ];
  for (const run of runs) {
    const file = run.spec.source.name;
    out.push(`  <testsuite name="${esc(run.spec.name)}" ${counts(run.rows)} ${time(run.seconds)} file="${esc(file)}">`);
    for (const r of run.rows) {
      const line = where(r.spec.source, r.expectation.at).split(':').at(-2);
      const name = `name="${esc(`${r.subject} ${r.expected}`)}" classname="${esc(run.modelPath)}"`;
      const open = `    <testcase ${name} file="${esc(file)}" line="${line}" ${time(run.seconds)}`;
      if (r.ok) {
        out.push(`${open}/>`);
        continue;
      }
      const type = r.undecided ? 'undecided' : 'missed';
      const detail = r.replay
        ? renderReplay(r.replay.result, r.replay.input, { what: r.replay.path })
        : r.trace
          ? renderDiagram(r.trace)
          : '';
      out.push(
        `${open}>`,
        `      <failure message="${esc(missText(r))}" type="${type}">${esc(detail)}</failure>`,
        '    </testcase>',
      );
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

/** `::error` workflow commands for GitHub Actions, at the property's line in the model (or the spec's). */
export function githubAnnotations(runs: readonly SpecRun[]): string {
  const lines: string[] = [];
  for (const run of runs) {
    for (const r of run.rows.filter((x) => !x.ok)) {
      const at = r.propertyAt ?? where(r.spec.source, r.expectation.at);
      const [, file, line, col] = /^(.*):(\d+):(\d+)$/.exec(at)!;
      const message = `${r.spec.name}: ${missText(r)}`.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
      lines.push(`::error file=${file},line=${line},col=${col},title=racecheck gate::${message}`);
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
