/*
 * The explore stage: a TransitionSystem in, a Verdict out.
 */
export { search, type Order, type SearchOptions, type StoreKind } from './search.js';
export { propertyStatus, throwFailure, type Counterexample, type Limit, type Stats, type Verdict } from './verdict.js';
export { randomSearch, runSchedule, scheduleArbitrary, DEFAULT_DEPTH, DEFAULT_RUNS, type Bias, type Found, type RandomOptions, type RandomVerdict, type Schedule } from './random.js';
export { parallelSearch } from './parallel.js';
