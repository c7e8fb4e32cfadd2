/*
 * The gate's outputs: the table (a heading per spec, one row per expectation,
 * then what went wrong for each missed one, with its diagram), JUnit XML for
 * CI systems, and GitHub Actions annotations at the property's line (or, for a
 * spec that does not load, at its diagnostic).
 */
import { formatDiagnostic, plural, visible, where } from '../lang/index.js';
import type { GateRow, SpecRun } from '../pipeline.js';
import { renderDiagram } from './diagram.js';
import { count, seconds } from './numbers.js';
import { type Paint, plain } from './paint.js';
import { renderReplay } from './replay.js';
import { violationFooter, violationHeader } from './report.js';
import { wrapWords } from './wrap.js';

/** The table's width at most: a narrow terminal, a CI log, a pull request comment. */
export const GATE_WIDTH = 100;

/**
 * The table: per spec a heading (its name, model, states and time; the constants it sets), then a row per
 * expectation: ok or MISSED, what is checked, what is expected ("expected → got" for a miss); a spec that
 * did not load is one ERROR row with its diagnostic. Then the count, and what went wrong for each miss.
 */
export function renderGate(runs: readonly SpecRun[], paint: Paint = plain): string {
  const subjects = runs.flatMap((run) => run.rows.map((r) => r.subject.length));
  const subjectWidth = Math.min(32, Math.max(6, ...subjects));
  const out: string[] = [];
  for (const run of runs) {
    if (out.length > 0) out.push('');
    out.push(...headingLines(run).map((l, i) => (i === 0 ? paint.strong(l) : paint.dim(l))));
    if (run.error) {
      const d = run.error;
      const text = visible(`${where(d.source, d.loc)}: ${d.message}`);
      out.push(...fitRow(paint.bad('ERROR'), 'ERROR'.length, '', 0, text));
      continue;
    }
    for (const r of run.rows) {
      const status = r.ok ? paint.good('ok') : paint.bad('MISSED');
      const verdict = visible(r.ok ? r.expected : `${r.expected} \u2192 ${r.got}`);
      out.push(...fitRow(status, r.ok ? 2 : 6, visible(r.subject), subjectWidth, verdict));
    }
  }

  const rows = runs.flatMap((run) => run.rows);
  const missed = runs.flatMap((run) => run.rows.filter((r) => !r.ok).map((r) => ({ run, r })));
  const errors = runs.filter((run) => run.error).length;
  const notLoaded = errors ? `; ${plural(errors, 'spec')} did not load` : '';
  out.push(
    '',
    `${plural(rows.length, 'expectation')}: ${rows.length - missed.length} met, ${missed.length} missed${notLoaded}`,
  );
  for (const { run, r } of missed) {
    out.push(
      '',
      `${visible(where(r.spec.source, r.expectation.at))}: ${paint.bad('missed')}: ` +
        visible(`${missText(r)} in ${run.modelPath}`),
    );
    if (r.replay) out.push('', renderReplay(r.replay.result, r.replay.input, { what: r.replay.path, paint }));
    else if (r.trace)
      out.push('', violationHeader(r.trace, paint), '', renderDiagram(r.trace), ...violationFooter(r.trace));
    else if (r.got === 'holds' && run.result)
      out.push(`  no reachable state violates it (${count(run.result.verdict.stats.distinct)} states explored)`);
  }
  return `${out.join('\n')}\n`;
}

/**
 * "NAME  MODEL  (N states, T s)" on one line where it fits the table's width; else the statistics, then the
 * model too, move to a line of their own. Then the constants the spec sets, if any.
 */
function headingLines(run: SpecRun): string[] {
  const states = run.result ? [`${count(run.result.verdict.stats.distinct)} states`] : [];
  const facts = `(${[...states, seconds(run.seconds)].join(', ')})`;
  // Names and paths as a terminal or CI log may show them: a line break in a name would start a line of
  // its own, which a CI log reads as a command (`::error …`).
  const name = visible(run.name);
  const model = visible(run.modelPath ?? run.file);
  const fits = (line: string) => line.length <= GATE_WIDTH;
  const lines = fits(`${name}  ${model}  ${facts}`)
    ? [`${name}  ${model}  ${facts}`]
    : fits(`${name}  ${model}`)
      ? [`${name}  ${model}`, `  ${facts}`]
      : [name, `  ${model}  ${facts}`];
  const set = run.spec?.constants ?? [];
  const constants = visible(`const ${set.map((c) => `${c.name} = ${c.value}`).join(', ')}`);
  if (set.length > 0) lines.push(...wrapWords(constants, GATE_WIDTH - 2).map((l) => `  ${l}`));
  return lines;
}

/**
 * A row: the status (`shown` characters wide, whatever colour adds) in a column of 6, the subject in a column
 * `subjectWidth` wide, then the verdict, wrapped within the table's width under its own column.
 */
function fitRow(status: string, shown: number, subject: string, subjectWidth: number, verdict: string): string[] {
  const lead = 2 + 6 + 2 + (subjectWidth > 0 ? subjectWidth + 2 : 0);
  const lines = wrapWords(verdict, GATE_WIDTH - lead);
  const subjectColumn = subjectWidth > 0 ? `${subject.padEnd(subjectWidth)}  ` : '';
  const head = `  ${status}${' '.repeat(Math.max(0, 6 - shown))}  ${subjectColumn}`;
  return [`${head}${lines[0] ?? ''}`.trimEnd(), ...lines.slice(1).map((l) => `${' '.repeat(lead)}${l}`)];
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

/**
 * JUnit XML: a test suite per spec (its constants as properties), a test case per expectation with its own
 * time, a <failure> holding the diagram of each miss; a spec that did not load is one test case with an <error>.
 */
export function renderJunit(runs: readonly SpecRun[]): string {
  const esc = (s: string) =>
    s
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these characters, so they are dropped
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
  const tests = (run: SpecRun) => (run.error ? 1 : run.rows.length);
  const failures = (run: SpecRun) => run.rows.filter((r) => !r.ok).length;
  const errors = (run: SpecRun) => (run.error ? 1 : 0);
  const counts = (rs: readonly SpecRun[]) =>
    `tests="${sum(rs.map(tests))}" failures="${sum(rs.map(failures))}" errors="${sum(rs.map(errors))}"`;
  const time = (seconds: number) => `time="${seconds.toFixed(3)}"`;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="racecheck gate" ${counts(runs)} ${time(sum(runs.map((r) => r.seconds)))}>`,
  ];
  for (const run of runs) {
    const file = run.file;
    out.push(`  <testsuite name="${esc(run.name)}" ${counts([run])} ${time(run.seconds)} file="${esc(file)}">`);
    const constants = Object.entries(run.constants);
    if (constants.length > 0) {
      out.push('    <properties>');
      for (const [name, value] of constants)
        out.push(`      <property name="${esc(name)}" value="${esc(String(value))}"/>`);
      out.push('    </properties>');
    }
    if (run.error) {
      const d = run.error;
      const line = where(d.source, d.loc).split(':').at(-2);
      const at = d.source.name === file ? ` line="${line}"` : '';
      out.push(
        `    <testcase name="${esc(`${run.name} loads`)}" classname="${esc(run.modelPath ?? file)}" ` +
          `file="${esc(file)}"${at} ${time(run.seconds)}>`,
        `      <error message="${esc(`${where(d.source, d.loc)}: ${d.message}`)}" type="load">` +
          `${esc(formatDiagnostic(d))}</error>`,
        '    </testcase>',
      );
    }
    for (const r of run.rows) {
      const line = where(r.spec.source, r.expectation.at).split(':').at(-2);
      const name = `name="${esc(`${r.subject} ${r.expected}`)}" classname="${esc(run.modelPath ?? file)}"`;
      const open = `    <testcase ${name} file="${esc(file)}" line="${line}" ${time(r.seconds)}`;
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
  for (const { at, text } of annotated(runs)) {
    const [, file, line, col] = /^(.*):(\d+):(\d+)$/s.exec(at)!;
    lines.push(`::error file=${property(file!)},line=${line},col=${col},title=racecheck gate::${data(text)}`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/**
 * GitHub's escapes for a workflow command's message: %, CR and LF (so that a message of several lines stays
 * one command, and no line of it is a command of its own: `::stop-commands::`, a forged `::error`).
 */
export function data(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** ... and for a property's value (file=…), also `:` and `,`, which end the property. */
export function property(text: string): string {
  return data(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** What to annotate, and where: a spec that did not load at its diagnostic, a miss at the property's line. */
function annotated(runs: readonly SpecRun[]): { at: string; text: string }[] {
  return runs.flatMap((run) => {
    const d = run.error;
    if (d) return [{ at: where(d.source, d.loc), text: `${run.name}: ${d.message}` }];
    return run.rows
      .filter((r) => !r.ok)
      .map((r) => ({
        at: r.propertyAt ?? where(r.spec.source, r.expectation.at),
        text: `${r.spec.name}: ${missText(r)}`,
      }));
  });
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
