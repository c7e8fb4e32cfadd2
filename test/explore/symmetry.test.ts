/*
 * Symmetry reduction: a `symmetric` process array is accepted only when its
 * elements are used alike; the reduced search stores exactly one state per
 * orbit (counted here independently, by applying every permutation), gives
 * the same verdicts as the full search, and its counterexamples are real runs.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compile, type State } from '../../src/compile/index.js';
import { parallelSearch, propertyStatus, search } from '../../src/explore/index.js';
import { DiagnosticError } from '../../src/lang/index.js';
import type { Model } from '../../src/model/index.js';
import { Stepper } from '../../src/trace/stepper.js';
import { check, expectDiagnostic, load, ROOT, violated } from '../helpers.js';
import { randomSymmetricModel } from './models.js';
import { replaysToViolation } from './replays.js';

const ELEMENTS = `const N = 3
var busy: array[0..N - 1] of bool = false
var a: 0..3 = 0
`;
const element = (body: string) =>
  `${ELEMENTS}process w[i in 0..N - 1] symmetric "W{i}" {\n  var t: 0..3 = 0\n  ${body}\n}\n`;

/** Element 0 may only choose t = 0, element 1 any t: not alike, though the source is the same for both. */
const WHERE_ONLY_IN_W0 = `var lock: bool = false
var first: bool = true
var a: 0..3 = 0
process w[i in 0..1] symmetric {
  var t: 0..3 = 0
  step go() { await !lock  lock = true }
  step s() { if i == 0 { choose t in 0..3 where t == 0 } else { choose t in 0..3 } }
  step u() { if first { a = t }  first = false  lock = false }
}
invariant small: a <= 2`;

describe('symmetric process arrays: what is accepted', () => {
  it('accepts elements that use their own array by their index, and quantifiers over all of them', () => {
    const m = load(
      element('step go() { t = a  busy[i] = true }\n  step put() { a = (t + 1) % 4  busy[i] = false }') +
        'invariant few: (count k in 0..N - 1: busy[k]) <= 1',
    );
    assert.equal(m.symmetries.length, 1);
    assert.equal(m.symmetries[0]!.processes.length, 3);
  });

  it('rejects symmetric on a single process', () => {
    expectDiagnostic(
      'var x: bool\nprocess p symmetric { step s() { x = true } }',
      2,
      11,
      /only a process array can be symmetric/,
    );
  });

  it('rejects the index used as a value', () => {
    expectDiagnostic(
      element('step s() { a = i }'),
      6,
      14,
      /w is declared symmetric, but w\[1\] does not do what w\[0\] does here: its index i may only select its own/,
    );
    // Through a bound, a range or a type as well: the elements' code would differ.
    expectDiagnostic(
      element('step s() { a = count k in 0..i: true }'),
      6,
      14,
      /w\[1\] does not do what w\[0\] does here/,
    );
    expectDiagnostic(element('step s() { choose a in i..i }'), 6, 14, /w\[1\] does not do what w\[0\] does here/);
    expectDiagnostic(
      element('step s() { for k in 0..i { a = k + 1 } }'),
      6,
      3,
      /w\[1\] does not do what w\[0\] does here/,
    );
    expectDiagnostic(
      element('for k in 0..i { step s() { a = (a + 1) % 4 } }'),
      4,
      26,
      /w\[1\] does not take the steps w\[0\] takes/,
    );
    expectDiagnostic(
      element('var u: 0..i + 2 = 0\n  step s() { u = a % 3 }'),
      4,
      26,
      /w\[1\].u and w\[0\].u have different types/,
    );
  });

  it('rejects an element named from outside', () => {
    expectDiagnostic(
      `${element('step s() { busy[i] = true }')}invariant first: w[0].t == 0`,
      8,
      18,
      /w\[0\].t belongs to one of its elements and is named here/,
    );
    expectDiagnostic(
      `${element('step s() { busy[i] = true }')}final f after w[1]: true`,
      8,
      1,
      /the final property f waits for some of its elements only/,
    );
  });

  it('rejects an owned array read by a constant or by another process', () => {
    expectDiagnostic(
      `${element('step s() { busy[i] = true }')}invariant first: busy[0] || true`,
      8,
      18,
      /busy\[0\] belongs to one of its elements and is named here/,
    );
    expectDiagnostic(
      element('step s() { busy[i] = true }\n  step t() { await busy[1] }'),
      7,
      20,
      /busy\[1\] belongs to one of its elements and is named here by another/,
    );
    expectDiagnostic(
      `${element('step s() { busy[i] = true }')}process o { step s() { await busy[a % 3] } }`,
      8,
      30,
      /busy is indexed here by something other than a variable of forall, exists or count ranging over all its/,
    );
    expectDiagnostic(
      element('step s() { busy[i] = true }') +
        'process o { step s() { await exists k in 0..N - 1: (exists k in 1..1: busy[k]) } }',
      8,
      71,
      /indexed here by something other than/,
    );
    expectDiagnostic(
      `${element('step s() { busy[i] = true }')}process o { step s() { choose a in 0..N - 1  busy[a] = false } }`,
      8,
      46,
      /busy is written here with an index computed at run time/,
    );
  });

  it('rejects a for loop over the elements, whose effect may depend on their order', () => {
    const shown = expectDiagnostic(
      `${element('step s() { busy[i] = true }')}process o { step s() { for k in 0..N - 1 { if busy[k] { a = k } } } }`,
      8,
      47,
      /busy\[0\] belongs to one of its elements and is named here/,
    );
    assert.match(shown, /a for loop is unrolled/);
  });

  it('rejects a quantifier variable used for anything but indexing the owned arrays', () => {
    expectDiagnostic(
      `${element('step s() { busy[i] = true }')}invariant x: exists k in 0..N - 1: busy[k] && k == 0`,
      8,
      47,
      /a variable that ranges over its elements to index their arrays is used for something else too/,
    );
  });

  it('rejects a where clause that only element 0 has', async () => {
    expectDiagnostic(WHERE_ONLY_IN_W0, 7, 65, /w\[1\] does not do what w\[0\] does here/);
    // Without `symmetric` it is a model like any other, and the invariant is violated (w[1] goes first with t = 3).
    const r = await check(WHERE_ONLY_IN_W0.replace(' symmetric', ''));
    assert.deepEqual(violated(r), ['small']);
  });

  it('rejects elements that do not start alike', () => {
    const text =
      'var busy: array[0..1] of bool = [true, false]\n' +
      'process w[i in 0..1] symmetric { step s() { busy[i] = false } }';
    expectDiagnostic(
      text,
      2,
      22,
      /busy\[1\] starts at another value than busy\[0\], so its elements do not start alike/,
    );
  });
});

/** Every reachable state, by a plain breadth-first search over string keys (independent of the engine's stores). */
function reachable(model: Model): State[] {
  const ts = compile(model);
  const seen = new Set<string>();
  const states: State[] = [];
  const next = new Uint32Array(ts.words);
  const visit = (s: State) => {
    const key = s.join(',');
    if (!seen.has(key)) {
      seen.add(key);
      states.push(s.slice());
    }
  };
  visit(ts.initial());
  for (let i = 0; i < states.length; i++) ts.successors(states[i]!, next, () => visit(next));
  return states;
}

/** The number of orbits: states equal up to some permutation of the symmetric elements count once. */
function orbits(model: Model, states: readonly State[]): number {
  const layout = compile(model).layout;
  const { slots } = model.symmetries[0]!;
  const perms = permutations(slots.length);
  const ids = new Set<string>();
  for (const s of states) {
    const values = layout.unpack(s);
    let least: string | undefined;
    for (const perm of perms) {
      const moved = values.slice();
      perm.forEach((from, to) => {
        slots[to]!.forEach((slot, k) => {
          moved[slot] = values[slots[from]![k]!]!;
        });
      });
      const key = moved.join(',');
      if (least === undefined || key < least) least = key;
    }
    ids.add(least!);
  }
  return ids.size;
}

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) =>
    Array.from({ length: n }, (_, at) => [...p.slice(0, at), n - 1, ...p.slice(at)]),
  );
}

/** Models written to get round the check (index leaks through bounds, ranges, types and loops; shadowed names). */
const TRICKS: [string, string][] = [
  [
    'choose_leak',
    `var a: 0..3 = 0
process w[i in 0..2] symmetric {
  var t: 0..3 = 0
  step s() { choose t in i..i  a = t }
}
invariant not2: a != 2`,
  ],
  [
    'domain_leak',
    `var a: 0..3 = 0
process w[i in 0..1] symmetric {
  for k in 0..i { step s() { a = a + 1 } }
}
invariant never3: a != 3`,
  ],
  [
    'miss_choose',
    `var a: 0..3 = 0
process w[i in 0..1] symmetric {
  var t: 0..3 = 0
  step s() { choose a in i..i }
}
final last_is_not_w0: a != 0`,
  ],
  [
    'miss_for',
    `var a: 0..3 = 0
process w[i in 0..1] symmetric {
  step s() { for k in 0..i { a = k + 1 } }
}
final last_is_not_w0: a != 1`,
  ],
  [
    'miss_nested',
    `var busy: array[0..1] of bool = false
var a: 0..3 = 0
process w[i in 0..1] symmetric { step s() { busy[i] = true } }
process o { step r() { await exists k in 0..1: (exists k in 1..1: busy[k])  a = 1 } }
invariant f: a != 1 || (count k in 0..1: busy[k]) == 2`,
  ],
  [
    'miss_quant',
    `var a: 0..3 = 0
process w[i in 0..2] symmetric {
  step s() { a = count k in 0..i: true }
}
final last_is_not_w0: a != 1`,
  ],
  [
    'miss_shadow_array',
    `var busy: array[0..1] of bool = false
var a: 0..3 = 0
process w[i in 0..1] symmetric {
  var busy: array[0..1] of bool = false
  step s() { busy[i] = true }
  step t() { if busy[i] { a = a + 1 } }
}
final not_two: a != 2`,
  ],
  [
    'miss_shadow_local',
    `var busy: array[0..1] of bool = false
var a: 0..3 = 0
process w[i in 0..1] symmetric {
  var i: 0..1 = 1
  step s() { busy[i] = true }
  step t() { if busy[i] { a = a + 1 } }
}
final not_two: a != 2`,
  ],
  [
    'miss_shadow_quant',
    `var busy: array[0..2] of bool = false
var a: 0..3 = 0
process w[i in 0..2] symmetric {
  step s() { busy[i] = true }
  step t() { if exists i in 0..0: busy[i] { a = a + 1 } }
}
final f: a != 3`,
  ],
  [
    'pcdiff',
    `var a: 0..3 = 0
process w[i in 0..2] symmetric {
  for k in 0..i { step s() { a = (a + 1) % 4 } }
}
final f: a != 2`,
  ],
  [
    'proc_ok',
    `var busy: array[0..1] of bool = false
proc mark(x) { x = true }
process w[i in 0..1] symmetric { step s() { mark(busy[i]) } }`,
  ],
  [
    'quant_leak',
    `var a: 0..3 = 0
process w[i in 0..2] symmetric {
  step s() { a = count k in 0..i: true }
}
invariant not3: a != 3`,
  ],
  [
    'shadow_array',
    `var busy: array[0..1] of bool = false
var bad: bool = false
process w[i in 0..1] symmetric {
  var busy: array[0..1] of bool = false
  step a() { busy[i] = true }
  step b() { if !busy[i] { bad = true } }
}
invariant ok: !bad`,
  ],
  [
    'shadow_const',
    `const N = 2
var busy: array[0..N - 1] of bool = false
var a: 0..3 = 0
process w[i in 0..N - 1] symmetric {
  step s() { busy[i] = true }
}
process o {
  for N in 1..1 { step r() { a = count k in 0..N - 1: busy[k] } }
}
final f: a != 1`,
  ],
  [
    'shadow_for',
    `var busy: array[0..1] of bool = false
process w[i in 0..1] symmetric {
  for i in 0..0 { step s() { busy[i] = true } }
}
invariant both_never: !(forall k in 0..1: busy[k])`,
  ],
  [
    'shadow_local',
    `var busy: array[0..1] of bool = false
process w[i in 0..1] symmetric {
  var i: 0..1 = 0
  step s() { busy[i] = true }
}
invariant both_never: !(forall k in 0..1: busy[k])`,
  ],
  [
    'shadow_nested',
    `var busy: array[0..1] of bool = false
var a: 0..3 = 0
process w[i in 0..1] symmetric { step s() { busy[i] = true } }
process o { step r() { await exists k in 0..1: (exists k in 0..0: busy[k])  a = 1 } }
invariant f: a != 1 || (count k in 0..1: busy[k]) == 2`,
  ],
  [
    'start_msg',
    `var busy: array[0..2] of bool = [false, false, true]
process w[i in 0..2] symmetric { step s() { busy[i] = false } }`,
  ],
  [
    'type_leak',
    `var a: 0..3 = 0
process w[i in 0..1] symmetric {
  var t: 0..i + 1 = 0
  step s() { t = 2 }
}`,
  ],
  [
    // Element 0 alone has a where clause: compared key by key from element 1's side, which has no `where` key,
    // the elements looked alike, and the reduced search let only the restricted element 0 go first: 'holds'.
    'where_only_in_w0',
    WHERE_ONLY_IN_W0,
  ],
  [
    'type_leak2',
    `var a: 0..3 = 0
process w[i in 0..1] symmetric {
  var t: 0..i + 2 = 0
  step s() { t = a + 2  a = t }
}
final f: a != 2`,
  ],
];

describe('symmetry reduction', () => {
  it('never changes a verdict on models written to get round the check: each is refused or reduced', async () => {
    for (const [name, text] of TRICKS) {
      let model: Model;
      try {
        model = load(text);
      } catch (e) {
        assert.ok(e instanceof DiagnosticError, `${name}: ${String(e)}`);
        continue;
      }
      const ts = compile(model);
      const full = await search(ts, { symmetry: false });
      const reduced = await search(ts);
      for (const p of model.properties)
        assert.equal(propertyStatus(reduced, p.index), propertyStatus(full, p.index), `${name}: ${p.name}`);
    }
  });

  it('on 150 random symmetric models: one state per orbit, verdicts as without it, runs as traces', async () => {
    await fc.assert(
      fc.asyncProperty(randomSymmetricModel, async (text) => {
        const model = load(text);
        const ts = compile(model);
        const stepper = Stepper.of(model);
        const full = await search(ts, { symmetry: false, exhaust: true });
        const reduced = await search(ts, { exhaust: true });
        assert.equal(reduced.symmetry?.length, 1);
        assert.equal(full.stats.distinct, reachable(model).length);
        assert.equal(reduced.stats.distinct, orbits(model, reachable(model)), 'one state per orbit');
        const variants = [
          ['exact', reduced],
          ['partial-order reduction', await search(ts, { reduce: true })],
          ['compact store', await search(ts, { store: 'compact' })],
        ] as const;
        for (const [name, v] of variants) {
          for (const p of model.properties)
            assert.equal(propertyStatus(v, p.index), propertyStatus(full, p.index), `${name}: ${p.name}\n${text}`);
          for (const c of v.violations)
            assert.ok(
              replaysToViolation(model, stepper, ts, c),
              `${name}: the counterexample for ${model.properties[c.property]!.name} is not a run\n${text}`,
            );
        }
        // Breadth-first under symmetry still finds shortest counterexamples.
        for (const c of reduced.violations)
          assert.equal(c.states.length, full.violations.find((f) => f.property === c.property)!.states.length);
      }),
      { numRuns: 150, seed: 20261124 },
    );
  });

  const ticket = readFileSync(`${ROOT}bench/models/ticket.race`, 'utf8');

  it('the ticket lock: 4 processes, 7,517 states, one per orbit with symmetry, mutual exclusion in both', async () => {
    const model = load(ticket, { N: '4' });
    const ts = compile(model);
    const full = await search(ts, { symmetry: false });
    const reduced = await search(ts);
    const all = reachable(model);
    assert.equal(full.stats.distinct, all.length);
    assert.equal(reduced.stats.distinct, orbits(model, all));
    // At most N! = 24 states in an orbit.
    assert.ok(
      reduced.stats.distinct * 24 >= full.stats.distinct && reduced.stats.distinct * 10 < full.stats.distinct,
      `${reduced.stats.distinct} of ${full.stats.distinct}`,
    );
    assert.equal(full.status, 'ok');
    assert.equal(reduced.status, 'ok');
  });

  it('workers store the same canonical states as one search, and their counterexamples are runs', async () => {
    const broken = ticket.replace(
      'step take_ticket() { my = next  next = (next + 1) % N }',
      'step read_next() { my = next }\n    step bump_next() { next = (next + 1) % N }',
    );
    assert.notEqual(broken, ticket);
    const model = load(broken, { N: '3' });
    const ts = compile(model);
    const one = await search(ts, { exhaust: true });
    const two = await parallelSearch(ts, 2, { exhaust: true }, true);
    assert.equal(two.stats.distinct, one.stats.distinct);
    assert.equal(two.symmetry?.[0], 'p');
    const mutex = model.properties.find((p) => p.name === 'mutex')!.index;
    for (const v of [one, two]) {
      const c = v.violations.find((x) => x.property === mutex)!;
      assert.ok(c, 'a non-atomic ticket breaks mutual exclusion');
      assert.ok(replaysToViolation(model, Stepper.of(model), ts, c));
    }
  });
});
