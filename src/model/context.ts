/*
 * What every part of the model builder shares: the source for diagnostics,
 * the growing lists of slots, variables and properties, and fresh ids.
 */
import { fail, type Loc, type Source } from '../lang/index.js';
import type { Expr, LivenessFormula, Process, Property, PropertyKind, Slot, Variable } from './ir.js';
import type { Scope } from './scope.js';
import { low, type ScalarType, slotCount, type Type } from './types.js';

export class Ctx {
  readonly slots: Slot[] = [];
  readonly variables: Variable[] = [];
  readonly properties: Property[] = [];
  /** Top-level locals of each process, for `relocation.stage` in properties. */
  readonly locals = new Map<number, Map<string, Variable>>();
  /** The global scope, once built; properties and processes start from it. */
  globals!: Scope;
  /** The `def`s being expanded, innermost last: a def met again inside its own expansion refers to itself. */
  readonly expanding: string[] = [];
  /**
   * The processes, once built: properties may then name positions (`p at step`, `done(p)`),
   * which read the processes' control graphs. Process code cannot.
   */
  processes: readonly Process[] | undefined;
  private nextBound = 0;

  constructor(readonly source: Source) {}

  fail(at: Loc, message: string, hint?: string): never {
    fail(this.source, at, message, hint);
  }

  boundId(): number {
    return this.nextBound++;
  }

  /** Allocates the slots of a variable; `init` gives each scalar slot's initial value. */
  allocate(name: string, type: Type, owner: number, at: Loc, init?: readonly number[]): Variable {
    const base = this.slots.length;
    const scalars = flatten(name, type);
    scalars.forEach(([n, t], i) => {
      this.slots.push({ name: n, type: t, init: init?.[i] ?? low(t), owner, isPc: false });
    });
    const v: Variable = { name, type, base, owner, at };
    this.variables.push(v);
    return v;
  }

  /** Registers a property, or returns the existing one (an assert may appear at many sites). */
  property(
    name: string,
    kind: PropertyKind,
    at: Loc,
    text: string,
    extra: { cond?: Expr; after?: number[]; liveness?: LivenessFormula } = {},
  ): number {
    const existing = this.properties.find((p) => p.name === name);
    if (existing) {
      if (existing.kind === 'assert' && kind === 'assert') return existing.index;
      const [first, second] = existing.at.offset < at.offset ? [existing.at, at] : [at, existing.at];
      this.fail(second, `property '${name}' is already defined`, `the other one is at ${lineOf(this.source, first)}`);
    }
    const index = this.properties.length;
    this.properties.push({
      index,
      name,
      kind,
      at,
      text,
      after: extra.after ?? [],
      ...(extra.cond && { cond: extra.cond }),
      ...(extra.liveness && { liveness: extra.liveness }),
    });
    return index;
  }
}

function lineOf(source: Source, at: Loc): string {
  return `line ${source.text.slice(0, at.offset).split('\n').length}`;
}

/** The scalar slots of a type, with the names traces show for them. */
export function flatten(name: string, type: Type): [string, ScalarType][] {
  if (type.kind !== 'array') return [[name, type]];
  const out: [string, ScalarType][] = [];
  const index = type.index;
  const count = slotCount(type) / slotCount(type.elem);
  for (let i = 0; i < count; i++) {
    const v = low(index) + i;
    const label = index.kind === 'enum' ? index.members[v]! : index.kind === 'bool' ? String(v === 1) : String(v);
    out.push(...flatten(`${name}[${label}]`, type.elem));
  }
  return out;
}
