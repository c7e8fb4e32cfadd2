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
  }
}
