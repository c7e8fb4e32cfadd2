/*
 * Statements and blocks: steps with their sentences or call text and notes,
 * atomic and call frames, control flow (if, while, for, either/or, choose,
 * await), tests that are steps of their own (`step if (c)`, `step while (c)`),
 * assertions, local variables, assignments and procedure calls.
 * Statements need no terminators; a `;` after one is allowed.
 */
import type * as A from '../ast.js';
import { fail } from '../diagnostics.js';
import { scan, scanRawParens } from '../lexer.js';
import { type Cursor, tokenSpan } from './cursor.js';
import { expression, postfix, type } from './expressions.js';
import { mergeStrings, template, templateParts } from './templates.js';

/** `{ statements }`, a level deeper (cursor.ts: MAX_NESTING). */
export function block(c: Cursor): A.Stmt[] {
  if (c.is('{')) c.enter();
  c.expect('{');
  const body: A.Stmt[] = [];
  while (!c.is('}')) {
    if (c.tok.kind === 'eof') c.unexpected("'}'");
    body.push(stmt(c));
    c.eat(';');
  }
  c.next();
  c.leave();
  return body;
}

/** `var name: type [= init]`, a global declaration or a local statement. */
export function varDecl(c: Cursor): A.VarDecl {
  const start = c.tok.offset;
  c.expect('var');
  const name = c.ident('a variable name');
  c.expect(':', "':' and a type");
  const t = type(c);
  const init = c.eat('=') ? expression(c) : undefined;
  return { kind: 'var', name, type: t, ...(init && { init }), at: c.span(start) };
}

function stmt(c: Cursor): A.Stmt {
  const start = c.tok.offset;
  const word = c.tok.kind === 'keyword' || c.tok.kind === 'punct' ? c.tok.text : '';
  switch (word) {
    case 'step': {
      c.next();
      if (c.is('if') || c.is('while')) return testStmt(c, start);
      const display = optionalDisplay(c);
      const body = c.is('{') ? block(c) : [];
      const notes = noteList(c);
      return { kind: 'step', ...(display && { display }), body, notes, at: c.span(start) };
    }
    case 'atomic': {
      c.next();
      return { kind: 'atomic', body: block(c), at: c.span(start) };
    }
    case 'call': {
      c.next();
      const display = optionalDisplay(c);
      if (!display) c.unexpected('the call text, as in call btrfs_direct_IO() { … }');
      const notes = noteList(c);
      return { kind: 'call', display, notes, body: block(c), at: c.span(start) };
    }
    case 'if':
      return ifStmt(c);
    case 'while': {
      c.next();
      const cond = expression(c);
      return { kind: 'while', cond, body: block(c), at: c.span(start) };
    }
    case 'for': {
      c.next();
      const variable = c.ident('a loop variable');
      c.expect('in');
      const domain = type(c);
      return { kind: 'for', variable, domain, body: block(c), at: c.span(start) };
    }
    case 'either': {
      c.next();
      const branches = [block(c)];
      if (!c.is('or')) c.unexpected("'or' (either needs at least two branches)");
      while (c.eat('or')) branches.push(block(c));
      return { kind: 'either', branches, at: c.span(start) };
    }
    case 'choose': {
      c.next();
      const target = postfix(c);
      c.expect('in');
      const domain = type(c);
      const where = c.eat('where') ? expression(c) : undefined;
      return { kind: 'choose', target, domain, ...(where && { where }), at: c.span(start) };
    }
    case 'await': {
      c.next();
      return { kind: 'await', cond: expression(c), at: c.span(start) };
    }
    case 'assert': {
      c.next();
      const name = c.ident('a property name, as in assert name: condition');
      c.expect(':');
      return { kind: 'assert', name, cond: expression(c), at: c.span(start) };
    }
    case '-->':
    case 'note': {
      const n = note(c);
      return { kind: 'note', note: n, at: n.at };
    }
    case 'var':
      return varDecl(c);
    case 'skip':
      c.next();
      return { kind: 'skip', at: c.span(start) };
  }
  if (c.tok.kind !== 'ident') c.unexpected('a statement');
  const target = postfix(c);
  if (target.kind === 'apply') return { kind: 'invoke', name: target.name, args: target.args, at: target.at };
  if (c.is('=') || c.is('+=') || c.is('-=')) {
    const op = c.next().text as '=' | '+=' | '-=';
    const value = expression(c);
    return { kind: 'assign', target, op, value, at: c.span(start) };
  }
  c.unexpected("'=', '+=' or '-=' (an assignment), or a procedure call");
}

function ifStmt(c: Cursor): A.Stmt {
  const start = c.tok.offset;
  c.expect('if');
  const cond = expression(c);
  const then = block(c);
  if (!c.eat('else')) return { kind: 'if', cond, then, at: c.span(start) };
  const otherwise = elseBranch(c);
  return { kind: 'if', cond, then, else: otherwise, at: c.span(start) };
}

/** After `else`: a block, or an `if` or `step if` nested a level deeper (an else-if chain nests). */
function elseBranch(c: Cursor): A.Stmt[] {
  if (!c.is('if') && !c.is('step')) return block(c);
  c.enter();
  const nested = c.is('if') ? ifStmt(c) : elseTest(c);
  c.leave();
  return [nested];
}

/**
 * `step if (cond) NOTES { … } [else …]` or `step while (cond) NOTES { … }`, after `step`: the
 * parentheses are required, as in C, because the test is drawn as its own text `if (cond)`.
 */
function testStmt(c: Cursor, start: number): A.Stmt {
  const word = c.next();
  const loop = word.text === 'while';
  c.expect('(', `'(' and the condition, as in step ${word.text} (!done)`);
  const inner = c.tok.offset;
  const cond = expression(c);
  const close = c.expect(')', "')' after the condition");
  const text = c.source.text.slice(inner, close.offset).replace(/\s+/g, ' ').trim();
  const header = { offset: word.offset, length: close.end - word.offset };
  const display: A.Display = { kind: 'call', text: { parts: [`${word.text} (${text})`], at: header } };
  const notes = noteList(c);
  const then = block(c);
  if (loop || !c.eat('else')) return { kind: 'test', loop, cond, display, notes, then, at: c.span(start) };
  const otherwise = elseBranch(c);
  return { kind: 'test', loop, cond, display, notes, then, else: otherwise, at: c.span(start) };
}

/** `else step if (…)`: only a test may follow `else` without braces. */
function elseTest(c: Cursor): A.Stmt {
  const start = c.tok.offset;
  c.expect('step');
  if (!c.is('if')) c.unexpected("'if' (after else, write step if (…) or a block in braces)");
  return testStmt(c, start);
}

/** The notes after a step's or call's header. */
function noteList(c: Cursor): A.Note[] {
  const notes: A.Note[] = [];
  while (c.is('-->') || c.is('note')) notes.push(note(c));
  return notes;
}

function note(c: Cursor): A.Note {
  const start = c.tok.offset;
  const arrow = c.next().text === '-->';
  const text = template(c, c.string('the note text in quotes'), true);
  return { arrow, text, at: c.span(start) };
}

/** `"a free sentence"`, `name(raw call text)`, or nothing. */
function optionalDisplay(c: Cursor): A.Display | undefined {
  if (c.tok.kind === 'string') return { kind: 'sentence', text: template(c, c.next(), true) };
  const name = c.tok;
  const after = scan(c.source, name.end);
  const opens = after.kind === 'punct' && after.text === '(';
  // Call text is display only, so a keyword may name a call: `step count()`.
  if (name.kind === 'keyword' && opens) {
    // fall through to read it as call text
  } else if (name.kind !== 'ident') {
    return undefined;
  } else if (!opens) {
    fail(c.source, tokenSpan(name), `call text needs parentheses: write ${name.text}() or put a sentence in quotes`);
  }
  const raw = scanRawParens(c.source, after.offset);
  const inner = templateParts(c, raw.start, raw.end, false);
  const parts = [`${name.text}(`, ...inner, ')'];
  c.resumeAt(raw.next);
  return {
    kind: 'call',
    text: { parts: mergeStrings(parts), at: { offset: name.offset, length: raw.next - name.offset } },
  };
}
