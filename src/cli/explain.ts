/*
 * `racecheck explain OLD NEW`: why the fix works. Takes each counterexample
 * of the old model, replays it on the new one, and shows where the new
 * protocol blocks it or steers it away, or that the race is still there.
 */
import { type Command, Option } from 'commander';
import { explainFix, loadModel, selectProperties } from '../pipeline.js';
import { nothingToExplain, renderExplainedRace } from '../render/explain.js';
import { paintFor } from '../render/paint.js';
import type { CommandLine } from './commandline.js';
import { exitCode } from './exit.js';
import { collect, positiveInt, positiveNumber, searchLimits, withInterrupt } from './options.js';
import { loadOptions, noWarningsOption, printWarnings, strictOption } from './warnings.js';

/** The options as commander parses them. */
interface ExplainFlags {
  define: string[];
  maxStates?: number;
  maxTime?: number;
  maxMemory?: number;
  property: string[];
  width?: number;
  color: boolean;
  warnings: boolean;
  strict?: boolean;
}

export function explainCommand(program: Command, cl: CommandLine): void {
  program
    .command('explain')
    .summary("replay the old model's counterexamples on the new one: where does the fix stop them?")
    .description(
      'Checks OLD, then replays the counterexample of each property it violates on NEW (processes ' +
        'matched by name) with the same search as replay, and prints where NEW stops it (only when no ' +
        'interleaving of NEW gets through: the await that is false, or the branch taken instead, in ' +
        'every state where the search stopped). If NEW still has the race, says so and shows its run.',
    )
    .argument('<old>', 'the model before the fix')
    .argument('<new>', 'the model after the fix')
    .addOption(
      new Option('-D, --define <NAME=VALUE>', 'set a constant in both models (repeatable)')
        .argParser(collect)
        .default([], 'none'),
    )
    .addOption(
      new Option('-p, --property <name>', "explain only this property of OLD's (repeatable)")
        .argParser(collect)
        .default([], 'all'),
    )
    .option('--max-states <n>', 'stop each search after storing this many distinct states (exit 3)', positiveInt)
    .option('--max-time <seconds>', 'stop after this many seconds in all (exit 3)', positiveNumber)
    .option(
      '--max-memory <MiB>',
      'stop before a search store exceeds this (default: half the RAM; exit 3)',
      positiveNumber,
    )
    .option('--width <n>', 'characters of text per diagram column', positiveInt)
    .option('--no-color', 'plain output even on a terminal')
    .addOption(noWarningsOption())
    .addOption(strictOption())
    .addHelpText(
      'after',
      '\nExample:\n  racecheck explain models/btrfs-relocation/9cfa3e34.race models/btrfs-relocation/v4.7.race\n' +
        '\nExit codes: 0 NEW stops every counterexample, 1 one still ends in a violation on NEW, ' +
        '2 a file does not load, 3 a limit or Ctrl-C stopped a search before a verdict.',
    )
    .action(async (oldPath: string, newPath: string, opts: ExplainFlags) => {
      const paint = paintFor(process.stdout, opts.color);
      const defines = cl.defines(opts.define);
      const before = loadModel(oldPath, defines, cl.ref(oldPath), loadOptions(opts));
      const after = loadModel(newPath, defines, cl.ref(newPath), loadOptions(opts));
      printWarnings([...before.warnings, ...after.warnings], opts);
      const properties = selectProperties(before, opts.property, (name) => cl.ref(name));
      const options = { paint, ...(opts.width && { columnWidth: opts.width }) };
      const explanation = await withInterrupt((interrupted) =>
        explainFix(before, after, {
          ...searchLimits(opts),
          interrupted,
          ...(properties && { properties }),
          onReplay: (race) => process.stdout.write(renderExplainedRace(race, options)),
        }),
      );
      if (explanation.replays.length === 0) process.stdout.write(nothingToExplain(before, explanation.checkLimit));
      process.exitCode = exitCode(explanation.exit);
    });
}
