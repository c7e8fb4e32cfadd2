/*
 * The types of the model language. Every value is stored as a small integer:
 * bools as 0/1, enum members as their index, range values as themselves.
 */

export type ScalarType =
  | { readonly kind: 'bool' }
  /** A bounded range `lo..hi`; an integer expression's type is `int`, ±Infinity (integers.ts bounds its values). */
  | { readonly kind: 'int'; readonly lo: number; readonly hi: number }
  | { readonly kind: 'enum'; readonly name: string; readonly members: readonly string[] };

export type Type = ScalarType | { readonly kind: 'array'; readonly index: ScalarType; readonly elem: Type };

export const BOOL: ScalarType = { kind: 'bool' };
export const INT: ScalarType = { kind: 'int', lo: -Infinity, hi: Infinity };

/** How many values a finite scalar type has (the length of an array indexed by it). */
export function cardinality(t: ScalarType): number {
  switch (t.kind) {
    case 'bool':
      return 2;
    case 'int':
      return t.hi - t.lo + 1;
    case 'enum':
      return t.members.length;
  }
}

/** The smallest value of a scalar type, as stored. */
export function low(t: ScalarType): number {
  return t.kind === 'int' ? t.lo : 0;
}

export function high(t: ScalarType): number {
  return t.kind === 'int' ? t.hi : cardinality(t) - 1;
}

/** Number of scalar slots a value of this type occupies in a state. */
export function slotCount(t: Type): number {
  return t.kind === 'array' ? cardinality(t.index) * slotCount(t.elem) : 1;
}

export function typeName(t: Type): string {
  switch (t.kind) {
    case 'bool':
      return 'bool';
    case 'int':
      return Number.isFinite(t.lo) ? `${t.lo}..${t.hi}` : 'int';
    case 'enum':
      return t.name;
    case 'array':
      return `array[${typeName(t.index)}] of ${typeName(t.elem)}`;
  }
}

/** Whether a value of type `from` may be stored where `to` is expected (ranges are checked at run time). */
export function assignable(from: Type, to: Type): boolean {
  if (from.kind === 'int' && to.kind === 'int') return true;
  if (from.kind === 'enum' && to.kind === 'enum') return from.name === to.name;
  if (from.kind === 'array' && to.kind === 'array') {
    return sameType(from.index, to.index) && assignable(from.elem, to.elem);
  }
  return from.kind === to.kind;
}

/** Whether two values' types can meet in a comparison, a choice of branch or an index: ints of any range do. */
export function compatible(a: Type, b: Type): boolean {
  if (a.kind === 'int' && b.kind === 'int') return true;
  if (a.kind === 'enum' && b.kind === 'enum') return a.name === b.name;
  return a.kind === b.kind && a.kind !== 'array';
}

export function sameType(a: Type, b: Type): boolean {
  if (a.kind === 'int' && b.kind === 'int') return a.lo === b.lo && a.hi === b.hi;
  if (a.kind !== b.kind) return false;
  if (a.kind === 'enum') return a.name === (b as typeof a).name;
  if (a.kind === 'array') {
    const c = b as typeof a;
    return sameType(a.index, c.index) && sameType(a.elem, c.elem);
  }
  return true;
}

/** Shows a stored value the way a user wrote it. */
export function showValue(t: ScalarType, v: number): string {
  switch (t.kind) {
    case 'bool':
      return v ? 'true' : 'false';
    case 'int':
      return String(v);
    case 'enum':
      return t.members[v] ?? `?${v}`;
  }
}

/** The stored values of a scalar type, in order. */
export function values(t: ScalarType): number[] {
  const out: number[] = [];
  for (let v = low(t); v <= high(t); v++) out.push(v);
  return out;
}
