/*
 * Random models made for partial-order reduction to have work: processes that
 * mostly move their own variables, some shared ones that only some steps
 * touch, blocking steps, and processes that loop forever (each a `while true`
 * over its own control state, as BEEM's models are written, or a plain local
 * loop), so that the stubborn sets are small, processes block and wake each
 * other, and the reduced graph has cycles. A few steps write another process's
 * locals, some behind range tests on a local that may or may not always hold,
 * as a translated model's error branches do. Properties read `g` only.
 */
import fc from 'fast-check';

const LOCALS = ['u', 'st'];
const SHARED = ['x', 'y'];

const value = fc.constantFrom('0', '1', '2');
const local = fc.constantFrom(...LOCALS);
const shared = fc.constantFrom(...SHARED);
const any = fc.constantFrom(...LOCALS, ...SHARED, 'g');
const intExpr = fc.oneof(
  value,
  any,
  any.map((v) => `(${v} + 1) % 3`),
);
const cond = fc.oneof(
  fc.tuple(any, fc.constantFrom('==', '!='), value).map(([v, op, k]) => `${v} ${op} ${k}`),
  fc.constantFrom('f', '!f'),
);

/** Most assignments are to the process's own variables; a few to another's (as BEEM's error state does). */
const assign = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(local, intExpr).map(([v, e]) => `${v} = ${e}`) },
  { weight: 2, arbitrary: fc.tuple(shared, intExpr).map(([v, e]) => `${v} = ${e}`) },
  { weight: 1, arbitrary: intExpr.map((e) => `g = ${e}`) },
  { weight: 1, arbitrary: cond.map((c) => `f = ${c}`) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom('p0', 'p1'), local, value).map(([p, v, k]) => `${p}.${v} = ${k}`),
  },
);
/** A range test on a local, as the translated models guard an index or a counter. */
const range = fc
  .tuple(local, fc.constantFrom('+', '-'), fc.constantFrom('<=', '>='), value)
  .map(([v, op, cmp, k]) => `${v} ${op} 1 ${cmp} ${k}`);
const stmt = fc.oneof(
  { weight: 5, arbitrary: assign },
  { weight: 2, arbitrary: cond.map((c) => `await ${c}`) },
  { weight: 1, arbitrary: fc.tuple(cond, assign, assign).map(([c, a, b]) => `if ${c} { ${a} } else { ${b} }`) },
  { weight: 1, arbitrary: fc.tuple(range, assign, assign).map(([c, a, b]) => `if ${c} { ${a} } else { ${b} }`) },
  { weight: 1, arbitrary: fc.tuple(assign, assign).map(([a, b]) => `either { ${a} } or { ${b} }`) },
);
const step = fc.array(stmt, { minLength: 1, maxLength: 3 }).map((ss) => `step s() { ${ss.join('  ')} }`);

/**
 * A `while true` over the control state `st`: one step, a branch per value, and for the values
 * without a branch, sometimes a dead end (BEEM's error state) that only another process's write
 * of `st` leaves.
 */
const machine = fc
  .tuple(
    fc.array(fc.tuple(fc.array(stmt, { minLength: 1, maxLength: 2 }), value), { minLength: 2, maxLength: 3 }),
    fc.boolean(),
  )
  .map(([branches, stuck]) => {
    const arms = branches.map(
      ([ss, to], k) => `${k > 0 ? ' else ' : ''}if st == ${k} { ${ss.join('  ')}  st = ${to} }`,
    );
    return `while true { step s() { ${arms.join('')}${stuck ? ' else { await false }' : ''} } }`;
  });
const body = fc.oneof(
  { weight: 2, arbitrary: fc.array(step, { minLength: 1, maxLength: 4 }).map((ss) => ss.join('\n  ')) },
  { weight: 2, arbitrary: machine },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.array(step, { maxLength: 2 }), step)
      .map(([before, loop]) => [...before, `while true { ${loop} }`].join('\n  ')),
  },
);

export const reducibleModel: fc.Arbitrary<string> = fc
  .record({
    init: fc.tuple(fc.nat({ max: 2 }), fc.nat({ max: 2 }), fc.boolean()),
    processes: fc.array(body, { minLength: 2, maxLength: 4 }),
    invariant: fc.tuple(fc.constantFrom('==', '!='), value, fc.boolean()),
  })
  .map(({ init: [x, g, f], processes, invariant: [op, k, withF] }) =>
    [
      `var g: 0..2 = ${g}`,
      `var x: 0..2 = ${x}`,
      'var y: 0..2 = 0',
      `var f: bool = ${f}`,
      ...processes.map((b, i) => `process p${i} "P${i}" {\n  var u: 0..2 = 0\n  var st: 0..2 = 0\n  ${b}\n}`),
      `invariant inv: !(g ${op} ${k}${withF ? ' && f' : ''})`,
      'final fin: g != 2',
    ].join('\n'),
  );
