/*
 * Random small models for property tests of the engines: a few bounded
 * variables, two or three processes of guarded steps with branches, choices
 * and asserts, and invariant and final properties. Every assignment stays in
 * range, so the models never fail at run time.
 */
import fc from 'fast-check';

/** Expressions over some integer variables. */
function expressions(ints: string[]) {
  const intVar = fc.constantFrom(...ints);
  const intExpr = fc.oneof(
    fc.constantFrom('0', '1', '2', ...ints),
    intVar.map((v) => `(${v} + 1) % 3`),
    fc.tuple(intVar, intVar).map(([x, y]) => `(${x} + ${y}) % 3`),
  );
  const boolExpr = fc.oneof(
    fc.constantFrom('b', '!b', 'true', 'false'),
    fc.tuple(intExpr, fc.constantFrom('==', '!=', '<', '<='), intExpr).map(([x, op, y]) => `${x} ${op} ${y}`),
  );
  return { intVar, intExpr, boolExpr };
}

/** A process body: steps of statements over the given integer variables (and the shared bool b). */
function processBody(ints: string[]) {
  const { intVar, intExpr, boolExpr } = expressions(ints);
  /** Usually true: a disjunction, so that awaits and asserts hold about as often as not. */
  const weakExpr = fc.tuple(boolExpr, boolExpr).map(([x, y]) => `${x} || ${y}`);
  const assign = fc.oneof(
    fc.tuple(intVar, intExpr).map(([v, e]) => `${v} = ${e}`),
    boolExpr.map((e) => `b = ${e}`),
  );
  const bodyStmt = fc.oneof(
    { weight: 4, arbitrary: assign },
    { weight: 1, arbitrary: weakExpr.map((e) => `await ${e}`) },
    { weight: 1, arbitrary: fc.tuple(boolExpr, assign, assign).map(([c, x, y]) => `if ${c} { ${x} } else { ${y} }`) },
    { weight: 1, arbitrary: fc.tuple(assign, assign).map(([x, y]) => `either { ${x} } or { ${y} }`) },
    { weight: 1, arbitrary: intVar.map((v) => `choose ${v} in 0..2`) },
    { weight: 1, arbitrary: fc.tuple(fc.nat({ max: 1 }), weakExpr).map(([k, e]) => `assert ok${k}: ${e}`) },
  );
  const step = fc.array(bodyStmt, { minLength: 1, maxLength: 3 }).map((ss) => `step s() { ${ss.join('\n')} }`);
  const procStmt = fc.oneof(
    { weight: 5, arbitrary: step },
    { weight: 1, arbitrary: fc.tuple(boolExpr, step, step).map(([c, x, y]) => `if ${c} { ${x} } else { ${y} }`) },
    { weight: 1, arbitrary: fc.tuple(step, step).map(([x, y]) => `either { ${x} } or { ${y} }`) },
    {
      weight: 1,
      arbitrary: step.map((s) => `while c < 2 { ${s.replace('step s() {', 'step s() { c = (c + 1) % 3')} }`),
    },
  );
  return fc.array(procStmt, { minLength: 1, maxLength: 4 });
}

/** Usually-true conditions over the shared variables, for properties. */
function weak(boolExpr: fc.Arbitrary<string>) {
  return fc.tuple(boolExpr, boolExpr).map(([x, y]) => `${x} || ${y}`);
}

// a and c are shared; t is each process's own, so that reduction has steps to reorder.
const process = processBody(['a', 'c', 't', 't']);
// Properties read shared variables only.
const global = expressions(['a', 'c']);

export const randomModel: fc.Arbitrary<string> = fc
  .record({
    init: fc.tuple(fc.nat({ max: 2 }), fc.boolean(), fc.nat({ max: 2 })),
    processes: fc.array(process, { minLength: 2, maxLength: 3 }),
    invariant: fc.tuple(weak(global.boolExpr), global.boolExpr).map(([x, y]) => `${x} || ${y}`),
    final: weak(global.boolExpr),
  })
  .map(({ init: [a, b, c], processes, invariant, final }) =>
    [
      `var a: 0..2 = ${a}`,
      `var b: bool = ${b}`,
      `var c: 0..2 = ${c}`,
      ...processes.map((body, i) => `process p${i} "CPU ${i + 1}" {\n  var t: 0..2 = 0\n  ${body.join('\n  ')}\n}`),
      `invariant inv: ${invariant}`,
      `final fin: ${final}`,
    ].join('\n'),
  );

/**
 * Random models with a `symmetric` process array of 2 or 3 elements, each owning
 * its element of `own`, beside an ordinary process; properties read the shared
 * variables and the owned array through quantifiers only, as symmetry requires.
 */
export const randomSymmetricModel: fc.Arbitrary<string> = fc
  .record({
    n: fc.integer({ min: 2, max: 3 }),
    init: fc.tuple(fc.nat({ max: 2 }), fc.boolean(), fc.nat({ max: 2 }), fc.nat({ max: 2 })),
    element: processBody(['a', 'c', 't', 'own[i]']),
    other: processBody(['a', 'c', 't', 't']),
    invariant: fc.tuple(weak(global.boolExpr), fc.constantFrom('exists', 'forall'), fc.nat({ max: 2 })),
    final: fc.tuple(weak(global.boolExpr), fc.nat({ max: 2 })),
  })
  .map(({ n, init: [a, b, c, o], element, other, invariant: [x, q, v], final: [y, w] }) =>
    [
      `var a: 0..2 = ${a}`,
      `var b: bool = ${b}`,
      `var c: 0..2 = ${c}`,
      `var own: array[0..${n - 1}] of 0..2 = ${o}`,
      `process p[i in 0..${n - 1}] symmetric "P{i}" {\n  var t: 0..2 = 0\n  ${element.join('\n  ')}\n}`,
      `process q "Q" {\n  var t: 0..2 = 0\n  ${other.join('\n  ')}\n}`,
      `invariant inv: ${x} || (${q} k in 0..${n - 1}: own[k] != ${v})`,
      `final fin: ${y} || (count k in 0..${n - 1}: own[k] == ${w}) < 2`,
    ].join('\n'),
  );
