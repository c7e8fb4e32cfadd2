/*
 * Tables the generated code refers to by number: source locations (for
 * run-time errors), types (for showing values) and each process's pc slot.
 */
import type { Loc } from '../lang/index.js';
import type { Model, ScalarType } from '../model/index.js';

export class Sites {
  readonly locs: Loc[] = [];
  readonly types: ScalarType[] = [];

  constructor(private readonly model: Model) {}

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

  pcSlot(proc: number): number {
    return this.model.processes[proc]!.pcSlot;
  }
}
