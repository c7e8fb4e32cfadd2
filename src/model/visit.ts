/*
 * The one walk over the IR's code: what a control node holds, the statements
 * of a step body (through if, either and while), every sub-expression of an
 * expression, the holes of a display text. Analyses of the model (footprints,
 * the symmetry check, the texts a diagram can show) say what they look for in
 * a Visitor and leave the traversal here, so each IR kind is walked in one
 * place: adding a kind is a compile error in the switches below (their
 * `default` takes `never`), not something every analysis silently skips.
 *
 * A walk does not follow the control graph from node to node; control.ts
 * does that. Display text is reported through `text` and its holes are not
 * walked: what a diagram shows has no effect on the state, so none of the
 * analyses counts it as code.
 */
import type { Loc } from '../lang/index.js';
import type { Expr, Node, Note, Place, Process, Stmt, Template } from './ir.js';

/** Where a display text is drawn. */
export type TemplateSite = 'frame' | 'step' | 'note';

/** What a walk reports, in source order. Every callback is optional. */
export interface Visitor {
  /** The source location of what follows, for error messages. */
  at?(at: Loc): void;
  /** A control node, before what it holds. */
  node?(node: Node): void;
  /** A statement, before what it holds. */
  stmt?(s: Stmt): void;
  /**
   * A place read or written, before its index expressions. Returning true
   * skips the first index's expression (the visitor has dealt with it).
   */
  place?(p: Place, write: boolean): boolean | undefined;
  /** An expression, before its sub-expressions. */
  expr?(e: Expr): void;
  /** Display text: a frame's, a step's or a note's. */
  text?(t: Template, kind: TemplateSite): void;
}

/** Every node of a process's control graph, in order. */
export function visitProcess(p: Process, v: Visitor): void {
  for (const node of p.nodes) visitNode(node, v);
}

/** What one control node holds (not the nodes after it). */
export function visitNode(node: Node, v: Visitor): void {
  v.node?.(node);
  switch (node.k) {
    case 'step': {
      const site = node.step;
      v.at?.(site.at);
      if (site.display) v.text?.(site.display.text, 'step');
      visitNotes(site.notes, v);
      visitStmts(site.body, v);
      return;
    }
    case 'branch':
      v.at?.(node.at);
      visitExpr(node.cond, v);
      return;
    case 'test': {
      const site = node.step;
      v.at?.(site.at);
      if (site.display) v.text?.(site.display.text, 'step');
      visitNotes(site.notes, v);
      visitStmts(site.body, v);
      visitExpr(node.cond, v);
      return;
    }
    case 'enter':
      v.text?.(node.frame.text, 'frame');
      visitNotes(node.frame.notes, v);
      return;
    case 'set':
      v.at?.(node.at);
      visitPlace(node.place, true, v);
      visitExpr(node.value, v);
      return;
    case 'choice':
    case 'end':
      return;
    default:
      unreachable(node);
  }
}

function visitNotes(notes: readonly Note[], v: Visitor): void {
  if (v.text) for (const n of notes) v.text(n.text, 'note');
}

/** Every statement of a list, with the statements nested in it, in source order. */
export function visitStmts(list: readonly Stmt[], v: Visitor): void {
  for (const s of list) visitStmt(s, v);
}

function visitStmt(s: Stmt, v: Visitor): void {
  v.stmt?.(s);
  switch (s.k) {
    case 'assign':
      v.at?.(s.at);
      visitPlace(s.place, true, v);
      visitExpr(s.value, v);
      return;
    case 'await':
    case 'assert':
      v.at?.(s.at);
      visitExpr(s.cond, v);
      return;
    case 'if':
      visitExpr(s.cond, v);
      visitStmts(s.then, v);
      visitStmts(s.else, v);
      return;
    case 'either':
      for (const b of s.branches) visitStmts(b, v);
      return;
    case 'choose':
      v.at?.(s.at);
      visitPlace(s.place, true, v);
      if (s.where) visitExpr(s.where, v);
      return;
    case 'while':
      v.at?.(s.at);
      visitExpr(s.cond, v);
      visitStmts(s.body, v);
      return;
    case 'note':
      v.text?.(s.note.text, 'note');
      return;
    default:
      unreachable(s);
  }
}

/** A place and the expressions of its run-time indices. */
export function visitPlace(p: Place, write: boolean, v: Visitor): void {
  const skipFirst = v.place?.(p, write) === true;
  p.indices.forEach((ix, n) => {
    if (n > 0 || !skipFirst) visitExpr(ix.expr, v);
  });
}

/** An expression and every sub-expression of it, outermost first, with the places it reads. */
export function visitExpr(e: Expr, v: Visitor): void {
  v.expr?.(e);
  switch (e.k) {
    case 'read':
      visitPlace(e.place, false, v);
      return;
    case 'unary':
      visitExpr(e.operand, v);
      return;
    case 'binary':
      v.at?.(e.at);
      visitExpr(e.left, v);
      visitExpr(e.right, v);
      return;
    case 'cond':
      visitExpr(e.test, v);
      visitExpr(e.then, v);
      visitExpr(e.else, v);
      return;
    case 'quant':
      visitExpr(e.body, v);
      return;
    case 'const':
    case 'bound':
      return;
    default:
      unreachable(e);
  }
}

/** Whether any statement of the list, or nested in it, satisfies `test`. */
export function someStmt(list: readonly Stmt[], test: (s: Stmt) => boolean): boolean {
  let found = false;
  visitStmts(list, {
    stmt: (s) => {
      found ||= test(s);
    },
  });
  return found;
}

/** Whether a step body makes a nondeterministic choice (either, choose), so that it has alternatives. */
export function chooses(list: readonly Stmt[]): boolean {
  return someStmt(list, (s) => s.k === 'either' || s.k === 'choose');
}

/** For the `default` of a switch that covers every kind: a kind added to the IR makes it a compile error. */
export function unreachable(x: never): never {
  throw new Error(`unexpected IR node ${JSON.stringify(x)}`);
}
