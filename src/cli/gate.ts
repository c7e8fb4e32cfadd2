/*
 * `racecheck gate [SPEC...]`: the CI invariant gate. Runs every spec (default:
 * every .spec file under specs/), prints a table, exits 1 on any mismatch
 * (2 if a spec did not load: the others still run).
 */
import type { Command } from 'commander';
import { runGate } from '../pipeline.js';
import { githubAnnotations, renderGate, renderJunit } from '../render/gate.js';
import { gateJson } from '../render/json.js';
import { paintFor } from '../render/paint.js';
import type { CommandLine } from './commandline.js';
import { type ExitCode, exitCode, printDiagnostic } from './exit.js';
import { expandFiles, writeOutput } from './files.js';
import { positiveNumber, searchLimits, tableOrJson, withInterrupt } from './options.js';
import { assertWritable } from './output.js';
import { loadOptions, noWarningsOption, printWarnings, strictOption } from './warnings.js';

/** The options as commander parses them. */
interface GateFlags {
  format: 'table' | 'json';
  junit?: string;
  maxTime?: number;
  maxMemory?: number;
  color: boolean;
  warnings: boolean;
  strict?: boolean;
}

export function gateCommand(program: Command, cl: CommandLine): void {
  program
    .command('gate')
    .summary('check every spec: each property must hold or be violated as the spec expects')
    .description(
      'The CI invariant gate. A spec names a model, its constants, the verdict each property must ' +
        'get, and race diagrams that must still be runs ending in a violation or must be stopped at a ' +
        'named step (see specs/*.spec). Prints a table and exits 1 on any mismatch: a fixed model that ' +
        'regresses fails the gate, and so does a buggy model whose race is no longer found.',
    )
    .argument('[specs...]', 'spec files or folders (default: every .spec file under specs/)')
    .option('-f, --format <format>', 'table or json', tableOrJson, 'table')
    .option('--junit <file>', 'also write JUnit XML (a test case per expectation) to this file')
    .option('--max-time <seconds>', 'time limit per spec (exit 3 when reached)', positiveNumber)
    .option('--max-memory <MiB>', 'memory limit per spec (exit 3 when reached)', positiveNumber)
    .option('--no-color', 'plain output even on a terminal')
    .addOption(noWarningsOption())
    .addOption(strictOption())
    .addHelpText(
      'after',
      '\nWhen GITHUB_ACTIONS is set, each missed expectation is also an ::error annotation at the\n' +
        "property's line.\n\nExit codes: 0 every expectation met, 1 one missed, 2 a spec or model does not load, " +
        '3 a limit stopped a run.',
    )
    .action(async (args: string[], opts: GateFlags) => {
      process.exitCode = await gate(args, opts, cl);
    });
}

async function gate(args: string[], opts: GateFlags, cl: CommandLine): Promise<ExitCode> {
  const paint = paintFor(process.stdout, opts.color);
  // Refused now, not after every spec has run.
  if (opts.junit) assertWritable(opts.junit, cl);
  const files = expandFiles(args.length ? args : ['specs'], '.spec', cl).map(({ path, arg }) => ({
    path,
    ref: cl.ref(args.length ? arg : 'gate'),
  }));
  // A spec that does not load says why on stderr as it happens; it is also a row of the table.
  // Warnings are printed once each (several specs may load one model).
  const warned = new Set<string>();
  const { runs, exit } = await withInterrupt((interrupted) =>
    runGate(
      files,
      { ...searchLimits(opts), interrupted },
      (run) => {
        printWarnings(run.warnings, opts, warned);
        if (run.error) printDiagnostic(run.error, opts.color);
      },
      loadOptions(opts),
    ),
  );
  process.stdout.write(
    opts.format === 'json' ? `${JSON.stringify(gateJson(runs), null, 2)}\n` : renderGate(runs, paint),
  );
  // Annotations follow the table; after a JSON document they would break it, so they go to stderr
  // (the runner reads both).
  if (process.env.GITHUB_ACTIONS)
    (opts.format === 'json' ? process.stderr : process.stdout).write(githubAnnotations(runs));
  if (opts.junit) writeOutput(opts.junit, renderJunit(runs), cl);
  return exitCode(exit);
}
