/*
 * `racecheck replay MODEL DIAGRAM`: is a race diagram (as in a commit
 * message) a run of this model, and does it end in a violation?
 */
import { type Command, Option } from 'commander';
import { loadModel, readSource, replayDiagram } from '../pipeline.js';
import { paintFor } from '../render/paint.js';
import { renderReplay } from '../render/replay.js';
import type { CommandLine } from './commandline.js';
import { exitCode } from './exit.js';
import { collect, positiveInt, positiveNumber, searchLimits, withInterrupt } from './options.js';
import { loadOptions, noWarningsOption, printWarnings } from './warnings.js';

/** The options as commander parses them. */
interface ReplayFlags {
  define: string[];
  maxStates?: number;
  maxTime?: number;
  maxMemory?: number;
  width?: number;
  color: boolean;
  warnings: boolean;
  strict?: boolean;
}

export function replayCommand(program: Command, cl: CommandLine): void {
  program
    .command('replay')
    .summary('check whether a race diagram is a run of a model, and what it violates')
    .description(
      'Reads a race diagram in the commit-message style (a title line naming the columns, then ' +
        'calls nested by indentation and --> notes) and replays it on the model: each column is a ' +
        'process (by display name), each call, sentence or note the model can show must happen in ' +
        "the diagram's order, and any process may take the steps the diagram leaves out at any time. " +
        'A search over every such interleaving reports a feasible run and the property it violates, ' +
        'or (only when no interleaving draws the diagram) the entry that cannot happen and why, in ' +
        'every state where the search stopped: the await that is false, or the branch taken instead.',
    )
    .argument('<model>', 'the model (.race)')
    .argument('<diagram>', 'the diagram (text)')
    .addOption(
      new Option('-D, --define <NAME=VALUE>', 'set a constant of the model (repeatable)')
        .argParser(collect)
        .default([], 'none'),
    )
    .option(
      '--strict',
      'every line of the diagram must match the model (none is skipped as commentary), ' +
        "and a model's warning is an error (either: exit 2)",
    )
    .option('--max-states <n>', 'stop after storing this many distinct states (exit 3)', positiveInt)
    .option('--max-time <seconds>', 'stop after this many seconds (exit 3)', positiveNumber)
    .option(
      '--max-memory <MiB>',
      'stop before the search store exceeds this (default: half the RAM; exit 3)',
      positiveNumber,
    )
    .option('--width <n>', 'characters of text per diagram column', positiveInt)
    .option('--no-color', 'plain output even on a terminal')
    .addOption(noWarningsOption())
    .addHelpText(
      'after',
      '\nExample:\n  racecheck replay models/btrfs-relocation/v4.7.race specs/diagrams/f78c436c.txt\n' +
        '\nExit codes: 1 the diagram is a run that violates a property, 0 it is not (infeasible, or harmless), ' +
        '2 a file does not load, 3 a limit or Ctrl-C stopped the search before a verdict.',
    )
    .action(async (modelPath: string, diagramPath: string, opts: ReplayFlags) => {
      const model = loadModel(modelPath, cl.defines(opts.define), cl.ref(modelPath), loadOptions(opts));
      printWarnings(model.warnings, opts);
      const diagram = readSource(diagramPath, cl.ref(diagramPath));
      const limits = { ...searchLimits(opts), ...(opts.strict && { strict: true }) };
      const { input, result, exit } = await withInterrupt((interrupted) =>
        replayDiagram(model, diagram, { ...limits, interrupted }),
      );
      process.stdout.write(
        renderReplay(result, input, {
          what: diagramPath,
          paint: paintFor(process.stdout, opts.color),
          ...(opts.width && { columnWidth: opts.width }),
        }),
      );
      process.exitCode = exitCode(exit);
    });
}
