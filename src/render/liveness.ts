/*
 * The parts of the `check` report that liveness and coverage add: how a
 * lasso counterexample goes on (a cycle repeated forever, or a stop) and
 * which processes it passes over; the fairness the runs were given and what
 * the liveness search stored; the steps no run takes, how often each step
 * was taken (--coverage), and in how many end states each final property was
 * checked.
 */
import type { LivenessSummary, Verdict } from '../explore/index.js';
import { plural } from '../lang/index.js';
import type { Fairness, Model } from '../model/index.js';
import type { CoverageReport } from '../trace/coverage.js';
import type { Trace } from '../trace/types.js';
import { bytes, count, seconds } from './numbers.js';
import type { Paint } from './paint.js';
import { limitText } from './report.js';

/** The footer's first line for a lasso, and what fairness would say of its cycle. */
export function lassoFooter(trace: Trace, switches: string): string[] {
  const v = trace.violation!;
  const loop = trace.loop!;
  const steps = trace.steps.length;
  const cycle = plural(steps - loop, 'step');
  const run = trace.stops
    ? `by a run that stops after ${plural(steps, 'step')}`
    : loop === 0
      ? `by a run that repeats ${cycle} forever from the start`
      : `by a run of ${plural(loop, 'step')} that then repeats ${cycle} forever`;
  const lines = [`${v.property} is violated ${run} (${switches})${v.values.length ? ', where' : '.'}`];
  const width = Math.max(0, ...v.values.map((x) => x.name.length));
  for (const x of v.values) lines.push(`  ${x.name.padEnd(width)} = ${String(x.value)}`);
  for (const w of v.waiting ?? []) lines.push(`In the cycle ${w}, and cannot move.`);
  for (const name of v.starved ?? [])
    lines.push(
      `${name} could move at every state of the cycle and never does: a run only without fairness ` +
        `for ${name} (fair process, or --fairness weak, rules it out)`,
    );
  for (const name of v.passedOver ?? [])
    lines.push(
      `${name} could move at some states of the cycle and never does: a run only without strong fairness ` +
        `for ${name} (strongly fair process, or --fairness strong, rules it out)`,
    );
  return lines;
}

/** The liveness properties by verdict, each line saying under which fairness. */
export function livenessVerdicts(
  model: Model,
  by: { violated: string[]; holds: string[]; unknown: string[] },
  live: LivenessSummary,
  paint: Paint,
): string[] {
  const under = `(liveness, under ${fairnessText(model, live.fairness)})`;
  const lines: string[] = [];
  if (by.violated.length) lines.push(`  ${paint.bad('violated')}  ${by.violated.join(', ')}  ${under}`);
  if (by.holds.length) lines.push(`  ${paint.good('holds')}     ${by.holds.join(', ')}  ${under}`);
  if (by.unknown.length)
    lines.push(`  ${paint.warn('unknown')}   ${by.unknown.join(', ')}  (liveness: ${limitText(live)})`);
  return lines;
}

/** What the liveness search kept, when liveness properties were checked. */
export function livenessSummary(verdict: Verdict, paint: Paint): string[] {
  const l = verdict.liveness;
  if (!l?.stats) return [];
  const s = l.stats;
  const graph = `${count(s.distinct)} states and ${count(s.generated)} transitions kept as a graph`;
  const store = l.store.coverage ? `; ${l.store.coverage}` : '';
  const rate = `${count(s.statesPerSecond)} states/s`;
  return [`  ${paint.dim('liveness')}  ${graph}, ${seconds(s.seconds)}, ${rate}, ${bytes(s.bytes)}${store}`];
}

/** "weak for every process", "weak for p[0], p[1]; none for q". */
export function fairnessText(model: Model, fairness: readonly Fairness[]): string {
  const kinds: Fairness[] = ['strong', 'weak', 'none'];
  const groups = kinds
    .map((k) => ({ k, names: model.processes.filter((_, i) => fairness[i] === k).map((p) => p.name) }))
    .filter((g) => g.names.length > 0);
  if (groups.length === 1) {
    const only = groups[0]!.k;
    return only === 'none' ? 'no fairness' : `${only} fairness for every process`;
  }
  return groups.map((g) => `${g.k} fairness for ${g.names.join(', ')}`).join('; ');
}

/** The steps no run takes, each final property's end states, and with `counts` every step's count. */
export function coverageLines(report: CoverageReport, paint: Paint, counts: boolean): string[] {
  const lines: string[] = [];
  const checked = report.finals.filter((f) => f.ends > 0);
  if (checked.length > 0)
    lines.push(
      `  ${paint.dim('finals')}    ` +
        checked.map((f, i) => `${f.property} ${i === 0 ? 'checked in ' : 'in '}${count(f.ends)}`).join(', ') +
        ` end ${checked.length === 1 && checked[0]!.ends === 1 ? 'state' : 'states'}`,
    );
  for (const f of report.finals.filter((x) => x.ends === 0))
    lines.push(
      `  ${paint.warn('warning')}   ${f.property} holds (checked in 0 end states): no reachable state has ` +
        'the processes it waits for finished, so it holds only vacuously',
    );
  if (report.unreached.length > 0) {
    lines.push(`  ${paint.warn('unreached')} ${plural(report.unreached.length, 'step')} no run takes:`);
    for (const s of report.unreached) lines.push(`    ${s.at}: ${s.text}`);
  }
  const off = report.switchedOff;
  if (off.length > 0)
    lines.push(
      `  ${paint.dim('off')}       ${plural(off.length, 'step')} no control path reaches ` +
        `(under an if on a false constant, or after an endless loop)${off.length === 1 ? ', at' : ', the first at'} ` +
        off[0]!.at,
    );
  if (counts) {
    const width = Math.max(...report.steps.map((s) => count(s.count).length));
    lines.push('', 'coverage: how many transitions took each step');
    const offAt = new Set(off.map((s) => s.at));
    for (const s of report.steps)
      lines.push(`  ${count(s.count).padStart(width)}  ${s.at}: ${s.text}${offAt.has(s.at) ? '  (off)' : ''}`);
  }
  return lines;
}
