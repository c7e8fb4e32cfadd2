/*
 * `racecheck merge RESULTS...`: combines the JSON results of several runs of
 * the same models (the shards of a CI matrix) into one: a property is
 * violated if any run violated it (with the shortest counterexample found),
 * holds if an exhaustive run showed it, and is otherwise not found.
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
        'exhaustive run showed it, and is otherwise not found. See docs/ci.md.',
    )
    .argument('<results...>', 'JSON files, or folders of them')
    .option('-f, --format <format>', 'table or json', tableOrJson, 'table')
    .addHelpText('after', '\nExit codes: 0 no property violated in any run, 1 one was, 2 a file does not load.')
    .action((args: string[], opts: { format: 'table' | 'json' }) => {
      const files = expandFiles(args, '.json', cl).map(({ path, arg }) => ({ path, ref: cl.ref(arg) }));
      const merged = mergeResults(files);
      process.stdout.write(renderMerged(merged, opts.format));
      process.exitCode = exitCode(merged.exit);
    });
}
