/*
 * State conditions compiled on their own, outside the transition system: the
 * P and Q of liveness properties, which the liveness engine evaluates once
 * per state it stores. Same code generation as the model's own conditions
 * (ExprGen over the packed state), so a condition means the same here as in
 * an invariant; the safety search's generated code is not touched.
 */
import type { Expr, Model } from '../model/index.js';
import { layoutOf } from '../state/layout.js';
import { ExprGen } from './expressions.js';
import { makeRuntime } from './runtime.js';
import { Sites } from './sites.js';

/** A compiled condition: true or false in a packed state. */
export type Condition = (s: Uint32Array) => boolean;

export function compileConditions(model: Model, conditions: readonly Expr[]): Condition[] {
  const layout = layoutOf(model);
  const sites = new Sites();
  const gen = new ExprGen(sites, layout);
  const bodies = conditions.map((c) => `function (s) { return (${gen.expr(c, new Map())}) ? true : false; }`);
  const runtime = makeRuntime(model.source, sites.locs, sites.types, layout);
  return new Function('rt', `return [${bodies.join(',\n')}];`)(runtime) as Condition[];
}
