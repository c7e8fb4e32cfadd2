/*
 * `racecheck check MODEL|FOLDER...`: explores each model exhaustively and
 * prints a diagram per violated property, or the statistics of a clean run.
 */
import { type Command, InvalidArgumentError } from 'commander';
import { DiagnosticError, fail, formatDiagnostic, where } from '../lang/index.js';
import type { Model } from '../model/index.js';
import { type CheckResult, checkModel, loadModel } from '../pipeline.js';
import { renderDiagram } from '../render/diagram.js';
import { checkJson } from '../render/json.js';
import { count, seconds } from '../render/numbers.js';
import { type Paint, paintFor } from '../render/paint.js';
import { limitText, renderReport } from '../render/report.js';
import { TraceBuilder } from '../trace/build.js';
import type { CommandLine } from './commandline.js';
import { EXIT, type ExitCode, worst } from './exit.js';
import { expandFiles } from './files.js';
import { collect, positiveInt, positiveNumber, searchLimits, withInterrupt } from './options.js';

interface CheckOptions {
  define: string[];
  property: string[];
  maxStates?: number;
  maxTime?: number;
  maxMemory?: number;
  first?: boolean;
  format: 'diagram' | 'text' | 'json';
  width?: number;
  color: boolean;
}

export function checkCommand(program: Command, cl: CommandLine): void {
  program
    .command('check')
    .summary('explore models exhaustively; print a race diagram for each violated property')
    .description(
      'Explores every reachable state of each model (breadth-first, so each counterexample is a\n' +
        'shortest one), checks every invariant, final property, assertion and deadlock freedom, and\n' +
        'prints a counterexample diagram per violated property, or the statistics of a clean run.',
    )
    .argument('<models...>', 'model files (.race), or folders: every .race file under them')
    .option('-D, --define <NAME=VALUE>', 'set a constant of the model (repeatable)', collect, [])
    .option('-p, --property <name>', 'check only this property (repeatable); no_deadlock is built in', collect, [])
    .option('--max-states <n>', 'stop after storing this many distinct states (exit 3)', positiveInt)
    .option('--max-time <seconds>', 'stop after this many seconds (exit 3)', positiveNumber)
    .option('--max-memory <MiB>', 'stop before the state store exceeds this (default: half the RAM; exit 3)', positiveNumber)
    .option('--first', 'stop at the first violation of any property')
    .option('-f, --format <format>', 'diagram (race diagram), text (every state, TLC style) or json', formatOption, 'diagram')
    .option('--width <n>', 'characters of text per diagram column', positiveInt)
    .option('--no-color', 'plain output even on a terminal (NO_COLOR works too)')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  racecheck check models/btrfs-relocation/v4.6.race\n' +
        '  racecheck check models/ --format json\n' +
        '  racecheck check scaled.race -D DIO_WRITERS=2 --max-states 1000000\n' +
        '\nExit codes: 0 all hold, 1 a property is violated, 2 a model does not load, 3 a limit stopped the search.',
    )
    .action(async (args: string[], opts: CheckOptions) => {
      process.exitCode = await runCheck(args, opts, cl);
    });
}

async function runCheck(args: string[], opts: CheckOptions, cl: CommandLine): Promise<ExitCode> {
  const paint = paintFor(process.stdout, opts.color);
  const errPaint = paintFor(process.stderr, opts.color);
  const defines = cl.defines(opts.define);
  const codes: ExitCode[] = [];
  const results: CheckResult[] = [];
  for (const { path, arg } of expandFiles(args, '.race', cl)) {
    try {
      const model = loadModel(path, defines, cl.ref(arg));
      const properties = selectProperties(model, opts.property, cl);
      const result = await withInterrupt((interrupted) =>
        checkModel(model, { ...searchLimits(opts), ...(properties && { properties }), stopAtFirst: opts.first ?? false, interrupted, progress: progressReporter(model) }),
      );
      results.push(result);
      codes.push(report(result, opts, paint));
    } catch (e) {
      if (!(e instanceof DiagnosticError)) throw e;
      process.stderr.write(formatDiagnostic(e.diagnostic, { error: errPaint.bad, caret: errPaint.good }) + '\n');
      codes.push(EXIT.usage);
    }
  }
  if (opts.format === 'json') process.stdout.write(JSON.stringify(checkJson(results), null, 2) + '\n');
  return worst(codes);
}

function report(result: CheckResult, opts: CheckOptions, paint: Paint): ExitCode {
  const { verdict, model } = result;
  if (verdict.failure) {
    // The model itself failed at run time: show how it got there, then the diagnostic.
    const trace = new TraceBuilder(model).fromStates(verdict.failure.states);
    process.stdout.write(renderDiagram(trace, opts.width ? { columnWidth: opts.width } : {}) + '\n');
    const { loc, message } = verdict.failure;
    process.stderr.write(formatDiagnostic({ source: model.source, loc, message: `${message} (after ${trace.steps.length} steps)` }) + '\n');
    return EXIT.usage;
  }
  if (opts.format !== 'json') {
    process.stdout.write(renderReport(result, { format: opts.format, paint, ...(opts.width && { columnWidth: opts.width }) }) + '\n');
  }
  if (verdict.violations.length > 0) return EXIT.violated;
  if (!verdict.complete) {
    process.stderr.write(`racecheck: ${model.source.name}: ${limitText(verdict)}\n`);
    return EXIT.limit;
  }
  return EXIT.ok;
}

export function selectProperties(model: Model, names: readonly string[], cl: CommandLine): number[] | undefined {
  if (names.length === 0) return undefined;
  return names.map((name) => {
    const p = model.properties.find((q) => q.name === name);
    if (!p) {
      const { source, at } = cl.ref(name);
      const known = model.properties.map((q) => q.name).join(', ');
      fail(source, at, `${where(model.source, { offset: 0, length: 0 }).replace(/:1:1$/, '')} has no property '${name}'`, `its properties are: ${known}`);
    }
    return p.index;
  });
}

function progressReporter(model: Model) {
  return (s: { depth: number; generated: number; distinct: number; statesPerSecond: number; bytes: number; seconds: number }, queued: number) => {
    process.stderr.write(
      `[racecheck] ${model.source.name}: ${seconds(s.seconds)}, depth ${s.depth}, ${count(s.generated)} generated, ${count(s.distinct)} distinct, ${count(queued)} queued, ${count(s.statesPerSecond)} states/s, ${(s.bytes / 2 ** 20).toFixed(0)} MiB\n`,
    );
  };
}

function formatOption(v: string): CheckOptions['format'] {
  if (v === 'diagram' || v === 'text' || v === 'json') return v;
  throw new InvalidArgumentError(`expected diagram, text or json, not '${v}'`);
}
