/*
 * Recursive-descent parser for `.race` models: tokens in, ModelAst out.
 * Statements need no terminators (a `;` is allowed); strings and call text may
 * hold `{expr}` holes, parsed where they stand so that a bad hole points at
 * itself. The grammar is split by level: declarations.ts, statements.ts,
 * templates.ts and expressions.ts, all reading tokens through one Cursor.
 */
import type * as A from '../ast.js';
import type { Source } from '../source.js';
import { Cursor } from './cursor.js';
import { model } from './declarations.js';

export function parseModel(source: Source): A.ModelAst {
  return model(new Cursor(source, 0));
}
