/*
 * Tables the generated code refers to by number: source locations (for
 * run-time errors) and types (for showing values).
 */
import type { Loc } from '../lang/index.js';
import type { ScalarType } from '../model/index.js';

export class Sites {
  readonly locs: Loc[] = [];
  readonly types: ScalarType[] = [];

  loc(at: Loc): number {
    this.locs.push(at);
    return this.locs.length - 1;
  }

  type(t: ScalarType): number {
    const i = this.types.indexOf(t);
    if (i >= 0) return i;
    this.types.push(t);
    return this.types.length - 1;
  }
}
