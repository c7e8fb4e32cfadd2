/*
 * Name scopes: what a name means where it is used. Scopes nest (global →
 * process → procedure call → step body); an inner name hides an outer one.
 */
import type * as A from '../lang/ast.js';
import { didYouMean } from '../lang/index.js';
import type { Ctx } from './context.js';
import type { Expr, Place } from './ir.js';
import type { ScalarType, Type } from './types.js';

/** A place whose array indices may not all be given yet (`content` before `[A]`). */
export interface PlaceRef {
  readonly base: number;
  readonly indices: Place['indices'];
  readonly type: Type;
}

export type Binding =
  | { readonly kind: 'const'; readonly value: number; readonly type: ScalarType }
  | { readonly kind: 'place'; readonly place: PlaceRef; readonly owner: number }
  | { readonly kind: 'bound'; readonly id: number; readonly type: ScalarType }
  | { readonly kind: 'enumType'; readonly type: ScalarType }
  | {
      readonly kind: 'process';
      readonly instances: readonly number[];
      readonly isArray: boolean;
      readonly decl: A.Decl & { kind: 'process' };
    }
  | { readonly kind: 'proc'; readonly decl: A.Decl & { kind: 'proc' } }
  | { readonly kind: 'def'; readonly decl: A.Decl & { kind: 'def' } }
  /** A `def` parameter: the argument, resolved where the def is used. */
  | { readonly kind: 'expr'; readonly expr: Expr };

export class Scope {
  private readonly names = new Map<string, Binding>();

  constructor(readonly parent?: Scope) {}

  lookup(name: string): Binding | undefined {
    return this.names.get(name) ?? this.parent?.lookup(name);
  }

  /** Defines a name here; returns false if this scope already has it. */
  define(name: string, binding: Binding): boolean {
    if (this.names.has(name)) return false;
    this.names.set(name, binding);
    return true;
  }

  /** Every visible name, for "did you mean" hints. */
  *visible(): Iterable<string> {
    yield* this.names.keys();
    if (this.parent) yield* this.parent.visible();
  }

  child(): Scope {
    return new Scope(this);
  }
}

/** What a name means here; an unknown name is a diagnostic. */
export function resolveName(ctx: Ctx, scope: Scope, name: string, at: A.Expr['at']): Binding {
  const b = scope.lookup(name);
  if (!b) ctx.fail(at, `unknown name '${name}'`, didYouMean(name, scope.visible()));
  return b;
}

/** What a binding is, for messages: 'a constant', 'a process'. */
export function describe(b: Binding): string {
  switch (b.kind) {
    case 'const':
      return 'a constant';
    case 'place':
      return 'a variable';
    case 'bound':
      return 'a bound variable';
    case 'enumType':
      return 'a type';
    case 'process':
      return 'a process';
    case 'proc':
      return 'a procedure';
    case 'def':
      return 'a def';
    case 'expr':
      return 'a parameter';
  }
}
