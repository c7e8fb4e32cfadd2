/*
 * Positions of processes in properties: `relocation at btrfs_wait_nocow_writers`
 * (the process's next step is that step, or lies inside the call of that name)
 * and `done(relocation)` (the process has finished). They are written into
 * ordinary expressions over the program counters, so every later stage (the
 * compiler, footprints, the symmetry check) reads them as it reads any
 * condition; no ghost variable is added to the state.
 *
 * Where a process stands is a wait point, and the step it takes next from
 * there can depend on the state: `while !flag { step spin() }` then
 * `step enter()` waits at the loop's test, and its next step is `spin` or
 * `enter` according to `flag`. So `p at enter` is `pc == w && !flag` for that
 * wait point w: the control flow from each wait point to its steps is turned
 * into a condition, as the next transition would decide it in this state
 * (locals that the flow initialises on the way count with their initial value).
 * Either branch of an `either` counts: the process is at both steps.
 */
import type * as A from '../lang/ast.js';
import { didYouMean, type Loc } from '../lang/index.js';
import type { Ctx } from './context.js';
import { stepOf, waitPoints } from './control.js';
import { resolveExpr } from './expressions.js';
import type * as IR from './ir.js';
import { resolveDomain } from './places.js';
import { describe, resolveName, type Scope } from './scope.js';
import { BOOL, compatible, high, low, type ScalarType, typeName } from './types.js';
import { unreachable } from './visit.js';

const FALSE: IR.Expr = { k: 'const', value: 0, type: BOOL };
const TRUE: IR.Expr = { k: 'const', value: 1, type: BOOL };

/** `p at name` or `p at "sentence"`, as a condition on the state. */
export function resolvePosition(ctx: Ctx, scope: Scope, e: A.Expr & { kind: 'at' }): IR.Expr {
  const processes = builtProcesses(ctx, e.at);
  return perInstance(ctx, scope, e.process, 'one', (proc) => {
    const p = processes[proc]!;
    const match = matchingSteps(ctx, p, e);
    return nextStepIn(p, match, e.at);
  });
}

/** `done(p, q, ...)`: every process named has finished (an array name: all its elements). */
export function resolveDone(ctx: Ctx, scope: Scope, e: A.Expr & { kind: 'apply' }): IR.Expr {
  const processes = builtProcesses(ctx, e.at);
  if (e.args.length === 0) ctx.fail(e.at, 'done() needs the processes that must have finished, as in done(relocation)');
  return and(
    e.args.map((arg) => perInstance(ctx, scope, arg, 'all', (proc) => finished(processes[proc]!, e.at))),
    e.at,
  );
}

function builtProcesses(ctx: Ctx, at: Loc): readonly IR.Process[] {
  if (!ctx.processes)
    ctx.fail(at, "a process's position can only be used in properties (invariant, final, liveness), not in its code");
  return ctx.processes;
}

/**
 * The condition `make` gives for the instance an expression names: `relocation`, `writer[2]`,
 * `writer[k]` with k bound by a quantifier (one condition per element, chosen by k's value),
 * or, where `array` is 'all', a whole process array (every element's condition).
 */
function perInstance(
  ctx: Ctx,
  scope: Scope,
  e: A.Expr,
  array: 'one' | 'all',
  make: (proc: number) => IR.Expr,
): IR.Expr {
  if (e.kind === 'name') {
    const b = resolveName(ctx, scope, e.name, e.at);
    if (b.kind !== 'process') ctx.fail(e.at, `'${e.name}' is ${describe(b)}, not a process`);
    if (b.isArray && array === 'one')
      ctx.fail(e.at, `'${e.name}' is an array of processes; pick one, as in ${e.name}[1]`);
    return and(b.instances.map(make), e.at);
  }
  if (e.kind === 'index' && e.target.kind === 'name') {
    const b = resolveName(ctx, scope, e.target.name, e.target.at);
    if (b.kind !== 'process' || !b.isArray) ctx.fail(e.target.at, `'${e.target.name}' is not an array of processes`);
    const domain = resolveDomain(ctx, scope, b.decl.index!.domain);
    const index = resolveExpr(ctx, scope, e.index);
    if (!compatible(index.type, domain))
      ctx.fail(e.index.at, `process index must be ${typeName(domain)}, but this is ${typeName(index.type)}`);
    const lo = low(domain);
    if (index.k === 'const') {
      if (index.value < lo || index.value > high(domain))
        ctx.fail(e.index.at, `process index ${index.value} is out of bounds ${typeName(domain)}`);
      return make(b.instances[index.value - lo]!);
    }
    // An index known only at run time: the element's condition, picked by the index's value.
    let out = FALSE;
    for (let k = b.instances.length - 1; k >= 0; k--) {
      const value: IR.Expr = { k: 'const', value: lo + k, type: domain.kind === 'int' ? index.type : domain };
      out = cond(binary('==', index, value, e.index.at), make(b.instances[k]!), out);
    }
    return out;
  }
  ctx.fail(e.at, 'expected a process, as in relocation, writer[1] or writer[k]');
}

/** The step ids of `p` that `at NAME` names: its steps of that call name or sentence, or inside that call. */
function matchingSteps(ctx: Ctx, p: IR.Process, e: A.Expr & { kind: 'at' }): Set<number> {
  const steps = p.nodes.flatMap((n) => {
    const step = stepOf(n);
    return step ? [step] : [];
  });
  const wanted = e.sentence ? pieces(e.sentence.parts) : undefined;
  const name = e.step.name;
  const match = new Set<number>();
  for (const s of steps) {
    if (wanted) {
      if (s.display?.kind === 'sentence' && samePieces(pieces(s.display.text), wanted)) match.add(s.id);
      continue;
    }
    const own = s.display?.kind === 'call' && callName(s.display.text) === name;
    if (own || s.frames.some((f) => callName(f.text) === name)) match.add(s.id);
  }
  if (match.size === 0) {
    const names = new Set<string>();
    for (const s of steps) {
      if (s.display?.kind === 'call') names.add(callName(s.display.text) ?? '');
      for (const f of s.frames) names.add(callName(f.text) ?? '');
    }
    names.delete('');
    const what = wanted ? `no step with the sentence "${e.step.name}"` : `no step or call named '${name}'`;
    ctx.fail(e.step.at, `${p.name} has ${what}`, wanted ? undefined : didYouMean(name, names));
  }
  return match;
}

/** The function name of a call text, `btrfs_direct_IO` for `btrfs_direct_IO()`. */
function callName(t: IR.Template): string | undefined {
  const first = t[0];
  return typeof first === 'string' ? /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(/.exec(first)?.[1] : undefined;
}

/** A text's literal runs between its holes, blanks collapsed: how a sentence is told apart. */
function pieces(parts: readonly (string | unknown)[]): string[] {
  const out = [''];
  for (const p of parts) {
    if (typeof p === 'string') out[out.length - 1] += p;
    else out.push('');
  }
  return out.map((x) => x.replace(/\s+/g, ' ').trim());
}

function samePieces(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function finished(p: IR.Process, at: Loc): IR.Expr {
  return binary('==', pcRead(p, at), constant(0, pcType(p)), at);
}

/** Whether the next step of `p` (as the control flow goes in the state) is one of `match`. */
function nextStepIn(p: IR.Process, match: ReadonlySet<number>, at: Loc): IR.Expr {
  const memo = new Map<number, IR.Expr>();
  const reach = (n: number, known: ReadonlyMap<number, number>): IR.Expr => {
    const cached = known.size === 0 ? memo.get(n) : undefined;
    if (cached) return cached;
    const node = p.nodes[n]!;
    let out: IR.Expr;
    switch (node.k) {
      case 'step':
      case 'test': // a `step if` / `step while` test is a step of its own
        out = match.has(node.step.id) ? TRUE : FALSE;
        break;
      case 'end':
        out = FALSE;
        break;
      case 'branch': {
        const test = substitute(node.cond, known);
        out = cond(test, reach(node.then, known), reach(node.else, known));
        break;
      }
      case 'choice':
        out = or(
          node.targets.map((t) => reach(t, known)),
          at,
        );
        break;
      case 'enter':
        out = reach(node.next, known);
        break;
      case 'set': {
        // A local initialised on entering its block: later tests on the way see its initial value.
        const value = node.value;
        const inner = new Map(known);
        if (node.place.indices.length === 0 && value.k === 'const') inner.set(node.place.base, value.value);
        out = reach(node.next, inner);
        break;
      }
      default:
        unreachable(node);
    }
    if (known.size === 0) memo.set(n, out);
    return out;
  };
  const terms = waitPoints(p).flatMap((pc) => {
    const r = reach(pc, new Map());
    if (r.k === 'const' && r.value === 0) return [];
    const here = binary('==', pcRead(p, at), constant(pc, pcType(p)), at);
    return [r.k === 'const' ? here : and([here, r], at)];
  });
  return or(terms, at);
}

function pcType(p: IR.Process): ScalarType {
  return { kind: 'int', lo: 0, hi: p.nodes.length - 1 };
}

function pcRead(p: IR.Process, at: Loc): IR.Expr {
  const type = pcType(p);
  return { k: 'read', place: { base: p.pcSlot, indices: [], type, at }, type };
}

/** An expression with the slots in `known` read as their known values. */
function substitute(e: IR.Expr, known: ReadonlyMap<number, number>): IR.Expr {
  if (known.size === 0) return e;
  const sub = (x: IR.Expr): IR.Expr => substitute(x, known);
  switch (e.k) {
    case 'const':
    case 'bound':
      return e;
    case 'read': {
      const v = e.place.indices.length === 0 ? known.get(e.place.base) : undefined;
      if (v !== undefined) return { k: 'const', value: v, type: e.type };
      const indices = e.place.indices.map((ix) => ({ ...ix, expr: sub(ix.expr) }));
      return { ...e, place: { ...e.place, indices } };
    }
    case 'unary':
      return { ...e, operand: sub(e.operand) };
    case 'binary':
      return { ...e, left: sub(e.left), right: sub(e.right) };
    case 'cond':
      return { ...e, test: sub(e.test), then: sub(e.then), else: sub(e.else) };
    case 'quant':
      return { ...e, body: sub(e.body) };
    default:
      return unreachable(e);
  }
}

function constant(value: number, type: ScalarType): IR.Expr {
  return { k: 'const', value, type };
}

function binary(op: string, left: IR.Expr, right: IR.Expr, at: Loc): IR.Expr {
  return { k: 'binary', op, left, right, type: BOOL, at };
}

function cond(test: IR.Expr, then: IR.Expr, otherwise: IR.Expr): IR.Expr {
  if (test.k === 'const') return test.value ? then : otherwise;
  if (then.k === 'const' && otherwise.k === 'const' && then.value === otherwise.value) return then;
  return { k: 'cond', test, then, else: otherwise, type: BOOL };
}

function and(terms: readonly IR.Expr[], at: Loc): IR.Expr {
  const live = terms.filter((t) => !(t.k === 'const' && t.value === 1));
  if (live.some((t) => t.k === 'const' && t.value === 0)) return FALSE;
  return live.reduce<IR.Expr | undefined>((a, t) => (a ? binary('&&', a, t, at) : t), undefined) ?? TRUE;
}

function or(terms: readonly IR.Expr[], at: Loc): IR.Expr {
  const live = terms.filter((t) => !(t.k === 'const' && t.value === 0));
  if (live.some((t) => t.k === 'const' && t.value === 1)) return TRUE;
  return live.reduce<IR.Expr | undefined>((a, t) => (a ? binary('||', a, t, at) : t), undefined) ?? FALSE;
}
