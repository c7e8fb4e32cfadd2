/*
 * The walker over the IR (model/visit.ts) and the control-graph walks
 * (model/control.ts): what they report, in which order, and what they leave
 * out (display text's holes are not code; the walk does not follow edges).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  chooses,
  type Expr,
  forEachNextNode,
  type Node,
  type Stmt,
  type Template,
  type TemplateSite,
  visitExpr,
  visitNode,
  visitProcess,
  waitingSteps,
  waitPoints,
} from '../../src/model/index.js';
import { load } from '../helpers.js';

const MODEL = `var x: 0..3 = 0
var ys: array[0..1] of bool = false
var z: 0..3 = 0
process p "P" {
  call f({x}) --> "entered with {z}" {
    step s() {
      x = 1
      if ys[x % 2] { --> "ys {x}"  await x > 0 } else { either { z = 2 } or { choose z in 0..3 where z != x } }
      while x < 3 { x = x + 1 }
      assert small: (count k in 0..1: ys[k]) <= 1
    } --> "after s"
  }
  if z == 2 { step t() { z = 0 } }
  step u() { z = 1 }
}
`;

const model = load(MODEL);
const p = model.processes[0]!;
/** The control node of the step shown as `text` (nodes are in build order, which is backwards). */
const stepNode = (text: string): Node => p.nodes.find((n) => n.k === 'step' && n.step.display?.text[0] === text)!;
const enterNode = p.nodes.find((n) => n.k === 'enter')!;

describe('the IR walker', () => {
  it('reports every statement in source order, through if, either and while', () => {
    const stmts: Stmt['k'][] = [];
    visitNode(stepNode('s()'), {
      stmt: (s) => {
        stmts.push(s.k);
      },
    });
    const theIf = ['if', 'note', 'await', 'either', 'assign', 'choose'];
    assert.deepEqual(stmts, ['assign', ...theIf, 'while', 'assign', 'assert']);
  });

  it('reports places with whether they are written, and every sub-expression, outermost first', () => {
    const places: string[] = [];
    visitNode(stepNode('s()'), {
      place: (pl, write) => {
        places.push(`${model.slots[pl.base]!.name}${pl.indices.length ? '[…]' : ''}${write ? ' written' : ''}`);
        return false;
      },
    });
    const inIf = ['ys[0][…]', 'x', 'x', 'z written', 'z written', 'z', 'x'];
    assert.deepEqual(places, ['x written', ...inIf, 'x', 'x written', 'x', 'ys[0][…]']);
    const cond = model.properties.find((q) => q.name === 'small')!.cond!;
    const kinds: Expr['k'][] = [];
    visitExpr(cond, {
      expr: (e) => {
        kinds.push(e.k);
      },
    });
    assert.deepEqual(kinds, ['binary', 'quant', 'read', 'bound', 'const']);
  });

  it('skips the first index when the visitor has dealt with it', () => {
    const count = (skip: boolean) => {
      const kinds: Expr['k'][] = [];
      visitProcess(p, {
        place: (pl) => skip && pl.indices.length > 0,
        expr: (e) => {
          kinds.push(e.k);
        },
      });
      return { binary: kinds.filter((k) => k === 'binary').length, bound: kinds.filter((k) => k === 'bound').length };
    };
    // ys[x % 2] in the if and ys[k] in the assert: with the skip, neither index is walked.
    const all = count(false);
    assert.deepEqual(count(true), { binary: all.binary - 1, bound: all.bound - 1 });
    assert.equal(all.bound, 1);
  });

  it('reports display texts as texts, in drawing order, without walking their holes', () => {
    const texts: string[] = [];
    let places = 0;
    const visitor = {
      text: (t: Template, kind: TemplateSite) => {
        texts.push(`${kind}: ${t.map((part) => (typeof part === 'string' ? part : '…')).join('')}`);
      },
      place: () => {
        places++;
        return false;
      },
    };
    visitNode(enterNode, visitor);
    visitNode(stepNode('s()'), visitor);
    assert.deepEqual(texts, ['frame: f(…)', 'note: entered with …', 'step: s()', 'note: after s', 'note: ys …']);
    // The 12 places of s's code, as above; the holes of f({x}), "{z}" and "ys {x}" would make 15.
    assert.equal(places, 12);
  });

  it('tells a body with a choice from one without, however deep the choice is', () => {
    const bodies = model.steps.map((s) => [s.display?.text[0], chooses(s.body)]);
    assert.deepEqual(bodies.sort(), [
      ['s()', true],
      ['t()', false],
      ['u()', false],
    ]);
  });
});

describe('control-graph walks', () => {
  it('finds the steps a process can take next through its control flow, and where it can wait', () => {
    const names = (pc: number) => waitingSteps(p, pc).map((s) => s.display?.text[0]);
    assert.deepEqual(names(p.start), ['s()']);
    const afterS = model.steps.find((s) => s.display?.text[0] === 's()')!;
    const next = p.nodes.flatMap((n) => (n.k === 'step' && n.step === afterS ? [n.next] : []))[0]!;
    assert.deepEqual(names(next), ['t()', 'u()']);
    const kinds: string[] = [];
    forEachNextNode(p, next, (n) => {
      kinds.push(n.k);
    });
    assert.deepEqual(kinds, ['branch', 'step', 'step']);
    // The start, after s, after t and u lead on (t to u, u to the end, which waits for nothing).
    assert.equal(waitPoints(p).length, 3);
    assert.ok(waitPoints(p).includes(p.start));
  });
});
