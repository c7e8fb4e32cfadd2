/*
 * `racecheck simulate MODEL`: one random run of the model, with no property
 * to look for, drawn like a counterexample: for seeing what a model does.
 */
import { type Command, Option } from 'commander';
import { DEFAULT_DEPTH, loadModel, simulateModel } from '../pipeline.js';
import type { Format } from '../render/formats.js';
import { paintFor } from '../render/paint.js';
import { renderSimulation } from '../render/simulation.js';
import type { CommandLine } from './commandline.js';
import { exitCode } from './exit.js';
import {
  collect,
  formatOption,
  positiveInt,
  positiveNumber,
  searchLimits,
  seedOption,
  withInterrupt,
} from './options.js';
import { loadOptions, noWarningsOption, printWarnings, strictOption } from './warnings.js';

/** The options as commander parses them. */
interface SimulateFlags {
  define: string[];
  seed?: number;
  depth?: number;
  maxStates?: number;
  maxTime?: number;
  maxMemory?: number;
  format: Format;
  width?: number;
  color: boolean;
  warnings: boolean;
  strict?: boolean;
}

export function simulateCommand(program: Command, cl: CommandLine): void {
  program
    .command('simulate')
    .summary('run a model once at random and draw the run')
    .description(
      'Runs the model once, choosing at random (PCT: random process priorities with a few change ' +
        'points) which process moves at each step and how each either/choose goes, every process ' +
        'taking part, until every process has finished, nothing can move, or --depth steps. Draws the ' +
        'run; says if a property breaks on the way (the run stops there). The same --seed gives the ' +
        'same run.',
    )
    .argument('<model>', 'the model (.race)')
    .addOption(
      new Option('-D, --define <NAME=VALUE>', 'set a constant of the model (repeatable)')
        .argParser(collect)
        .default([], 'none'),
    )
    .option('--seed <n>', 'the seed (printed with the run)', seedOption)
    .option('--depth <n>', `steps at most (default ${DEFAULT_DEPTH})`, positiveInt)
    .option('--max-states <n>', 'stop after this many steps, without drawing the run (exit 3)', positiveInt)
    .option('--max-time <seconds>', 'stop after this many seconds, without drawing the run (exit 3)', positiveNumber)
    .option(
      '--max-memory <MiB>',
      'stop before the run and its drawing would exceed this (default: half the RAM; exit 3)',
      positiveNumber,
    )
    .option('-f, --format <format>', 'diagram, text, json, itf, markdown or mermaid', formatOption, 'diagram')
    .option('--width <n>', 'characters of text per diagram column', positiveInt)
    .option('--no-color', 'plain output even on a terminal')
    .addOption(noWarningsOption())
    .addOption(strictOption())
    .action(async (path: string, opts: SimulateFlags) => {
      const model = loadModel(path, cl.defines(opts.define), cl.ref(path), loadOptions(opts));
      printWarnings(model.warnings, opts);
      const simulation = await withInterrupt((interrupted) =>
        simulateModel(model, {
          ...searchLimits(opts),
          interrupted,
          ...(opts.seed !== undefined && { seed: opts.seed }),
          ...(opts.depth !== undefined && { depth: opts.depth }),
        }),
      );
      const paint = paintFor(process.stdout, opts.color);
      process.stdout.write(
        renderSimulation(simulation, opts.format, { paint, ...(opts.width && { columnWidth: opts.width }) }),
      );
      if (simulation.ended === 'limit') process.exitCode = exitCode('limit');
    });
}
