/*
 * `racecheck check MODEL|FOLDER...`: explores each model exhaustively and
 * prints a diagram per violated property, or the statistics of a clean run.
 */
import { type Command, Option } from 'commander';
import { DiagnosticError, fail } from '../lang/index.js';
import { type Model, StageLimitError } from '../model/index.js';
import {
  type Bias,
  type CheckResult,
  checkModel,
  DEFAULT_DEPTH,
  DEFAULT_RUNS,
  type Found,
  type LoadFailure,
  loadModel,
  reproduction,
  type SearchOptions,
  type StoreKind,
  selectProperties,
} from '../pipeline.js';
import { renderDiagram } from '../render/diagram.js';
import {
  expandPattern,
  type Format,
  isPattern,
  isStreamed,
  namedTraces,
  oneDocumentProblem,
  renderAllChunks,
  renderOne,
  traceChunks,
} from '../render/formats.js';
import { count, seconds } from '../render/numbers.js';
import { type Paint, paintFor, plain } from '../render/paint.js';
import { limitText } from '../render/report.js';
import type { CommandLine } from './commandline.js';
import { EXIT, type ExitCode, exitCode, printDiagnostic, worst } from './exit.js';
import { expandFiles, writeOutput } from './files.js';
import {
  biasOption,
  bitsOption,
  collect,
  engineOption,
  fairnessOption,
  formatOption,
  pathOption,
  positiveInt,
  positiveNumber,
  searchLimits,
  seedOption,
  shardOption,
  storeOption,
  tracesOption,
  withInterrupt,
} from './options.js';
import { assertWritable } from './output.js';
import { progressLine } from './progress.js';
import { loadOptions, noWarningsOption, printWarnings, strictOption } from './warnings.js';

/** The options as commander parses them. */
interface CheckFlags {
  define: string[];
  property: string[];
  maxStates?: number;
  maxTime?: number;
  maxMemory?: number;
  first?: boolean;
  exhaust?: boolean;
  store: StoreKind;
  bits?: number;
  reduce?: boolean;
  symmetry?: boolean;
  workers?: number;
  format: Format;
  out?: string;
  outItf?: string;
  traces: 'fewest-switches' | 'shortest';
  engine: 'exhaustive' | 'random';
  runs?: number;
  depth?: number;
  seed?: number;
  path?: string;
  bias: Bias;
  shard?: { index: number; count: number };
  width?: number;
  fairness?: 'none' | 'weak' | 'strong';
  coverage?: boolean;
  full?: boolean;
  minimizeConfig?: boolean;
  color: boolean;
  warnings: boolean;
  strict?: boolean;
}

export function checkCommand(program: Command, cl: CommandLine): void {
  program
    .command('check')
    .summary('explore models exhaustively; print a race diagram for each violated property')
    .description(
      'Explores every reachable state of each model, checks every invariant, final property, ' +
        'assertion and deadlock freedom, and prints for each violated property the counterexample ' +
        'with the fewest context switches (then preemptions, then steps; --traces shortest: the fewest steps) ' +
        'as a race diagram of the steps its violation depends on (--full: every step), ' +
        'or the statistics of a clean run.',
    )
    .argument('<models...>', 'model files (.race), or folders: every .race file under them')
    .addOption(
      new Option('-D, --define <NAME=VALUE>', 'set a constant of the model (repeatable)')
        .argParser(collect)
        .default([], 'none'),
    )
    .addOption(
      new Option('-p, --property <name>', 'check only this property (repeatable); no_deadlock is built in')
        .argParser(collect)
        .default([], 'all'),
    )
    .option('--max-states <n>', 'stop after storing this many distinct states (exit 3)', positiveInt)
    .option('--max-time <seconds>', 'stop after this many seconds (exit 3)', positiveNumber)
    .option(
      '--max-memory <MiB>',
      'stop before the state store exceeds this (default: half the RAM; exit 3)',
      positiveNumber,
    )
    .option('--first', 'stop at the first violation of any property')
    .option('--exhaust', 'explore every reachable state, even once every property is violated (to count them)')
    .option(
      '--store <kind>',
      'exact (every state), compact (64-bit fingerprints, 5 bytes a table slot) or bitstate (a bit array, as SPIN)',
      storeOption,
      'exact',
    )
    .option(
      '--reduce',
      'partial-order reduction: skip interleavings of steps that cannot affect each other or any property',
    )
    .option(
      '--no-symmetry',
      'turn off symmetry reduction (on where a process array is declared `symmetric`: ' +
        'states that differ only by a permutation of its elements count once)',
    )
    .option('--workers <n>', 'threads for the exhaustive search (exact store; not with --reduce)', positiveInt)
    .option(
      '--bits <n>',
      "bitstate: 2^n bits in the bit array (20 to 34; default 30, 128 MiB), as SPIN's -w",
      bitsOption,
    )
    .option(
      '-f, --format <format>',
      'diagram (race diagram), text (every state, TLC style), json, itf (Apalache/Quint), markdown or mermaid',
      formatOption,
      'diagram',
    )
    .option(
      '-o, --out <file>',
      'write the output to a file instead of standard output; a pattern with {property}, {model} or {seq} ' +
        '(as in out/{property}.itf.json) writes one file per counterexample',
    )
    .option(
      '--out-itf <file>',
      'also write each counterexample as ITF: one file, or a pattern such as out/{property}.itf.json',
    )
    .option(
      '--traces <which>',
      'counterexamples to show: fewest-switches (fewest context switches, the default) or shortest (fewest steps)',
      tracesOption,
      'fewest-switches',
    )
    .option('--width <n>', 'characters of text per diagram column', positiveInt)
    .option('--full', 'draw every step of each counterexample, not only the steps its violation depends on')
    .option(
      '--minimize-config',
      'draw each counterexample in the smallest configuration that still violates its property ' +
        '(WITH_* switches off, integer constants smaller; -D settings are kept) and say which',
    )
    .option(
      '--fairness <kind>',
      'liveness: none, weak or strong fairness for every process, instead of what the model declares',
      fairnessOption,
    )
    .option('--coverage', 'print how many transitions took each step of the model (after an exhaustive search)')
    .option(
      '--engine <engine>',
      'exhaustive (breadth-first, every state) or random (property-based search with fast-check)',
      engineOption,
      'exhaustive',
    )
    .option('--runs <n>', `random: schedules tried per property (default ${DEFAULT_RUNS})`, positiveInt)
    .option('--depth <n>', `random: steps per schedule at most (default ${DEFAULT_DEPTH})`, positiveInt)
    .option('--seed <n>', 'random: the seed (printed with every counterexample)', seedOption)
    .option('--path <path>', 'random: with --seed, replay the one schedule fast-check reported', pathOption)
    .option(
      '--bias <bias>',
      'random: pct (random priorities with a few change points, the default) or uniform',
      biasOption,
      'pct',
    )
    .option(
      '--shard <i/n>',
      'random: run shard i (1-based) of n, with its own seed and its share of the runs',
      shardOption,
    )
    .option('--no-color', 'plain output even on a terminal (NO_COLOR works too)')
    .addOption(noWarningsOption())
    .addOption(strictOption())
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  racecheck check models/btrfs-relocation/v4.6.race\n' +
        '  racecheck check models/ --format json\n' +
        '  racecheck check v4.6.race -p no_lost_dio_write --format itf --out lost-write.itf.json\n' +
        "  racecheck check v4.6.race --out-itf 'out/{property}.itf.json'\n" +
        '  racecheck check scaled.race -D DIO_NOCOW=2 --max-states 1000000\n' +
        '  racecheck check v4.6.race --engine random --seed 1\n' +
        '  racecheck check v4.6.race -p no_lost_dio_write --minimize-config\n' +
        '  racecheck check ticket.race --no-symmetry --exhaust\n' +
        '\nExit codes: 0 all hold, 1 a property is violated, 2 a model does not load, 3 a limit stopped the search.',
    )
    .action(async (args: string[], opts: CheckFlags) => {
      process.exitCode = await runCheck(args, opts, cl);
    });
}

async function runCheck(args: string[], opts: CheckFlags, cl: CommandLine): Promise<ExitCode> {
  const paint = paintFor(process.stdout, opts.color);
  const defines = cl.defines(opts.define);
  if ((opts.workers ?? 1) > 1 && (opts.reduce || opts.store !== 'exact' || opts.engine === 'random')) {
    const { source, at } = cl.ref('--workers');
    fail(
      source,
      at,
      '--workers runs the exhaustive search with the exact store: not with --reduce, --store or --engine random',
    );
  }
  if (opts.path !== undefined && opts.seed === undefined) {
    const { source, at } = cl.ref('--path');
    fail(source, at, '--path names a schedule of one seed: give that --seed too');
  }
  // An output file that cannot be written is refused now, not after a long search.
  for (const out of [opts.out, opts.outItf]) if (out !== undefined) assertWritable(out, cl, isPattern(out));
  const codes: ExitCode[] = [];
  const results: CheckResult[] = [];
  // Every model named appears in the JSON output, one that did not load with its diagnostic.
  const outcomes: (CheckResult | LoadFailure)[] = [];
  const written: string[] = [];
  // --out FILE collects the output for the file; --out PATTERN writes each counterexample on its own, at the end.
  const output = (text: string) => (opts.out ? isPattern(opts.out) || written.push(text) : process.stdout.write(text));
  for (const { path, arg } of expandFiles(args, '.race', cl)) {
    try {
      const model = loadModel(path, defines, cl.ref(arg), loadOptions(opts));
      printWarnings(model.warnings, opts);
      const properties = selectProperties(model, opts.property, (name) => cl.ref(name));
      const progress = progressLine(process.stderr);
      const result = await withInterrupt((interrupted) =>
        checkModel(model, {
          ...searchLimits(opts),
          ...(properties && { properties }),
          stopAtFirst: opts.first ?? false,
          exhaust: opts.exhaust ?? false,
          store: opts.store,
          reduce: opts.reduce ?? false,
          ...(opts.symmetry === false && { symmetry: false }),
          ...(opts.workers !== undefined && { workers: opts.workers }),
          ...(opts.bits !== undefined && { bits: opts.bits }),
          traces: opts.traces,
          slice: opts.full !== true,
          ...(opts.minimizeConfig && { minimize: { defines } }),
          engine: opts.engine,
          ...(opts.fairness && { fairness: opts.fairness }),
          random: randomOptions(opts),
          interrupted,
          progress: progressReporter(model, progress.update),
        }),
      ).finally(progress.done);
      results.push(result);
      outcomes.push(result);
      const call = { path, defines: opts.define, bias: opts.bias, depth: opts.depth, width: opts.width };
      codes.push(report(result, opts, opts.out ? plain : paint, output, (f) => reproduction(call, model, f)));
    } catch (e) {
      if (e instanceof StageLimitError) {
        process.stderr.write(`racecheck: ${path}: ${e.message}, before the first state\n`);
        codes.push(EXIT.limit);
        continue;
      }
      if (!(e instanceof DiagnosticError)) throw e;
      printDiagnostic(e.diagnostic, opts.color);
      outcomes.push({ file: path, diagnostic: e.diagnostic, exit: 'error' });
      codes.push(EXIT.usage);
    }
  }
  // Nothing to say about files when no model loaded: the diagnostics have said it.
  const none = results.length === 0;
  if (opts.out && isPattern(opts.out)) none || writeEach(results, opts.format, opts.out, cl, opts.width);
  else if (!isStreamed(opts.format) && !(none && opts.format !== 'json')) {
    const problem = oneDocumentProblem(results, opts.format, opts.out);
    // One document, written in pieces: a counterexample of millions of steps still gets out.
    if (problem === undefined) for (const piece of renderAllChunks(outcomes, opts.format)) output(piece);
    else codes.push(tooMany(problem, opts.out ?? opts.format, cl, opts.color));
  }
  if (opts.out && !isPattern(opts.out) && written.length > 0) {
    writeOutput(opts.out, written, cl);
    process.stderr.write(`racecheck: wrote ${opts.out}\n`);
  }
  if (opts.outItf && !none) {
    const problem = oneDocumentProblem(results, 'itf');
    if (isPattern(opts.outItf)) writeEach(results, 'itf', opts.outItf, cl);
    else if (problem === undefined) {
      writeOutput(opts.outItf, [...renderAllChunks(results, 'itf')], cl);
      process.stderr.write(`racecheck: wrote ${opts.outItf}\n`);
    } else codes.push(tooMany(problem, opts.outItf, cl, opts.color));
  }
  return worst(codes);
}

/** Each counterexample in its own file, named by the pattern (two with the same name are a usage error). */
function writeEach(results: readonly CheckResult[], format: Format, pattern: string, cl: CommandLine, width?: number) {
  const files = namedTraces(results).map(({ trace, name }) => ({ trace, path: expandPattern(pattern, name) }));
  const seen = new Set<string>();
  for (const { path } of files) {
    if (seen.has(path)) {
      const { source, at } = cl.ref(pattern);
      fail(source, at, `'${pattern}' names ${path} for two counterexamples: add {model} or {seq} to the pattern`);
    }
    seen.add(path);
  }
  const options = width ? { columnWidth: width } : {};
  for (const { trace, path } of files) writeOutput(path, [...traceChunks(trace, format, options)], cl, pattern);
  const what = files.length === 1 ? files[0]!.path : `${files.length} files (${pattern})`;
  process.stderr.write(
    `racecheck: ${files.length === 0 ? 'no counterexample, so no file written' : `wrote ${what}`}\n`,
  );
}

/** A run whose counterexamples do not fit the one ITF (or .mmd) document asked for: exit 2, or a note when none. */
function tooMany(problem: string, arg: string, cl: CommandLine, color: boolean): ExitCode {
  if (problem.startsWith('no counterexample')) {
    process.stderr.write(`racecheck: ${problem}\n`);
    return EXIT.ok;
  }
  const { source, at } = cl.ref(arg);
  const example = /\.(mmd|mermaid)$/.test(arg) ? 'out/{property}.mmd' : 'out/{property}.itf.json';
  const hint = `write one file per counterexample with a pattern such as '${example}', or choose one with -p`;
  printDiagnostic({ source, loc: at, message: problem, hint }, color);
  return EXIT.usage;
}

/** Prints one model's result (or, for a run-time failure, how it got there and the diagnostic). */
function report(
  result: CheckResult,
  opts: CheckFlags,
  paint: Paint,
  output: (text: string) => void,
  reproduce: (f: Found) => string,
): ExitCode {
  const { failure } = result;
  const width = opts.width ? { columnWidth: opts.width } : {};
  if (failure) {
    // Unless the output is one JSON document, the run that failed comes first.
    if (isStreamed(opts.format)) output(`${renderDiagram(failure.trace, width)}\n`);
    printDiagnostic(failure.diagnostic, opts.color);
  } else if (isStreamed(opts.format))
    output(renderOne(result, opts.format, { paint, reproduce, coverage: opts.coverage ?? false, ...width }));
  if (result.exit === 'limit') {
    // The safety search's limit, else the liveness search's (it has its own).
    const limit = result.verdict.limit ?? result.verdict.liveness?.limit;
    process.stderr.write(`racecheck: ${result.model.source.name}: ${limitText({ limit })}\n`);
  }
  return exitCode(result.exit);
}

/** Progress on stderr while a long search runs. */
function progressReporter(model: Model, show: (line: string) => void): SearchOptions['progress'] {
  return (s, queued) => {
    const parts = [
      seconds(s.seconds),
      `depth ${s.depth}`,
      `${count(s.generated)} generated`,
      `${count(s.distinct)} distinct`,
      `${count(queued)} queued`,
      `${count(s.statesPerSecond)} states/s`,
      `${(s.bytes / 2 ** 20).toFixed(0)} MiB`,
    ];
    show(`[racecheck] ${model.source.name}: ${parts.join(', ')}`);
  };
}

function randomOptions(opts: CheckFlags) {
  return {
    bias: opts.bias,
    ...(opts.runs !== undefined && { runs: opts.runs }),
    ...(opts.depth !== undefined && { depth: opts.depth }),
    ...(opts.seed !== undefined && { seed: opts.seed }),
    ...(opts.path !== undefined && { path: opts.path }),
    ...(opts.shard && { shard: opts.shard }),
  };
}
