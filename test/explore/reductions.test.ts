/*
 * Partial-order and symmetry reduction never change a verdict on the bundled
 * models: the four kernel versions, the scaled model at sizes fast-check
 * picks, and the benchmark models (the ticket lock is declared symmetric).
 * Every counterexample a reduced search gives is a run to a violation. The
 * stubborn sets give the truth on random models, and leaving out any one of the
 * rules that make them sound is caught.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compile, type TransitionSystem } from '../../src/compile/index.js';
import { propertyStatus, type SearchOptions, search } from '../../src/explore/index.js';
import { meets, Reduction } from '../../src/explore/reduction.js';
import type { Unit } from '../../src/model/units.js';
import { Stepper } from '../../src/trace/stepper.js';
import { load, ROOT } from '../helpers.js';
import { randomModel } from './models.js';
import { reducibleModel } from './por-models.js';
import { replaysToViolation } from './replays.js';

const VARIANTS: [string, SearchOptions][] = [
  ['partial-order reduction', { reduce: true }],
  ['symmetry reduction', {}],
  ['both', { reduce: true, symmetry: true }],
];

/** Checks the model with no reduction, then with each; returns the verdicts' summary. */
async function sameVerdicts(file: string, defines: Record<string, string> = {}): Promise<string[]> {
  const model = load(readFileSync(`${ROOT}${file}`, 'utf8'), defines, file);
  const ts = compile(model);
  const stepper = Stepper.of(model);
  const truth = await search(ts, { symmetry: false });
  const summary = model.properties.map((p) => `${p.name} ${propertyStatus(truth, p.index)}`);
  for (const [name, options] of VARIANTS) {
    const v = await search(ts, options);
    const got = model.properties.map((p) => `${p.name} ${propertyStatus(v, p.index)}`);
    assert.deepEqual(got, summary, `${file} ${JSON.stringify(defines)} with ${name}`);
    for (const c of v.violations)
      assert.ok(
        replaysToViolation(model, stepper, ts, c),
        `${file} with ${name}: the counterexample for ${model.properties[c.property]!.name} is not a run`,
      );
  }
  return summary;
}

describe('reductions keep the verdicts of the bundled models', () => {
  it('the four kernel versions', async () => {
    const v46 = await sameVerdicts('models/btrfs-relocation/v4.6.race');
    assert.ok(v46.includes('used_bytes_zero violated'), 'v4.6 still races');
    const v47 = await sameVerdicts('models/btrfs-relocation/v4.7.race');
    assert.ok(
      v47.every((s) => s.endsWith('holds')),
      'v4.7 is clean',
    );
    await sameVerdicts('models/btrfs-relocation/578def7c.race');
    await sameVerdicts('models/btrfs-relocation/9cfa3e34.race');
  });

  it('the scaled model, at sizes fast-check picks, fixed or not', async () => {
    const sizes = fc
      .record({
        DIO_COW: fc.integer({ min: 1, max: 2 }),
        DIO_NOCOW: fc.integer({ min: 1, max: 2 }),
        BUFFERED: fc.integer({ min: 1, max: 2 }),
        EXTENTS: fc.integer({ min: 1, max: 2 }),
        FIXED: fc.boolean(),
      })
      .filter((s) => s.DIO_COW + s.DIO_NOCOW + s.BUFFERED <= 4);
    await fc.assert(
      fc.asyncProperty(sizes, async (size) => {
        const summary = await sameVerdicts(
          'models/btrfs-relocation/scaled.race',
          Object.fromEntries(Object.entries(size).map(([k, v]) => [k, String(v)])),
        );
        // The fix is what decides whether a write is lost.
        assert.equal(summary.includes('no_lost_write violated'), !size.FIXED);
      }),
      { numRuns: 8, seed: 5 },
    );
  });

  it('the benchmark models: ticket lock, dining philosophers, Peterson', async () => {
    for (const N of ['3', '4', '5']) {
      assert.deepEqual(await sameVerdicts('bench/models/ticket.race', { N }), ['mutex holds', 'no_deadlock holds']);
      await sameVerdicts('bench/models/philosophers.race', { N });
    }
    for (const N of ['2', '3']) await sameVerdicts('bench/models/peterson.race', { N });
  });
});

/** Reductions with one of the rules that make a stubborn set sound left out: each must be caught. */
class IgnoresReadsOfOthers extends Reduction {
  protected override needs(
    canMove: boolean,
    reads: Uint32Array,
    writes: Uint32Array,
    _fr: Uint32Array,
    fw: Uint32Array,
  ) {
    return canMove ? meets(writes, fw) || meets(reads, fw) : meets(reads, fw);
  }
}
class NoEnablingSets extends Reduction {
  protected override needs(
    canMove: boolean,
    reads: Uint32Array,
    writes: Uint32Array,
    fr: Uint32Array,
    fw: Uint32Array,
  ) {
    return canMove && super.needs(canMove, reads, writes, fr, fw);
  }
}
class Blind extends Reduction {
  protected override visibleStep(): boolean {
    return false;
  }
}
class NoCycleProviso extends Reduction {
  override readonly cycleProviso = false;
}
/** Takes a process's future to be only what its next step can touch. */
class NextStepOnly extends Reduction {
  protected override futureOf(u: Unit) {
    return u.now;
  }
}

/** Whether the reduced search gives the truth's verdicts on a model, and its counterexamples are runs. */
async function truthful(text: string, make: (ts: TransitionSystem) => Reduction): Promise<boolean> {
  const model = load(text);
  const ts = compile(model);
  const truth = await search(ts);
  const reduced = await search(ts, { reduce: make(ts) });
  const stepper = Stepper.of(model);
  return (
    model.properties.every((p) => propertyStatus(reduced, p.index) === propertyStatus(truth, p.index)) &&
    reduced.violations.every((c) => replaysToViolation(model, stepper, ts, c))
  );
}

describe('the stubborn sets', () => {
  for (const [kind, models] of [
    ['random', randomModel],
    ['reducible', reducibleModel],
  ] as const) {
    it(`give the truth on 300 ${kind} models`, async () => {
      await fc.assert(
        fc.asyncProperty(models, async (text) => assert.ok(await truthful(text, (ts) => new Reduction(ts)), text)),
        { numRuns: 300, seed: 99 },
      );
    });
  }

  it('the check catches a reduction that leaves out a conflict through what another process reads', async () => {
    const details = await fc.check(
      fc.asyncProperty(reducibleModel, async (text) => truthful(text, (ts) => new IgnoresReadsOfOthers(ts))),
      { numRuns: 1000, seed: 99 },
    );
    assert.equal(details.failed, true);
  });

  // For each other rule, a model on which leaving it out misses a violation (and keeping it finds it).
  const cases = [
    {
      rule: 'the processes that could enable a blocked step',
      Broken: NoEnablingSets,
      // Only a, blocked until b sets f, reads x before c writes it. Without b in the set that c's
      // step and a's read of x make, c alone is explored first, and x is 1 before a can read it.
      model: `var x: 0..1 = 0
        var f: bool = false
        var g: 0..2 = 2
        process a { step { await f } step { g = x } }
        process c { step { x = 1 } }
        process b { step { f = true } }
        invariant inv: g != 0`,
    },
    {
      rule: 'the visibility of steps that write what a property reads',
      Broken: Blind,
      // Each process's steps are independent of the other's, but the violation needs them interleaved.
      model: `var g: 0..1 = 0
        var f: bool = false
        process p { step { g = 1 } step { g = 0 } }
        process q { step { f = true } step { f = false } }
        invariant inv: !(g == 1 && f)`,
    },
    {
      rule: 'the cycle proviso',
      Broken: NoCycleProviso,
      // p's loop alone is always a stubborn set: without the proviso q's step is put off forever.
      model: `var g: 0..1 = 0
        process p { var u: 0..1 = 0  while true { step { u = 1 - u } } }
        process q { step { g = 1 } }
        invariant inv: g == 0`,
    },
  ] as const;
  for (const { rule, Broken, model } of cases) {
    it(`the check catches a reduction that leaves out ${rule}`, async () => {
      assert.equal(await truthful(model, (ts) => new Reduction(ts)), true);
      assert.equal(await truthful(model, (ts) => new Broken(ts)), false, `${Broken.name} was not caught`);
    });
  }
});

describe('the stubborn sets and properties that read where a process is', () => {
  // The processes share nothing, so only the properties' reading of their pcs makes their steps
  // visible; the footprint variant does not mark pc writes (c39ba96 held all three).
  const cases = [
    [
      'an invariant over positions',
      `process a { step a1() step a2() step a3() }
      process b { step b1() step b2() step b3() }
      invariant inv: !(a at a2 && b at b2)`,
    ],
    [
      'an invariant over done()',
      `process a { step a1() step a2() }
      process b { step b1() }
      invariant inv: done(b) => done(a)`,
    ],
    [
      'a final property over the position of a process it does not wait for',
      `process a { step a1() }
      process b { step b1() step b2() }
      final f after a: !(b at b2)`,
    ],
  ] as const;
  for (const [what, model] of cases) {
    it(`see every step that moves a process, with ${what}`, async () => {
      const truth = await search(compile(load(model)));
      assert.equal(propertyStatus(truth, 0), 'violated');
      assert.equal(await truthful(model, (ts) => new Reduction(ts)), true);
    });
  }
});

/** The distinct states of an exhaustive search of `text`, without and with partial-order reduction. */
async function distinct(text: string): Promise<[number, number]> {
  const ts = compile(load(text));
  const plain = await search(ts);
  const reduced = await search(ts, { reduce: true });
  return [plain.stats.distinct, reduced.stats.distinct];
}

/**
 * Two processes, each a `while true` loop over its control state whose second branch guards an
 * error branch that writes the other's locals (as BEEM's translated models do). `counter` is how u
 * counts: modulo 3, the guard always holds and no reachable state takes the error branch.
 */
function loops(counter: string): string {
  const proc = (me: string, other: string) => `process ${me} {
    var st: 0..1 = 0
    var u: 0..3 = 0
    while true {
      step {
        if st == 0 { u = ${counter}  st = 1 }
        else if st == 1 { if u <= 2 { x = 1 - x  st = 0 } else { ${other}.u = 0  ${other}.st = 0  st = 0 } }
      }
    }
  }`;
  return `var x: 0..1 = 0\n${proc('a', 'b')}\n${proc('b', 'a')}`;
}

describe('the stubborn sets inside loops', () => {
  it('reduce a loop over control states whose error branch no reachable state takes', async () => {
    const [plain, reduced] = await distinct(loops('(u + 1) % 3'));
    assert.ok(reduced < plain, `${reduced} states with the reduction, ${plain} without`);
    // The opposite: where u reaches 3 the error branch is taken, it writes the other's locals,
    // and the control-state steps are no longer independent.
    const [plainReached, reducedReached] = await distinct(loops('u < 3 ? u + 1 : 3'));
    assert.equal(reducedReached, plainReached);
  });

  it('expand every process only where a step closes a cycle, not at every state seen before', async () => {
    // Breadth-first, a step to a state found but not yet expanded closes no cycle (the state of a
    // cycle expanded last has a step to one expanded before it). Counting every state seen before
    // as the proviso did, v4.7 kept 41,392 states.
    const [plain, reduced] = await distinct(readFileSync(`${ROOT}models/btrfs-relocation/v4.7.race`, 'utf8'));
    assert.equal(plain, 106_876);
    assert.ok(reduced < 30_000, `${reduced} states with the reduction`);
  });

  it('count a step back to the state itself as closing a cycle', async () => {
    // p's step leads back to the very state it is taken from; q's step is put off forever unless
    // that self-loop counts as a step to a state expanded before (it is the one being expanded).
    const model = `var g: 0..1 = 0
      process p { var u: 0..1 = 0  while true { step { u = u } } }
      process q { step { g = 1 } }
      invariant inv: g == 0`;
    const reduced = await search(compile(load(model)), { reduce: true });
    assert.equal(propertyStatus(reduced, 0), 'violated');
  });

  it('reduce a BEEM model that loops over its control state', async () => {
    // BEEM peterson.1: each process's `j = 1` and `wait -> CS` are its own business, once the
    // error branches (which write every process's locals) are known to be out of reach.
    const [plain, reduced] = await distinct(readFileSync(`${ROOT}bench/models/beem/peterson.1.race`, 'utf8'));
    assert.equal(plain, 12_498);
    assert.ok(reduced < plain * 0.85, `${reduced} states with the reduction, ${plain} without`);
  });

  it('keep the interleaving where a branch the loop reaches later reads what another step writes', async () => {
    // c's write of x and a's step at st == 0 are independent, but a's branch for st == 1 reads x:
    // only a's future (not its next step) says c must not go first. Without it, x is always 1
    // by the time a reads it and g == 0 is never reached.
    const model = `var x: 0..1 = 0
      var g: 0..2 = 2
      process c { step { x = 1 } }
      process a {
        var st: 0..2 = 0
        while true { step { if st == 0 { st = 1 } else if st == 1 { g = x  st = 2 } else { await false } } }
      }
      invariant inv: g != 0`;
    assert.equal(await truthful(model, (ts) => new Reduction(ts)), true);
    assert.equal(await truthful(model, (ts) => new NextStepOnly(ts)), false, 'NextStepOnly was not caught');
  });

  it("keep the interleaving where another process moves a loop's control state", async () => {
    // a waits at st == 1 forever unless b sets a.st, after which a reads x: c must not go first.
    // a.st is not a's own (b writes it), so a's units are its pcs, whose future reads x.
    const model = `var x: 0..1 = 0
      var g: 0..2 = 2
      process c { step { x = 1 } }
      process a {
        var st: 0..1 = 1
        while true { step { if st == 0 { g = x  st = 1 } else if st == 1 { await false } } }
      }
      process b { step { a.st = 0 } }
      invariant inv: g != 0`;
    const truth = await search(compile(load(model)));
    assert.equal(propertyStatus(truth, 0), 'violated');
    assert.equal(await truthful(model, (ts) => new Reduction(ts)), true);
  });
});
