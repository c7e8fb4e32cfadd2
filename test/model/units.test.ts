/*
 * Control units (model/units.ts) and the value ranges behind them
 * (model/ranges.ts): which variable a process's units are keyed by, which
 * branches count, and which locals stay private. Each answer is checked
 * against a model where it must be the other one.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Model } from '../../src/model/index.js';
import { controlUnits } from '../../src/model/units.js';
import { load, ROOT } from '../helpers.js';

function slot(model: Model, name: string): number {
  return model.slots.findIndex((s) => s.name === name);
}

/** Whether some unit of process `p` can write slot `name`. */
function writes(model: Model, p: number, name: string): boolean {
  return controlUnits(model)[p]!.units.some((u) => u.now.writes.has(slot(model, name)));
}

/** a loops over st; b writes a.st in a branch that is taken when `reset` holds. */
function resetting(reset: string): Model {
  return load(`var x: 0..1 = 0
    process a {
      var st: 0..2 = 0
      while true { step { if st == 0 { st = 1 } else if st == 1 { x = 1  st = 2 } else { st = 0 } } }
    }
    process b {
      var k: 0..1 = 0
      while true { step { if ${reset} { a.st = 0 } else { k = 0 } } }
    }`);
}

describe('control units', () => {
  it("are keyed by the variable a loop's branches test, one unit per value reached", () => {
    const model = resetting('false');
    const [a] = controlUnits(model);
    assert.equal(a!.control, slot(model, 'a.st'));
    assert.equal(a!.units.length, 3);
    // The unit of st == 0 touches no shared variable now, but its future writes x.
    const first = a!.units.find((u) => u.now.reads.has(slot(model, 'a.st')) && !u.now.writes.has(slot(model, 'x')))!;
    assert.ok(first.future.writes.has(slot(model, 'x')));
  });

  it('key no unit by a local another process writes', () => {
    // b's branch that writes a.st is taken (k == 0 holds): a.st is not a's own, and a's units are
    // its pcs. Where no reachable state takes it (k == 1 never holds), a.st stays private.
    const taken = resetting('k == 0');
    assert.equal(controlUnits(taken)[0]!.control, -1);
    assert.ok(writes(taken, 1, 'a.st'));
    const never = resetting('k == 1');
    assert.equal(controlUnits(never)[0]!.control, slot(never, 'a.st'));
    assert.ok(!writes(never, 1, 'a.st'));
  });

  it("leave out BEEM's error branches that the value ranges rule out, and keep those they do not", () => {
    // peterson.1: `j - 1 >= 0 && j - 1 <= 2` holds wherever it is tested (j is 1 or 2 there).
    const peterson = load(readFileSync(`${ROOT}bench/models/beem/peterson.1.race`, 'utf8'));
    assert.ok(!writes(peterson, 0, 'P_1.state'));
    assert.ok(!writes(peterson, 1, 'P_0.j'));
    assert.equal(controlUnits(peterson)[0]!.units.length, 5);
    // anderson.1 (BEEM's ERROR = 1 variant): `next + 1 <= 255` tests a shared counter, whose
    // range the analysis does not know: the error branch counts.
    const anderson = load(readFileSync(`${ROOT}bench/models/beem/anderson.1.race`, 'utf8'));
    assert.ok(writes(anderson, 0, 'P_1.state'));
  });

  it('are the pcs where a control variable would make more units than the footprint memory allows', () => {
    const model = load(`var x: 0..1 = 0
      process a {
        var st: 0..7 = 0
        while true { step { if st == 0 { x = 1 } else if st == 1 { x = 0 }  st = (st + 1) % 8 } }
      }`);
    const [keyed] = controlUnits(model);
    assert.equal(keyed!.control, slot(model, 'a.st'));
    assert.equal(keyed!.units.length, 8);
    // With room for no more units than a has control nodes, its units are its pcs.
    const [capped] = controlUnits(model, 1);
    assert.equal(capped!.control, -1);
    assert.equal(capped!.units.length, 1);
  });
});
