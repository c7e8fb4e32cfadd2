/*
 * What every part of the model builder shares: the source for diagnostics,
 * the growing lists of slots, variables and properties, and fresh ids.
 */
import { fail, type Loc, type Source } from '../lang/index.js';
import { count, EXPANSION_LIMIT, SLOT_LIMIT, watchStage } from './budget.js';
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
  /** IR nodes built so far (see budget.ts). */
  private built = 0;
  /** The def uses and procedure calls being expanded, outermost first: where a blow-up is reported. */
  readonly expansions: Loc[] = [];

  constructor(readonly source: Source) {}

  /** Counts one IR node built at `at`; past EXPANSION_LIMIT, a diagnostic at the expansion it is part of. */
  tick(at: Loc): void {
    if (++this.built > EXPANSION_LIMIT) {
      const outer = this.expansions[0];
      this.fail(
        outer ?? at,
        `the model expands to more than ${count(EXPANSION_LIMIT)} expressions and statements` +
          (outer ? ' in expanding this (a def is expanded again at each use, a procedure at each call)' : ' here'),
        'a smaller configuration, or fewer nested uses of defs and procedures',
      );
    }
    watchStage('building the model');
  }

  /**
   * Builds `rounds` copies of something (a `for` loop's body), round 0 first: from the size of
   * that round, the size of all of them, refused before they are built if past EXPANSION_LIMIT.
   */
  repeat(at: Loc, rounds: number, build: (round: number) => void): void {
    if (rounds === 0) return;
    const before = this.built;
    build(0);
    const each = Math.max(1, this.built - before);
    const estimate = each * rounds;
    if (before + estimate > EXPANSION_LIMIT) {
      this.fail(
        at,
        `this for loop is unrolled into about ${count(estimate)} expressions and statements ` +
          `(${count(rounds)} rounds of ${count(each)}); the limit is ${count(EXPANSION_LIMIT)}`,
        'unroll fewer rounds (a smaller domain, or an outer loop made a process-level while), or a smaller body',
      );
    }
    for (let r = 1; r < rounds; r++) build(r);
  }

  fail(at: Loc, message: string, hint?: string): never {
    fail(this.source, at, message, hint);
  }

  boundId(): number {
    return this.nextBound++;
  }

  /** Allocates the slots of a variable; `init` gives each scalar slot's initial value. */
  allocate(name: string, type: Type, owner: number, at: Loc, init?: readonly number[]): Variable {
    const base = this.slots.length;
    if (base + slotCount(type) > SLOT_LIMIT) {
      this.fail(
        at,
        `the model's state would have ${count(base + slotCount(type))} scalar slots with this variable; ` +
          `the limit is ${count(SLOT_LIMIT)}`,
      );
    }
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
    for (const slot of flatten(`${name}[${label}]`, type.elem)) out.push(slot);
  }
  return out;
}
