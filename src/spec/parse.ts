/*
 * Spec files (`.spec`): which model to check, with which constants, and what
 * each property must come out as. Same tokens and comments as models:
 *
 *   spec "linux 4.6 has every race" {
 *     model "../models/btrfs-relocation/v4.6.race"
 *     const WITH_UNRELATED = false
 *     max_states 1000000
 *     expect used_bytes_zero violated
 *     expect no_deadlock holds
 *     replay "diagrams/9cfa3e34.txt" violates used_bytes_zero
 *     replay "diagrams/9cfa3e34.txt" stopped at "down_write(&space_info->groups_sem)"
 *   }
 */
import { fail, type Loc, type Source } from '../lang/index.js';
import { scan, type Token } from '../lang/lexer.js';

export type Expected = 'holds' | 'violated';

export type SpecExpectation =
  /** A property holds or is violated. */
  | { readonly kind: 'property'; readonly property: string; readonly expected: Expected; readonly at: Loc }
  /**
   * A race diagram replayed on the model ends in a violation of `violates`, or
   * cannot happen because of the step whose text contains `stoppedAt`.
   */
  | {
      readonly kind: 'replay';
      readonly diagram: { readonly path: string; readonly at: Loc };
      readonly violates?: string;
      readonly stoppedAt?: string;
      readonly at: Loc;
    };

export interface Spec {
  readonly name: string;
  readonly source: Source;
  readonly at: Loc;
  /** The model path as written, relative to the spec file, and where it is written. */
  readonly model: { readonly path: string; readonly at: Loc };
  /** Each constant set, where its name and where its value is written. */
  readonly constants: readonly {
    readonly name: string;
    readonly value: string;
    readonly at: Loc;
    readonly valueAt: Loc;
  }[];
  readonly maxStates?: number;
  readonly expectations: readonly SpecExpectation[];
}

export function parseSpecs(source: Source): Spec[] {
  let tok = scan(source, 0);
  const next = (): Token => {
    const t = tok;
    tok = scan(source, t.end);
    return t;
  };
  const loc = (t: Token): Loc => ({ offset: t.offset, length: Math.max(1, t.end - t.offset) });
  const found = (t: Token) =>
    t.kind === 'eof' ? 'the end of the file' : t.kind === 'string' ? 'a string' : `'${t.text}'`;
  const expect = (text: string, what = `'${text}'`): Token => {
    if (tok.text !== text || tok.kind === 'string') fail(source, loc(tok), `expected ${what}, found ${found(tok)}`);
    return next();
  };
  const word = (what: string): Token => {
    if (tok.kind !== 'ident' && tok.kind !== 'keyword') fail(source, loc(tok), `expected ${what}, found ${found(tok)}`);
    return next();
  };
  const string = (what: string): Token => {
    if (tok.kind !== 'string') fail(source, loc(tok), `expected ${what} in quotes, found ${found(tok)}`);
    return next();
  };
  // A name or step text may be wrapped over lines, as a model's strings: the line breaks are blanks (a name
  // printed with its line breaks would be lines of its own in a CI log, where `::error …` is a command).
  const words = (t: Token): string => t.text.replace(/\s+/g, ' ').trim();
  const path = (what: string): { path: string; at: Loc } => {
    const t = string(what);
    if (t.text === '') fail(source, loc(t), `${what} is empty`);
    if (/[\r\n]/.test(t.text)) fail(source, loc(t), `${what} spans lines: write it on one line`);
    return { path: t.text, at: loc(t) };
  };

  const specs: Spec[] = [];
  while (tok.kind !== 'eof') {
    const head = expect('spec', "'spec'");
    const name = string('the spec name');
    expect('{');
    let model: Spec['model'] | undefined;
    const constants: Spec['constants'][number][] = [];
    const expectations: SpecExpectation[] = [];
    let maxStates: number | undefined;
    while (!(tok.kind === 'punct' && tok.text === '}')) {
      const key = word("'model', 'const', 'max_states', 'expect', 'replay' or '}'");
      switch (key.text) {
        case 'model':
          model = path('the model path');
          break;
        case 'const': {
          const n = word('a constant name');
          expect('=');
          const v = next();
          if (v.kind === 'eof' || v.kind === 'string')
            fail(source, loc(v), `expected a value for ${n.text}, found ${found(v)}`);
          let value = v.text;
          let end = v.end;
          if (v.text === '-') {
            const magnitude = next();
            value += magnitude.text;
            end = magnitude.end;
          }
          constants.push({ name: n.text, value, at: loc(n), valueAt: { offset: v.offset, length: end - v.offset } });
          break;
        }
        case 'max_states': {
          const n = next();
          if (n.kind !== 'int' || Number(n.text) <= 0) fail(source, loc(n), 'max_states needs a positive whole number');
          maxStates = Number(n.text);
          break;
        }
        case 'expect': {
          const property = word('a property name');
          const verdict = word("'holds' or 'violated'");
          if (verdict.text !== 'holds' && verdict.text !== 'violated') {
            fail(source, loc(verdict), `expected 'holds' or 'violated', found '${verdict.text}'`);
          }
          expectations.push({ kind: 'property', property: property.text, expected: verdict.text, at: loc(property) });
          break;
        }
        case 'replay': {
          const diagram = path('the diagram path');
          const how = word("'violates' or 'stopped'");
          if (how.text === 'violates') {
            const property = word('a property name');
            expectations.push({
              kind: 'replay',
              diagram,
              violates: property.text,
              at: loc(key),
            });
          } else if (how.text === 'stopped') {
            expect('at', "'at'");
            const step = string('the text of the step that stops it');
            // Every step's text contains "": an empty text would match whatever stopped the run.
            if (words(step) === '') fail(source, loc(step), 'the step text is empty: name the step that stops the run');
            expectations.push({
              kind: 'replay',
              diagram,
              stoppedAt: words(step),
              at: loc(key),
            });
          } else {
            fail(source, loc(how), `expected 'violates <property>' or 'stopped at "<step>"', found '${how.text}'`);
          }
          break;
        }
        default:
          fail(
            source,
            loc(key),
            `unknown spec entry '${key.text}' (expected model, const, max_states, expect or replay)`,
          );
      }
      if (tok.kind === 'punct' && tok.text === ';') next();
    }
    const close = next();
    if (!model) fail(source, loc(head), `spec "${words(name)}" names no model: add model "path/to/model.race"`);
    if (expectations.length === 0)
      fail(source, loc(head), `spec "${words(name)}" expects nothing: add expect <property> holds|violated`);
    specs.push({
      name: words(name),
      source,
      at: { offset: head.offset, length: close.end - head.offset },
      model,
      constants,
      ...(maxStates !== undefined && { maxStates }),
      expectations,
    });
  }
  // A file of no spec would make a gate that checks nothing, and passes.
  if (specs.length === 0)
    fail(source, loc(tok), 'no expectations: the file holds no spec', 'write spec "name" { model "…" expect … }');
  return specs;
}
