/*
 * The symmetry check's comparison of two elements' code (model/same-code.ts):
 * a change to any field that decides what the code does, in every kind of
 * node, statement and expression, makes the code differ; a change to a
 * location, a display text, a note or a step number does not. The code below
 * holds every IR kind (the `KINDS` records fail to compile when one is added).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Loc } from '../../src/lang/index.js';
import {
  type Expr,
  type Node,
  type Place,
  type ScalarType,
  type StepSite,
  type Stmt,
  visitProcess,
} from '../../src/model/index.js';
import { SameCode } from '../../src/model/same-code.js';

const BOOL: ScalarType = { kind: 'bool' };
const SMALL: ScalarType = { kind: 'int', lo: 0, hi: 3 };
const at = (offset: number): Loc => ({ offset, length: 1 });
const place = (base: number, indices: Place['indices'] = []): Place => ({ base, indices, type: SMALL, at: at(base) });

const bound: Expr = { k: 'bound', id: 7, type: SMALL };
const read: Expr = {
  k: 'read',
  place: { base: 4, indices: [{ expr: bound, lo: 0, length: 2, stride: 1 }], type: BOOL, at: at(1) },
  type: BOOL,
};
const quant: Expr = { k: 'quant', quant: 'exists', id: 7, lo: 0, hi: 1, body: read, type: BOOL };
const unary: Expr = { k: 'unary', op: '!', operand: quant, type: BOOL };
const one: Expr = { k: 'const', value: 1, type: SMALL };
const binary: Expr = {
  k: 'binary',
  op: '+',
  left: one,
  right: { k: 'const', value: 2, type: SMALL },
  type: SMALL,
  at: at(2),
};
const cond: Expr = { k: 'cond', test: unary, then: binary, else: one, type: SMALL };

const note = { arrow: true, text: ['shows ', one] };
const body: Stmt[] = [
  { k: 'assign', place: place(1), value: cond, at: at(3) },
  { k: 'await', cond: unary, at: at(4) },
  { k: 'if', cond: quant, then: [{ k: 'note', note }], else: [], at: at(10) },
  {
    k: 'either',
    branches: [[{ k: 'assert', property: 2, cond: unary, at: at(5) }], [{ k: 'note', note }]],
    at: at(11),
  },
  { k: 'choose', place: place(2), lo: 0, hi: 3, where: unary, at: at(6) },
  { k: 'while', cond: unary, body: [{ k: 'assign', place: place(3), value: one, at: at(7) }], at: at(8) },
];
const frame = { depth: 0, text: ['f()'], notes: [note], at: at(9) };
const step: StepSite = {
  id: 3,
  proc: 1,
  display: { kind: 'call', text: ['s()'] },
  notes: [note],
  frames: [frame],
  body,
  at: at(10),
  implicit: false,
};
const CODE: Node[] = [
  { k: 'end' },
  { k: 'step', step, next: 0 },
  { k: 'branch', cond: quant, then: 1, else: 0, at: at(11), condAt: at(14) },
  { k: 'test', step: { ...step, id: 4, body: [] }, cond: read, then: 1, else: 2 },
  { k: 'choice', targets: [1, 2], at: at(12) },
  { k: 'enter', frame, next: 3 },
  { k: 'set', place: place(5), value: binary, next: 4, at: at(13) },
];

const KINDS: { expr: Record<Expr['k'], true>; stmt: Record<Stmt['k'], true>; node: Record<Node['k'], true> } = {
  expr: { const: true, read: true, bound: true, unary: true, binary: true, cond: true, quant: true },
  stmt: { assign: true, await: true, if: true, either: true, choose: true, while: true, assert: true, note: true },
  node: { step: true, branch: true, choice: true, enter: true, set: true, end: true, test: true },
};

/** What does not change what the code does: locations, display text and notes, step and process numbers. */
const DISPLAY = new Set(['at', 'condAt', 'display', 'notes', 'frames', 'frame', 'note', 'proc']);

type Path = (string | number)[];

/** Every path to a number, string or boolean in the code, but the kinds (`k`). */
function leaves(value: unknown, path: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [path];
  return Object.entries(value).flatMap(([key, v]) =>
    key === 'k' ? [] : leaves(v, [...path, Array.isArray(value) ? Number(key) : key]),
  );
}

/** A deep copy of the code that shares nothing (CODE uses some objects twice). */
const copy = (): Node[] => JSON.parse(JSON.stringify(CODE));

/** A deep copy of the code with the leaf at `path` changed. */
function changed(path: Path): Node[] {
  const code = copy() as unknown as Record<string | number, unknown>;
  let parent = code;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  const old = parent[last];
  parent[last] = typeof old === 'number' ? old + 1 : typeof old === 'boolean' ? !old : `${String(old)}x`;
  return code as unknown as Node[];
}

const same = (a: readonly Node[], b: readonly Node[], rename = new Map<number, number>()) =>
  new SameCode(rename).nodes(a, b);

describe('comparing two elements code', () => {
  it('holds every kind of the IR', () => {
    const seen = { expr: new Set<string>(), stmt: new Set<string>(), node: new Set<string>() };
    const process = {
      index: 0,
      name: 'p',
      display: 'p',
      pcSlot: 0,
      nodes: CODE,
      start: 5,
      end: 0,
      at: at(0),
      fairness: 'none' as const,
    };
    visitProcess(process, {
      node: (n) => {
        seen.node.add(n.k);
      },
      stmt: (x) => {
        seen.stmt.add(x.k);
      },
      expr: (e) => {
        seen.expr.add(e.k);
      },
    });
    for (const what of ['expr', 'stmt', 'node'] as const)
      assert.deepEqual([...seen[what]].sort(), Object.keys(KINDS[what]).sort(), what);
  });

  it('finds the code equal to itself and to a copy', () => {
    assert.ok(same(CODE, CODE));
    assert.ok(same(copy(), CODE));
  });

  it('notices a change to any field that decides what the code does, and no other', () => {
    const paths = leaves(CODE);
    assert.ok(paths.length > 60, `only ${paths.length} fields`);
    let noticed = 0;
    for (const path of paths) {
      const stepNumber = path.at(-2) === 'step' && path.at(-1) === 'id';
      const ignored = stepNumber || path.some((key) => typeof key === 'string' && DISPLAY.has(key));
      const shown = path.join('.');
      assert.equal(same(changed(path), CODE), ignored, `${shown}: expected ${ignored ? 'equal' : 'different'}`);
      assert.equal(same(CODE, changed(path)), ignored, `${shown} (other way round)`);
      if (!ignored) noticed++;
    }
    assert.ok(noticed > 40, `only ${noticed} fields noticed`);
  });

  it('notices a where clause on one side only, either side', () => {
    const without = copy();
    const chooser = (without[1] as Node & { k: 'step' }).step.body[4] as { where?: Expr };
    assert.ok(chooser.where);
    delete chooser.where;
    assert.equal(same(without, CODE), false);
    assert.equal(same(CODE, without), false);
  });

  it('notices a different kind in place of each kind', () => {
    const stmts = CODE.flatMap((n) => (n.k === 'step' ? n.step.body : []));
    for (const [n, s] of stmts.entries()) {
      const other = copy();
      const list = (other[1] as Node & { k: 'step' }).step.body as Stmt[];
      list[n] = stmts[(n + 1) % stmts.length]!;
      assert.equal(same(other, CODE), false, `${s.k} replaced`);
    }
    const exprs = [one, read, bound, unary, binary, cond, quant];
    for (const [n, e] of exprs.entries()) {
      const a: Node[] = [{ k: 'branch', cond: e, then: 0, else: 0, at: at(0), condAt: at(0) }];
      const b: Node[] = [
        { k: 'branch', cond: exprs[(n + 1) % exprs.length]!, then: 0, else: 0, at: at(0), condAt: at(0) },
      ];
      assert.equal(same(a, b), false, `${e.k} against another kind`);
    }
  });

  it('renames the first element slots to the second and pairs bound variables one to one', () => {
    const mine = copy();
    const chooser = (mine[1] as Node & { k: 'step' }).step.body[4] as { place: { base: number } };
    chooser.place.base = 20;
    assert.equal(same(mine, CODE), false);
    assert.ok(same(mine, CODE, new Map([[20, 2]])));
    // Slot 2 renamed to itself nowhere else: renaming is of the first code's slots only.
    assert.equal(same(CODE, mine, new Map([[20, 2]])), false);

    const twoQuants = (a: number, b: number, inner: number): Node[] => [
      {
        k: 'branch',
        cond: {
          k: 'quant',
          quant: 'forall',
          id: a,
          lo: 0,
          hi: 1,
          body: { k: 'quant', quant: 'forall', id: b, lo: 0, hi: 1, body: { ...bound, id: inner }, type: BOOL },
          type: BOOL,
        },
        then: 0,
        else: 0,
        at: at(0),
        condAt: at(0),
      },
    ];
    assert.ok(same(twoQuants(1, 2, 2), twoQuants(5, 6, 6)), 'consistently renamed');
    assert.equal(same(twoQuants(1, 2, 1), twoQuants(5, 6, 6)), false, 'the inner body reads the outer variable');
    assert.equal(same(twoQuants(1, 2, 2), twoQuants(5, 6, 5)), false, 'the other way round');
    assert.equal(same(twoQuants(1, 2, 3), twoQuants(5, 6, 5)), false, 'two variables paired with one');
  });

  it('reports the innermost location around a difference', () => {
    const other = copy();
    const assign = (other[1] as Node & { k: 'step' }).step.body[0] as { value: { then: { op: string } } };
    assign.value.then.op = '-';
    const comparison = new SameCode(new Map());
    assert.equal(comparison.nodes(other, CODE), false);
    assert.deepEqual(comparison.at, at(2), 'the binary expression');
  });
});
