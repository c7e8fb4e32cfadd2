/*
 * Specs and the gate: spec files in, one row per expectation out.
 */
export { parseSpecs, type Spec, type SpecExpectation, type Expected } from './parse.js';
export { runSpec, type GateRow, type SpecRun } from './gate.js';
