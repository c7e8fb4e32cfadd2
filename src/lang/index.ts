/*
 * The language front end: model text in, syntax tree out (or a diagnostic).
 */

export type * from './ast.js';
export { closest, type Diagnostic, DiagnosticError, didYouMean, fail, formatDiagnostic } from './diagnostics.js';
export { parseModel } from './parse/index.js';
export { type Loc, lineCol, lineText, makeSource, type Source, where } from './source.js';
