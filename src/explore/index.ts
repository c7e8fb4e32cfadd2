/*
 * The explore stage: a TransitionSystem in, a Verdict out.
 */

export { type LimitOptions, LimitTicker } from './limits.js';
export { checkLiveness, fairnessOf, type LivenessOptions, type LivenessVerdict } from './liveness.js';
export { parallelSearch } from './parallel.js';
export {
  type Bias,
  DEFAULT_DEPTH,
  DEFAULT_RUNS,
  type Found,
  type RandomOptions,
  type RandomVerdict,
  randomSearch,
  runSchedule,
  type Schedule,
  scheduleArbitrary,
} from './random.js';
export { Reduction } from './reduction.js';
export { type Order, type SearchOptions, type StoreKind, search } from './search.js';
export { SingleProcessReduction } from './single-reduction.js';
export {
  assembleVerdict,
  type Counterexample,
  type Engine,
  type ExhaustiveVerdict,
  type LassoShape,
  type Limit,
  type LivenessSummary,
  propertyStatus,
  type Stats,
  type StepCoverage,
  statistics,
  throwFailure,
  type Verdict,
} from './verdict.js';
