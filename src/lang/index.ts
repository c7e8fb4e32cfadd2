/*
 * The language front end: model text in, syntax tree out (or a diagnostic).
 * Also what every later stage's messages share: plural words, edit distance, Paint.
 */

export type * from './ast.js';
export {
  asError,
  closest,
  type Diagnostic,
  DiagnosticError,
  didYouMean,
  fail,
  formatDiagnostic,
  warning,
} from './diagnostics.js';
export { LARGEST_LITERAL, literalValue } from './numbers.js';
export { type Paint, plain } from './paint.js';
export { MAX_NESTING } from './parse/cursor.js';
export { parseModel } from './parse/index.js';
export { type Loc, lineCol, lineText, makeSource, type Source, where } from './source.js';
export { characterName, controlCharacterAt, editDistance, plural, visible } from './words.js';
