/*
 * `check --minimize-config`: for a violated property, the smallest
 * configuration of the model that still violates it, so that its
 * counterexample shows only the actors the race needs (what the README's
 * f78c436c example does by hand with -D WITH_DIO_COW=false ...).
 *
 * The configuration is the model's constants that the command line left
 * alone: a bool constant named WITH_* switches an actor on (false is
 * smaller), an integer constant counts something (smaller is smaller, down
 * to 0). A constant written as an expression of others (X_START = W_START +
 * BG_LEN) follows them: it lays something out rather than counting it, and
 * set on its own it would only break the layout. Greedy and in the model's order: each WITH_* switch is turned off
 * if the property is still violated without it, then each integer is set
 * to the least value that still violates it; again until nothing changes.
 * A configuration the model refuses (a range that becomes empty, say) is
 * skipped. The result is smallest in that no one constant can be made
 * smaller, not the least of every combination.
 */
import { DiagnosticError, type Expr, makeSource, parseModel } from '../lang/index.js';
import { buildModel, type Define, type Model } from '../model/index.js';

/** One constant's value in a configuration, as -D would set it. */
export interface Setting {
  readonly name: string;
  readonly value: string;
}

/** The property still violated in a model built with these settings (and the command line's defines)? */
export type Violates = (model: Model) => Promise<boolean>;

/**
 * The smallest configuration found, as the settings that differ from the model's own values
 * (empty: none smaller violates), and the model built with them.
 */
export async function smallestConfiguration(
  model: Model,
  defines: readonly Define[],
  violates: Violates,
): Promise<{ settings: Setting[]; model: Model }> {
  const ast = parseModel(model.source);
  const fixed = new Set(defines.map((d) => d.name));
  const literal = new Set(ast.decls.flatMap((d) => (d.kind === 'const' && isLiteral(d.value) ? [d.name.name] : [])));
  const knobs = [...model.constants]
    .filter(([name]) => !fixed.has(name) && literal.has(name))
    .filter(([name, c]) => c.type.kind === 'int' || (c.type.kind === 'bool' && /^WITH_/.test(name)))
    .map(([name, c]) => ({ name, kind: c.type.kind, value: c.value }));
  const settings = new Map<string, number>();
  const build = (trial: Map<string, number>): Model | undefined => {
    const text = [...trial].map(([name, v]) => `-D ${name}=${show(knobs, name, v)}`).join(' ');
    const source = makeSource('<--minimize-config>', text);
    const mine: Define[] = [...trial].map(([name, v]) => ({
      name,
      value: show(knobs, name, v),
      source,
      at: { offset: text.indexOf(`${name}=`), length: name.length },
    }));
    try {
      return buildModel(ast, model.source, [...defines, ...mine]);
    } catch (e) {
      if (e instanceof DiagnosticError) return undefined;
      throw e;
    }
  };
  let best = model;
  const tries = async (name: string, value: number): Promise<boolean> => {
    const trial = new Map(settings).set(name, value);
    const m = build(trial);
    if (!m || !(await violates(m))) return false;
    settings.set(name, value);
    best = m;
    return true;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const k of knobs) {
      const now = settings.get(k.name) ?? k.value;
      if (k.kind === 'bool') {
        if (now === 1 && (await tries(k.name, 0))) changed = true;
        continue;
      }
      for (let v = 0; v < now; v++) {
        if (await tries(k.name, v)) {
          changed = true;
          break;
        }
      }
    }
  }
  const out = knobs
    .filter((k) => settings.has(k.name) && settings.get(k.name) !== k.value)
    .map((k) => ({ name: k.name, value: show(knobs, k.name, settings.get(k.name)!) }));
  return { settings: out, model: best };
}

/** `4`, `-1`, `true`: a value written as such, not computed from other constants. */
function isLiteral(e: Expr): boolean {
  return e.kind === 'int' || e.kind === 'bool' || (e.kind === 'unary' && e.op === '-' && e.operand.kind === 'int');
}

function show(knobs: readonly { name: string; kind: string }[], name: string, v: number): string {
  return knobs.find((k) => k.name === name)!.kind === 'bool' ? (v ? 'true' : 'false') : String(v);
}
