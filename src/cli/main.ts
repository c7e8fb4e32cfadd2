/*
 * racecheck's command line: commander wiring only. Each command lives in
 * its own file and composes the stages through src/pipeline.ts.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { DiagnosticError } from '../lang/index.js';
import { StageLimitError } from '../model/index.js';
import { checkCommand } from './check.js';
import { CommandLine } from './commandline.js';
import { EXIT, printDiagnostic } from './exit.js';
import { explainCommand } from './explain.js';
import { gateCommand } from './gate.js';
import { mergeCommand } from './merge.js';
import { finalExitCode, guardOutput } from './output.js';
import { replayCommand } from './replay.js';
import { simulateCommand } from './simulate.js';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

export async function main(argv: readonly string[]): Promise<void> {
  // `racecheck check … | head` closes the pipe early: the verdict's exit code stands (src/cli/output.ts).
  guardOutput();
  const cl = new CommandLine(argv);
  const program = new Command()
    .name('racecheck')
    .description(
      'A model checker for concurrency protocols. Write a small model of your locks, flags and ' +
        'counters (.race files; see docs/language.md) and get either a clean bill with statistics, ' +
        'or a counterexample drawn as a CPU 1 / CPU 2 race diagram.',
    )
    .version(pkg.version)
    .showHelpAfterError('(run racecheck help for the commands, racecheck help <command> for options)')
    .exitOverride();
  checkCommand(program, cl);
  gateCommand(program, cl);
  replayCommand(program, cl);
  explainCommand(program, cl);
  simulateCommand(program, cl);
  mergeCommand(program, cl);
  program.addHelpText(
    'after',
    '\nExit codes: 0 all good, 1 a property violated (or a gate expectation missed),\n' +
      '2 bad usage or a file that does not load, 3 a limit stopped the run before a verdict.\n' +
      'Output piped into a reader that stops early (| head) keeps the exit code; output that\n' +
      'cannot be written (a full disk) is one line on stderr and exit 2.',
  );

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    if (e instanceof DiagnosticError) {
      printDiagnostic(e.diagnostic, !argv.includes('--no-color'));
      process.exitCode = EXIT.usage;
      return;
    }
    if (e instanceof StageLimitError) {
      // A model too large to build or compile within --max-memory/--max-time: stopped, as at a limit.
      process.stderr.write(`racecheck: ${e.message}, before the first state\n`);
      process.exitCode = EXIT.limit;
      return;
    }
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(
      `racecheck: internal error: ${message}\n` +
        '(this is a bug in racecheck; please report it with the model that caused it)\n',
    );
    if (process.env.RACECHECK_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    process.exitCode = EXIT.usage;
  } finally {
    // A write error seen so far turns the code into 2; one seen later (a pipe drains after this) does so itself.
    process.exitCode = finalExitCode(Number(process.exitCode ?? EXIT.ok));
  }
}
