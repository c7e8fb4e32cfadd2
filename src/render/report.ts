/*
 * The human report of a `check` run: for each violated property its
 * counterexample (as a diagram or a state listing) and the values that break
 * it, then a line per verdict and the statistics.
 */
import { type Found, propertyStatus, type Verdict } from '../explore/index.js';
import { plural } from '../lang/index.js';
import { type Model, sourceOrder } from '../model/index.js';
import type { CheckResult } from '../pipeline.js';
import { constantValues } from '../trace/build.js';
import { sliceSummary } from '../trace/folding.js';
import type { Trace, Value } from '../trace/types.js';
import { renderDiagram } from './diagram.js';
import { coverageLines, lassoFooter, livenessSummary, livenessVerdicts } from './liveness.js';
import { bytes, count, seconds } from './numbers.js';
import { type Paint, plain } from './paint.js';
import { renderText, show } from './text.js';

export interface ReportOptions {
  readonly format: 'diagram' | 'text';
  readonly columnWidth?: number;
  readonly paint?: Paint;
  /** The command that reproduces a random-search counterexample exactly. */
  readonly reproduce?: (found: Found) => string;
  /** How many transitions took each step (--coverage), besides the steps none took. */
  readonly coverage?: boolean;
}

export function renderReport(result: CheckResult, options: ReportOptions = { format: 'diagram' }): string {
  const paint = options.paint ?? plain;
  const { model, verdict, traces } = result;
  const out: string[] = [paint.strong(`${model.source.name}: ${model.title}`), ''];
  traces.forEach((trace) => {
    out.push(violationHeader(trace, paint));
    const config = result.configurations?.find((c) => c.property === trace.violation!.property);
    if (config) out.push(`  ${configurationText(config.settings)}`);
    out.push('');
    out.push(
      drawn(trace, () =>
        options.format === 'text'
          ? renderText(trace)
          : renderDiagram(trace, {
              ...(options.columnWidth && { columnWidth: options.columnWidth }),
              title: paint.strong,
            }),
      ),
    );
    out.push(...violationFooter(trace));
    for (const n of result.notes) if (n.property === trace.violation!.property) out.push(`note: ${n.text}`);
    const found =
      verdict.engine === 'random'
        ? verdict.violations.find((f) => model.properties[f.property]!.name === trace.violation!.property)
        : undefined;
    if (found?.replayed) out.push(`replayed from seed ${found.seed}, path ${found.path}`);
    else if (found) {
      const shrunk = `shrunk ${plural(found.shrinks, 'time')} (seed ${found.seed}, path ${found.path})`;
      out.push(`found by random search in ${plural(found.runs, 'run')}, ${shrunk}`);
      if (options.reproduce) out.push(`reproduce: ${options.reproduce(found)}`);
    }
    out.push('');
  });
  out.push(...summary(model, verdict, paint));
  if (result.coverage) out.push(...coverageLines(result.coverage, paint, options.coverage ?? false));
  return `${out.join('\n')}\n`;
}

/** Which configuration a counterexample was found in (check --minimize-config). */
export function configurationText(settings: readonly { readonly name: string; readonly value: string }[]): string {
  if (settings.length === 0) return 'configuration: as written (no constant can be made smaller and still violate it)';
  const flags = settings.map((s) => `-D ${s.name}=${s.value}`).join(' ');
  return `configuration: ${flags} (the smallest found that still violates it)`;
}

/** A trace drawn; one too large to draw (no string holds it) is said to be, and the report goes on. */
function drawn(trace: Trace, draw: () => string): string {
  try {
    return draw();
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    const steps = plural(trace.steps.length, 'step');
    return `(the counterexample has ${steps}, too many to draw: ${e.message}; --format json writes it whole)\n`;
  }
}

export function violationHeader(trace: Trace, paint: Paint): string {
  const v = trace.violation!;
  const head = `${paint.bad('VIOLATED')} ${paint.strong(v.property)}: ${v.message}`;
  const sliced = sliceSummary(trace);
  return [
    head,
    ...(v.at ? [`  ${v.at}: ${v.kind} ${v.property}: ${v.condition}`] : []),
    ...(sliced ? [`  ${sliced}`] : []),
  ].join('\n');
}

export function violationFooter(trace: Trace): string[] {
  if (trace.loop !== undefined) return lassoFooter(trace, switchesText(trace));
  const v = trace.violation!;
  const after = `after ${plural(trace.steps.length, 'step')} (${switchesText(trace)})`;
  const lines = [`${v.property} is violated ${after}${v.values.length ? ', where' : '.'}`];
  const width = Math.max(0, ...v.values.map((x) => x.name.length));
  for (const x of v.values) lines.push(`  ${x.name.padEnd(width)} = ${show(x.value)}`);
  return lines;
}

/** "2 context switches, 1 preemption". */
export function switchesText(trace: Trace): string {
  const switches = plural(trace.contextSwitches, 'context switch', 'context switches');
  return `${switches}, ${plural(trace.preemptions, 'preemption')}`;
}

/** "WITH_DIO_COW=false, WITH_UNRELATED=true": the constants of a run, as -D would set them. */
export function constantsText(constants: Readonly<Record<string, Value>>): string {
  return Object.entries(constants)
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
}

export function summary(model: Model, verdict: Verdict, paint: Paint): string[] {
  const live = verdict.liveness;
  const isLive = (p: number) => live?.checked.includes(p) ?? false;
  const group = (which: (p: number) => boolean) => {
    const by = { violated: [] as string[], holds: [] as string[], unknown: [] as string[] };
    const inSourceOrder = [...verdict.checked]
      .filter(which)
      .sort((a, b) => sourceOrder(model, a) - sourceOrder(model, b));
    for (const p of inSourceOrder) by[propertyStatus(verdict, p)].push(model.properties[p]!.name);
    return by;
  };
  const by = group((p) => !isLive(p));
  const lines: string[] = [];
  if (by.violated.length) lines.push(`  ${paint.bad('violated')}  ${by.violated.join(', ')}`);
  if (by.holds.length) lines.push(`  ${paint.good('holds')}     ${by.holds.join(', ')}`);
  const constants = constantsText(constantValues(model));
  const constantsLine = constants ? [`  ${paint.dim('constants')} ${constants}`] : [];
  if (verdict.engine === 'random') {
    if (by.unknown.length)
      lines.push(
        `  ${paint.warn('not found')} ${by.unknown.join(', ')}  ` +
          (verdict.limit
            ? `(in ${verdict.runs} random runs: ${limitText(verdict)})`
            : `(in ${verdict.runs} random runs: random search cannot show that a property holds)`),
      );
    const skipped = live ? live.checked.map((p) => model.properties[p]!.name) : [];
    if (skipped.length)
      lines.push(
        `  ${paint.warn('not checked')} ${skipped.join(', ')}  (liveness: random search checks safety properties only)`,
      );
    lines.push(...constantsLine);
    const s = verdict.stats;
    const rate = `${count(s.generated)} steps, ${seconds(s.seconds)}, ${count(s.statesPerSecond)} steps/s`;
    lines.push(
      `  ${paint.dim('runs')}      ${count(verdict.runs)} runs (${verdict.bias} bias, seed ${verdict.seed}), ${rate}`,
    );
    return lines;
  }
  if (by.unknown.length) lines.push(`  ${paint.warn('unknown')}   ${by.unknown.join(', ')}  (${limitText(verdict)})`);
  if (live) lines.push(...livenessVerdicts(model, group(isLive), live, paint));
  lines.push(...constantsLine);
  if (!live || verdict.checked.length > live.checked.length)
    lines.push(`  ${paint.dim('states')}    ${statsLine(verdict)}`);
  lines.push(...livenessSummary(verdict, paint));
  if (verdict.symmetry) {
    const names = verdict.symmetry.join(', ');
    lines.push(`  ${paint.dim('symmetry')}  states that differ only by a permutation of ${names} counted once`);
  }
  if (verdict.store?.coverage) lines.push(`  ${paint.dim('store')}     ${verdict.store.coverage}`);
  return lines;
}

export function statsLine(v: Verdict): string {
  const s = v.stats;
  return [
    `${count(s.generated)} generated`,
    `${count(s.distinct)} distinct`,
    `depth ${s.depth}`,
    seconds(s.seconds),
    `${count(s.statesPerSecond)} states/s`,
    `${bytes(s.bytes)} stored (${s.stateBits} bits a state)`,
  ].join(', ');
}

export function limitText(v: Pick<Verdict, 'limit'>): string {
  switch (v.limit) {
    case 'states':
      return 'stopped at --max-states before the search finished';
    case 'time':
      return 'stopped at --max-time before the search finished';
    case 'memory':
      return 'stopped at the memory limit before the search finished';
    case 'interrupted':
      return 'interrupted before the search finished';
    default:
      return 'the search stopped at the first violation';
  }
}
