/*
 * JSON documents as text, for diagnostics at a place in them: JSON.parse says neither where a
 * value is nor, always, where a syntax error is. Everything here is a loop with an explicit
 * stack, never recursion, so a document nested 200,000 deep (which JSON.parse accepts) costs
 * time proportional to its size and no stack.
 */
import type { Loc } from '../lang/index.js';

/** A step into a JSON value: a property name, or an array index. */
export type JsonPath = readonly (string | number)[];

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

/** A character as a diagnostic shows it: printable ones as themselves, others as an escape. */
function shown(c: string): string {
  return /^[\x21-\x7e]$/.test(c) ? `'${c}'` : `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The first syntax error of `text` as JSON (RFC 8259), with its offset; undefined if it is JSON.
 * Called only after JSON.parse has failed, for a message that points at the place.
 */
export function jsonSyntaxError(text: string): { offset: number; message: string } | undefined {
  const n = text.length;
  const open: number[] = []; // the '{' or '[' (as char codes) each enclosing container starts with
  type Expect = 'value' | 'value-or-]' | 'key' | 'key-or-}' | 'colon' | 'comma-or-close' | 'end';
  let expect = 'value' as Expect;
  let i = 0;
  const after = () => {
    expect = open.length > 0 ? 'comma-or-close' : 'end';
  };
  for (;;) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n) {
      if (expect === 'end') return undefined;
      if (open.length === 0) return { offset: n, message: 'the file holds no JSON value' };
      const what = open.at(-1) === 123 ? "an object: '}'" : "an array: ']'";
      return { offset: n, message: `the document ends inside ${what} or more is missing` };
    }
    const c = text.charCodeAt(i);
    const closer = open.at(-1) === 123 ? 125 : 93;
    if (expect === 'end') return { offset: i, message: 'more text after the JSON document' };
    if (expect === 'comma-or-close') {
      if (c === 44) {
        i++;
        expect = closer === 125 ? 'key' : 'value';
      } else if (c === closer) {
        open.pop();
        i++;
        after();
      } else
        return { offset: i, message: `expected ',' or '${String.fromCharCode(closer)}', found ${shown(text[i]!)}` };
      continue;
    }
    if (expect === 'colon') {
      if (c !== 58) return { offset: i, message: `expected ':' after the property name, found ${shown(text[i]!)}` };
      i++;
      expect = 'value';
      continue;
    }
    if (expect === 'key' || expect === 'key-or-}') {
      if (c === 125 && expect === 'key-or-}') {
        open.pop();
        i++;
        after();
        continue;
      }
      if (c !== 34)
        return { offset: i, message: `expected a property name in double quotes, found ${shown(text[i]!)}` };
      const bad = stringError(text, i);
      if (typeof bad !== 'number') return bad;
      i = bad;
      expect = 'colon';
      continue;
    }
    // A value.
    if (c === 93 && expect === 'value-or-]') {
      open.pop();
      i++;
      after();
    } else if (c === 123 || c === 91) {
      open.push(c);
      i++;
      expect = c === 123 ? 'key-or-}' : 'value-or-]';
    } else if (c === 34) {
      const bad = stringError(text, i);
      if (typeof bad !== 'number') return bad;
      i = bad;
      after();
    } else {
      NUMBER.lastIndex = i;
      const literal = ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
      if (literal) i += literal.length;
      else if (NUMBER.test(text)) i = NUMBER.lastIndex;
      else return { offset: i, message: `expected a value, found ${shown(text[i]!)}` };
      after();
    }
  }
}

/** The offset just past the string starting at `start` (a '"'), or what is wrong with it. */
function stringError(text: string, start: number): number | { offset: number; message: string } {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) return i + 1;
    if (c < 32) return { offset: i, message: `a control character (${shown(text[i]!)}) in a string: write it as \\u` };
    if (c !== 92) continue;
    const e = text[i + 1] ?? '';
    if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 5;
    else if (ESCAPES.has(e)) i++;
    else return { offset: i, message: `a bad escape in a string: '\\${e}'` };
  }
  return { offset: start, message: 'a string that never ends' };
}

/** The offset just past the JSON value (valid: JSON.parse read it) starting at `i`. */
function skipValue(text: string, i: number): number {
  let depth = 0;
  do {
    const c = text.charCodeAt(i);
    if (c === 34) {
      i++;
      while (i < text.length && text.charCodeAt(i) !== 34) i += text.charCodeAt(i) === 92 ? 2 : 1;
      i++;
    } else if (c === 123 || c === 91) {
      depth++;
      i++;
    } else if (c === 125 || c === 93) {
      depth--;
      i++;
    } else if (depth > 0) i++;
    else while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
  } while (depth > 0 && i < text.length);
  return i;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/**
 * Where the value at `path` is written in `text` (a valid JSON document): the place of its first
 * character and the length of a scalar, or the closest enclosing value that exists. Of a name given
 * twice it finds the last, as JSON.parse keeps.
 */
export function locateJson(text: string, path: JsonPath): Loc {
  let at = skipSpace(text, 0);
  for (const step of path) {
    const opener = text.charCodeAt(at);
    if (opener !== (typeof step === 'string' ? 123 : 91)) break;
    let found = -1;
    let i = skipSpace(text, at + 1);
    for (let index = 0; i < text.length && text.charCodeAt(i) !== (opener === 123 ? 125 : 93); index++) {
      if (opener === 123) {
        const end = skipValue(text, i);
        const name = JSON.parse(text.slice(i, end)) as string;
        i = skipSpace(text, skipSpace(text, end) + 1);
        if (name === step) found = i;
      } else if (index === step) found = i;
      i = skipSpace(text, skipValue(text, i));
      if (text.charCodeAt(i) === 44) i = skipSpace(text, i + 1);
      if (found >= 0 && opener === 91) break;
    }
    if (found < 0) break;
    at = found;
  }
  const c = text.charCodeAt(at);
  const length = c === 123 || c === 91 ? 1 : Math.max(1, skipValue(text, at) - at);
  return { offset: at, length };
}

/** The offset of the first '{' or '[' nested deeper than `max` (outside strings), if any. */
export function tooDeep(text: string, max: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (c === 123 || c === 91) {
      if (++depth > max) return i;
    } else if (c === 125 || c === 93) depth--;
  }
  return undefined;
}
