/*
 * The output of `simulate`: the run in the format asked for; the diagram and
 * text formats with a heading (its length and seed) and a sentence saying how
 * it ended.
 */
import type { Simulation } from '../pipeline.js';
import { renderDiagram } from './diagram.js';
import type { Format } from './formats.js';
import { toItf } from './itf.js';
import { renderMarkdown } from './markdown.js';
import { renderMermaid } from './mermaid.js';
import { count, seconds } from './numbers.js';
import { type Paint, plain } from './paint.js';
import { constantsText } from './report.js';
import { renderText } from './text.js';

export function renderSimulation(
  sim: Simulation,
  format: Format,
  options: { paint?: Paint; columnWidth?: number } = {},
): string {
  const { trace } = sim;
  const paint = options.paint ?? plain;
  if (sim.ended === 'limit') return stoppedRun(sim, format, paint);
  const constants = constantsText(trace.constants ?? {});
  const head =
    paint.strong(`${sim.model.source.name}: a random run of ${trace.steps.length} steps (seed ${sim.seed})`) +
    (constants ? `\n  ${paint.dim('constants')} ${constants}` : '');
  switch (format) {
    case 'json':
      return `${JSON.stringify(trace, null, 2)}\n`;
    case 'itf':
      return `${JSON.stringify(toItf(trace), null, 2)}\n`;
    case 'markdown':
      return renderMarkdown(trace);
    case 'mermaid':
      return renderMermaid(trace);
    case 'text':
      return `${head}\n\n${renderText(trace)}${howItEnded(sim)}\n`;
    default: {
      const diagram = renderDiagram(trace, {
        ...(options.columnWidth && { columnWidth: options.columnWidth }),
        title: paint.strong,
      });
      return `${head}\n\n${diagram}\n${howItEnded(sim)}\n`;
    }
  }
}

function howItEnded(sim: Simulation): string {
  switch (sim.ended) {
    case 'violated':
      return `it breaks ${sim.trace.violation!.property}: ${sim.trace.violation!.message}`;
    case 'finished':
      return 'every process finished';
    case 'depth':
      return `it stopped at --depth ${sim.depth}`;
    case 'stuck':
      return 'then nothing can move';
    case 'limit': {
      const limit = { states: '--max-states', time: '--max-time', memory: 'the memory limit', interrupted: 'Ctrl-C' };
      return `it stopped at ${limit[sim.limit!]} after ${count(sim.stats.generated)} steps`;
    }
  }
}

/** A run a limit stopped: not drawn (it would cost far more than the run did), its statistics instead. */
function stoppedRun(sim: Simulation, format: Format, paint: Paint): string {
  const { stats } = sim;
  if (format === 'json' || format === 'itf') {
    const summary = { stopped: sim.limit, seed: sim.seed, steps: stats.generated, seconds: stats.seconds };
    return `${JSON.stringify(summary, null, 2)}\n`;
  }
  const rate = `${count(stats.generated)} steps, ${seconds(stats.seconds)}, ${count(stats.statesPerSecond)} steps/s`;
  return (
    `${paint.strong(`${sim.model.source.name}: a random run (seed ${sim.seed}), not drawn`)}\n` +
    `  ${paint.warn(howItEnded(sim))}\n  ${paint.dim('run')}       ${rate}\n`
  );
}
