/*
 * The top level of a model: an optional `model "title"`, then declarations
 * (const, enum, var, def, process, proc, invariant, final, liveness) in any
 * order; a process may be declared `fair` or `strongly fair`.
 */
import type * as A from '../ast.js';
import { fail } from '../diagnostics.js';
import type { Loc } from '../source.js';
import { type Cursor, tokenSpan } from './cursor.js';
import { expression, postfix, type } from './expressions.js';
import { block, varDecl } from './statements.js';
import { template, templateText } from './templates.js';

export function model(c: Cursor): A.ModelAst {
  let title: string | undefined;
  if (c.eat('model')) title = templateText(c, c.string('the model title in quotes'));
  const decls: A.Decl[] = [];
  while (c.tok.kind !== 'eof') decls.push(decl(c));
  return title === undefined ? { decls } : { title, decls };
}

/**
 * Whether the current token is the word `word`, one that means something only where it stands
 * and may still be a name: `liveness`, `fair` and `strongly` start declarations (where no name
 * can), `eventually`, `always` and `leadsto` shape a liveness property (and `at`, after a process,
 * a position: expressions.ts).
 */
function isWord(c: Cursor, word: string): boolean {
  return c.tok.kind === 'ident' && c.tok.text === word;
}

function decl(c: Cursor): A.Decl {
  const start = c.tok.offset;
  const word = c.tok.kind === 'keyword' ? c.tok.text : c.tok.kind === 'ident' ? `~${c.tok.text}` : '';
  switch (word) {
    case 'const': {
      c.next();
      const name = c.ident('a constant name');
      c.expect('=');
      const value = expression(c);
      return { kind: 'const', name, value, at: c.span(start) };
    }
    case 'enum': {
      c.next();
      const name = c.ident('an enum name');
      c.expect('{');
      const members: A.Ident[] = [];
      do {
        if (c.is('}')) break;
        members.push(c.ident('an enum member'));
      } while (c.eat(','));
      c.expect('}', "',' or '}'");
      return { kind: 'enum', name, members, at: c.span(start) };
    }
    case 'var':
      return varDecl(c);
    case 'process':
      return processDecl(c);
    case '~fair':
    case '~strongly': {
      const strong = isWord(c, 'strongly');
      if (strong) c.next();
      if (!isWord(c, 'fair')) c.unexpected("'fair', as in strongly fair process");
      c.next();
      const fairness = strong ? 'strong' : 'weak';
      if (c.is('process')) return processDecl(c, fairness, start);
      const processes: A.Expr[] = [];
      do processes.push(postfix(c));
      while (c.eat(','));
      return { kind: 'fairness', fairness, processes, at: c.span(start) };
    }
    case '~liveness':
      return livenessDecl(c);
    case 'proc': {
      c.next();
      const name = c.ident('a procedure name');
      c.expect('(');
      const params: A.Ident[] = [];
      if (!c.is(')')) {
        do params.push(c.ident('a parameter name'));
        while (c.eat(','));
      }
      c.expect(')', "',' or ')'");
      const body = block(c);
      return { kind: 'proc', name, params, body, at: c.span(start) };
    }
    case 'def': {
      c.next();
      const name = c.ident('a name for the expression');
      const params: A.Ident[] = [];
      if (c.eat('(')) {
        if (!c.is(')')) {
          do params.push(c.ident('a parameter name'));
          while (c.eat(','));
        }
        c.expect(')', "',' or ')'");
      }
      c.expect('=');
      const body = expression(c);
      return { kind: 'def', name, params, body, at: c.span(start) };
    }
    case 'invariant': {
      c.next();
      const name = c.ident('a property name');
      c.expect(':');
      const cond = expression(c);
      return { kind: 'invariant', name, cond, at: c.span(start) };
    }
    case 'final': {
      c.next();
      const name = c.ident('a property name');
      const after: A.Expr[] = [];
      if (c.eat('after')) {
        do after.push(postfix(c));
        while (c.eat(','));
      }
      c.expect(':');
      const cond = expression(c);
      return { kind: 'final', name, after, cond, at: c.span(start) };
    }
    default:
      c.unexpected('a declaration (const, enum, var, def, process, proc, invariant, final or liveness)');
  }
}

/** `liveness name: eventually P`, `liveness name: P leadsto Q` or `liveness name: always eventually P`. */
function livenessDecl(c: Cursor): A.Decl {
  const start = c.tok.offset;
  c.next();
  const name = c.ident('a property name');
  c.expect(':');
  if (isWord(c, 'always')) {
    c.next();
    if (!isWord(c, 'eventually')) c.unexpected("'eventually' (always eventually P)");
    c.next();
    const p = expression(c);
    noLeadsto(c);
    return { kind: 'liveness', name, form: 'always-eventually', p, at: c.span(start) };
  }
  if (isWord(c, 'eventually')) {
    c.next();
    const p = expression(c);
    noLeadsto(c);
    return { kind: 'liveness', name, form: 'eventually', p, at: c.span(start) };
  }
  const p = expression(c);
  if (!isWord(c, 'leadsto'))
    c.unexpected("'leadsto' (a liveness property is eventually P, P leadsto Q or always eventually P)");
  c.next();
  const q = expression(c);
  return { kind: 'liveness', name, form: 'leadsto', p, q, at: c.span(start) };
}

function noLeadsto(c: Cursor): void {
  if (isWord(c, 'leadsto'))
    fail(c.source, tokenSpan(c.tok), "'leadsto' takes no 'eventually' before it: write P leadsto Q");
}

/** `process name[i in 1..N] symmetric "display name" { … }`, the index, symmetry and name optional. */
function processDecl(c: Cursor, fairness?: 'weak' | 'strong', start = c.tok.offset): A.Decl {
  c.next();
  const name = c.ident('a process name');
  let index: { variable: A.Ident; domain: A.TypeExpr } | undefined;
  if (c.eat('[')) {
    const variable = c.ident('an index name, as in writer[i in 1..N]');
    c.expect('in');
    const domain = type(c);
    c.expect(']');
    index = { variable, domain };
  }
  let symmetric: Loc | undefined;
  if (c.is('symmetric')) {
    symmetric = tokenSpan(c.next());
    if (!index)
      fail(c.source, symmetric, `only a process array can be symmetric: process ${name.name}[i in 1..N] symmetric`);
  }
  const displayName = c.tok.kind === 'string' ? template(c, c.next(), true) : undefined;
  const body = block(c);
  return {
    kind: 'process',
    name,
    ...(index && { index }),
    ...(symmetric && { symmetric }),
    ...(fairness && { fairness }),
    ...(displayName && { displayName }),
    body,
    at: c.span(start),
  };
}
