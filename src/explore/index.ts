/*
 * The explore stage: a TransitionSystem in, a Verdict out.
 */
export { breadthFirst, type SearchOptions } from './bfs.js';
export { propertyStatus, type Counterexample, type Limit, type Stats, type Verdict } from './verdict.js';
