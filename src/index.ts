/*
 * The library: `import { loadModel, check, renderDiagram } from 'racecheck'`. The same functions the
 * command line composes (src/pipeline.ts and src/render/), named by the commands' verbs: load a
 * model, check / simulate / replay / explain it, run the gate over spec files, merge results; then
 * render what came back as a diagram, a report, Markdown, Mermaid, ITF, JSON or JUnit. Every result
 * is plain data. A model or spec that does not load throws a DiagnosticError (formatDiagnostic
 * prints it as the command line does). docs/api.md documents each export; nothing else is public.
 */

// Loading
export { type Diagnostic, DiagnosticError, formatDiagnostic } from './lang/index.js';
export type { Model } from './model/index.js';
// Checking: the verbs of the command line.
export {
  type CheckOptions,
  type CheckResult,
  checkModel as check,
  type DiagramReplay,
  type ExitKind,
  type ExplainOptions,
  type Explanation,
  explainFix as explain,
  type LoadOptions,
  loadModel,
  type Merged,
  mergeResults as merge,
  readSource,
  replayDiagram as replay,
  type SimulateOptions,
  type Simulation,
  simulateModel as simulate,
  type Trace,
} from './pipeline.js';
// Rendering
export { renderDiagram } from './render/diagram.js';
export { renderMarkdown } from './render/markdown.js';
export { renderMermaid } from './render/mermaid.js';
export { renderReport } from './render/report.js';
