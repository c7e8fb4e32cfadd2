/*
 * Spec files: what each model of a project must show, for the gate (src/pipeline/gate.ts runs them).
 */

export { type Expected, parseSpecs, type Spec, type SpecExpectation } from './parse.js';
