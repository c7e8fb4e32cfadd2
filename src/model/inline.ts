/*
 * Procedures and local variables. A procedure call is inlined: its body is
 * built again at each call site, with each parameter bound to the argument (a
 * variable, passed by reference, or a constant). Its locals get fresh slots at
 * each site and are re-initialised each time the block is entered.
 */
import type * as A from '../lang/ast.js';
import { MAX_NESTING, plural } from '../lang/index.js';
import type { Ctx } from './context.js';
import { argumentCount, constValue } from './expressions.js';
import type * as IR from './ir.js';
import { resolvePlace, resolveType } from './places.js';
import type { Binding, Scope } from './scope.js';
import { assignable, cardinality, high, low, showValue, slotCount, type Type, typeName } from './types.js';

export class Inliner {
  private readonly active: string[] = [];

  /**
   * How deeply the blocks being built nest, with the procedures called inlined. The parser bounds
   * each body's nesting (MAX_NESTING); inlining adds a body's nesting to its call site's, so the
   * sum is bounded here, before the builders or any later stage recurse that deep.
   */
  private depth = 0;

  constructor(
    private readonly ctx: Ctx,
    /** The process instance being built, and its name (`writer[2]`) for its locals' names. */
    readonly owner: number,
    private readonly ownerName: string,
    /** Locals declared at the top of the process body, allocated before any body is built. */
    private readonly preallocated: ReadonlyMap<A.VarDecl, IR.Variable>,
  ) {}

  /**
   * Declares a local in `scope` and returns the assignments that give it its
   * initial value when the declaration is reached (none for the process's own
   * top-level locals, which start with it).
   */
  declareLocal(decl: A.VarDecl, scope: Scope): IR.Stmt[] {
    const pre = this.preallocated.get(decl);
    const v = pre ?? allocateVariable(this.ctx, scope, decl, this.owner, `${this.ownerName}.${decl.name.name}`);
    if (
      !scope.define(decl.name.name, {
        kind: 'place',
        place: { base: v.base, indices: [], type: v.type },
        owner: this.owner,
      })
    ) {
      this.ctx.fail(decl.name.at, `'${decl.name.name}' is already declared in this block`);
    }
    if (pre) return [];
    return this.ctx.slots.slice(v.base, v.base + slotCount(v.type)).map((slot, i) => ({
      k: 'assign',
      place: { base: v.base + i, indices: [], type: slot.type, at: decl.at },
      value: { k: 'const', value: slot.init, type: slot.type },
      at: decl.at,
    }));
  }

  /** A block (its statements `stmts`) one level deeper; a diagnostic at its first statement past MAX_NESTING. */
  enterBlock(stmts: readonly A.Stmt[]): void {
    const first = stmts[0];
    if (++this.depth > MAX_NESTING && first)
      this.ctx.fail(
        first.at,
        `nesting deeper than ${MAX_NESTING} levels once procedures are inlined`,
        `(inlined here: ${this.active.join(' → ')}; a procedure's body nests as deep as its call)`,
      );
  }

  leaveBlock(): void {
    this.depth--;
  }

  /** Inlines a procedure call; `build` builds the body in the procedure's scope. */
  inline<T>(call: A.Stmt & { kind: 'invoke' }, scope: Scope, build: (body: A.Stmt[], procScope: Scope) => T[]): T[] {
    const ctx: Ctx = this.ctx;
    const b = scope.lookup(call.name.name);
    if (!b) ctx.fail(call.name.at, `unknown procedure '${call.name.name}'`);
    if (b.kind !== 'proc') ctx.fail(call.name.at, `'${call.name.name}' is not a procedure`);
    const decl = b.decl;
    if (call.args.length !== decl.params.length) {
      ctx.fail(call.at, argumentCount(decl.name.name, decl.params.length, call.args.length));
    }
    if (this.active.includes(decl.name.name)) {
      const cycle = [...this.active, decl.name.name].join(' → ');
      ctx.fail(
        call.at,
        `procedure '${decl.name.name}' calls itself (${cycle}); procedures are inlined, so they cannot recurse`,
      );
    }
    const procScope = ctx.globals.child();
    decl.params.forEach((param, i) => {
      const arg = call.args[i]!;
      procScope.define(param.name, argument(ctx, scope, arg));
    });
    this.active.push(decl.name.name);
    ctx.expansions.push(call.at);
    try {
      return build(decl.body, procScope);
    } finally {
      this.active.pop();
      ctx.expansions.pop();
    }
  }
}

/** An argument is bound by reference when it is a variable, by value when it is a constant. */
function argument(ctx: Ctx, scope: Scope, arg: A.Expr): Binding {
  if (isVariable(scope, arg)) {
    const place = resolvePlace(ctx, scope, arg);
    const owner = ownerOf(scope, arg);
    return { kind: 'place', place, owner };
  }
  const c = constValue(ctx, scope, arg);
  return { kind: 'const', value: c.value, type: c.type };
}

function rootName(e: A.Expr): string | undefined {
  if (e.kind === 'name') return e.name;
  if (e.kind === 'index' || e.kind === 'member') return rootName(e.target);
  return undefined;
}

function isVariable(scope: Scope, e: A.Expr): boolean {
  if (e.kind === 'member') return true;
  const root = rootName(e);
  return (e.kind === 'name' || e.kind === 'index') && root !== undefined && scope.lookup(root)?.kind === 'place';
}

function ownerOf(scope: Scope, e: A.Expr): number {
  const root = rootName(e);
  const b = root === undefined ? undefined : scope.lookup(root);
  return b?.kind === 'place' ? b.owner : -1;
}

/** Allocates a declared variable with its initial value (a constant, or a list for an array). */
export function allocateVariable(ctx: Ctx, scope: Scope, decl: A.VarDecl, owner: number, name: string): IR.Variable {
  const type = resolveType(ctx, scope, decl.type);
  const init = decl.init ? initialValues(ctx, scope, type, decl.init) : undefined;
  return ctx.allocate(name, type, owner, decl.at, init);
}

function initialValues(ctx: Ctx, scope: Scope, type: Type, init: A.Expr): number[] {
  if (type.kind === 'array') {
    const count = cardinality(type.index);
    if (init.kind !== 'list') {
      const one = initialValues(ctx, scope, type.elem, init);
      return Array.from({ length: count }, () => one).flat();
    }
    if (init.items.length !== count) {
      ctx.fail(init.at, `the list has ${plural(init.items.length, 'element')}, but the array has ${count}`);
    }
    return init.items.flatMap((item) => initialValues(ctx, scope, type.elem, item));
  }
  const c = constValue(ctx, scope, init);
  if (!assignable(c.type, type)) ctx.fail(init.at, `cannot initialise a ${typeName(type)} with ${typeName(c.type)}`);
  if (c.value < low(type) || c.value > high(type)) {
    ctx.fail(init.at, `initial value ${showValue(c.type, c.value)} is out of range ${typeName(type)}`);
  }
  return [c.value];
}
