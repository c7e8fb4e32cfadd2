/*
 * Symmetry: a process array declared `symmetric` has interchangeable
 * elements, so states that differ only by a permutation of them are one
 * state. That holds only if the elements are used alike, which is checked
 * here on the syntax tree (as Murphi checks its scalarsets):
 * - in the array's body, its index `i` appears only as the index of a global
 *   array over the same domain (`in_cs[i]`): such arrays are the elements' own;
 * - anywhere else, an element's own array is read only through a quantifier
 *   over the domain whose variable does nothing but index those arrays
 *   (`count k in 0..N-1: in_cs[k]`); not through a `for` loop, whose effects
 *   may depend on the order it visits the elements in;
 * - no one names an element (`w[2].x`, `after w[2]`);
 * - all elements start alike.
 * The result says which slots belong to which element, to sort them by.
 */
import type * as A from '../lang/ast.js';
import type { Ctx } from './context.js';
import { resolveDomain } from './expressions.js';
import type { Slot, Symmetry, Variable } from './ir.js';
import type { Scope } from './scope.js';
import { type ScalarType, sameType, slotCount } from './types.js';

export function findSymmetries(
  ctx: Ctx,
  scope: Scope,
  decls: readonly A.Decl[],
  instancesOf: (decl: A.Decl & { kind: 'process' }) => readonly number[],
  slots: readonly Slot[],
): Symmetry[] {
  const out: Symmetry[] = [];
  for (const d of decls) {
    if (d.kind !== 'process' || !d.symmetric || !d.index) continue;
    const domain = resolveDomain(ctx, scope, d.index.domain);
    const i = d.index.variable.name;
    const overDomain = (name: string): Variable | undefined => {
      const b = scope.lookup(name);
      if (b?.kind !== 'place' || b.owner !== -1) return undefined;
      const v = ctx.variables.find((x) => x.base === b.place.base && x.owner === -1);
      return v?.type.kind === 'array' && sameType(v.type.index, domain) ? v : undefined;
    };
    // The arrays the elements own: those the body indexes by i.
    const owned = new Map<string, Variable>();
    walk(d.body, {
      index: (target, index) => {
        if (target.kind === 'name' && index.kind === 'name' && index.name === i) {
          const v = overDomain(target.name);
          if (v) owned.set(target.name, v);
        }
      },
    });
    const check = new UseCheck(ctx, d, i, domain, owned);
    for (const other of decls) check.decl(other);

    const instances = instancesOf(d);
    // Each element's slots, in one order: its program counter and locals, then its element of each owned array.
    const perInstance = instances.map((proc, k) => {
      const own = slots.map((s, n) => (s.owner === proc ? n : -1)).filter((n) => n >= 0);
      for (const v of owned.values()) {
        if (v.type.kind !== 'array') continue;
        const stride = slotCount(v.type.elem);
        for (let e = 0; e < stride; e++) own.push(v.base + k * stride + e);
      }
      return own;
    });
    // All elements must start alike.
    for (let n = 0; n < perInstance[0]!.length; n++) {
      const first = slots[perInstance[0]![n]!]!;
      if (first.isPc) continue;
      if (perInstance.some((own) => slots[own[n]!]!.init !== first.init)) {
        ctx.fail(d.symmetric, `the elements of ${d.name.name} do not start alike (${slots[perInstance[1]![n]!]!.name} differs from ${first.name}), so they are not symmetric`);
      }
    }
    out.push({ name: d.name.name, processes: instances, slots: perInstance });
  }
  return out;
}

/** Checks every use of the index and of the owned arrays in one declaration. */
class UseCheck {
  constructor(
    private readonly ctx: Ctx,
    private readonly sym: A.Decl & { kind: 'process' },
    private readonly i: string,
    private readonly domain: ScalarType,
    private readonly owned: ReadonlyMap<string, Variable>,
  ) {}

  private fail(at: A.Expr['at'], why: string): never {
    this.ctx.fail(at, `${this.sym.name.name} is declared symmetric, but ${why}`);
  }

  decl(d: A.Decl): void {
    const inSym = d === this.sym;
    const visit = (nodes: Walkable, bound: Set<string>) =>
      walk(nodes, {
        name: (e) => {
          if (inSym && e.name === this.i) this.fail(e.at, `its index ${this.i} is used other than as the index of one of its own arrays (${[...this.owned.keys()].join(', ') || 'none'})`);
          if (bound.has(e.name)) this.fail(e.at, `${e.name} ranges over its elements and may only index their arrays`);
          if (this.owned.has(e.name)) this.fail(e.at, `its own array ${e.name} is used other than through an index`);
        },
        index: (target, index) => {
          if (target.kind === 'name' && this.owned.has(target.name)) {
            const ok = index.kind === 'name' && ((inSym && index.name === this.i) || bound.has(index.name));
            if (!ok) this.fail(index.at, `its own array ${target.name} is indexed by something other than ${inSym ? `${this.i} or ` : ''}a variable ranging over all its elements`);
            return true; // handled: do not visit the target and index as plain names
          }
          if (target.kind === 'name' && target.name === this.sym.name.name) this.fail(target.at, `one of its elements is named (${target.name}[…])`);
          return false;
        },
        binder: (variable, domain, body, loop) => {
          // A variable over all the elements that indexes their arrays may do nothing else.
          const indexesOwned = this.coversDomain(domain) && this.usesAsOwnedIndex(body, variable.name);
          if (indexesOwned && loop) this.fail(variable.at, `a for loop visits its elements in order (use forall, exists or count, whose result does not depend on it)`);
          visit(body, indexesOwned ? new Set([...bound, variable.name]) : bound);
          return true;
        },
      });
    switch (d.kind) {
      case 'process':
      case 'proc':
        return visit(d.body, new Set());
      case 'def':
        return visit([d.body], new Set());
      case 'invariant':
        return visit([d.cond], new Set());
      case 'final':
        for (const e of d.after) if (e.kind === 'index' && e.target.kind === 'name' && e.target.name === this.sym.name.name) this.fail(e.at, 'a final property waits for one of its elements');
        return visit([d.cond], new Set());
      case 'var':
        return d.init ? visit([d.init], new Set()) : undefined;
      default:
        return;
    }
  }

  /** Whether `body` indexes one of the owned arrays by `name`. */
  private usesAsOwnedIndex(body: Walkable, name: string): boolean {
    let found = false;
    walk(body, {
      index: (target, index) => {
        if (target.kind === 'name' && this.owned.has(target.name) && index.kind === 'name' && index.name === name) found = true;
      },
    });
    return found;
  }

  /** Whether a quantifier's or for loop's domain is the symmetric domain. */
  private coversDomain(t: A.TypeExpr): boolean {
    try {
      return sameType(resolveDomain(this.ctx, this.ctx.globals, t), this.domain);
    } catch {
      return false;
    }
  }
}

type Walkable = readonly (A.Stmt | A.Expr)[];

interface Visitor {
  /** A name used as a value; not called for the target or index of an index the `index` hook handled. */
  name?: (e: A.Expr & { kind: 'name' }) => void;
  /** `target[index]`; return true to skip visiting target and index. */
  index?: (target: A.Expr, index: A.Expr) => boolean | void;
  /** A quantifier or for loop; return true when it walked the body itself. */
  binder?: (variable: A.Ident, domain: A.TypeExpr, body: Walkable, loop: boolean) => boolean;
}

/** Visits the expressions in statements and expressions; display text is left out (it has no effect). */
function walk(nodes: Walkable, v: Visitor): void {
  const expr = (e: A.Expr): void => {
    switch (e.kind) {
      case 'name':
        return v.name?.(e);
      case 'index':
        if (v.index?.(e.target, e.index)) return;
        expr(e.target);
        return expr(e.index);
      case 'member':
        return expr(e.target);
      case 'unary':
        return expr(e.operand);
      case 'binary':
        expr(e.left);
        return expr(e.right);
      case 'cond':
        expr(e.test);
        expr(e.then);
        return expr(e.else);
      case 'quant':
        if (v.binder?.(e.variable, e.domain, [e.body], false)) return;
        return expr(e.body);
      case 'list':
        return e.items.forEach(expr);
      case 'apply':
        return e.args.forEach(expr);
      default:
        return;
    }
  };
  const stmt = (s: A.Stmt): void => {
    switch (s.kind) {
      case 'step':
      case 'atomic':
      case 'call':
        return s.body.forEach(stmt);
      case 'if':
        expr(s.cond);
        s.then.forEach(stmt);
        return s.else?.forEach(stmt);
      case 'while':
        expr(s.cond);
        return s.body.forEach(stmt);
      case 'for':
        if (v.binder?.(s.variable, s.domain, s.body, true)) return;
        return s.body.forEach(stmt);
      case 'either':
        return s.branches.forEach((b) => b.forEach(stmt));
      case 'choose':
        expr(s.target);
        if (s.where) expr(s.where);
        return;
      case 'await':
        return expr(s.cond);
      case 'assign':
        expr(s.target);
        return expr(s.value);
      case 'assert':
        return expr(s.cond);
      case 'note':
        return;
      case 'invoke':
        return s.args.forEach(expr);
      case 'var':
        if (s.init) expr(s.init);
        return;
      case 'skip':
        return;
    }
  };
  for (const n of nodes) {
    if ('kind' in n && isStmt(n)) stmt(n);
    else expr(n as A.Expr);
  }
}

function isStmt(n: A.Stmt | A.Expr): n is A.Stmt {
  return ['step', 'atomic', 'call', 'if', 'while', 'for', 'either', 'choose', 'await', 'assign', 'assert', 'note', 'invoke', 'var', 'skip'].includes(n.kind);
}
