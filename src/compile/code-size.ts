/*
 * How much code a process compiles to, estimated before it is generated. The code of a step
 * copies what follows each `either` (and each `if` with a choice inside) into every branch, and
 * the control flow between two steps is compiled once per way through it: so 24 rounds of a `for`
 * with an `either` in it are 16,777,216 copies, enough to exhaust memory before the first state.
 * The estimate counts statements, in doubles (it may reach Infinity, never wrap), and takes
 * time linear in the model; the first construct whose copies take it past the limit (the
 * innermost) is where the diagnostic points.
 */
import { fail, type Loc, type Source } from '../lang/index.js';
import { chooses, count, type Node, type Process, type Stmt } from '../model/index.js';

/** Statements of generated code one way through a process's control flow, or one step, may have. */
export const CODE_LIMIT = 200_000;

/** Statements of generated code the whole model may have. */
export const MODEL_CODE_LIMIT = 2_000_000;

export class CodeSize {
  /** Statements estimated so far, for the whole model. */
  total = 0;
  /** The construct whose copies first took the code of a step past CODE_LIMIT. */
  private first: { at: Loc; copies: boolean } | undefined;

  constructor(private readonly source: Source) {}

  /** The code of a process from each of its wait points; a diagnostic where it is too large. */
  process(p: Process, waitPoints: readonly number[]): void {
    const memo = new Map<number, number>();
    for (const pc of waitPoints) {
      const size = this.node(p, pc, memo);
      if (this.first) {
        const { at, copies } = this.first;
        fail(
          this.source,
          at,
          copies
            ? `this is compiled into about ${count(size)} statements: each way through the eithers and ifs of ` +
                'a step (and of the control flow between two steps) is compiled on its own, and the limit is ' +
                `${count(CODE_LIMIT)} (make some of these choices steps of their own, or choose a value with ` +
                '`choose`, which is compiled as a loop)'
            : `this step is compiled into about ${count(size)} statements; the limit is ${count(CODE_LIMIT)} ` +
                '(unroll fewer rounds of its for loops, or split it into several steps)',
        );
      }
      this.total += size;
    }
    if (this.total > MODEL_CODE_LIMIT) {
      fail(
        this.source,
        p.at,
        `the model's code comes to about ${count(this.total)} statements with this process; ` +
          `the limit is ${count(MODEL_CODE_LIMIT)} (fewer processes or a smaller configuration)`,
      );
    }
  }

  /** Statements of the code from control node `n` to the end of the next step (every way there). */
  private node(p: Process, n: number, memo: Map<number, number>): number {
    const known = memo.get(n);
    if (known !== undefined) return known;
    const node: Node = p.nodes[n]!;
    let size: number;
    switch (node.k) {
      case 'step':
        size = this.limit(node.step.at, this.stmts(node.step.body, 2), false);
        break;
      case 'test':
      case 'end':
        size = 2;
        break;
      case 'branch':
        size = this.limit(node.at, 1 + this.node(p, node.then, memo) + this.node(p, node.else, memo));
        break;
      case 'choice':
        size = this.limit(
          node.at,
          node.targets.reduce((sum, t) => sum + this.node(p, t, memo), 1),
        );
        break;
      case 'enter':
      case 'set':
        size = 1 + this.node(p, node.next, memo);
        break;
    }
    memo.set(n, size);
    return size;
  }

  /** Statements of the code for `list` followed by `rest` statements (which a choice copies into each branch). */
  private stmts(list: readonly Stmt[], rest: number): number {
    let size = rest;
    for (let i = list.length - 1; i >= 0; i--) {
      const s = list[i]!;
      switch (s.k) {
        case 'either': {
          const after = size;
          size = this.limit(
            s.at,
            s.branches.reduce((sum, b) => sum + this.stmts(b, after), 1),
          );
          break;
        }
        case 'if':
          size =
            chooses(s.then) || chooses(s.else)
              ? this.limit(s.at, 1 + this.stmts(s.then, size) + this.stmts(s.else, size))
              : size + 1 + this.stmts(s.then, 0) + this.stmts(s.else, 0);
          break;
        case 'while':
          size += 1 + this.stmts(s.body, 0);
          break;
        default:
          // A choose runs what follows in its loop: one copy.
          size += 1;
      }
    }
    return size;
  }

  /**
   * Notes the first construct whose code is past the limit, where the diagnostic points: one that
   * copies what follows it (`copies`), or a step whose body is that long.
   */
  private limit(at: Loc, size: number, copies = true): number {
    if (size > CODE_LIMIT) this.first ??= { at, copies };
    return size;
  }
}
