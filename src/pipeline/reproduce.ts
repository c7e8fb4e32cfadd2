/*
 * The command line that replays one random-search counterexample exactly:
 * the seed and fast-check path it was found with, and every option that
 * changes the run or its drawing.
 */
import type { Bias, Found } from '../explore/index.js';
import type { Model } from '../model/index.js';

/** How `check` was asked to run a model, as far as reproducing its run needs. */
export interface Invocation {
  /** The model file, as given. */
  readonly path: string;
  /** The -D arguments as written: NAME=VALUE. */
  readonly defines: readonly string[];
  readonly depth?: number;
  readonly bias: Bias;
  readonly width?: number;
}

export function reproduction(call: Invocation, model: Model, found: Found): string {
  const quote = (s: string) => (/^[\w./:=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const args = [
    'racecheck',
    'check',
    call.path,
    ...call.defines.flatMap((d) => ['-D', d]),
    '--engine',
    'random',
    '--seed',
    String(found.seed),
    '--path',
    found.path,
    '-p',
    model.properties[found.property]!.name,
  ];
  if (call.depth !== undefined) args.push('--depth', String(call.depth));
  if (call.bias !== 'pct') args.push('--bias', call.bias);
  if (call.width !== undefined) args.push('--width', String(call.width));
  return args.map(quote).join(' ');
}
