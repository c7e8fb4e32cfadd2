/*
 * JavaScript for IR expressions over packed states (see state/layout.ts): a
 * slot named statically is read and written as its bit field in place, one
 * indexed at run time through the runtime's rd/wr. Every expression evaluates
 * to a number (bools as 0/1), so conditions are plain JS truthiness and stored
 * values need no conversion. Integers are the model's (model/integers.ts): an
 * operation whose operands' ranges do not prove its result within them is
 * emitted checked (intervals.ts), so a number is never rounded, NaN or infinite.
 */
import { type Expr, isModelInt, type Place, type Template, watchStage } from '../model/index.js';
import { type Layout, mask } from '../state/layout.js';
import { exact, interval } from './intervals.js';
import type { Sites } from './sites.js';

/** The runtime's checked form of each operator that can leave the model's integers. */
const CHECKED: Readonly<Record<string, string>> = { '+': 'add', '-': 'sub', '*': 'mul' };

/** Bound variables of quantifiers: id → JS expression (a literal when unrolled). */
export type Env = ReadonlyMap<number, string>;

/**
 * A quantifier over at most UNROLL values whose unrolled terms come to at most UNROLL_SIZE
 * expression nodes in all is unrolled into an && / || / + chain (each term then knows its
 * variable's value: `own[k]` reads a bit field directly); any other is a loop. Nested quantifiers
 * multiply: four nested `forall k in 0..63` unrolled would be 16,777,216 terms, as loops they are
 * code of the size of one term (TLC evaluates every quantifier as a loop).
 */
const UNROLL = 64;
const UNROLL_SIZE = 4096;

/** How many expression nodes the code for each expression has, quantifiers unrolled or not as quant() decides. */
const sizes = new WeakMap<Expr, number>();

function codeSize(e: Expr): number {
  let n = sizes.get(e);
  if (n !== undefined) return n;
  switch (e.k) {
    case 'const':
    case 'bound':
      n = 1;
      break;
    case 'read':
      n = e.place.indices.reduce((sum, ix) => sum + codeSize(ix.expr), 1);
      break;
    case 'unary':
      n = 1 + codeSize(e.operand);
      break;
    case 'binary':
      n = 1 + codeSize(e.left) + codeSize(e.right);
      break;
    case 'cond':
      n = 1 + codeSize(e.test) + codeSize(e.then) + codeSize(e.else);
      break;
    case 'quant': {
      const body = codeSize(e.body);
      n = unrolls(e) ? (e.hi - e.lo + 1) * body : 1 + body;
      break;
    }
  }
  sizes.set(e, n);
  return n;
}

/** Whether a quantifier is compiled as a chain of its terms rather than as a loop. */
function unrolls(e: Expr & { k: 'quant' }): boolean {
  const count = e.hi - e.lo + 1;
  return count <= UNROLL && count * codeSize(e.body) <= UNROLL_SIZE;
}

/** The value of an integer expression known at compile time under `env` (bound names to literals), if it is. */
function constant(e: Expr, env: Env): number | undefined {
  switch (e.k) {
    case 'const':
      return e.value;
    case 'bound': {
      const v = env.get(e.id);
      return v !== undefined && /^-?\d+$/.test(v) ? Number(v) : undefined;
    }
    case 'binary': {
      if (e.op !== '+' && e.op !== '-' && e.op !== '*') return undefined;
      const a = constant(e.left, env);
      const b = constant(e.right, env);
      if (a === undefined || b === undefined) return undefined;
      const v = e.op === '+' ? a + b : e.op === '-' ? a - b : a * b;
      // Beyond the model's integers it is the run-time check's to report.
      return isModelInt(v) ? v : undefined;
    }
    default:
      return undefined;
  }
}

export class ExprGen {
  constructor(
    private readonly sites: Sites,
    /** Where each slot's bits are in a packed state. */
    private readonly layout: Layout,
    /** The JS name of the packed state (a Uint32Array) the code reads and writes. */
    readonly state = 's',
    /**
     * For the footprint variant (see compile's compileFootprint): each slot's bit in the bit sets
     * R and W that the code marks as it reads and writes, or -1 for a slot not tracked.
     */
    private readonly tracked?: Int32Array,
  ) {}

  /** `R[w] |= bit, ` (or W) for a tracked slot, to put before its read or write; else ''. */
  private mark(set: 'R' | 'W', slot: number, sep: string): string {
    const bit = this.tracked?.[slot] ?? -1;
    return bit < 0 ? '' : `${set}[${bit >>> 5}] |= ${1 << (bit & 31)}${sep}`;
  }

  expr(e: Expr, env: Env): string {
    watchStage('compiling');
    switch (e.k) {
      case 'const':
        return String(e.value);
      case 'read':
        return this.read(e.place, env);
      case 'bound':
        return env.get(e.id) ?? `b${e.id}`;
      case 'unary':
        // The space keeps `-` from meeting a negative literal as `--2` (a decrement, and a syntax error).
        return e.op === '!' ? `(${this.expr(e.operand, env)} ? 0 : 1)` : `(- ${this.expr(e.operand, env)})`;
      case 'binary':
        return this.binary(e, env);
      case 'cond':
        return `(${this.expr(e.test, env)} ? ${this.expr(e.then, env)} : ${this.expr(e.else, env)})`;
      case 'quant':
        return this.quant(e, env);
    }
  }

  private binary(e: Expr & { k: 'binary' }, env: Env): string {
    const a = this.expr(e.left, env);
    const b = this.expr(e.right, env);
    switch (e.op) {
      case '&&':
        return `(${a} && ${b})`;
      case '||':
        return `(${a} || ${b})`;
      case '=>':
        return `(${a} ? ${b} : 1)`;
      case '==':
        return `(${a} === ${b} ? 1 : 0)`;
      case '!=':
        return `(${a} !== ${b} ? 1 : 0)`;
      case '<':
      case '<=':
      case '>':
      case '>=':
        return `(${a} ${e.op} ${b} ? 1 : 0)`;
      case '/':
        return `rt.div(${a}, ${b}, ${this.sites.loc(e.at)})`;
      case '%':
        return `rt.mod(${a}, ${b}, ${this.sites.loc(e.at)})`;
      default:
        // + - *: plain where the operands' ranges prove the result a model integer, else checked.
        if (exact(interval(e))) return `(${a} ${e.op} ${b})`;
        return `rt.${CHECKED[e.op]}(${a}, ${b}, ${this.sites.loc(e.at)})`;
    }
  }

  private quant(e: Expr & { k: 'quant' }, env: Env): string {
    if (unrolls(e)) {
      const terms: string[] = [];
      for (let v = e.lo; v <= e.hi; v++) terms.push(this.expr(e.body, new Map(env).set(e.id, String(v))));
      if (e.quant === 'count') return `(${terms.map((t) => `(${t} ? 1 : 0)`).join(' + ')})`;
      return `(${terms.join(e.quant === 'forall' ? ' && ' : ' || ')} ? 1 : 0)`;
    }
    const v = `b${e.id}`;
    const body = this.expr(e.body, env);
    const loop = `for (let ${v} = ${e.lo}; ${v} <= ${e.hi}; ${v}++)`;
    if (e.quant === 'count') return `(() => { let c = 0; ${loop} if (${body}) c++; return c; })()`;
    const stop = e.quant === 'forall' ? `if (!(${body})) return 0` : `if (${body}) return 1`;
    return `(() => { ${loop} { ${stop}; } return ${e.quant === 'forall' ? 1 : 0}; })()`;
  }

  /** Reads a place: its bit field, or (indexed at run time) through the runtime's tables. */
  read(p: Place, env: Env): string {
    const known = this.staticSlot(p, env);
    if (known < 0) return `rt.${this.tracked ? 'frd' : 'rd'}(${this.state}, ${this.slot(p, env)})`;
    const marked = this.mark('R', known, ', ');
    return marked ? `(${marked}${this.readSlot(known)})` : this.readSlot(known);
  }

  /** A statement that stores `value` (already in range) at a place. */
  write(p: Place, env: Env, value: string): string {
    const known = this.staticSlot(p, env);
    return known >= 0
      ? this.mark('W', known, '; ') + this.writeSlot(known, value)
      : `rt.${this.tracked ? 'fwr' : 'wr'}(${this.state}, ${this.slot(p, env)}, ${value});`;
  }

  /**
   * The slot a place names when every index is known here (a constant, or a quantifier's variable
   * in an unrolled term: `own[k]` for k = 2 reads its bit field directly), else -1. An index known
   * to be out of bounds is left to the run-time check, which fails only if the read is reached.
   */
  private staticSlot(p: Place, env: Env): number {
    let slot = p.base;
    for (const ix of p.indices) {
      const v = constant(ix.expr, env);
      if (v === undefined || v < ix.lo || v >= ix.lo + ix.length) return -1;
      slot += (v - ix.lo) * ix.stride;
    }
    return slot;
  }

  readSlot(slot: number): string {
    const f = this.layout.fields[slot]!;
    if (f.bits === 0) return String(f.lo);
    const word = `${this.state}[${f.word}]`;
    const field = f.shift === 0 ? `(${word} & ${mask(f.bits)})` : `((${word} >>> ${f.shift}) & ${mask(f.bits)})`;
    return f.lo === 0 ? field : `(${field} + ${f.lo})`;
  }

  /** writeSlot, marked as a write in the footprint variant (a process's pc: see TransitionGen.writePc). */
  markedWrite(slot: number, value: string): string {
    return this.mark('W', slot, '; ') + this.writeSlot(slot, value);
  }

  writeSlot(slot: number, value: string): string {
    const f = this.layout.fields[slot]!;
    if (f.bits === 0) return '';
    const word = `${this.state}[${f.word}]`;
    const keep = ~(mask(f.bits) << f.shift) | 0;
    const v = f.lo === 0 ? value : `(${value} - ${f.lo})`;
    return `${word} = (${word} & ${keep}) | (${v} << ${f.shift});`;
  }

  /** The slot index of a place: a literal, or a bounds-checked computation. */
  slot(p: Place, env: Env): string {
    if (p.indices.length === 0) return String(p.base);
    const terms = p.indices.map((ix) => {
      const offset = `rt.index(${this.expr(ix.expr, env)}, ${ix.lo}, ${ix.length}, ${this.sites.loc(p.at)})`;
      return ix.stride === 1 ? offset : `${offset} * ${ix.stride}`;
    });
    return `${p.base} + ${terms.join(' + ')}`;
  }

  /** A JS string expression for display text, showing values as the model writes them. */
  template(t: Template, env: Env): string {
    if (t.length === 0) return '""';
    return t
      .map((p) =>
        typeof p === 'string' ? JSON.stringify(p) : `rt.show(${this.sites.type(p.type)}, ${this.expr(p, env)})`,
      )
      .join(' + ');
  }
}
