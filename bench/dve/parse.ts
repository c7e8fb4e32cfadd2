/*
 * A parser for the channel-free part of DVE, DiVinE's modelling language, as
 * the BEEM benchmark writes it: byte and int variables and arrays (global and
 * per process), processes with named states, an initial state and transitions
 * `from -> to { guard e; effect x = e, ...; }`, and `system async`.
 *
 * Channels, `sync` labels, `commit` states, `const` and `system sync` are
 * refused with a message naming the line: the translator (emit.ts) would
 * otherwise change their meaning silently. `accept` clauses (which only serve
 * LTL properties) are read and ignored.
 */

export type Expr =
  | { readonly kind: 'num'; readonly value: number }
  | { readonly kind: 'var'; readonly name: string; readonly index?: Expr; readonly line: number }
  | { readonly kind: 'unary'; readonly op: string; readonly arg: Expr; readonly line: number }
  | { readonly kind: 'binary'; readonly op: string; readonly left: Expr; readonly right: Expr; readonly line: number };

export interface VarDecl {
  readonly name: string;
  readonly type: 'byte' | 'int';
  /** The length of an array; undefined for a scalar. */
  readonly size?: number;
  /** The initial values (one for a scalar), as written: an array initialiser may be shorter or longer. */
  readonly init: readonly number[];
  readonly line: number;
}

export interface Assignment {
  readonly target: Extract<Expr, { kind: 'var' }>;
  readonly value: Expr;
}

export interface Transition {
  readonly from: string;
  readonly to: string;
  readonly guard?: Expr;
  readonly effects: readonly Assignment[];
  readonly line: number;
}

export interface Process {
  readonly name: string;
  readonly vars: readonly VarDecl[];
  readonly states: readonly string[];
  readonly init: string;
  readonly transitions: readonly Transition[];
}

export interface DveSystem {
  readonly vars: readonly VarDecl[];
  readonly processes: readonly Process[];
}

interface Token {
  readonly text: string;
  readonly line: number;
}

const PUNCTUATION = ['->', '==', '!=', '<=', '>=', '&&', '||', '<<', '>>', ...'{}[]();,=<>+-*/%|&^!~.?:'];

function tokenize(text: string, file: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    if (c === '\n') line++;
    if (/\s/.test(c)) {
      i++;
    } else if (text.startsWith('//', i)) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new Error(`${file}:${line}: unterminated comment`);
      line += text.slice(i, end).split('\n').length - 1;
      i = end + 2;
    } else {
      const word = /^[A-Za-z_][A-Za-z0-9_]*|^\d+/.exec(text.slice(i, i + 64))?.[0];
      const punct = word ?? PUNCTUATION.find((p) => text.startsWith(p, i));
      if (!punct) throw new Error(`${file}:${line}: unexpected character '${c}'`);
      tokens.push({ text: punct, line });
      i += punct.length;
    }
  }
  return tokens;
}

/** Binary operators from the loosest to the tightest, as DiVinE's grammar orders them. */
const LEVELS: readonly (readonly string[])[] = [
  ['imply'],
  ['or', '||'],
  ['and', '&&'],
  ['|'],
  ['^'],
  ['&'],
  ['==', '!='],
  ['<', '<=', '>', '>='],
  ['<<', '>>'],
  ['+', '-'],
  ['*', '/', '%'],
];

const UNSUPPORTED = new Set(['channel', 'sync', 'commit', 'const', 'async_channel', 'bool', 'assert']);

export function parseDve(text: string, file = 'model.dve'): DveSystem {
  const tokens = tokenize(text, file);
  let pos = 0;
  const peek = (ahead = 0) => tokens[pos + ahead]?.text ?? '<end>';
  const line = () => tokens[Math.min(pos, tokens.length - 1)]?.line ?? 0;
  const fail = (message: string): never => {
    throw new Error(`${file}:${line()}: ${message}`);
  };
  const refuseUnsupported = () => {
    if (UNSUPPORTED.has(peek())) fail(`'${peek()}' is not supported by this translator`);
  };
  const next = () => {
    refuseUnsupported();
    return tokens[pos++]?.text ?? '<end>';
  };
  /** Fails naming what was expected, or the unsupported construct found instead. */
  const unexpected = (what: string): never => {
    refuseUnsupported();
    return fail(`expected ${what}, found '${peek()}'`);
  };
  const expect = (t: string) => {
    if (peek() !== t) unexpected(`'${t}'`);
    next();
  };
  const accept = (t: string) => {
    if (peek() !== t) return false;
    next();
    return true;
  };
  const name = () => (/^[A-Za-z_]/.test(peek()) ? next() : unexpected('a name'));

  function primary(): Expr {
    const at = line();
    if (/^\d/.test(peek())) return { kind: 'num', value: Number(next()) };
    if (accept('(')) {
      const e = expr();
      expect(')');
      return e;
    }
    if (['-', 'not', '!', '~'].includes(peek())) return { kind: 'unary', op: next(), arg: primary(), line: at };
    const id = name();
    if (peek() === '.' || peek() === '->')
      fail(`another process's state or variable (${id}${peek()}…) is not supported`);
    if (!accept('[')) return { kind: 'var', name: id, line: at };
    const index = expr();
    expect(']');
    return { kind: 'var', name: id, index, line: at };
  }

  function binary(level: number): Expr {
    if (level === LEVELS.length) return primary();
    let left = binary(level + 1);
    while (LEVELS[level]!.includes(peek())) {
      const at = line();
      const op = next();
      // imply is right-associative; the others associate to the left.
      const right = op === 'imply' ? binary(level) : binary(level + 1);
      left = { kind: 'binary', op, left, right, line: at };
    }
    return left;
  }

  const expr = () => binary(0);

  function constant(): number {
    const e = expr();
    const v = evaluateConstant(e);
    return v ?? fail('expected a constant');
  }

  function varDecls(into: VarDecl[]) {
    const type = next() as 'byte' | 'int';
    do {
      const at = line();
      const n = name();
      let size: number | undefined;
      if (accept('[')) {
        size = constant();
        expect(']');
      }
      let init: number[] = [0];
      if (accept('=')) {
        if (accept('{')) {
          init = [constant()];
          while (accept(',')) init.push(constant());
          expect('}');
        } else {
          init = [constant()];
        }
      } else if (size !== undefined) {
        init = new Array<number>(size).fill(0);
      }
      into.push({ name: n, type, ...(size !== undefined && { size }), init, line: at });
    } while (accept(','));
    expect(';');
  }

  function transition(): Transition {
    const at = line();
    const from = name();
    expect('->');
    const to = name();
    expect('{');
    let guard: Expr | undefined;
    const effects: Assignment[] = [];
    if (accept('guard')) {
      guard = expr();
      expect(';');
    }
    if (accept('effect')) {
      do {
        const target = primary();
        if (target.kind !== 'var') fail('an effect assigns to a variable');
        expect('=');
        effects.push({ target: target as Assignment['target'], value: expr() });
      } while (accept(','));
      expect(';');
    }
    expect('}');
    return { from, to, ...(guard && { guard }), effects, line: at };
  }

  function processDecl(): Process {
    expect('process');
    const pname = name();
    expect('{');
    const vars: VarDecl[] = [];
    while (peek() === 'byte' || peek() === 'int') varDecls(vars);
    expect('state');
    const states = [name()];
    while (accept(',')) states.push(name());
    expect(';');
    expect('init');
    const init = name();
    expect(';');
    if (accept('accept')) {
      while (name() && accept(','));
      expect(';');
    }
    const transitions: Transition[] = [];
    if (accept('trans')) {
      do transitions.push(transition());
      while (accept(','));
      expect(';');
    }
    expect('}');
    for (const t of transitions)
      for (const s of [t.from, t.to])
        if (!states.includes(s)) throw new Error(`${file}:${t.line}: '${s}' is not a state of ${pname}`);
    if (!states.includes(init)) fail(`the initial state '${init}' is not a state of ${pname}`);
    return { name: pname, vars, states, init, transitions };
  }

  const vars: VarDecl[] = [];
  const processes: Process[] = [];
  while (peek() !== 'system') {
    if (peek() === 'byte' || peek() === 'int') varDecls(vars);
    else if (peek() === 'process') processes.push(processDecl());
    else unexpected("a declaration, a process or 'system'");
  }
  next();
  if (peek() !== 'async') fail(`only 'system async' is supported, not 'system ${peek()}'`);
  next();
  expect(';');
  if (pos < tokens.length) fail(`unexpected '${peek()}' after the system declaration`);
  return { vars, processes };
}

/** The value of an expression made of numbers, or undefined if it reads a variable. */
export function evaluateConstant(e: Expr): number | undefined {
  if (e.kind === 'num') return e.value;
  if (e.kind === 'unary' && e.op === '-') {
    const v = evaluateConstant(e.arg);
    return v === undefined ? undefined : -v;
  }
  if (e.kind !== 'binary') return undefined;
  const a = evaluateConstant(e.left);
  const b = evaluateConstant(e.right);
  if (a === undefined || b === undefined) return undefined;
  const ops: Record<string, (x: number, y: number) => number> = {
    '+': (x, y) => x + y,
    '-': (x, y) => x - y,
    '*': (x, y) => x * y,
  };
  return ops[e.op]?.(a, b);
}
