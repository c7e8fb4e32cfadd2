/*
 * The spine of every command: one function per use, each loading or taking a
 * Model, compiling it once and handing plain data down the stages
 * (lang → model → compile → explore → trace), returning a plain result with
 * an `exit` kind for the command line. The commands, the gate, the docs
 * generator and the tests call these; rendering the results is src/render/'s.
 * One file per use under src/pipeline/.
 */

// What the commands need to name from the stages' vocabulary without reaching into them.
export {
  type Bias,
  DEFAULT_DEPTH,
  DEFAULT_RUNS,
  type Found,
  type SearchOptions,
  type StoreKind,
} from './explore/index.js';
export { type CheckOptions, type CheckResult, checkModel } from './pipeline/check.js';
export type { ExitKind } from './pipeline/exit.js';
export { type ExplainedRace, type ExplainOptions, type Explanation, explainFix } from './pipeline/explain.js';
export { type Gate, type GateRow, runGate, runSpec, type SpecRun } from './pipeline/gate.js';
export {
  type LoadFailure,
  type LoadOptions,
  loadModel,
  MAX_FILE_BYTES,
  outsideOf,
  type ReadPolicy,
  type Ref,
  readSource,
  repositoryRoot,
  selectProperties,
} from './pipeline/load.js';
export { type Merged, type ModelResult, mergeResults } from './pipeline/merge.js';
export { type DiagramReplay, replayDiagram } from './pipeline/replay.js';
export { type Invocation, reproduction } from './pipeline/reproduce.js';
export { type SimulateOptions, type Simulation, simulateModel } from './pipeline/simulate.js';
export type { ReplayInput, ReplayOptions, ReplayResult } from './trace/replay.js';
export type { Trace } from './trace/types.js';
