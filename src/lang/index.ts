/*
 * The language front end: model text in, syntax tree out (or a diagnostic).
 */
export { parseModel } from './parser.js';
export { makeSource, lineCol, lineText, where, type Source, type Loc } from './source.js';
export { DiagnosticError, formatDiagnostic, fail, didYouMean, closest, type Diagnostic } from './diagnostics.js';
export type * from './ast.js';
