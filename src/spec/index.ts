/*
 * Specs and the gate: spec files in, one row per expectation out.
 */

export { type GateRow, runSpec, type SpecRun } from './gate.js';
export { type Expected, parseSpecs, type Spec, type SpecExpectation } from './parse.js';
