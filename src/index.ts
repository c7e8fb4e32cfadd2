/*
 * The library: `import { loadModel, check, renderDiagram } from 'racecheck'`. The same functions the
 * command line composes (src/pipeline.ts and src/render/), named by the commands' verbs: load a
 * model, check / simulate / replay / explain it, run the gate over spec files, merge results; then
 * render what came back as a diagram, a report (a check's, a replay's, an explanation's), Markdown,
 * Mermaid, ITF, JSON or JUnit. Every result is plain data. A model or spec that does not load throws
 * a DiagnosticError (formatDiagnostic prints it as the command line does). docs/api.md documents each
 * export; nothing else is public, so that the stages behind it can change.
 */

// Errors in a model, a spec or an argument: file:line:col, the line and a caret.
export { type Diagnostic, DiagnosticError, formatDiagnostic } from './lang/index.js';
export type { Model } from './model/index.js';
// The verbs.
export {
  type CheckOptions,
  type CheckResult,
  checkModel as check,
  type DiagramReplay,
  type ExitKind,
  type ExplainedRace,
  type ExplainOptions,
  type Explanation,
  explainFix as explain,
  type Gate,
  type GateRow,
  type LoadOptions,
  loadModel,
  type Merged,
  mergeResults as merge,
  type ReplayOptions,
  type ReplayResult,
  readSource,
  replayDiagram as replay,
  runGate as gate,
  type SimulateOptions,
  type Simulation,
  type SpecRun,
  simulateModel as simulate,
  type Trace,
} from './pipeline.js';
// The outputs.
export { type DiagramOptions, renderDiagram } from './render/diagram.js';
export { renderExplainedRace } from './render/explain.js';
export { githubAnnotations, renderGate, renderJunit } from './render/gate.js';
export { type ItfTrace, type ItfValue, toItf } from './render/itf.js';
export { checkJson, gateJson } from './render/json.js';
export { renderMarkdown } from './render/markdown.js';
export { renderMermaid } from './render/mermaid.js';
export { type ReplayReportOptions, renderReplay } from './render/replay.js';
export { type ReportOptions, renderReport } from './render/report.js';
