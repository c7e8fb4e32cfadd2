/*
 * The syntax tree of a `.race` model, as the parser sees it: names are still
 * strings, constants are not yet evaluated, procedures are not yet inlined.
 * Every node carries its Loc so later stages can point at it.
 */
import type { Loc } from './source.js';

export type BinaryOp = '||' | '&&' | '=>' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';

export type Expr =
  | { kind: 'int'; value: number; at: Loc }
  | { kind: 'bool'; value: boolean; at: Loc }
  | { kind: 'name'; name: string; at: Loc }
  | { kind: 'index'; target: Expr; index: Expr; at: Loc }
  /** `relocation.stage`: a local of another process, readable in properties. */
  | { kind: 'member'; target: Expr; name: string; at: Loc }
  | { kind: 'unary'; op: '!' | '-'; operand: Expr; at: Loc }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; at: Loc }
  | { kind: 'cond'; test: Expr; then: Expr; else: Expr; at: Loc }
  | { kind: 'quant'; quant: 'forall' | 'exists' | 'count'; variable: Ident; domain: TypeExpr; body: Expr; at: Loc }
  | { kind: 'list'; items: Expr[]; at: Loc }
  /** `file_data(A)`: a use of a `def` (or of the built-in `done(process)`). */
  | { kind: 'apply'; name: Ident; args: Expr[]; at: Loc }
  /**
   * `relocation at btrfs_wait_nocow_writers`: the process's next step is the one named
   * (by its call name, or its sentence in quotes) or lies inside the call of that name.
   */
  | { kind: 'at'; process: Expr; step: Ident; sentence?: Template; at: Loc };

export interface Ident {
  readonly name: string;
  readonly at: Loc;
}

export type TypeExpr =
  | { kind: 'bool'; at: Loc }
  | { kind: 'range'; lo: Expr; hi: Expr; at: Loc }
  | { kind: 'named'; name: string; at: Loc }
  | { kind: 'array'; index: TypeExpr; elem: TypeExpr; at: Loc };

/** Display text with `{expr}` holes: a step's call or sentence, a note, a display name. */
export interface Template {
  readonly parts: readonly (string | Expr)[];
  readonly at: Loc;
}

export interface Display {
  /** A call such as `btrfs_inc_block_group_ro(bg X)`, or a free sentence in quotes. */
  readonly kind: 'call' | 'sentence';
  readonly text: Template;
}

export interface Note {
  /** `--> text` draws an arrow; `note "text"` does not. */
  readonly arrow: boolean;
  readonly text: Template;
  readonly at: Loc;
}

export interface VarDecl {
  readonly kind: 'var';
  readonly name: Ident;
  readonly type: TypeExpr;
  readonly init?: Expr;
  readonly at: Loc;
}

export type Stmt =
  | { kind: 'step'; display?: Display; body: Stmt[]; notes: Note[]; at: Loc }
  | { kind: 'atomic'; body: Stmt[]; at: Loc }
  | { kind: 'call'; display: Display; notes: Note[]; body: Stmt[]; at: Loc }
  | { kind: 'if'; cond: Expr; then: Stmt[]; else?: Stmt[]; at: Loc }
  /**
   * `step if (cond) { … } else { … }`, `step while (cond) { … }`: the condition is tested in a
   * step of its own, drawn as `display` (`if (cond)`), rather than as part of the next step.
   */
  | {
      kind: 'test';
      loop: boolean;
      cond: Expr;
      display: Display;
      notes: Note[];
      then: Stmt[];
      else?: Stmt[];
      at: Loc;
    }
  | { kind: 'while'; cond: Expr; body: Stmt[]; at: Loc }
  | { kind: 'for'; variable: Ident; domain: TypeExpr; body: Stmt[]; at: Loc }
  | { kind: 'either'; branches: Stmt[][]; at: Loc }
  | { kind: 'choose'; target: Expr; domain: TypeExpr; where?: Expr; at: Loc }
  | { kind: 'await'; cond: Expr; at: Loc }
  | { kind: 'assign'; target: Expr; op: '=' | '+=' | '-='; value: Expr; at: Loc }
  | { kind: 'assert'; name: Ident; cond: Expr; at: Loc }
  | { kind: 'note'; note: Note; at: Loc }
  | { kind: 'invoke'; name: Ident; args: Expr[]; at: Loc }
  | { kind: 'skip'; at: Loc }
  | VarDecl;

export type Decl =
  | { kind: 'const'; name: Ident; value: Expr; at: Loc }
  | { kind: 'enum'; name: Ident; members: Ident[]; at: Loc }
  | VarDecl
  | {
      kind: 'process';
      name: Ident;
      /** `process writer[i in 1..N]`: an array of identical processes. */
      index?: { variable: Ident; domain: TypeExpr };
      /** `process w[i in 1..N] symmetric`: the elements are interchangeable (symmetry reduction). */
      symmetric?: Loc;
      /** `fair process` (weak) or `strongly fair process`: a process that can move is not passed over forever. */
      fairness?: 'weak' | 'strong';
      displayName?: Template;
      body: Stmt[];
      at: Loc;
    }
  | { kind: 'proc'; name: Ident; params: Ident[]; body: Stmt[]; at: Loc }
  /** `def name(params) = expr`: a named expression, expanded where it is used. */
  | { kind: 'def'; name: Ident; params: Ident[]; body: Expr; at: Loc }
  | { kind: 'invariant'; name: Ident; cond: Expr; at: Loc }
  | { kind: 'final'; name: Ident; after: Expr[]; cond: Expr; at: Loc }
  /** `fair relocation, writer` (or `strongly fair …`): processes declared elsewhere made fair. */
  | { kind: 'fairness'; fairness: 'weak' | 'strong'; processes: Expr[]; at: Loc }
  /** `liveness name: eventually P`, `P leadsto Q`, `always eventually P`. */
  | { kind: 'liveness'; name: Ident; form: LivenessForm; p: Expr; q?: Expr; at: Loc };

/** What a liveness property asks of every (fair) run. */
export type LivenessForm = 'eventually' | 'leadsto' | 'always-eventually';

export interface ModelAst {
  readonly title?: string;
  readonly decls: readonly Decl[];
}
