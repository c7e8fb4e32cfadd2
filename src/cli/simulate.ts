/*
 * `racecheck simulate MODEL`: one random run of the model, with no property
 * to look for, drawn like a counterexample: for seeing what a model does.
 */
import { type Command, Option } from 'commander';
import fc from 'fast-check';
import { compile } from '../compile/index.js';
import { DEFAULT_DEPTH, runSchedule, scheduleArbitrary } from '../explore/index.js';
import { loadModel } from '../pipeline.js';
import { renderDiagram } from '../render/diagram.js';
import type { Format } from '../render/formats.js';
import { toItf } from '../render/itf.js';
import { renderMarkdown } from '../render/markdown.js';
import { renderMermaid } from '../render/mermaid.js';
import { paintFor } from '../render/paint.js';
import { renderText } from '../render/text.js';
import { TraceBuilder, violation } from '../trace/build.js';
import type { CommandLine } from './commandline.js';
import { collect, formatOption, positiveInt, seedOption } from './options.js';

interface SimulateOptions {
  define: string[];
  seed?: number;
  depth?: number;
  format: Format;
  width?: number;
  color: boolean;
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
    .option('-f, --format <format>', 'diagram, text, json, itf, markdown or mermaid', formatOption, 'diagram')
    .option('--width <n>', 'characters of text per diagram column', positiveInt)
    .option('--no-color', 'plain output even on a terminal')
    .action((path: string, opts: SimulateOptions) => {
      const model = loadModel(path, cl.defines(opts.define), cl.ref(path));
      const ts = compile(model);
      const seed = opts.seed ?? (Date.now() ^ (process.pid << 16)) >>> 0;
      const depth = opts.depth ?? DEFAULT_DEPTH;
      const [schedule] = fc.sample(scheduleArbitrary('pct', depth, model.processes.length), { seed, numRuns: 1 });
      const everyone = { ...schedule!, active: schedule!.active.map(() => true) };
      const open = new Uint8Array(model.properties.length).fill(1);
      const deadlock = model.properties.find((p) => p.kind === 'deadlock')!.index;
      const run = runSchedule(ts, everyone, 'pct', depth, open, deadlock);
      const last = run.states[run.states.length - 1]!;
      const trace = new TraceBuilder(model).fromStates(
        run.states,
        run.violated === undefined ? undefined : violation(model, model.properties[run.violated]!, last),
      );
      const paint = paintFor(process.stdout, opts.color);
      const head = `${model.source.name}: a random run of ${trace.steps.length} steps (seed ${seed})`;
      const end =
        run.violated !== undefined
          ? `it breaks ${trace.violation!.property}: ${trace.violation!.message}`
          : ts.allDone(last)
            ? 'every process finished'
            : trace.steps.length >= depth
              ? `it stopped at --depth ${depth}`
              : 'then nothing can move';
      switch (opts.format) {
        case 'json':
          return void process.stdout.write(`${JSON.stringify(trace, null, 2)}\n`);
        case 'itf':
          return void process.stdout.write(`${JSON.stringify(toItf(trace), null, 2)}\n`);
        case 'markdown':
          return void process.stdout.write(renderMarkdown(trace));
        case 'mermaid':
          return void process.stdout.write(renderMermaid(trace));
        case 'text':
          return void process.stdout.write(`${paint.strong(head)}\n\n${renderText(trace)}${end}\n`);
        default:
          process.stdout.write(
            `${paint.strong(head)}\n\n${renderDiagram(trace, { ...(opts.width && { columnWidth: opts.width }), title: paint.strong })}\n${end}\n`,
          );
      }
    });
}
