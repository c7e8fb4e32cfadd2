/*
 * Builds each process's control graph. Steps are the only places a process
 * waits; `if`, `while`, `either` and `call` between them are control flow,
 * decided as part of the next step (so `if ro { step A }` tests `ro` and does
 * A in one atomic transition). `step if (ro)` and `step while (ro)` make the
 * test a step of its own. A bare statement outside any step is a silent step
 * of its own.
 */
import type * as A from '../lang/ast.js';
import type { Ctx } from './context.js';
import { freeSuccessors, stepTargets } from './control.js';
import { expectBool, resolveTemplate } from './expressions.js';
import type { Inliner } from './inline.js';
import type * as IR from './ir.js';
import type { Scope } from './scope.js';
import { BodyBuilder, note, unroll } from './statements.js';

type MutableNode = { -readonly [K in keyof IR.Node]: IR.Node[K] } & IR.Node;

export class ProcessBuilder {
  readonly nodes: IR.Node[] = [];
  private readonly body: BodyBuilder;

  constructor(
    private readonly ctx: Ctx,
    private readonly proc: number,
    private readonly inliner: Inliner,
    private readonly steps: IR.StepSite[],
  ) {
    this.body = new BodyBuilder(ctx, inliner);
  }

  /** Builds the whole body; returns the start node. The end node is node 0. */
  build(stmts: readonly A.Stmt[], scope: Scope): number {
    this.nodes.push({ k: 'end' });
    const start = this.seq(stmts, scope, [], 0);
    this.checkLoops(start);
    return start;
  }

  private add(node: IR.Node): number {
    this.nodes.push(node);
    return this.nodes.length - 1;
  }

  /** Builds a sequence backwards from its continuation `next`; returns its entry node. */
  private seq(stmts: readonly A.Stmt[], scope: Scope, frames: IR.FrameSite[], next: number): number {
    this.inliner.enterBlock(stmts);
    // Each declaration opens a scope for the statements after it.
    const scoped: [A.Stmt, Scope, IR.Stmt[]][] = [];
    let s = scope;
    for (const stmt of stmts) {
      if (stmt.kind === 'var') {
        s = s.child();
        scoped.push([stmt, s, this.inliner.declareLocal(stmt, s)]);
      } else {
        scoped.push([stmt, s, []]);
      }
    }
    let entry = next;
    for (let i = scoped.length - 1; i >= 0; i--) {
      const [stmt, sc, inits] = scoped[i]!;
      if (stmt.kind === 'var') {
        for (const init of inits.reverse()) {
          if (init.k !== 'assign') continue;
          entry = this.add({ k: 'set', place: init.place, value: init.value, next: entry, at: init.at });
        }
      } else {
        entry = this.stmt(stmt, sc, frames, entry);
      }
    }
    this.inliner.leaveBlock();
    return entry;
  }

  private stmt(stmt: A.Stmt, scope: Scope, frames: IR.FrameSite[], next: number): number {
    const ctx: Ctx = this.ctx;
    ctx.tick(stmt.at);
    switch (stmt.kind) {
      case 'step':
        return this.step(stmt, scope, frames, next, stmt.display);
      case 'atomic':
        return this.step({ ...stmt, notes: [] }, scope, frames, next, undefined);
      case 'call': {
        const frame: IR.FrameSite = {
          depth: frames.length,
          text: resolveTemplate(ctx, scope, stmt.display.text),
          notes: stmt.notes.map((n) => note(ctx, scope, n)),
          at: stmt.at,
        };
        const body = this.seq(stmt.body, scope.child(), [...frames, frame], next);
        return this.add({ k: 'enter', frame, next: body });
      }
      case 'if': {
        const cond = expectBool(ctx, scope, stmt.cond, 'an if condition');
        const then = this.seq(stmt.then, scope.child(), frames, next);
        const otherwise = stmt.else ? this.seq(stmt.else, scope.child(), frames, next) : next;
        if (cond.k === 'const') return cond.value ? then : otherwise;
        return this.add({ k: 'branch', cond, then, else: otherwise, at: stmt.at, condAt: stmt.cond.at });
      }
      case 'while': {
        const cond = expectBool(ctx, scope, stmt.cond, 'a while condition');
        const head = this.add({ k: 'end' }); // patched below, once the body exists
        const body = this.seq(stmt.body, scope.child(), frames, head);
        const branch: IR.Node = { k: 'branch', cond, then: body, else: next, at: stmt.at, condAt: stmt.cond.at };
        (this.nodes as MutableNode[])[head] = branch;
        return head;
      }
      case 'test':
        return this.test(stmt, scope, frames, next);
      case 'for': {
        // Built backwards, as a sequence is: the last round first, each continuing into the one after.
        let entry = next;
        unroll(
          ctx,
          scope,
          stmt,
          (inner) => {
            entry = this.seq(stmt.body, inner, frames, entry);
          },
          true,
        );
        return entry;
      }
      case 'either':
        return this.add({
          k: 'choice',
          targets: stmt.branches.map((b) => this.seq(b, scope.child(), frames, next)),
          at: stmt.at,
        });
      case 'invoke': {
        const [entry] = this.inliner.inline(stmt, scope, (body, procScope) => [
          this.seq(body, procScope, frames, next),
        ]);
        return entry!;
      }
      case 'note':
        ctx.fail(stmt.at, 'a note belongs to a step: put it inside the step, or right after its body or a call header');
      case 'assign':
      case 'await':
      case 'choose':
      case 'assert':
      case 'skip':
        return this.step({ body: [stmt], notes: [], at: stmt.at }, scope, frames, next, undefined, true);
      case 'var':
        return this.seq([stmt], scope, frames, next);
    }
  }

  /**
   * `step if (c)` and `step while (c)`: a step that only decides `c`, so that other processes can
   * run between the test and what follows it. Even a constant condition stays a step: it was written as one.
   */
  private test(stmt: A.Stmt & { kind: 'test' }, scope: Scope, frames: IR.FrameSite[], next: number): number {
    const cond = expectBool(this.ctx, scope, stmt.cond, stmt.loop ? 'a while condition' : 'an if condition');
    const header = { body: [], notes: stmt.notes, at: stmt.display.text.at };
    if (stmt.loop) {
      const head = this.add({ k: 'end' }); // patched below, once the body exists
      const body = this.seq(stmt.then, scope.child(), frames, head);
      const step = this.site(header, scope, frames, stmt.display);
      (this.nodes as MutableNode[])[head] = { k: 'test', step, cond, then: body, else: next };
      return head;
    }
    const then = this.seq(stmt.then, scope.child(), frames, next);
    const otherwise = stmt.else ? this.seq(stmt.else, scope.child(), frames, next) : next;
    const step = this.site(header, scope, frames, stmt.display);
    return this.add({ k: 'test', step, cond, then, else: otherwise });
  }

  private step(
    stmt: { body: A.Stmt[]; notes: A.Note[]; at: A.Expr['at'] },
    scope: Scope,
    frames: IR.FrameSite[],
    next: number,
    display: A.Display | undefined,
    implicit = false,
  ): number {
    return this.add({ k: 'step', step: this.site(stmt, scope, frames, display, implicit), next });
  }

  /** A step site, numbered in the order the sites are built. */
  private site(
    stmt: { body: A.Stmt[]; notes: A.Note[]; at: A.Expr['at'] },
    scope: Scope,
    frames: IR.FrameSite[],
    display: A.Display | undefined,
    implicit = false,
  ): IR.StepSite {
    const ctx = this.ctx;
    const body = this.body.stmts(stmt.body, scope.child());
    const site: IR.StepSite = {
      id: this.steps.length,
      proc: this.proc,
      ...(display && { display: { kind: display.kind, text: resolveTemplate(ctx, scope, display.text) } }),
      notes: stmt.notes.map((n) => note(ctx, scope, n)),
      frames,
      body,
      at: stmt.at,
      implicit,
    };
    this.steps.push(site);
    return site;
  }

  /** A loop whose body can go round without taking a step would hang the checker: reject it. */
  private checkLoops(start: number): void {
    const state = new Map<number, 'open' | 'done'>();
    const visit = (n: number): void => {
      const mark = state.get(n);
      if (mark === 'done') return;
      const node = this.nodes[n]!;
      if (mark === 'open') {
        const at = node.k === 'branch' || node.k === 'choice' || node.k === 'set' ? node.at : { offset: 0, length: 1 };
        this.ctx.fail(at, 'this loop can go round without taking a step; put a step (or an await) in its body');
      }
      state.set(n, 'open');
      for (const m of freeSuccessors(node)) visit(m);
      state.set(n, 'done');
    };
    visit(start);
    for (const node of this.nodes) for (const after of stepTargets(node)) visit(after);
  }
}
