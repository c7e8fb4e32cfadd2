/*
 * The model stage: syntax tree in, Model out. Resolves names and types,
 * evaluates constants (with -D overrides), expands process arrays, inlines
 * procedures and lays out the state vector.
 */
import type * as A from '../lang/ast.js';
import { didYouMean, fail, LARGEST_LITERAL, type Loc, literalValue, type Source } from '../lang/index.js';
import { count, PROCESS_LIMIT } from './budget.js';
import { checkThenActWarnings } from './check-then-act.js';
import { Ctx } from './context.js';
import { constValue, expectBool, resolveTemplate } from './expressions.js';
import { allocateVariable, Inliner } from './inline.js';
import type * as IR from './ir.js';
import { processesOf, resolveDomain } from './places.js';
import { ProcessBuilder } from './processes.js';
import { Scope } from './scope.js';
import { sourceText } from './statements.js';
import { findSymmetries, type SymmetricArray } from './symmetry.js';
import { high, INT, low, type ScalarType, showValue, typeName } from './types.js';

export { arithmeticBounds, type Interval } from './bounds.js';
export {
  count,
  keptHeap,
  liftStageLimits,
  limitStages,
  StageLimitError,
  type StageLimits,
  watchStage,
} from './budget.js';
export { forEachNextNode, pathSteps, stepOf, stepTargets, waitingSteps, waitPoints } from './control.js';
export { divide, isModelInt, MAX_INT, overflowMessage } from './integers.js';
export type * from './ir.js';
export * from './types.js';
export {
  chooses,
  type TemplateSite,
  type Visitor,
  visitExpr,
  visitNode,
  visitProcess,
  visitStmts,
} from './visit.js';

/** A constant set on the command line: `-D NAME=VALUE`. */
export interface Define {
  readonly name: string;
  readonly value: string;
  /** Where it was written, for diagnostics (usually the "<command line>" source). */
  readonly source: Source;
  /** Where its name was written (the whole `NAME=VALUE` when the source is the command line). */
  readonly at: Loc;
  /** Where its value was written, for a value that does not fit (default: `at`). */
  readonly valueAt?: Loc;
}

export function buildModel(ast: A.ModelAst, source: Source, defines: readonly Define[] = []): IR.Model {
  const ctx = new Ctx(source);
  const scope = new Scope();
  ctx.globals = scope;
  const declare = (name: A.Ident, binding: Parameters<Scope['define']>[1]) => {
    if (!scope.define(name.name, binding)) ctx.fail(name.at, `'${name.name}' is already declared`);
  };
  const of = <K extends A.Decl['kind']>(kind: K) => ast.decls.filter((d): d is A.Decl & { kind: K } => d.kind === kind);

  for (const e of of('enum')) {
    if (e.members.length === 0) ctx.fail(e.at, `enum ${e.name.name} has no members; an enum needs at least one`);
    const type: ScalarType = { kind: 'enum', name: e.name.name, members: e.members.map((m) => m.name) };
    declare(e.name, { kind: 'enumType', type });
    e.members.forEach((m, i) => {
      declare(m, { kind: 'const', value: i, type });
    });
  }

  defines.forEach((d, i) => {
    const first = defines.slice(0, i).find((e) => e.name === d.name);
    if (first)
      fail(d.source, d.at, `constant '${d.name}' is set twice: ${d.name}=${first.value}, then ${d.name}=${d.value}`);
  });
  const constants = new Map<string, { value: number; type: ScalarType }>();
  const used = new Set<Define>();
  for (const c of of('const')) {
    let value = constValue(ctx, scope, c.value);
    const override = defines.find((d) => d.name === c.name.name);
    if (override) {
      used.add(override);
      value = parseDefine(override, value.type, scope);
    }
    const type = value.type.kind === 'int' ? INT : value.type;
    constants.set(c.name.name, { value: value.value, type });
    declare(c.name, { kind: 'const', value: value.value, type });
  }
  for (const d of defines) {
    if (!used.has(d))
      fail(d.source, d.at, `the model has no constant '${d.name}'`, didYouMean(d.name, constants.keys()));
  }

  for (const p of of('proc')) declare(p.name, { kind: 'proc', decl: p });
  for (const d of of('def')) declare(d.name, { kind: 'def', decl: d });
  for (const v of of('var')) {
    const variable = allocateVariable(ctx, scope, v, -1, v.name.name);
    declare(v.name, { kind: 'place', place: { base: variable.base, indices: [], type: variable.type }, owner: -1 });
  }

  // Process instances: numbered in declaration order, each with its display name and own locals.
  const instances: { decl: A.Decl & { kind: 'process' }; name: string; scope: Scope; display: string }[] = [];
  const symmetric: SymmetricArray[] = [];
  for (const p of of('process')) {
    const first = instances.length;
    if (p.index) {
      const domain = resolveDomain(ctx, scope, p.index.domain);
      const size = high(domain) - low(domain) + 1;
      if (first + size > PROCESS_LIMIT) {
        const all = first > 0 ? ` (${count(first + size)} with the processes before it)` : '';
        ctx.fail(
          p.index.domain.at,
          `this process array has ${count(size)} instances${all}; the limit is ${count(PROCESS_LIMIT)}`,
        );
      }
      if (p.symmetric)
        symmetric.push({
          decl: p,
          domain,
          elements: Array.from({ length: high(domain) - low(domain) + 1 }, (_, k) => first + k),
        });
      for (let i = low(domain); i <= high(domain); i++) {
        const inner = scope.child();
        inner.define(p.index.variable.name, { kind: 'const', value: i, type: domain.kind === 'int' ? INT : domain });
        instances.push({ decl: p, name: `${p.name.name}[${showValue(domain, i)}]`, scope: inner, display: '' });
      }
    } else {
      instances.push({ decl: p, name: p.name.name, scope: scope.child(), display: '' });
    }
    const indices = instances.slice(first).map((_, i) => first + i);
    declare(p.name, { kind: 'process', instances: indices, isArray: p.index !== undefined, decl: p });
  }

  // Each instance gets its own slots for the locals its body declares at the top.
  const preallocated = instances.map(() => new Map<A.VarDecl, IR.Variable>());
  instances.forEach((inst, index) => {
    inst.display = inst.decl.displayName ? displayName(ctx, inst.scope, inst.decl.displayName) : inst.name;
    const locals = new Map<string, IR.Variable>();
    for (const stmt of inst.decl.body) {
      if (stmt.kind !== 'var') continue;
      if (locals.has(stmt.name.name)) ctx.fail(stmt.name.at, `'${stmt.name.name}' is already declared in this process`);
      const v = allocateVariable(ctx, inst.scope, stmt, index, `${inst.name}.${stmt.name.name}`);
      locals.set(stmt.name.name, v);
      preallocated[index]!.set(stmt, v);
    }
    ctx.locals.set(index, locals);
  });

  const fairness = declaredFairness(ctx, scope, of('fairness'), instances.length);
  const steps: IR.StepSite[] = [];
  const processes: IR.Process[] = instances.map((inst, index) => {
    const inliner = new Inliner(ctx, index, inst.name, preallocated[index]!);
    const builder = new ProcessBuilder(ctx, index, inliner, steps);
    const start = builder.build(inst.decl.body, inst.scope);
    const pcSlot = ctx.slots.length;
    ctx.slots.push({
      name: `${inst.name}.pc`,
      type: { kind: 'int', lo: 0, hi: builder.nodes.length - 1 },
      init: start,
      owner: index,
      isPc: true,
    });
    return {
      index,
      name: inst.name,
      display: inst.display,
      pcSlot,
      nodes: builder.nodes,
      start,
      end: 0,
      at: inst.decl.at,
      fairness: fairness[index] ?? inst.decl.fairness ?? 'none',
    };
  });
  ctx.processes = processes;

  for (const d of ast.decls) {
    if ((d.kind === 'invariant' || d.kind === 'final' || d.kind === 'liveness') && d.name.name === DEADLOCK) {
      ctx.fail(d.name.at, `'${DEADLOCK}' is the built-in deadlock check; give this property another name`);
    }
    if (d.kind === 'invariant') {
      const cond = expectBool(ctx, scope, d.cond, 'an invariant');
      ctx.property(d.name.name, 'invariant', d.at, sourceText(ctx, d.cond), { cond });
    } else if (d.kind === 'final') {
      const after = [...new Set(d.after.flatMap((e) => processesOf(ctx, scope, e)))];
      const cond = expectBool(ctx, scope, d.cond, 'a final property');
      ctx.property(d.name.name, 'final', d.at, sourceText(ctx, d.cond), { cond, after });
    } else if (d.kind === 'liveness') {
      ctx.property(d.name.name, 'liveness', d.at, livenessText(ctx, d), { liveness: liveness(ctx, scope, d) });
    }
  }
  ctx.property(DEADLOCK, 'deadlock', { offset: 0, length: 0 }, 'some process can move, or every process has finished');

  const symmetries = findSymmetries(ctx, symmetric, processes);
  const warnings = checkThenActWarnings(source, ctx.slots, processes);

  const title = ast.title ?? source.name.replace(/^.*\//, '').replace(/\.race$/, '');
  return {
    title,
    source,
    constants,
    slots: ctx.slots,
    variables: ctx.variables,
    processes,
    steps,
    properties: ctx.properties,
    symmetries,
    warnings,
  };
}

function liveness(ctx: Ctx, scope: Scope, d: A.Decl & { kind: 'liveness' }): IR.LivenessFormula {
  const p = expectBool(ctx, scope, d.p, d.form === 'leadsto' ? 'the left side of leadsto' : 'a liveness condition');
  const { pText, qText } = livenessParts(ctx, d);
  if (!d.q) return { form: d.form, p, pText };
  const q = expectBool(ctx, scope, d.q, 'the right side of leadsto');
  return { form: d.form, p, q, pText, qText: qText! };
}

/** P's and Q's text as written, parentheses included (the expressions' own spans leave outer ones out). */
function livenessParts(ctx: Ctx, d: A.Decl & { kind: 'liveness' }): { pText: string; qText?: string } {
  const text = (from: number, to: number) => ctx.source.text.slice(from, to).replace(/\s+/g, ' ').trim();
  const end = d.at.offset + d.at.length;
  const body = ctx.source.text.indexOf(':', d.name.at.offset + d.name.at.length) + 1;
  if (!d.q) return { pText: text(body, end).replace(/^(always\s+)?eventually\s+/, '') };
  const leadsto = ctx.source.text.indexOf('leadsto', d.p.at.offset + d.p.at.length);
  return { pText: text(body, leadsto), qText: text(leadsto + 'leadsto'.length, end) };
}

/** The fairness `fair p, q` declarations give, by process instance; a process may be made fair once. */
function declaredFairness(
  ctx: Ctx,
  scope: Scope,
  decls: readonly (A.Decl & { kind: 'fairness' })[],
  count: number,
): (IR.Fairness | undefined)[] {
  const out: (IR.Fairness | undefined)[] = Array.from({ length: count }, () => undefined);
  for (const d of decls) {
    for (const e of d.processes) {
      const name = e.kind === 'index' && e.target.kind === 'name' ? e.target.name : e.kind === 'name' ? e.name : '';
      const b = scope.lookup(name);
      for (const proc of processesOf(ctx, scope, e)) {
        if (out[proc] !== undefined || (b?.kind === 'process' && b.decl.fairness))
          ctx.fail(e.at, `${name} is already declared fair`);
        out[proc] = d.fairness;
      }
    }
  }
  return out;
}

/** The property as written after its name: `eventually done(relocation)`. */
function livenessText(ctx: Ctx, d: A.Decl & { kind: 'liveness' }): string {
  const { pText, qText } = livenessParts(ctx, d);
  if (d.form === 'leadsto') return `${pText} leadsto ${qText}`;
  return d.form === 'eventually' ? `eventually ${pText}` : `always eventually ${pText}`;
}

/** The name of the built-in deadlock-freedom property. */
export const DEADLOCK = 'no_deadlock';

function displayName(ctx: Ctx, scope: Scope, t: A.Template): string {
  return resolveTemplate(ctx, scope, t)
    .map((p) => {
      if (typeof p === 'string') return p;
      if (p.k !== 'const') ctx.fail(t.at, 'a display name can only show constants');
      return showValue(p.type, p.value);
    })
    .join('');
}

/**
 * A -D value for a constant of `type`: an integer as a model writes one (decimal digits, at most
 * LARGEST_LITERAL, a minus before them for a negative one), true or false, or an enum member's name.
 */
function parseDefine(d: Define, type: ScalarType, scope: Scope): { value: number; type: ScalarType } {
  const text = d.value.trim();
  const at = d.valueAt ?? d.at;
  if (type.kind === 'int') {
    const m = /^(-?)([0-9]+)$/.exec(text);
    if (!m) fail(d.source, at, `constant '${d.name}' is an integer, but '${d.value}' is not`);
    const magnitude = literalValue(m[2]!);
    if (magnitude === undefined) fail(d.source, at, `number ${text} is too large (at most ${LARGEST_LITERAL})`);
    return { value: m[1] ? -magnitude || 0 : magnitude, type: INT };
  }
  if (type.kind === 'bool') {
    if (text !== 'true' && text !== 'false')
      fail(d.source, at, `constant '${d.name}' is a bool: write true or false, not '${d.value}'`);
    return { value: text === 'true' ? 1 : 0, type };
  }
  const b = scope.lookup(text);
  if (b?.kind !== 'const' || b.type.kind !== 'enum' || b.type.name !== type.name) {
    fail(d.source, at, `constant '${d.name}' is a ${typeName(type)}: write one of ${type.members.join(', ')}`);
  }
  return { value: b.value, type };
}

/** Sorts properties in the order they are written, the built-in deadlock check last. */
export function sourceOrder(model: IR.Model, property: number): number {
  const p = model.properties[property]!;
  return p.kind === 'deadlock' ? Infinity : p.at.offset;
}
