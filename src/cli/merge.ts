/*
 * `racecheck merge RESULTS...`: combines the JSON results of several runs of
 * the same models (the shards of a CI matrix) into one: a property is
 * violated if any run violated it (with the shortest counterexample found),
 * holds if an exhaustive run showed it, undecided if a run a limit stopped
 * left it so, and is otherwise not found (src/pipeline/merge.ts).
 */
import type { Command } from 'commander';
import { mergeResults } from '../pipeline.js';
import { renderMerged } from '../render/merge.js';
import type { CommandLine } from './commandline.js';
import { exitCode } from './exit.js';
import { expandFiles } from './files.js';
import { tableOrJson } from './options.js';

export function mergeCommand(program: Command, cl: CommandLine): void {
  program
    .command('merge')
    .summary('merge the JSON results of several runs (the shards of a CI matrix)')
    .description(
      'Reads results written by `racecheck check --format json` (for example by the shards of ' +
        '`--engine random --shard i/n`) and combines them per model: a property is violated if any run ' +
        'violated it (keeping the shortest counterexample and how to reproduce it), holds if an ' +
        'exhaustive run showed it, is undecided if a run stopped at a limit left it so, and is otherwise ' +
        'not found. The parts of a model must be of one model and one set of -D values. See docs/ci.md.',
    )
    .argument('<results...>', 'JSON files, or folders of them')
    .option('-f, --format <format>', 'table or json', tableOrJson, 'table')
    .addHelpText(
      'after',
      '\nExit codes: 0 no property violated in any run, 1 one was, 2 a file is not a result of this ' +
        'racecheck or its parts disagree (another model, other -D values), 3 a run stopped at a limit ' +
        'left a property that no other run decided.',
    )
    .action((args: string[], opts: { format: 'table' | 'json' }) => {
      const files = expandFiles(args, '.json', cl).map(({ path, arg }) => ({ path, ref: cl.ref(arg) }));
      const merged = mergeResults(files);
      process.stdout.write(renderMerged(merged, opts.format));
      process.exitCode = exitCode(merged.exit);
    });
}
